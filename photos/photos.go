// Package photos is the kiosk's local photo store: a folder of holder
// photos named as `venuepass print --photos` expects them (SUB.jpg, .jpeg
// or .png by the credential's sub, the holder id), optionally in a
// subfolder per issuer (ISS/SUB.jpg, looked at first, for a venue whose
// issuers' holder ids may collide).
//
// A photo is shown only when its bytes match the digest the credential
// carries (body key 11: the first 16 bytes of SHA-256 of the file, see
// credential.PhotoDigest), so a swapped file in the store cannot put the
// wrong face beside a name. Pure Go, no cgo.
package photos

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/venuepass/venuepass/credential"
)

// MaxSize bounds a photo file.
const MaxSize = 20 << 20

// Status is what Lookup found.
type Status int

const (
	// Match: a photo whose digest is the credential's.
	Match Status = iota
	// Mismatch: a photo is stored for the holder, but it is not the one
	// the credential was issued with.
	Mismatch
	// Missing: no photo is stored for the holder.
	Missing
	// NoDigest: the credential carries no photo digest, so no stored
	// photo can be trusted to be the holder's.
	NoDigest
)

func (s Status) String() string {
	switch s {
	case Match:
		return "match"
	case Mismatch:
		return "mismatch"
	case Missing:
		return "missing"
	case NoDigest:
		return "no digest"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

var exts = []string{".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"}

// Store is a folder of photos.
type Store struct {
	Dir string
}

// Result is a lookup's answer: the photo's bytes (only with Match) and the
// file it came from (Match and Mismatch).
type Result struct {
	Status Status
	Photo  []byte
	Path   string
}

// Lookup finds the photo of the holder iss/sub and checks it against
// digest (credential body key 11). Names that are not a plain file name
// (path separators, "..", a leading dot) are never looked up: the sub is
// the issuer's, signed, but it names a file here.
func (s Store) Lookup(iss, sub string, digest []byte) (Result, error) {
	if len(digest) == 0 {
		return Result{Status: NoDigest}, nil
	}
	if s.Dir == "" || !plain(sub) {
		return Result{Status: Missing}, nil
	}
	var dirs []string
	if plain(iss) {
		dirs = append(dirs, filepath.Join(s.Dir, iss))
	}
	dirs = append(dirs, s.Dir)
	for _, d := range dirs {
		for _, ext := range exts {
			p := filepath.Join(d, sub+ext)
			data, err := readCapped(p)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return Result{}, err
			}
			if subtle.ConstantTimeCompare(credential.PhotoDigest(data), digest) == 1 {
				return Result{Status: Match, Photo: data, Path: p}, nil
			}
			return Result{Status: Mismatch, Path: p}, nil
		}
	}
	return Result{Status: Missing}, nil
}

func plain(name string) bool {
	return name != "" && name == filepath.Base(name) && filepath.IsLocal(name) && !strings.HasPrefix(name, ".")
}

func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("photo %s is not a regular file", path)
	}
	if fi.Size() > MaxSize {
		return nil, fmt.Errorf("photo %s is %d bytes, more than the %d allowed", path, fi.Size(), MaxSize)
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, io.LimitReader(f, MaxSize+1)); err != nil {
		return nil, fmt.Errorf("photo %s: %w", path, err)
	}
	if b.Len() > MaxSize {
		return nil, fmt.Errorf("photo %s is more than the %d bytes allowed", path, MaxSize)
	}
	return b.Bytes(), nil
}
