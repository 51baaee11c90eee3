package dcc

import (
	"errors"
	"fmt"

	"github.com/venuepass/venuepass/internal/wire"
)

// Errors returned by Decode and Verify, usable with errors.Is. Each maps one
// to one to a reason of FORMAT.md section 5; every error this package returns
// wraps exactly one of them.
var (
	// ErrTooLarge: the QR text is over MaxTextLen characters, or the body
	// inflates past MaxBodySize bytes (reason too_large).
	ErrTooLarge = errors.New("dcc: too large")
	// ErrMalformed: not an HC1: code, not Base45, not zlib or COSE, a CBOR
	// rule broken, a COSE or CWT structure or a health certificate field of
	// the wrong shape (reason malformed).
	ErrMalformed = errors.New("dcc: malformed")
	// ErrUnknownIssuer: no Document Signer Certificate has the message kid
	// (reason unknown_issuer).
	ErrUnknownIssuer = errors.New("dcc: unknown issuer")
	// ErrBadSignature: no certificate with the kid verifies the signature, or
	// the message alg is not the one of the certificate key (reason
	// bad_signature).
	ErrBadSignature = errors.New("dcc: bad signature")
	// ErrIssuerNotAllowed: the signing certificate may not sign this
	// certificate: its extended key usage excludes the entry type, iss is not
	// its country, or iat or exp lie outside its validity period (reason
	// issuer_not_allowed).
	ErrIssuerNotAllowed = errors.New("dcc: issuer not allowed")
	// ErrNotYetValid: iat is in the future (reason not_yet_valid).
	ErrNotYetValid = errors.New("dcc: not yet valid")
	// ErrExpired: the time is at or after exp (reason expired).
	ErrExpired = errors.New("dcc: expired")
)

// Error is an error of Decode or Verify: Kind is one of the sentinels
// above (errors.Is finds it), Detail says what failed. A caller that words
// the failure its own way takes Detail with errors.As.
type Error struct {
	Kind   error
	Detail string
}

func (e *Error) Error() string { return e.Kind.Error() + ": " + e.Detail }
func (e *Error) Unwrap() error { return e.Kind }

// CertError is a certificate that cannot serve as a Document Signer
// Certificate (ParseCertificate, IssuerFromCert). Problem says what,
// without the "dcc: " of the error's text.
type CertError struct {
	Problem string
	Err     error // the cause, if any
}

func (e *CertError) Error() string { return "dcc: " + e.Problem }
func (e *CertError) Unwrap() error { return e.Err }

func malformed(format string, args ...any) error {
	return &Error{ErrMalformed, fmt.Sprintf(format, args...)}
}

func wrap(sentinel error, format string, args ...any) error {
	return &Error{sentinel, fmt.Sprintf(format, args...)}
}

// detail returns the detail of err, an *Error of this package or of
// internal/wire, or else its whole text: for wrapping it in a more
// specific message.
func detail(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Detail
	}
	return wire.Detail(err)
}
