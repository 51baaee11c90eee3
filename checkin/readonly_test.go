package checkin

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/internal/testenv"
	"github.com/venuepass/venuepass/verifier"
)

// TestLogMode: a log is made readable by its owner only (it holds names),
// and so are its -wal and -shm files.
// An empty file made beforehand (touch, with the umask's 0644) becomes a
// new log of the same mode.
func TestLogMode(t *testing.T) {
	for _, pre := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "k.vplog")
		if pre {
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			os.Chmod(path, 0o644)
		}
		l, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.Record(context.Background(), Scan{Decision: verifier.Decision{Accepted: true}}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("empty file made first %v: %s: %v, %v; want mode 0600", pre, filepath.Base(p), fi.Mode().Perm(), err)
			}
		}
		l.Close()
	}
}

// closedLog writes a log with a record and closes it.
func closedLog(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "k.vplog")
	l, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Record(context.Background(), Scan{Decision: verifier.Decision{Accepted: true}}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadOnlyDirectory is issue 14's reproduction: VerifyChain (log
// verify) on a log in a directory the user cannot write said "is not a
// check-in log: attempt to write a readonly database". Readers read it.
func TestReadOnlyDirectory(t *testing.T) {
	if testenv.AsNonRoot(t) { // root may write any file
		return
	}
	dir := t.TempDir()
	path := closedLog(t, dir)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	rep, err := VerifyChain(path, nil)
	if err != nil || rep.Records != 1 {
		t.Errorf("VerifyChain: %+v, %v", rep, err)
	}
	l, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only Open: %v", err)
	}
	l.Close()
	// A writer is refused at once.
	if l, err := Open(path, Options{}); err == nil {
		l.Close()
		t.Error("a writer opened a log in a directory it cannot write")
	}
}

// TestReadOnlyFile is issue 14's reproduction: a writer opened a 0444 log
// and failed at its first scan; it is refused at Open now, naming why,
// while readers still read it.
func TestReadOnlyFile(t *testing.T) {
	if testenv.AsNonRoot(t) { // root may write any file
		return
	}
	path := closedLog(t, t.TempDir())
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	l, err := Open(path, Options{})
	if err == nil {
		l.Close()
		t.Fatal("a writer opened a read-only log")
	}
	if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "writable") {
		t.Errorf("writer: %v", err)
	}
	if _, err := VerifyChain(path, nil); err != nil {
		t.Errorf("VerifyChain: %v", err)
	}
	if l, err := Open(path, Options{ReadOnly: true}); err != nil {
		t.Errorf("read-only Open: %v", err)
	} else {
		l.Close()
	}
}
