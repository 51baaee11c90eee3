package draft

import (
	"errors"
	"fmt"
	"time"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
)

// IssuerSettings are the options of 'venuepass trust add-issuer' as people
// type them: each names its flag in errors.
type IssuerSettings struct {
	Key   string   // the issuer's public key file (--key)
	Iss   string   // the issuer id its credentials carry (--iss)
	Name  string   // the issuer's display name (--name)
	Types []string // the credential types it may issue (--types); none: all
	// NotBefore and NotAfter bound when its credentials may have been
	// issued (--not-before, --not-after; ParseIssuerTerms); "" leaves that
	// end open.
	NotBefore, NotAfter string
}

// Issuer checks the settings and returns the entry they make (NewIssuer).
// A missing setting or a bad term is a *UsageError, a key file that
// cannot be read a *fileutil.ReadError.
func (s IssuerSettings) Issuer(now time.Time) (Issuer, error) {
	switch {
	case s.Key == "":
		return Issuer{}, usagef("pass the issuer's public key with --key")
	case s.Iss == "":
		return Issuer{}, usagef("pass the issuer id its credentials carry with --iss")
	case s.Name == "":
		return Issuer{}, usagef("pass the issuer's display name with --name")
	}
	pub, err := issuer.LoadPublicKey(s.Key)
	if err != nil {
		return Issuer{}, &fileutil.ReadError{What: "issuer key", Path: s.Key, Err: err}
	}
	nb, na, err := ParseIssuerTerms(s.Types, s.NotBefore, s.NotAfter, now)
	if err != nil {
		return Issuer{}, usagef("%v", err)
	}
	return NewIssuer(pub, s.Iss, s.Name, s.Types, nb, na)
}

// AddIssuerFile adds e to the draft file at path (Edit; AddIssuer, or
// AddIssuerSharedKey when shared), its errors worded for people: a key
// another issuer id has says what to do, a missing file is FileError's.
func AddIssuerFile(path string, e Issuer, shared bool) error {
	return FileError(path, Edit(path, func(d *Draft) error {
		add := d.AddIssuer
		if shared {
			add = d.AddIssuerSharedKey
		}
		err := add(e)
		if errors.Is(err, ErrSharedKey) {
			return fmt.Errorf("%s: %v; give each issuer id its own key ('venuepass keygen'), or pass --allow-shared-key if both ids are one signer", path, err)
		}
		if err != nil {
			return fmt.Errorf("%s %v", path, err)
		}
		return nil
	}))
}
