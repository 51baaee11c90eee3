package wire

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"math/big"
	mrand "math/rand/v2"
	"testing"

	"filippo.io/edwards25519"
	"github.com/veraison/go-cose"
)

// TestEd25519VerifierAgrees holds the verifier with the key decoded once
// to crypto/ed25519.Verify's answer: valid signatures, every kind of
// tampering, malformed signatures, and keys that are no point, small-order
// points and non-canonical encodings.
func TestEd25519VerifierAgrees(t *testing.T) {
	rnd := mrand.New(mrand.NewPCG(1, 2))
	randBytes := func(n int) []byte { return detBytes(rnd, n) }
	checks, accepted := 0, 0
	check := func(name string, pub ed25519.PublicKey, msg, sig []byte) {
		t.Helper()
		want := ed25519.Verify(pub, msg, sig)
		v, err := newEd25519Verifier(pub)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := v.Verify(msg, sig)
		if (got == nil) != want {
			t.Fatalf("%s: key %x sig %x: crypto/ed25519 says %v, the cached verifier %v", name, pub, sig, want, got)
		}
		if got != nil && !errors.Is(got, cose.ErrVerification) {
			t.Fatalf("%s: error %v, want cose.ErrVerification", name, got)
		}
		checks++
		if want {
			accepted++
		}
	}
	l, _ := new(big.Int).SetString("7237005577332262213973186563042994240857116359379907606001950938285454250989", 10)
	for i := 0; i < 200; i++ {
		seed := randBytes(ed25519.SeedSize)
		priv := ed25519.NewKeyFromSeed(seed)
		pub := priv.Public().(ed25519.PublicKey)
		msg := randBytes(rnd.IntN(300))
		sig := ed25519.Sign(priv, msg)
		check("valid", pub, msg, sig)

		bad := append([]byte(nil), sig...)
		bad[rnd.IntN(len(bad))] ^= 1 << rnd.IntN(8)
		check("signature bit flipped", pub, msg, bad)
		if len(msg) > 0 {
			m := append([]byte(nil), msg...)
			m[rnd.IntN(len(m))] ^= 1
			check("message changed", pub, m, sig)
		}
		check("other message", pub, append(msg, 0), sig)
		check("short signature", pub, msg, sig[:63])
		check("long signature", pub, msg, append(sig, 0))
		hi := append([]byte(nil), sig...)
		hi[63] |= 0x20
		check("high bits of S", pub, msg, hi)

		// S + l: the same scalar, not in canonical form.
		s := new(big.Int).SetBytes(reverse(sig[32:]))
		s.Add(s, l)
		nc := append(append([]byte(nil), sig[:32]...), reverse(s.FillBytes(make([]byte, 32)))...)
		check("S not canonical", pub, msg, nc)

		check("random key", randBytes(32), msg, sig)
	}
	// Keys of small order: with the identity as A, (enc([S]B), S) passes
	// the cofactorless equation for any message.
	small := []string{
		"0100000000000000000000000000000000000000000000000000000000000000", // identity
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
		"0000000000000000000000000000000000000000000000000000000000000000", // order 4
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p: not canonical
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p + 1
	}
	for _, h := range small {
		pub, _ := hex.DecodeString(h)
		for i := 0; i < 8; i++ {
			s, err := edwards25519.NewScalar().SetUniformBytes(randBytes(64))
			if err != nil {
				t.Fatal(err)
			}
			r := new(edwards25519.Point).ScalarBaseMult(s)
			sig := append(r.Bytes(), s.Bytes()...)
			check("small-order key "+h[:8], pub, randBytes(i*7), sig)
			check("small-order key, random signature "+h[:8], pub, randBytes(i), randBytes(64))
		}
	}
	if accepted < 200 || accepted == checks {
		t.Fatalf("%d of %d checks accepted: the cases do not cover both answers", accepted, checks)
	}
	if _, err := newEd25519Verifier(make([]byte, 31)); err == nil {
		t.Error("a 31-byte key was taken")
	}
	v, err := NewVerifier(int64(cose.AlgorithmEdDSA), ed25519.PublicKey(make([]byte, 32)))
	if _, ok := v.(*ed25519Verifier); err != nil || !ok {
		t.Errorf("NewVerifier(EdDSA) = %T, %v; want the cached verifier", v, err)
	}
}

// detBytes returns n bytes from rnd: inputs a failure can be rerun with.
func detBytes(rnd *mrand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rnd.Uint32())
	}
	return b
}

func reverse(b []byte) []byte {
	r := make([]byte, len(b))
	for i := range b {
		r[len(b)-1-i] = b[i]
	}
	return r
}
