package fileutil

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
)

// ReadError words for people a failure to read a file: What is the file's
// role ("trust list", "private key"), Path the file and Err the error of
// the read. A missing file asks to check the path, an unreadable one says
// permission denied; any other error is told after the file, without a
// leading "PATH: " it would repeat. It does not unwrap: it is the final
// wording, Err stays at hand for errors.As.
type ReadError struct {
	What, Path string
	Err        error
}

func (e *ReadError) Error() string {
	switch {
	case errors.Is(e.Err, fs.ErrNotExist):
		return fmt.Sprintf("%s %s does not exist; check the path", e.What, e.Path)
	case errors.Is(e.Err, fs.ErrPermission):
		return fmt.Sprintf("%s %s cannot be read: permission denied", e.What, e.Path)
	case errors.Is(e.Err, syscall.EISDIR):
		return fmt.Sprintf("%s %s is a folder; name the file in it", e.What, e.Path)
	}
	msg := e.Err.Error()
	msg = strings.TrimPrefix(msg, e.Path+": ")
	return fmt.Sprintf("%s %s: %s", e.What, e.Path, msg)
}

// WriteError words for people a failure to write the file at Path: a
// missing folder asks to make it or choose another path, a permission
// problem to choose another path; any other error is told by its cause
// (the Err of a *fs.PathError). Like ReadError it does not unwrap.
type WriteError struct {
	Path string
	Err  error
}

func (e *WriteError) Error() string {
	switch {
	case errors.Is(e.Err, fs.ErrNotExist):
		return fmt.Sprintf("cannot write %s: the folder %s does not exist; make it or choose another path", e.Path, filepath.Dir(e.Path))
	case errors.Is(e.Err, fs.ErrPermission):
		return fmt.Sprintf("cannot write %s: permission denied; choose another path", e.Path)
	}
	err := e.Err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Sprintf("cannot write %s: %v", e.Path, err)
}

// ReadFile is ReadCapped for a file people named: its errors are worded
// (*ReadError, What naming the file's role), a file over limit saying so.
func ReadFile(path string, limit int64, what string) ([]byte, error) {
	data, err := ReadCapped(path, limit)
	if errors.Is(err, ErrTooLarge) {
		return nil, fmt.Errorf("%s %s is larger than %d bytes", what, path, limit)
	}
	if err != nil {
		return nil, &ReadError{What: what, Path: path, Err: err}
	}
	return data, nil
}
