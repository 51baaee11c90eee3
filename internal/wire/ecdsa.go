package wire

import (
	"crypto"
	"crypto/ecdsa"
	"fmt"

	"github.com/veraison/go-cose"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// ecdsaVerifier checks ES256, ES384 and ES512 signatures with
// crypto/ecdsa.VerifyASN1. go-cose's verifier turns the r||s of COSE into
// two big.Ints, which crypto/ecdsa.Verify turns into DER again; this one
// writes the DER from the bytes. TestECDSAVerifierAgrees holds it to
// go-cose's answer.
type ecdsaVerifier struct {
	alg  cose.Algorithm
	pub  *ecdsa.PublicKey
	hash crypto.Hash
	size int // bytes of r and of s
}

// newECDSAVerifier: alg names the hash; r and s are as long as the key's
// curve needs, whichever curve it is (as with go-cose: upstream DCC test
// cases sign ES256 with P-384 keys).
func newECDSAVerifier(alg cose.Algorithm, pub *ecdsa.PublicKey) (*ecdsaVerifier, error) {
	var h crypto.Hash
	switch alg {
	case cose.AlgorithmES256:
		h = crypto.SHA256
	case cose.AlgorithmES384:
		h = crypto.SHA384
	case cose.AlgorithmES512:
		h = crypto.SHA512
	default:
		return nil, fmt.Errorf("%v is not an ECDSA algorithm", alg)
	}
	if pub == nil || pub.Curve == nil {
		return nil, fmt.Errorf("%v: no ECDSA key", alg)
	}
	return &ecdsaVerifier{alg: alg, pub: pub, hash: h, size: (pub.Curve.Params().BitSize + 7) / 8}, nil
}

// Algorithm implements cose.Verifier.
func (v *ecdsaVerifier) Algorithm() cose.Algorithm { return v.alg }

// Verify implements cose.Verifier: it returns cose.ErrVerification unless
// sig (r||s, RFC 9053 section 2.1) is a valid signature of content.
func (v *ecdsaVerifier) Verify(content, sig []byte) error {
	if len(sig) != 2*v.size {
		return cose.ErrVerification
	}
	h := v.hash.New()
	h.Write(content)
	var buf [64]byte
	digest := h.Sum(buf[:0])
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		addASN1Uint(b, sig[:v.size])
		addASN1Uint(b, sig[v.size:])
	})
	der, err := b.Bytes()
	if err != nil || !ecdsa.VerifyASN1(v.pub, digest, der) {
		return cose.ErrVerification
	}
	return nil
}

// addASN1Uint adds the unsigned big-endian integer n as a DER INTEGER:
// no leading zero bytes, and one zero byte before a high bit.
func addASN1Uint(b *cryptobyte.Builder, n []byte) {
	for len(n) > 1 && n[0] == 0 {
		n = n[1:]
	}
	b.AddASN1(asn1.INTEGER, func(b *cryptobyte.Builder) {
		if n[0]&0x80 != 0 {
			b.AddUint8(0)
		}
		b.AddBytes(n)
	})
}
