package wallet

import (
	"errors"
	"fmt"
	"time"

	"github.com/venuepass/venuepass/internal/wire"
)

// Prefixes of the QR texts (FORMAT.md section 1): the credential a wallet
// holds, and the presentation codes it shows.
const (
	PrefixCredential   = wire.PrefixCredential
	PrefixPresentation = wire.PrefixPresentation
)

// ErrNotCredential means a text is not a venuepass credential (VP1:) at
// all: not decodable, or another kind of code.
var ErrNotCredential = errors.New("not a venuepass credential")

// Card is what a wallet shows of the credential it holds. It is read
// without checking the issuer's signature, which is a verifier's job: it
// is what was stored, not what a gate will accept.
type Card struct {
	Iss     string
	Name    string
	Org     string
	Type    uint64 // a verifier.Type
	Expires time.Time
	// Bound is set when the credential is bound to a holder key.
	Bound bool
}

// Inspect reads the claims of a credential's QR text. The error wraps
// ErrNotCredential when the text is not a VP1: credential; other errors
// say what is wrong with its claims.
func Inspect(credential string) (*Card, error) {
	prefix, cose, err := wire.DecodeText(credential)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCredential, err)
	}
	if prefix != wire.PrefixCredential {
		return nil, fmt.Errorf("%w: a %s code", ErrNotCredential, prefix)
	}
	cl, err := parseClaims(cose)
	if err != nil {
		return nil, err
	}
	return &Card{Iss: cl.Iss, Name: cl.Name, Org: cl.Org, Type: cl.Type, Expires: time.Unix(cl.Exp, 0), Bound: cl.Cnf != nil}, nil
}
