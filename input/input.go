// Package input sorts the inputs of a verify run by what they hold,
// whatever they are called, and reads the QR texts out of them in order:
// QR texts given as they are, image files and folders of images (decoded
// by package qr), text files of codes one per line (a scanner's dump, an
// export), and lines of text on standard input (a keyboard-wedge scanner
// piped in).
//
// Files are told apart by their leading bytes (qr.Sniff), not by their
// names: a screenshot saved without an extension is an image, a PDF or a
// HEIC photo is named as such instead of being judged line by line. An
// input that yields no code is an *Error carrying the word of FORMAT.md
// section 6 (explain.InputIOError, InputNoQRCode, InputNotText) and a
// message that says what to do; every input is answered, in order.
//
// Nothing here verifies: the texts go to verifier.Verify (or anything
// else) through the caller's function. The CLI's verify command, an
// issuer's backend taking uploads, or a desk tool share it.
package input

import (
	"errors"
	"fmt"
	"image"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/qr"
)

// Kind is what an input holds.
type Kind int

const (
	// Text is QR text given as it is (an argument).
	Text Kind = iota
	// Stdin is "-": lines of QR text on standard input.
	Stdin
	// Image is an image file to decode: PNG, JPEG, GIF or WebP.
	Image
	// File is a text file of QR texts, one per line, or a pipe or device
	// read as one.
	File
	// Failed is an input that yields no code; Err says why.
	Failed
)

// An Input is one thing to read QR texts from.
type Input struct {
	Kind  Kind
	Value string // the text, or the path
	Label string // how verdicts name it: "arg 2", "stdin", the path
	Err   *Error // Failed only
}

// Error is an input, or part of one, that yields no code.
type Error struct {
	// Reason is the word of FORMAT.md section 6: explain.InputIOError,
	// explain.InputNoQRCode or explain.InputNotText.
	Reason string
	// Label names the input (or its line) as verdicts do.
	Label string
	// Msg says what went wrong and what to do, for people.
	Msg string
	// Err is the underlying error (a file system error, qr.ErrNotFound),
	// or nil.
	Err error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

func failed(label, reason string, err error) Input {
	return Input{Kind: Failed, Label: label, Err: newError(reason, label, err)}
}

// newError makes the Error of label from a worded error; its cause is
// what that wraps, if anything.
func newError(reason, label string, err error) *Error {
	return &Error{Reason: reason, Label: label, Msg: err.Error(), Err: errors.Unwrap(err)}
}

var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true}

func isImageName(p string) bool { return imageExts[strings.ToLower(filepath.Ext(p))] }

// IsCodeText reports whether an argument starts like a code (VP1:, VPP1:,
// HC1:) and so is QR text rather than a file name.
func IsCodeText(s string) bool {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.HasPrefix(s, "VP") || strings.HasPrefix(s, dcc.Prefix)
}

