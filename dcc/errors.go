package dcc

import (
	"errors"
	"fmt"
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

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

func wrap(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
