package wallet

import (
	"errors"
	"fmt"
	"strings"
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

// Errors of CheckAdd for texts that are not one credential.
var (
	ErrPresentation = errors.New("this is a presentation code (VPP1:), which a wallet makes; add the credential (VP1:) the issuer gave")
	ErrSeveralLines = errors.New("the credential holds several lines; add one credential (one VP1: line) at a time")
)

// CheckAdd reads what is given to add to a wallet, a credential's QR text
// (a line end around it is trimmed), and returns the text with its card,
// unverified. Several lines are ErrSeveralLines, a presentation code
// ErrPresentation, any other text that is not a credential wraps
// ErrNotCredential. A credential whose claims cannot be read has no card
// and no error here: Store has the last word on it.
func CheckAdd(data []byte) (string, *Card, error) {
	text := strings.Trim(string(data), "\r\n")
	switch {
	case strings.Contains(text, "\n"):
		return "", nil, ErrSeveralLines
	case strings.HasPrefix(text, PrefixPresentation):
		return "", nil, ErrPresentation
	}
	card, err := Inspect(text)
	if errors.Is(err, ErrNotCredential) {
		return "", nil, err
	}
	return text, card, nil
}

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
