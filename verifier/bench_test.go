package verifier_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

// benchSetup signs one employee badge with a key of alg and builds a trust
// list of 1,000 issuers that includes that key.
func benchSetup(b *testing.B, alg string) (v *verifier.Verifier, text string, key *issuer.Key) {
	b.Helper()
	key, err := issuer.GenerateKey(alg)
	if err != nil {
		b.Fatal(err)
	}
	anchor, err := issuer.GenerateKey("")
	if err != nil {
		b.Fatal(err)
	}
	now := time.Unix(1790000000, 0)
	c := &trustlist.Contents{Seq: 1, IssuedAt: now, NextUpdate: now.Add(24 * time.Hour), Expires: now.Add(48 * time.Hour)}
	filler, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 999; i++ {
		// Distinct kids, one shared filler key: the lookup must not care.
		kid := []byte(fmt.Sprintf("k%07d", i))
		c.Issuers = append(c.Issuers, &trustlist.Issuer{Kid: kid, Key: filler.Public(), Iss: fmt.Sprintf("filler-%d", i), Name: "Filler"})
	}
	c.Issuers = append(c.Issuers, &trustlist.Issuer{Kid: key.KeyID(), Key: key.Public(), Iss: "acme", Name: "ACME"})
	data, err := trustlist.Sign(c, anchor)
	if err != nil {
		b.Fatal(err)
	}
	list, err := trustlist.Parse(data, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		b.Fatal(err)
	}
	text, err = key.Issue(&verifier.Credential{
		Type: verifier.Employee, Iss: "acme", Sub: "E-1042", Name: "Kim Min-jun", Org: "ACME",
		Zones: []string{"HQ-MAIN"}, IssuedAt: now.Add(-time.Hour), Expires: now.Add(30 * 24 * time.Hour),
	})
	if err != nil {
		b.Fatal(err)
	}
	v = verifier.New(list, verifier.Config{Now: func() time.Time { return now }})
	if d := v.Verify(text); !d.Accepted {
		b.Fatalf("setup credential rejected: %v", d.Err)
	}
	return v, text, key
}

var benchAlgs = []string{issuer.ES256, issuer.EdDSA, issuer.ES384, issuer.PS256}

// BenchmarkVerify measures QR text to decision against a trust list of 1,000
// issuers. Compare with BenchmarkSignatureOnly, the bare signature check of
// the same credential: the target is Verify >= 0.95x its throughput for
// ES256 and EdDSA (BenchmarkVerifyRatio measures the two side by side).
func BenchmarkVerify(b *testing.B) {
	for _, alg := range benchAlgs {
		b.Run(alg, func(b *testing.B) {
			v, text, _ := benchSetup(b, alg)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if d := v.Verify(text); !d.Accepted {
					b.Fatal(d.Err)
				}
			}
		})
	}
}

// BenchmarkSignatureOnly is the baseline: the bare crypto/ecdsa,
// crypto/ed25519 or crypto/rsa verification (hash included) of the
// signature inside the same credential.
func BenchmarkSignatureOnly(b *testing.B) {
	for _, alg := range benchAlgs {
		b.Run(alg, func(b *testing.B) {
			_, text, key := benchSetup(b, alg)
			verify := bareCheck(b, alg, text, key)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if !verify() {
					b.Fatal("signature does not verify")
				}
			}
		})
	}
}

// BenchmarkVerifyRatio alternates one Verify and one bare signature check
// of the same credential and reports sig/verify, the ratio of the median
// bare check to the median Verify (the throughput ratio of Verify to the
// bare check). On a shared machine the load changes between the separate
// runs of BenchmarkVerify and BenchmarkSignatureOnly, and a preemption lands
// whole in one call; side-by-side calls and medians are immune to both.
func BenchmarkVerifyRatio(b *testing.B) {
	for _, alg := range benchAlgs {
		b.Run(alg, func(b *testing.B) {
			v, text, key := benchSetup(b, alg)
			bare := bareCheck(b, alg, text, key)
			var inVerify, inBare []time.Duration
			b.ResetTimer()
			for b.Loop() {
				t0 := time.Now()
				if d := v.Verify(text); !d.Accepted {
					b.Fatal(d.Err)
				}
				t1 := time.Now()
				if !bare() {
					b.Fatal("signature does not verify")
				}
				t2 := time.Now()
				inVerify, inBare = append(inVerify, t1.Sub(t0)), append(inBare, t2.Sub(t1))
			}
			mv, mb := median(inVerify), median(inBare)
			b.ReportMetric(float64(mb)/float64(mv), "sig/verify")
			b.ReportMetric(float64(mv.Nanoseconds()), "verify-ns")
			b.ReportMetric(float64(mb.Nanoseconds()), "sig-ns")
		})
	}
}

func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

// bareCheck returns the bare signature check of the credential in text.
func bareCheck(b *testing.B, alg, text string, key *issuer.Key) func() bool {
	b.Helper()
	_, cose, err := wire.DecodeText(text)
	if err != nil {
		b.Fatal(err)
	}
	msg, err := wire.ParseSign1(cose)
	if err != nil {
		b.Fatal(err)
	}
	tbs := wire.ToBeSigned(msg.Protected, msg.Payload)
	sig := msg.Signature
	switch pub := key.Public().(type) {
	case *ecdsa.PublicKey:
		n := len(sig) / 2
		r, s := new(big.Int).SetBytes(sig[:n]), new(big.Int).SetBytes(sig[n:])
		if alg == issuer.ES384 {
			return func() bool { h := sha512.Sum384(tbs); return ecdsa.Verify(pub, h[:], r, s) }
		}
		return func() bool { h := sha256.Sum256(tbs); return ecdsa.Verify(pub, h[:], r, s) }
	case ed25519.PublicKey:
		return func() bool { return ed25519.Verify(pub, tbs, sig) }
	case *rsa.PublicKey:
		// PS256 (RFC 8230): RSASSA-PSS with SHA-256, MGF1-SHA-256 and a
		// salt as long as the hash, on bare crypto/rsa.
		opts := &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: crypto.SHA256}
		return func() bool {
			h := sha256.Sum256(tbs)
			return rsa.VerifyPSS(pub, crypto.SHA256, h[:], sig, opts) == nil
		}
	}
	b.Fatalf("no bare check for a %T key", key.Public())
	return nil
}