// looksLikePath reports whether an argument that names no file was meant
// as one: it has a folder or an extension, and is not a long run of the
// characters a QR code's text is made of (a code damaged at its start).
func looksLikePath(s string) bool {
	if !strings.ContainsAny(s, `/\`) && filepath.Ext(s) == "" {
		return false
	}
	return len(s) < 40 || strings.IndexFunc(s, func(r rune) bool {
		return !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", r)
	}) >= 0
}

// Expand sorts args by what they hold, whatever they are called: "-" is
// stdin, an argument that starts like a code (VP1:, VPP1:, HC1:) or names
// no file is QR text, an image is known by its magic bytes, a text file
// holds codes one per line, a folder is expanded to its images (by name).
// forceImage treats every argument as an image file (--image). An
// argument that cannot be used is a Failed input in its place, so that
// every argument is answered in order; Expand reads no more than the
// leading bytes of files.
func Expand(args []string, forceImage bool) []Input {
	var ins []Input
	for i, a := range args {
		arg := fmt.Sprintf("arg %d", i+1)
		if a == "-" {
			ins = append(ins, Input{Kind: Stdin, Label: "stdin"})
			continue
		}
		if !forceImage && IsCodeText(a) {
			ins = append(ins, Input{Kind: Text, Value: a, Label: arg})
			continue
		}
		fi, err := os.Stat(a)
		// A name too long for the file system names no file either: a
		// long code that lost its prefix is text for the verifier to judge
		// (malformed), not an I/O error.
		noFile := errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENAMETOOLONG)
		switch {
		case noFile && (forceImage || isImageName(a)):
			ins = append(ins, failed(a, explain.InputIOError, fileError("image", a, err)))
		case noFile && looksLikePath(a):
			ins = append(ins, failed(a, explain.InputIOError, fileError("input file", a, err)))
		case noFile:
			// Anything else is QR text, which the verifier will judge.
			ins = append(ins, Input{Kind: Text, Value: a, Label: arg})
		case err != nil:
			ins = append(ins, failed(a, explain.InputIOError, fileError("input", a, err)))
		case fi.IsDir():
			ins = append(ins, imagesIn(a)...)
		case fi.Mode().IsRegular() && fi.Size() == 0 && (forceImage || isImageName(a)):
			ins = append(ins, failed(a, explain.InputNotText, fmt.Errorf("cannot read image %s: the file is empty (0 bytes); pass a photo or screenshot of the code", a)))
		case fi.Mode().IsRegular():
			c, err := qr.SniffFile(a)
			if err != nil {
				ins = append(ins, failed(a, explain.InputIOError, fileError("input file", a, err)))
				continue
			}
			ins = append(ins, classify(a, c, forceImage || isImageName(a)))
		default:
			// A pipe or a device: read as text, sniffed as it is read.
			ins = append(ins, Input{Kind: File, Value: a, Label: a})
		}
	}
	return ins
}

// classify turns a sniffed file into an input; image says it was given as
// an image (by its name or --image).
func classify(path string, c qr.Content, image bool) Input {
	switch c.Kind {
	case qr.KindImage:
		return Input{Kind: Image, Value: path, Label: path}
	case qr.KindOtherImage:
		return failed(path, explain.InputNotText, fmt.Errorf("%s is %s, which venuepass cannot decode; export it as PNG or JPEG, or take a screenshot of it", path, aName(c.Name)))
	case qr.KindBinary:
		return failed(path, explain.InputNotText, notTextError(path, c))
	}
	if image {
		return failed(path, explain.InputNotText, fmt.Errorf("cannot read image %s: it holds text, not a PNG, JPEG, GIF or WebP image; pass a photo or screenshot of the code", path))
	}
	return Input{Kind: File, Value: path, Label: path}
}

// NotText is the Error of an input named name (a path, "stdin") whose
// leading bytes c say it holds neither text nor an image venuepass
// decodes: a PDF, an archive, random bytes.
func NotText(name string, c qr.Content) *Error {
	return newError(explain.InputNotText, name, notTextError(name, c))
}

func notTextError(path string, c qr.Content) error {
	hint := "pass images of codes, or text files with one code per line"
	if c.Name == "PDF document" {
		hint = "render its pages as images first (pdftoppm -png -r 200 FILE.pdf page) and pass those"
	}
	return fmt.Errorf("%s is %s, not an image or a text file of codes; %s", path, aName(c.Name), hint)
}

// aName puts the article before what qr.Sniff named ("a PDF document",
// "an AVIF image", "binary data").
func aName(name string) string {
	switch {
	case strings.HasPrefix(name, "binary") || strings.HasPrefix(name, "UTF-16"):
		return name
	case strings.ContainsRune("AEIOU", rune(name[0])):
		return "an " + name
	}
	return "a " + name
}

// imagesIn lists the images in a folder, by content; other files are
// skipped, images venuepass cannot decode are named.
func imagesIn(dir string) []Input {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []Input{failed(dir, explain.InputIOError, fileError("folder", dir, err))}
	}
	var ins []Input
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		c, err := qr.SniffFile(p)
		switch {
		case err != nil:
			ins = append(ins, failed(p, explain.InputIOError, fileError("input file", p, err)))
		case c.Kind == qr.KindImage:
			ins = append(ins, Input{Kind: Image, Value: p, Label: p})
		case c.Kind == qr.KindOtherImage:
			ins = append(ins, classify(p, c, true))
		}
	}
	if len(ins) == 0 {
		return []Input{failed(dir, explain.InputIOError, fmt.Errorf("folder %s holds no PNG, JPEG, GIF or WebP images", dir))}
	}
	return ins // os.ReadDir sorts by name
}

// ImageError is the Error of the image at path that yielded no code: err
// is what qr.DecodeFile returned. Its reason is no_qr_code when the image
// shows no readable code, not_text when it is no image venuepass decodes,
// io_error when it cannot be read.
func ImageError(path string, err error) *Error {
	reason := explain.InputIOError
	switch {
	case errors.Is(err, qr.ErrNotFound):
		reason = explain.InputNoQRCode
	case errors.Is(err, image.ErrFormat):
		reason = explain.InputNotText
	}
	return &Error{Reason: reason, Label: path, Msg: imageMessage(path, err), Err: err}
}

// imageMessage words an image failure.
func imageMessage(path string, err error) string {
	if errors.Is(err, qr.ErrNotFound) {
		return fmt.Sprintf("no QR code found in %s; check that the image shows the whole code, sharp and well lit", path)
	}
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Sprintf("image %s does not exist; check the path", path)
	}
	if errors.Is(err, image.ErrFormat) {
		return fmt.Sprintf("cannot read image %s: it is not a PNG, JPEG, GIF or WebP image; pass a photo or screenshot of the code", path)
	}
	var fe *qr.FileError
	var qe *qr.Error
	switch {
	case errors.As(err, &fe):
		err = fe.Err
	case errors.As(err, &qe):
		return fmt.Sprintf("cannot read image %s: %s", path, qe.Detail)
	}
	return fmt.Sprintf("cannot read image %s: %v", path, err)
}

// fileError words a file error for people as fileutil.ReadError does
// ("input file x.txt does not exist; check the path"), wrapping it.
func fileError(what, path string, err error) error {
	return &wordedError{(&fileutil.ReadError{What: what, Path: path, Err: err}).Error(), err}
}

// wordedError is a message for people over the error it explains.
type wordedError struct {
	msg string
	err error
}

func (e *wordedError) Error() string { return e.msg }
func (e *wordedError) Unwrap() error { return e.err }
