// Package wallet is the holder side of FORMAT.md section 3: it turns a
// holder-bound credential into rotating presentation codes (`VPP1:...`)
// signed with the holder's device key, so that a screenshot or a photocopy
// stops working within the verifier's time window.
package wallet

import (
	"crypto"
	"errors"
	"fmt"
	"time"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
)

// DefaultRefresh is how often a wallet shows a new code.
const DefaultRefresh = 5 * time.Second

// Present returns presentation QR text for the credential (its `VP1:` QR
// text), made at t and naming venue (empty for none), signed with the holder
// key whose public half the credential carries in cnf.
func Present(holder crypto.Signer, credential string, t time.Time, venue string) (string, error) {
	prefix, cose, err := wire.DecodeText(credential)
	if err != nil {
		return "", fmt.Errorf("credential: %w", err)
	}
	if prefix != wire.PrefixCredential {
		return "", errors.New("credential: not a VP1: credential")
	}
	claims, err := parseClaims(cose)
	if err != nil {
		return "", err
	}
	if claims.Cnf == nil {
		return "", errors.New("credential is not bound to a holder key (issue it with a holder key)")
	}
	bound, err := wire.DecodeKey(claims.Cnf)
	if err != nil {
		return "", fmt.Errorf("credential holder key: %w", err)
	}
	if !publicEqual(bound, holder.Public()) {
		return "", errors.New("this holder key is not the one the credential is bound to")
	}
	alg, err := wire.AlgForKey(holder.Public())
	if err != nil {
		return "", err
	}
	payload := map[int]any{1: cose, 2: t.Unix()}
	if venue != "" {
		payload[3] = venue
	}
	enc, err := cborx.Marshal(payload)
	if err != nil {
		return "", err
	}
	pres, err := wire.Sign(holder, alg, nil, "", enc)
	if err != nil {
		return "", err
	}
	return wire.EncodeText(wire.PrefixPresentation, pres), nil
}

// parseClaims reads the claims of a credential's COSE_Sign1 without
// checking its signature.
func parseClaims(cose []byte) (*wire.Claims, error) {
	msg, err := wire.ParseSign1(cose)
	if err != nil {
		return nil, fmt.Errorf("credential: %w", err)
	}
	claims, err := wire.ParseClaims(msg.Payload)
	if err != nil {
		return nil, fmt.Errorf("credential: %w", err)
	}
	return claims, nil
}

func publicEqual(a, b crypto.PublicKey) bool {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	e, ok := a.(equaler)
	return ok && e.Equal(b)
}
