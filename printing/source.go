package printing

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/venuepass/venuepass/input"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// MaxTextsFile caps a file of QR texts, one per line, that ReadTexts reads.
const MaxTextsFile = 64 << 20

// Source is the items of a print run with where each came from ("staff.txt
// line 3", "arg 2"), for messages, and the warnings gathered on the way.
type Source struct {
	Items    []Item
	Labels   []string
	Warnings []Warning
}

// Add appends an item printing text, labelled for messages.
func (s *Source) Add(text, label string) {
	s.Items = append(s.Items, Item{Text: text})
	s.Labels = append(s.Labels, label)
}

// IssuedSource is the source of a batch just issued (issuer.Key.IssueBatch):
// item i prints texts[i] with the fields of creds[i], the photo of rows[i]
// and, when events is not nil, the event times of events[i]; it is
// labelled by where rows[i] is.
func IssuedSource(rows []issuer.Row, creds []*verifier.Credential, texts []string, events []issuer.Event) *Source {
	s := &Source{}
	for i, cr := range creds {
		it := Item{Text: texts[i], Credential: *cr, Photo: rows[i].Fields["photo"]}
		if events != nil {
			it.EventStart, it.DoorsOpen = events[i].Start, events[i].Doors
		}
		s.Items = append(s.Items, it)
		s.Labels = append(s.Labels, rows[i].Where)
	}
	return s
}

// ReadTexts reads the QR texts of a print run from args: each is a QR
// text ("arg N"), "-" for one text per line of stdin, or a file of one
// text per line (LooksLikeFile). Only the texts are read; their fields
// come from verifying them (Source.Verify). An error opening a file is
// os.Open's *fs.PathError, for the caller to word.
func ReadTexts(args []string, stdin io.Reader) (*Source, error) {
	src := &Source{}
	for i, p := range args {
		if p != "-" && !LooksLikeFile(p) {
			src.Add(strings.TrimSpace(p), fmt.Sprintf("arg %d", i+1))
			continue
		}
		before := len(src.Items)
		if p == "-" {
			err := src.readLines(stdin, "stdin")
			if err != nil {
				return nil, fmt.Errorf("reading stdin: %v", err)
			}
			if len(src.Items) == before {
				return nil, errors.New("stdin held no QR text; pipe the texts in, one per line, or pass them as arguments")
			}
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		err = src.readLines(io.LimitReader(f, MaxTextsFile), p)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("reading %s: %v", p, err)
		}
		if len(src.Items) == before {
			return nil, fmt.Errorf("%s holds no QR text; it should hold one code per line", p)
		}
	}
	return src, nil
}

// readLines adds a text for each line of r, labelled "NAME line N".
func (s *Source) readLines(r io.Reader, name string) error {
	return verifier.ScanLines(r, func(line string, n int) bool {
		s.Add(line, fmt.Sprintf("%s line %d", name, n))
		return true
	})
}

// LooksLikeFile tells a file of QR texts from a QR text, as 'venuepass
// verify' does: an argument that is not a code and names a regular file.
func LooksLikeFile(arg string) bool {
	if input.IsCodeText(arg) {
		return false
	}
	fi, err := os.Stat(arg)
	return err == nil && fi.Mode().IsRegular()
}

// ReadManifestSource is ReadManifest with each item labelled by its line
// in the manifest. A manifest that does not exist is the *fs.PathError of
// os.Stat, for the caller to word.
func ReadManifestSource(path string) (*Source, error) {
	items, err := ReadManifest(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if _, serr := os.Stat(path); serr != nil {
				return nil, serr
			}
		}
		return nil, err
	}
	src := &Source{Items: items, Labels: make([]string, len(items))}
	for i := range items {
		src.Labels[i] = fmt.Sprintf("%s line %d", path, i+2)
	}
	return src, nil
}

// Verify replaces each item's fields by those of its verified credential
// (VerifyItems), keeping the warnings.
func (s *Source) Verify(v *verifier.Verifier, trustName string, fromManifest bool) error {
	warns, err := VerifyItems(s.Items, v, VerifyOptions{TrustName: trustName, FromManifest: fromManifest, Labels: s.Labels})
	s.Warnings = append(s.Warnings, warns...)
	return err
}

// Describe names item i for messages (Describe).
func (s *Source) Describe(i int) string { return Describe(s.Items, i, s.Labels) }

// SortWarnings puts the warnings in item order, keeping the order of
// each item's own.
func (s *Source) SortWarnings() {
	sort.SliceStable(s.Warnings, func(i, j int) bool { return s.Warnings[i].Item < s.Warnings[j].Item })
}

// WriteFiles lays out items as WriteParts does into the files
// PartPath(out, part, parts), each created anew (never over an existing
// file), and returns the files written. On an error the files written so
// far are removed; an error creating a file is a *CreateError.
func WriteFiles(out string, items []Item, perFile int, opt *Options) ([]string, []Warning, error) {
	var written []string
	warns, err := WriteParts(items, perFile, func(part, parts int) (io.WriteCloser, error) {
		p := PartPath(out, part, parts)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, &CreateError{Path: p, Err: err}
		}
		written = append(written, p)
		return f, nil
	}, opt)
	if err != nil {
		for _, p := range written {
			os.Remove(p)
		}
		return nil, warns, err
	}
	return written, warns, nil
}

// CreateError is WriteFiles' error when it cannot create a file; Err is
// os.OpenFile's, wrapping fs.ErrExist when the file exists.
type CreateError struct {
	Path string
	Err  error
}

func (e *CreateError) Error() string { return e.Err.Error() }

func (e *CreateError) Unwrap() error { return e.Err }
