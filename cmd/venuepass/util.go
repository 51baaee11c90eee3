package main

import (
	"crypto"
	"fmt"
	"time"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
)

// nowFlag is the --now option: the clock, fixed when set.
type nowFlag struct{ t time.Time }

func (n *nowFlag) String() string {
	if n.t.IsZero() {
		return ""
	}
	return n.t.Format(time.RFC3339)
}

func (n *nowFlag) Set(s string) error {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("--now wants an RFC 3339 time such as 2026-06-01T09:00:00Z")
	}
	n.t = t
	return nil
}

func (n *nowFlag) now() time.Time {
	if n.t.IsZero() {
		return time.Now()
	}
	return n.t
}

func utc(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// loadPrivateKey reads a signing key and says what to do when it cannot.
func loadPrivateKey(path, flagName string) (*issuer.Key, error) {
	if path == "" {
		return nil, usageErrorf("no signing key; pass the private key file with %s (make one with 'venuepass keygen -o FILE')", flagName)
	}
	k, err := issuer.LoadPrivateKey(path)
	if err != nil {
		return nil, &fileutil.ReadError{What: "private key", Path: path, Err: err}
	}
	return k, nil
}

func loadPublicKey(path, what string) (crypto.PublicKey, error) {
	k, err := issuer.LoadPublicKey(path)
	if err != nil {
		return nil, &fileutil.ReadError{What: what, Path: path, Err: err}
	}
	return k, nil
}

// existsError refuses to write over the file at path.
func existsError(path string) error {
	return fmt.Errorf("%s already exists; venuepass does not overwrite it, choose another name or remove it", path)
}

// notes prints each line as notef does.
func notes(lines []string) {
	for _, l := range lines {
		notef("%s", l)
	}
}
