package photos

import (
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/venuepass/venuepass/fileutil"
)

// Limits of a photo taken into the store. An ID photo is tens of
// kilobytes; these leave room for a phone's photo and no more.
const (
	// MaxImportSize bounds the file.
	MaxImportSize = 5 << 20
	// MaxDimension bounds the picture's width and height, checked from
	// the JPEG header before the picture is decoded.
	MaxDimension = 6000
)

// Photo is a photo checked for the store (Check): a name the store can
// hold and the bytes of a JPEG that decodes. Only Check makes one.
type Photo struct {
	name string
	data []byte
}

// Name is the photo's name in the store: "SUB.jpg" or "ISS/SUB.jpg".
func (p Photo) Name() string { return p.name }

// Data is the JPEG.
func (p Photo) Data() []byte { return p.data }

// CheckName returns the store's name for a photo named name ("SUB.jpg",
// "ISS/SUB.jpeg", any case of the extension; forward slashes): ISS/SUB.jpg
// or SUB.jpg, the names Lookup looks at. Anything else wraps ErrName.
func CheckName(name string) (string, error) {
	parts := strings.Split(name, "/")
	if len(parts) > 2 {
		return "", fmt.Errorf("%w: %q is more than one folder deep", ErrName, name)
	}
	file := parts[len(parts)-1]
	ext := path.Ext(file)
	if !strings.EqualFold(ext, ".jpg") && !strings.EqualFold(ext, ".jpeg") {
		return "", fmt.Errorf("%w: %q is not named .jpg or .jpeg", ErrName, name)
	}
	parts[len(parts)-1] = strings.TrimSuffix(file, ext)
	for _, p := range parts {
		if !safePart(p) {
			return "", fmt.Errorf("%w: %q", ErrName, name)
		}
	}
	return strings.Join(parts, "/") + ".jpg", nil
}

