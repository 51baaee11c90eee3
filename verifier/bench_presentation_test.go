package verifier_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"math/big"
	"testing"
	"time"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
	"github.com/venuepass/venuepass/wallet"
)

// forgetful is a ReplayGuard that never reports a replay, so that the
// benchmark can present the same code repeatedly.
type forgetful struct{}

func (forgetful) Seen([]byte, int64, time.Time) bool { return false }

// presentationSetup issues a holder-bound membership card with issuer and
// holder keys of alg and returns a verifier and one presentation.
func presentationSetup(b *testing.B, alg string) (v *verifier.Verifier, pres string, issuerKey, holderKey crypto.PublicKey) {
	b.Helper()
	club, err := issuer.GenerateKey(alg)
	if err != nil {
		b.Fatal(err)
	}
	holder, err := issuer.GenerateKey(alg)
	if err != nil {
		b.Fatal(err)
	}
	anchor, _ := issuer.GenerateKey(issuer.EdDSA)
	now := time.Unix(1790000000, 0)
	data, err := trustlist.Sign(&trustlist.Contents{Seq: 1, IssuedAt: now, NextUpdate: now.Add(time.Hour), Expires: now.Add(2 * time.Hour),
		Issuers: []*trustlist.Issuer{{Kid: club.KeyID(), Key: club.Public(), Iss: "club", Name: "Club"}}}, anchor)
	if err != nil {
		b.Fatal(err)
	}
	list, err := trustlist.Parse(data, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		b.Fatal(err)
	}
	card, err := club.Issue(&verifier.Credential{Type: verifier.Membership, Iss: "club", Name: "Zoë Ångström", Tier: "Season",
		HolderKey: holder.Public(), IssuedAt: now.Add(-time.Hour), Expires: now.Add(24 * time.Hour)})
	if err != nil {
		b.Fatal(err)
	}
	pres, err = wallet.Present(holder, card, now, "LIONS-PARK")
	if err != nil {
		b.Fatal(err)
	}
	v = verifier.New(list, verifier.Config{Now: func() time.Time { return now }, Venue: "LIONS-PARK", Replay: forgetful{}})
	if d := v.Verify(pres); !d.Accepted {
		b.Fatal(d.Err)
	}
	return v, pres, club.Public(), holder.Public()
}

// BenchmarkVerifyPresentation is a holder presentation from QR text to
// decision; BenchmarkTwoSignatures is its baseline, the two bare signature
// checks it contains. Target: ratio >= 0.85.
func BenchmarkVerifyPresentation(b *testing.B) {
	for _, alg := range []string{issuer.ES256, issuer.EdDSA} {
		b.Run(alg, func(b *testing.B) {
			v, pres, _, _ := presentationSetup(b, alg)
			b.ReportAllocs()
			for b.Loop() {
				if d := v.Verify(pres); !d.Accepted {
					b.Fatal(d.Err)
				}
			}
		})
	}
}

func BenchmarkTwoSignatures(b *testing.B) {
	for _, alg := range []string{issuer.ES256, issuer.EdDSA} {
		b.Run(alg, func(b *testing.B) {
			_, pres, issuerKey, holderKey := presentationSetup(b, alg)
			_, outerBytes, _ := wire.DecodeText(pres)
			outer, err := wire.ParseSign1NoKid(outerBytes)
			if err != nil {
				b.Fatal(err)
			}
			var payload map[any]any
			if err := cborx.Unmarshal(outer.Payload, &payload); err != nil {
				b.Fatal(err)
			}
			inner, err := wire.ParseSign1(payload[int64(1)].([]byte))
			if err != nil {
				b.Fatal(err)
			}
			innerTBS := wire.ToBeSigned(inner.Protected, inner.Payload)
			outerTBS := wire.ToBeSigned(outer.Protected, outer.Payload)
			check := func(pub any, tbs, sig []byte) bool {
				switch k := pub.(type) {
				case *ecdsa.PublicKey:
					h := sha256.Sum256(tbs)
					return ecdsa.Verify(k, h[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:]))
				case ed25519.PublicKey:
					return ed25519.Verify(k, tbs, sig)
				}
				return false
			}
			b.ReportAllocs()
			for b.Loop() {
				if !check(issuerKey, innerTBS, inner.Signature) || !check(holderKey, outerTBS, outer.Signature) {
					b.Fatal("signature does not verify")
				}
			}
		})
	}
}
