package fileutil_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/venuepass/venuepass/fileutil"
)

func TestReadCapped(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := fileutil.ReadCapped(p, 5); err != nil || string(data) != "12345" {
		t.Fatalf("at the limit: %q, %v", data, err)
	}
	if _, err := fileutil.ReadCapped(p, 4); !errors.Is(err, fileutil.ErrTooLarge) {
		t.Fatalf("over the limit: %v, want ErrTooLarge", err)
	}
	if _, err := fileutil.ReadCapped(p+"-missing", 5); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing: %v, want fs.ErrNotExist", err)
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	for _, want := range []string{"old", "new"} {
		if err := fileutil.WriteAtomic(p, []byte(want), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(p); string(got) != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode: %v, %v", fi, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

func TestWriteNew(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := fileutil.WriteNew(p, []byte("first"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := fileutil.WriteNew(p, []byte("second"), 0o644); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second write: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "first" {
		t.Fatalf("existing file changed to %q", got)
	}
}

func TestCheckNew(t *testing.T) {
	dir := t.TempDir()
	free := filepath.Join(dir, "a.pdf")
	taken := filepath.Join(dir, "b.pdf")
	if err := os.WriteFile(taken, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := fileutil.CheckNew(free); err != nil {
		t.Errorf("free path: %v", err)
	}
	err := fileutil.CheckNew(free, taken)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != taken || !errors.Is(err, fs.ErrExist) {
		t.Errorf("taken path: %v", err)
	}
	// A dangling link is a file that a create would follow.
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), link); err == nil && fileutil.CheckNew(link) == nil {
		t.Errorf("dangling link passed")
	}
}
