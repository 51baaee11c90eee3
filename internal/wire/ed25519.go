package wire

import (
	"crypto/ed25519"
	"crypto/sha512"
	"crypto/subtle"
	"fmt"
	"sync"

	"filippo.io/edwards25519"
	"github.com/veraison/go-cose"
)

// ed25519Verifier checks EdDSA (Ed25519, RFC 8032) signatures for one
// public key, with the key's point decoded once. crypto/ed25519.Verify
// decodes it on every call, a square root that is about a twentieth of
// the check; a trust list key checks many codes. The checks are those of
// crypto/ed25519.Verify (cofactorless equation, S below the group order,
// the encoding of R compared byte for byte), on the same edwards25519
// arithmetic; TestEd25519VerifierAgrees holds the two to the same answer
// on valid, tampered and malformed signatures and keys. The point is
// decoded at the first check, so that loading a list of many keys, most
// of which a kiosk never sees a code of, costs no square roots.
type ed25519Verifier struct {
	pub  ed25519.PublicKey
	once sync.Once
	negA *edwards25519.Point // nil: the key is not a point; nothing verifies
}

func newEd25519Verifier(pub ed25519.PublicKey) (*ed25519Verifier, error) {
	if len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("ed25519 public key of %d bytes, want %d", len(pub), ed25519.PublicKeySize)
	}
	return &ed25519Verifier{pub: pub}, nil
}

// minusA returns -A, A the key's point; nil if the key is not a point.
func (v *ed25519Verifier) minusA() *edwards25519.Point {
	v.once.Do(func() {
		if a, err := new(edwards25519.Point).SetBytes(v.pub); err == nil {
			v.negA = new(edwards25519.Point).Negate(a)
		}
	})
	return v.negA
}

// Algorithm implements cose.Verifier.
func (v *ed25519Verifier) Algorithm() cose.Algorithm { return cose.AlgorithmEdDSA }

// Verify implements cose.Verifier: it returns cose.ErrVerification unless
// sig is a valid signature of content.
func (v *ed25519Verifier) Verify(content, sig []byte) error {
	negA := v.minusA()
	if negA == nil || len(sig) != ed25519.SignatureSize || sig[63]&0xe0 != 0 {
		return cose.ErrVerification
	}
	s, err := edwards25519.NewScalar().SetCanonicalBytes(sig[32:])
	if err != nil {
		return cose.ErrVerification
	}
	h := sha512.New()
	h.Write(sig[:32])
	h.Write(v.pub)
	h.Write(content)
	var digest [sha512.Size]byte
	k, err := edwards25519.NewScalar().SetUniformBytes(h.Sum(digest[:0]))
	if err != nil {
		return cose.ErrVerification
	}
	// R = [S]B - [k]A must be the R of the signature.
	r := new(edwards25519.Point).VarTimeDoubleScalarBaseMult(k, negA, s)
	if subtle.ConstantTimeCompare(r.Bytes(), sig[:32]) != 1 {
		return cose.ErrVerification
	}
	return nil
}
