package checkin_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/checkin"
)

// Open's failures other than the file's own carry the path and the cause
// in an *OpenError, so that a caller words them without cutting the text.
func TestOpenError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-folder", "k.vplog")
	l, err := checkin.Open(path, checkin.Options{})
	if err == nil {
		l.Close()
		t.Fatal("opened a log in a folder that does not exist")
	}
	var oe *checkin.OpenError
	if !errors.As(err, &oe) || oe.Path != path || oe.Err == nil {
		t.Fatalf("%v (%T), want an *OpenError for %s", err, err, path)
	}
	if !strings.HasPrefix(err.Error(), "opening check-in log "+path+": ") || strings.Contains(oe.Err.Error(), "opening check-in log") {
		t.Errorf("text %q, cause %q", err, oe.Err)
	}
	t.Logf("cause: %v (not-exist: %v)", oe.Err, errors.Is(err, fs.ErrNotExist))
}

// Open's failures are told apart by type, never by their text.
func TestOpenErrorTypes(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte("these are my notes, not a database; they are long enough to fill a SQLite header and more"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := checkin.Open(text, checkin.Options{})
	var fe *checkin.FileError
	if !errors.Is(err, checkin.ErrNotLog) || !errors.As(err, &fe) || fe.Path != text {
		t.Fatalf("a text file: %v", err)
	}
	if checkin.NotSQLite(err) {
		t.Errorf("NotSQLite on a file Open's own check refused: %v", err)
	}
	if !checkin.NotSQLite(&checkin.FileError{Path: text, Err: checkin.ErrNotSQLite}) || !errors.Is(checkin.ErrNotSQLite, checkin.ErrCorrupt) {
		t.Error("ErrNotSQLite is not recognised, or does not wrap ErrCorrupt")
	}

	// A folder that does not exist: the cause is kept, under an *OpenError
	// or as the file system's error.
	_, err = checkin.Open(filepath.Join(dir, "no", "such", "gate.db"), checkin.Options{})
	var oe *checkin.OpenError
	if err == nil || (!errors.As(err, &oe) && !errors.Is(err, os.ErrNotExist)) {
		t.Fatalf("a missing folder: %v", err)
	}
	if errors.As(err, &oe) && oe.Err == nil {
		t.Errorf("OpenError without a cause: %v", err)
	}

	nl := &checkin.NotLogError{Path: "x.db"}
	if nl.Error() != "x.db is not a check-in log" {
		t.Errorf("NotLogError: %q", nl.Error())
	}
}
