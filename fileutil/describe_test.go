package fileutil_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/venuepass/venuepass/fileutil"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "명단.csv")
	if err := os.WriteFile(p, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := fileutil.ReadFile(p, 5, "batch file"); err != nil || string(data) != "12345" {
		t.Fatalf("at the limit: %q, %v", data, err)
	}
	if _, err := fileutil.ReadFile(p, 4, "batch file"); err == nil || err.Error() != "batch file "+p+" is larger than 4 bytes" {
		t.Errorf("over the limit: %v", err)
	}
	missing := filepath.Join(dir, "missing.csv")
	_, err := fileutil.ReadFile(missing, 5, "batch file")
	var re *fileutil.ReadError
	if !errors.As(err, &re) || !errors.Is(re.Err, fs.ErrNotExist) || err.Error() != "batch file "+missing+" does not exist; check the path" {
		t.Errorf("missing: %v", err)
	}
	// The final wording: a caller's errors.Is on it does not see the cause.
	if errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadError unwraps")
	}
	if _, err := fileutil.ReadFile(dir, 5, "batch file"); !errors.As(err, &re) || err.Error() != "batch file "+dir+" is a folder; name the file in it" {
		t.Errorf("a folder: %v", err)
	}
}

func TestReadErrorWording(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "k.key", Err: fs.ErrPermission}, "private key k.key cannot be read: permission denied"},
		{fmt.Errorf("k.key: %w", errors.New("no PEM block found")), "private key k.key: no PEM block found"},
		{errors.New("k.key is too large to be a key file"), "private key k.key: k.key is too large to be a key file"},
	} {
		if got := (&fileutil.ReadError{What: "private key", Path: "k.key", Err: c.err}).Error(); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}

func TestWriteErrorWording(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "out/a.pdf", Err: fs.ErrNotExist}, "cannot write out/a.pdf: the folder out does not exist; make it or choose another path"},
		{&fs.PathError{Op: "open", Path: "out/a.pdf", Err: fs.ErrPermission}, "cannot write out/a.pdf: permission denied; choose another path"},
		{&fs.PathError{Op: "write", Path: "out/a.pdf", Err: errors.New("no space left on device")}, "cannot write out/a.pdf: no space left on device"},
		{errors.New("disk on fire"), "cannot write out/a.pdf: disk on fire"},
	} {
		if got := (&fileutil.WriteError{Path: "out/a.pdf", Err: c.err}).Error(); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}
