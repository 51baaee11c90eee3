package photos

import "errors"

// Why a photo is refused for the store (Check, Import, a hub's photos):
// a Refusal's Err wraps one of these, usable with errors.Is.
var (
	// ErrName: the name is not one the store can hold: SUB.jpg or
	// ISS/SUB.jpg (or .jpeg), each part a plain file name (no path
	// separator, "..", leading dot or control character).
	ErrName = errors.New("not a photo name the store can hold (SUB.jpg or ISS/SUB.jpg)")
	// ErrNotJPEG: the bytes do not decode as a JPEG (a truncated file,
	// another format renamed .jpg).
	ErrNotJPEG = errors.New("not a readable JPEG")
	// ErrTooLarge: the file is over MaxImportSize bytes, or the picture
	// over MaxDimension pixels a side.
	ErrTooLarge = errors.New("photo too large")
	// ErrNotRegular: not a regular file (a symbolic link, which is never
	// followed, a device, a folder nested deeper than ISS/).
	ErrNotRegular = errors.New("not a regular file")
)

// Refusal is a photo that was not taken, and why: Err wraps one of the
// errors above (or an error of package os reading it).
type Refusal struct {
	// Path is where the photo was found, relative to the folder (or its
	// name on the hub), with forward slashes.
	Path string
	Err  error
}

func (r Refusal) Error() string { return r.Path + ": " + r.Err.Error() }

func (r Refusal) Unwrap() error { return r.Err }