// safePart: a name Lookup would look up (plain) that is also harmless in
// a folder listing and on any file system: valid UTF-8, no control
// characters, no backslash, at most 200 bytes.
func safePart(s string) bool {
	if !plain(s) || !utf8.ValidString(s) || len(s) > 200 || strings.Contains(s, `\`) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// Check checks a photo for the store: its name (CheckName), its size (at
// most MaxImportSize bytes) and its bytes, which must decode as a JPEG of
// at most MaxDimension pixels a side. The data is not copied.
func Check(name string, data []byte) (Photo, error) {
	n, err := CheckName(name)
	if err != nil {
		return Photo{}, err
	}
	if len(data) > MaxImportSize {
		return Photo{}, fmt.Errorf("%w: %d bytes, more than the %d allowed", ErrTooLarge, len(data), MaxImportSize)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Photo{}, fmt.Errorf("%w: %v", ErrNotJPEG, err)
	}
	if cfg.Width > MaxDimension || cfg.Height > MaxDimension {
		return Photo{}, fmt.Errorf("%w: %dx%d pixels, more than %d a side", ErrTooLarge, cfg.Width, cfg.Height, MaxDimension)
	}
	// The whole picture, so that a truncated file is refused here and not
	// shown half grey at the gate.
	if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
		return Photo{}, fmt.Errorf("%w: %v", ErrNotJPEG, err)
	}
	return Photo{name: n, data: data}, nil
}

// path of a store name in the store's folder.
func (s Store) file(name string) string {
	return filepath.Join(s.Dir, filepath.FromSlash(name))
}

// Put stores a checked photo under its name, atomically (a temporary file
// renamed over the old one: a reader sees the old photo or the new one,
// and a failed write leaves the old one). changed is false when the store
// holds these bytes already.
func (s Store) Put(p Photo) (changed bool, err error) {
	if s.Dir == "" || p.name == "" {
		return false, errors.New("photos: no store folder, or a photo not made by Check")
	}
	dst := s.file(p.name)
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	// The issuer's folder must be a folder of the store, not a link out.
	if fi, err := os.Lstat(dir); err != nil {
		return false, err
	} else if !fi.IsDir() {
		return false, fmt.Errorf("%w: %s", ErrNotRegular, dir)
	}
	if old, err := s.Stored(p.name); err == nil && bytes.Equal(old, p.data) {
		return false, nil
	}
	if err := fileutil.WriteAtomic(dst, p.data, 0o644); err != nil {
		return false, err
	}
	return true, nil
}

// Stored reads the photo stored under name (a store name: CheckName's),
// at most MaxSize bytes, never through a symbolic link.
func (s Store) Stored(name string) ([]byte, error) {
	if _, err := CheckName(name); err != nil {
		return nil, err
	}
	return readNoFollow(s.file(name), MaxSize)
}

// Remove removes the photo stored under name; a photo not there is no
// error.
func (s Store) Remove(name string) error {
	n, err := CheckName(name)
	if err != nil {
		return err
	}
	if err := os.Remove(s.file(n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Report is what an import or a sync did: the store names taken (new or
// replaced), those the store held already with the same bytes, and what
// was refused and why.
type Report struct {
	Taken     []string
	Unchanged []string
	Refused   []Refusal
}

// Import copies the photos of the folder from (a USB stick, a drop
// folder) into the store: SUB.jpg at its top, ISS/SUB.jpg one folder
// down, each checked by Check before it is written, atomically, by Put.
// Hidden names (a leading dot) and files that are not named .jpg, .jpeg
// or .png are passed over in silence; anything else that is not taken is
// in the report's Refused with why. A refused file never touches the
// stored photo of the same name. Symbolic links are not followed. The
// error is for a folder that cannot be read at all.
func (s Store) Import(from string) (Report, error) {
	in := Inbox{From: from, To: s}
	return in.Import()
}

// Inbox is a drop folder imported into a store again and again (the
// kiosk looks at it every 30 seconds): files already imported, unchanged
// in size and modification time since, are not read again.
type Inbox struct {
	From string
	To   Store
	seen map[string]string
}

// Import imports the folder's new and changed files (Store.Import).
func (in *Inbox) Import() (Report, error) {
	if in.seen == nil {
		in.seen = map[string]string{}
	}
	var r Report
	seen := map[string]string{}
	err := Folder(in.From, func(rel string, fi fs.FileInfo) bool {
		key := fmt.Sprintf("%d|%d", fi.Size(), fi.ModTime().UnixNano())
		seen[rel] = key
		return in.seen[rel] == key
	}, func(p Photo) error {
		changed, err := in.To.Put(p)
		switch {
		case err != nil:
			return err
		case changed:
			r.Taken = append(r.Taken, p.name)
		default:
			r.Unchanged = append(r.Unchanged, p.name)
		}
		return nil
	}, func(f Refusal) { r.Refused = append(r.Refused, f) })
	if err != nil {
		return r, err
	}
	// A file is seen once it was taken, or refused for what it is; one
	// that could not be written is tried again next time.
	for _, f := range r.Refused {
		if isStoreError(f.Err) {
			delete(seen, f.Path)
		}
	}
	in.seen = seen
	return r, nil
}

// storeError marks a failure to write the store, as opposed to a file
// refused for what it is.
type storeError struct{ err error }

func (e storeError) Error() string { return "writing the photo store: " + e.err.Error() }
func (e storeError) Unwrap() error { return e.err }

func isStoreError(err error) bool {
	var se storeError
	return errors.As(err, &se)
}

// Folder walks a folder of photos as Import does, calling take with each
// photo that passes Check (a take error refuses the photo: Refusal.Err
// wraps it), and refused with each file refused. skip, if not nil, is
// asked first about each candidate file (its path relative to dir, with
// forward slashes); skipped files are not read. The error is for a folder
// that cannot be read.
func Folder(dir string, skip func(rel string, fi fs.FileInfo) bool, take func(Photo) error, refused func(Refusal)) error {
	top, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range top {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."):
		case e.Type()&fs.ModeSymlink != 0:
			refused(Refusal{name, fmt.Errorf("%w: a symbolic link, not followed", ErrNotRegular)})
		case e.IsDir():
			if !safePart(name) {
				refused(Refusal{name + "/", fmt.Errorf("%w: folder %q is not an issuer id", ErrName, name)})
				continue
			}
			sub, err := os.ReadDir(filepath.Join(dir, name))
			if err != nil {
				refused(Refusal{name + "/", err})
				continue
			}
			for _, f := range sub {
				walkFile(dir, name+"/"+f.Name(), f, skip, take, refused)
			}
		default:
			walkFile(dir, name, e, skip, take, refused)
		}
	}
	return nil
}

// walkFile handles one entry of a photo folder.
func walkFile(dir, rel string, e fs.DirEntry, skip func(string, fs.FileInfo) bool, take func(Photo) error, refused func(Refusal)) {
	name := e.Name()
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case strings.HasPrefix(name, "."):
		return
	case e.Type()&fs.ModeSymlink != 0:
		refused(Refusal{rel, fmt.Errorf("%w: a symbolic link, not followed", ErrNotRegular)})
		return
	case e.IsDir():
		refused(Refusal{rel + "/", fmt.Errorf("%w: photos go at most one folder deep (ISS/SUB.jpg)", ErrNotRegular)})
		return
	case ext == ".png":
		refused(Refusal{rel, fmt.Errorf("%w: the store takes JPEG photos only", ErrNotJPEG)})
		return
	case ext != ".jpg" && ext != ".jpeg":
		return
	case !e.Type().IsRegular():
		refused(Refusal{rel, ErrNotRegular})
		return
	}
	if _, err := CheckName(rel); err != nil {
		refused(Refusal{rel, err})
		return
	}
	fi, err := e.Info()
	if err != nil {
		refused(Refusal{rel, err})
		return
	}
	if skip != nil && skip(rel, fi) {
		return
	}
	if fi.Size() > MaxImportSize {
		refused(Refusal{rel, fmt.Errorf("%w: %d bytes, more than the %d allowed", ErrTooLarge, fi.Size(), MaxImportSize)})
		return
	}
	data, err := readNoFollow(filepath.Join(dir, filepath.FromSlash(rel)), MaxImportSize)
	if err != nil {
		refused(Refusal{rel, err})
		return
	}
	p, err := Check(rel, data)
	if err != nil {
		refused(Refusal{rel, err})
		return
	}
	if err := take(p); err != nil {
		refused(Refusal{rel, storeError{err}})
	}
}

// readNoFollow reads a regular file of at most limit bytes. The file
// opened must be the one looked at without following links: a file
// swapped for a symbolic link in between is refused.
func readNoFollow(p string, limit int64) ([]byte, error) {
	before, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s", ErrNotRegular, filepath.Base(p))
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !os.SameFile(before, opened) {
		return nil, fmt.Errorf("%w: %s changed while it was read", ErrNotRegular, filepath.Base(p))
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: %s is more than %d bytes", ErrTooLarge, filepath.Base(p), limit)
	}
	return data, nil
}
