// Package fileutil holds the file reads and writes the libraries share: a
// read capped at a size, an atomic replace and a create that never
// overwrites.
package fileutil

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrTooLarge is wrapped by ReadCapped's error for a file over its limit.
var ErrTooLarge = errors.New("file too large")

// ReadCapped reads at most limit bytes of the file at path; a longer file
// is an error wrapping ErrTooLarge, never a truncation. Errors opening or
// reading the file are those of package os (*fs.PathError), so errors.Is
// works on them. Errors never echo the file's contents.
func ReadCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrTooLarge, path, limit)
	}
	return data, nil
}

// WriteAtomic replaces path with data, with mode perm: readers see the old
// file or the new one, never a torn one.
func WriteAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// WriteNew writes data to a file that must not exist yet, with mode perm.
// An existing file is left alone and the error wraps fs.ErrExist; a failed
// write removes the new file.
func WriteNew(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// CheckNew reports the first of paths that exists (as os.Lstat sees it,
// so a dangling link counts), as an *fs.PathError wrapping fs.ErrExist:
// for a run that writes several files and must not start when any would
// be written over. Paths it cannot stat for another reason pass; the
// create itself then fails.
func CheckNew(paths ...string) error {
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			return &fs.PathError{Op: "create", Path: p, Err: fs.ErrExist}
		}
	}
	return nil
}
