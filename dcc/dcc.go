// Package dcc decodes and verifies EU Digital COVID Certificates ("HC1:"
// codes, hcert specification 1.0.x), so that a venuepass kiosk can check them
// with the same trust list as its own credentials.
//
// # Decoding
//
// Decode enforces the limits of FORMAT.md section 1 before doing work (text at
// most 4096 characters, body inflated through a reader capped at 16 KiB, CBOR
// decoded with the strict limits of internal/cborx), then takes the pipeline
// apart: prefix, Base45, zlib, COSE_Sign1 (tagged 18, untagged, or in a CWT
// tag 61), CWT claims, and the eu_dgc_v1 health certificate. It returns an
// Unverified value: nothing in it may be shown as valid.
//
// Decoding is strict about the envelope and lenient where issuers' test data
// differ and no check is weakened: a kid written as a text string of hex
// digits is taken as those bytes (it only finds candidate keys); a CWT
// without exp decodes, and Verify refuses it as malformed; an entry group
// that is null or empty beside the real one is absent; several entry groups
// (which schemas before 1.3.0 let an issuer sign) decode, for Validate to
// judge by the declared version and Verify to refuse; a health certificate
// field of the wrong type is left empty, for Validate to refuse.
//
// # What Verify checks
//
// Verify finds the Document Signer Certificates (DSC) whose kid (the first 8
// bytes of SHA-256 over the certificate DER) is the message's, and checks the
// signature over the protected header bytes as received, with the algorithm
// of the certificate key (ES256 for P-256, PS256 for RSA): a message naming
// another algorithm is rejected. (Before that, a health certificate with
// more than one entry group is refused as malformed: a DCC holds one event
// of one type.) Then the DSC must be allowed to sign it:
// its extended key usage must admit the entry type, iss (when both are
// present) must be the DSC's country, and iat must lie inside the DSC's
// validity period. Last come the times: iat not in the future, and neither
// exp nor the end of the DSC's validity reached (the hcert specification
// says exp must not exceed the DSC validity; where an issuer breaks that,
// the DCC stays valid until the DSC expires, no longer). Only when every check passes does Verify return a Certificate; on
// failure it returns nil and an error wrapping one sentinel of errors.go.
//
// # What it does not
//
// No certificate chain to a country signing certificate is built: the DSCs
// passed in (usually from a signed trust list) are the trust anchors. The
// schema of the health certificate (Validate: the official JSON schema of
// the version it declares), the value sets (Warnings: codes outside them
// are warnings, never errors) and the business rules of a member state (how
// long a test is valid, which vaccines count) are left to the caller.
// Revocation lists are not consulted.
package dcc

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/venuepass/venuepass/internal/wire"
)

// Prefix is the context identifier of a DCC (hcert specification, 4.1).
const Prefix = "HC1:"

// Limits of FORMAT.md section 1, shared with venuepass codes.
const (
	MaxTextLen  = wire.MaxTextLen
	MaxBodySize = wire.MaxBodySize
)

// Unverified is a decoded DCC whose signature has not been checked. Its
// content is deliberately not exported: Verify it.
type Unverified struct {
	msg    *sign1
	claims *claims
}

// Kid returns the key identifier the message names.
func (u *Unverified) Kid() []byte { return append([]byte(nil), u.msg.kid...) }

// Certificate is a verified DCC.
type Certificate struct {
	// Issuer is the iss claim (the issuing country), empty when absent.
	Issuer   string
	IssuedAt time.Time
	// ExpiresAt is when the DCC stops verifying: its exp, or the signing
	// certificate's NotAfter when that comes first (see checkTime).
	ExpiresAt time.Time
	Type      EntryType
	Health    *HealthCertificate
	// Kid is the key identifier; Signer the DSC whose key verified the
	// signature.
	Kid    []byte
	Signer *DSC
}

// Decode parses an HC1: code. It checks the structure only; use Verify.
func Decode(text string) (*Unverified, error) {
	// As in FORMAT.md section 1: a scanner's surrounding whitespace is
	// ignored (valid Base45 never ends in a space, see internal/wire), and
	// the limit applies to what is left.
	text = strings.Trim(text, " \t\r\n\v\f")
	if len(text) > MaxTextLen {
		if n := utf8.RuneCountInString(text); n > MaxTextLen {
			return nil, wrap(ErrTooLarge, "QR text of %d characters exceeds %d", n, MaxTextLen)
		}
	}
	b45, err := unprefix(text)
	if err != nil {
		return nil, err
	}
	raw, err := wire.Base45Decode(b45)
	if err != nil {
		return nil, malformed("base45: %v", err)
	}
	cose, err := decompress(raw)
	if err != nil {
		return nil, err
	}
	return decodeCOSE(cose)
}

// decompress inflates a zlib body through a capped reader. The hcert
// specification says the CWT SHALL be compressed; an uncompressed COSE_Sign1
// is tolerated, recognised by its first byte.
func decompress(raw []byte) ([]byte, error) {
	if len(raw) == 0 {
		return nil, malformed("empty body")
	}
	switch raw[0] {
	case 0x78:
		out, err := wire.Inflate(raw, MaxBodySize)
		if errors.Is(err, wire.ErrTooLarge) {
			return nil, wrap(ErrTooLarge, "body inflates past %d bytes", MaxBodySize)
		}
		if err != nil {
			return nil, malformed("%s", wire.Detail(err))
		}
		return out, nil
	case headTagCWT0, headTagSign1, headArray4:
		return raw, nil
	}
	return nil, malformed("body starts with 0x%02x, neither zlib nor COSE", raw[0])
}

func decodeCOSE(cose []byte) (*Unverified, error) {
	msg, err := parseSign1(cose)
	if err != nil {
		return nil, err
	}
	c, err := parseClaims(msg.payload)
	if err != nil {
		return nil, err
	}
	return &Unverified{msg: msg, claims: c}, nil
}

// unprefix removes the HC1: context identifier.
func unprefix(text string) (string, error) {
	b45, ok := strings.CutPrefix(text, Prefix)
	if !ok {
		return "", malformed("no %s prefix", Prefix)
	}
	return b45, nil
}

func fmtTime(t int64) string { return time.Unix(t, 0).UTC().Format(time.RFC3339) }
