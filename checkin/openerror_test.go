package checkin_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/venuepass/venuepass/checkin"
)

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
