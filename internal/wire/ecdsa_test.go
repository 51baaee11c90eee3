package wire

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"math/big"
	mrand "math/rand/v2"
	"testing"

	"github.com/veraison/go-cose"
)

// TestECDSAVerifierAgrees holds the DER-writing ECDSA verifier to
// go-cose's answer on valid signatures, tampering, the other half of the
// curve's s (high S), zeros, values of the group order, leading zero bytes
// and wrong lengths, on each curve.
func TestECDSAVerifierAgrees(t *testing.T) {
	rnd := mrand.New(mrand.NewPCG(3, 4))
	randBytes := func(n int) []byte { return detBytes(rnd, n) }
	for _, c := range []struct {
		alg   cose.Algorithm
		curve elliptic.Curve
	}{{cose.AlgorithmES256, elliptic.P256()}, {cose.AlgorithmES384, elliptic.P384()}, {cose.AlgorithmES512, elliptic.P521()}} {
		t.Run(c.alg.String(), func(t *testing.T) {
			size := (c.curve.Params().BitSize + 7) / 8
			n := c.curve.Params().N
			fixed := func(x *big.Int) []byte { return x.FillBytes(make([]byte, size)) }
			checks, accepted := 0, 0
			for i := 0; i < 40; i++ {
				key, err := ecdsa.GenerateKey(c.curve, rand.Reader)
				if err != nil {
					t.Fatal(err)
				}
				signer, err := cose.NewSigner(c.alg, key)
				if err != nil {
					t.Fatal(err)
				}
				ref, err := cose.NewVerifier(c.alg, &key.PublicKey)
				if err != nil {
					t.Fatal(err)
				}
				ours, err := NewVerifier(int64(c.alg), &key.PublicKey)
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := ours.(*ecdsaVerifier); !ok {
					t.Fatalf("NewVerifier gave %T", ours)
				}
				check := func(name string, msg, sig []byte) {
					t.Helper()
					want, got := ref.Verify(msg, sig), ours.Verify(msg, sig)
					if (want == nil) != (got == nil) {
						t.Fatalf("%s: sig %x: go-cose says %v, ours %v", name, sig, want, got)
					}
					if got != nil && !errors.Is(got, cose.ErrVerification) {
						t.Fatalf("%s: %v, want cose.ErrVerification", name, got)
					}
					checks++
					if got == nil {
						accepted++
					}
				}
				msg := randBytes(rnd.IntN(200))
				sig, err := signer.Sign(rand.Reader, msg)
				if err != nil {
					t.Fatal(err)
				}
				check("valid", msg, sig)
				r, s := new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])
				check("high S", msg, append(fixed(r), fixed(new(big.Int).Sub(n, s))...))
				bad := append([]byte(nil), sig...)
				bad[rnd.IntN(len(bad))] ^= 1 << rnd.IntN(8)
				check("bit flipped", msg, bad)
				check("other message", append(msg, 1), sig)
				check("short", msg, sig[1:])
				check("long", msg, append([]byte{0}, sig...))
				check("r = 0", msg, append(make([]byte, size), sig[size:]...))
				check("s = 0", msg, append(append([]byte(nil), sig[:size]...), make([]byte, size)...))
				check("r + n", msg, append(fixed(new(big.Int).Add(r, n).Mod(new(big.Int).Add(r, n), new(big.Int).Lsh(big.NewInt(1), uint(8*size)))), sig[size:]...))
				check("r = n", msg, append(fixed(n), sig[size:]...))
				// Small r and s: DER integers of one byte, leading zeros dropped.
				check("small values", msg, append(fixed(big.NewInt(int64(rnd.IntN(200)+1))), fixed(big.NewInt(0x80))...))
			}
			if accepted < 80 || accepted == checks {
				t.Fatalf("%d of %d accepted: the cases do not cover both answers", accepted, checks)
			}
		})
	}
	// The alg names the hash, the key's curve the length of r and s.
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	signer, _ := cose.NewSigner(cose.AlgorithmES384, p384)
	msg := []byte("ES256 on P-384")
	sig, _ := signer.Sign(rand.Reader, msg) // SHA-384: refused under ES256
	ref, _ := cose.NewVerifier(cose.AlgorithmES256, &p384.PublicKey)
	ours, err := NewVerifier(int64(cose.AlgorithmES256), &p384.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if (ref.Verify(msg, sig) == nil) != (ours.Verify(msg, sig) == nil) {
		t.Error("ES256 on a P-384 key: go-cose and ours disagree")
	}
}
