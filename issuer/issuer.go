// Package issuer makes venuepass keys and signs credentials (FORMAT.md
// section 2) into QR text.
//
// Keys are ES256 (the default), EdDSA (Ed25519), ES384 or PS256 (RSA of 2048
// bits or more), stored as PKCS#8 and SPKI PEM files so that keys made with
// `openssl genpkey` work. Private key files are created with mode 0600 and
// never overwritten.
//
// Key.Issue encodes the claims in core deterministic CBOR, signs them as a
// COSE_Sign1 with alg and kid in the protected header, and packs the result
// as `VP1:` QR text (zlib only when it makes the code shorter).
package issuer

import (
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/internal/wire"
)

// CTILen is the length of the random credential ids Sign makes.
const CTILen = 16

// IssueCOSE signs c and returns the tagged COSE_Sign1 bytes. It fills in
// missing CTI (random) and IssuedAt (now); Iss, Name, Type and Expires are
// required.
func (k *Key) IssueCOSE(c *credential.Credential) ([]byte, error) {
	if c.Iss == "" {
		return nil, errors.New("credential needs an issuer id (iss)")
	}
	if c.Name == "" {
		return nil, errors.New("credential needs a holder name")
	}
	if c.Type == 0 {
		return nil, errors.New("credential needs a type")
	}
	if c.Expires.IsZero() {
		return nil, errors.New("credential needs an expiry time")
	}
	if c.CTI == nil {
		c.CTI = make([]byte, CTILen)
		if _, err := rand.Read(c.CTI); err != nil {
			return nil, err
		}
	}
	if len(c.CTI) < credential.MinCTI || len(c.CTI) > credential.MaxCTI {
		return nil, fmt.Errorf("cti must be %d to %d bytes, not %d", credential.MinCTI, credential.MaxCTI, len(c.CTI))
	}
	if c.IssuedAt.IsZero() {
		c.IssuedAt = time.Now()
	}
	if !c.Expires.After(c.IssuedAt) {
		return nil, fmt.Errorf("expiry %s is not after issue time %s", c.Expires.UTC().Format(time.RFC3339), c.IssuedAt.UTC().Format(time.RFC3339))
	}
	if c.BirthYear < 0 {
		return nil, fmt.Errorf("birth year %d is negative", c.BirthYear)
	}
	if c.PhotoDigest != nil && len(c.PhotoDigest) != credential.PhotoDigestLen {
		return nil, fmt.Errorf("photo digest must be %d bytes (see credential.PhotoDigest), not %d", credential.PhotoDigestLen, len(c.PhotoDigest))
	}
	claims := wire.ClaimsOf(c)
	var cnf map[int]any
	if c.HolderKey != nil {
		var err error
		if cnf, err = wire.EncodeKey(c.HolderKey); err != nil {
			return nil, fmt.Errorf("holder key: %w", err)
		}
	}
	payload, err := wire.MarshalClaims(claims, cnf)
	if err != nil {
		return nil, err
	}
	return wire.Sign(k.Signer, k.alg, k.kid, "", payload)
}

// Issue signs c and returns its QR text (`VP1:...`). See IssueCOSE.
func (k *Key) Issue(c *credential.Credential) (string, error) {
	cose, err := k.IssueCOSE(c)
	if err != nil {
		return "", err
	}
	text := wire.EncodeText(wire.PrefixCredential, cose)
	if len(text) > wire.MaxTextLen {
		return "", fmt.Errorf("the credential encodes to %d characters, over the %d a verifier accepts; shorten its fields", len(text), wire.MaxTextLen)
	}
	return text, nil
}
