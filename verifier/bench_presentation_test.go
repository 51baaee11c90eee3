package verifier_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
	"github.com/venuepass/venuepass/wallet"
)

// presentationBench is a venue's flow of holder presentations for the
// benchmark: cards holder-bound membership cards (issuer and holder keys of
// alg) presented in turn, presRate presentations a second, so that the
// verifier's real replay guard (the default MemoryReplayGuard) records every
// one and holds the pairs of the last window as at a busy gate.
type presentationBench struct {
	v            *verifier.Verifier
	now          atomic.Int64 // the verifier's clock, in ms
	holders      []*issuer.Key
	cards        []string
	issuerKey    crypto.PublicKey
	holderKey    crypto.PublicKey
	firstPresent string
}

const (
	presCards = 1000 // holders; one card presented again after presCards/presRate s
	presRate  = 20   // presentations per second
)

var presStart = time.Unix(1790000000, 0)

func presentationSetup(b *testing.B, alg string) *presentationBench {
	b.Helper()
	club, err := issuer.GenerateKey(alg)
	if err != nil {
		b.Fatal(err)
	}
	anchor, _ := issuer.GenerateKey(issuer.EdDSA)
	now := presStart
	data, err := trustlist.Sign(&trustlist.Contents{Seq: 1, IssuedAt: now, NextUpdate: now.Add(24 * time.Hour), Expires: now.Add(48 * time.Hour),
		Issuers: []*trustlist.Issuer{{Kid: club.KeyID(), Key: club.Public(), Iss: "club", Name: "Club"}}}, anchor)
	if err != nil {
		b.Fatal(err)
	}
	list, err := trustlist.Parse(data, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		b.Fatal(err)
	}
	p := &presentationBench{issuerKey: club.Public()}
	for i := 0; i < presCards; i++ {
		holder, err := issuer.GenerateKey(alg)
		if err != nil {
			b.Fatal(err)
		}
		card, err := club.Issue(&verifier.Credential{Type: verifier.Membership, Iss: "club", Name: fmt.Sprintf("Zoë Ångström %d", i), Tier: "Season",
			HolderKey: holder.Public(), IssuedAt: now.Add(-time.Hour), Expires: now.Add(24 * time.Hour)})
		if err != nil {
			b.Fatal(err)
		}
		p.holders, p.cards = append(p.holders, holder), append(p.cards, card)
	}
	p.holderKey = p.holders[0].Public()
	p.v = verifier.New(list, verifier.Config{Now: func() time.Time { return time.UnixMilli(p.now.Load()) }, Venue: "LIONS-PARK"})
	p.firstPresent = p.present(b, 0)
	return p
}

// at returns the time of the i-th presentation of the flow.
func presAt(i int) time.Time { return presStart.Add(time.Duration(i) * time.Second / presRate) }

// present makes the i-th presentation of the flow: card i mod presCards,
// made 2 s before it is shown (a phone's clock).
func (p *presentationBench) present(b *testing.B, i int) string {
	b.Helper()
	k := i % presCards
	pres, err := wallet.Present(p.holders[k], p.cards[k], presAt(i).Add(-2*time.Second), "LIONS-PARK")
	if err != nil {
		b.Fatal(err)
	}
	return pres
}

// BenchmarkVerifyPresentation is a holder presentation from QR text to
// decision, every one recorded by the verifier's default replay guard (made
// beforehand, outside the timer); BenchmarkTwoSignatures is its baseline,
// the two bare signature checks it contains. Target: ratio >= 0.85.
func BenchmarkVerifyPresentation(b *testing.B) {
	for _, alg := range []string{issuer.ES256, issuer.EdDSA} {
		b.Run(alg, func(b *testing.B) {
			p := presentationSetup(b, alg)
			// The whole run's presentations, made before the timer runs;
			// b.N grows between runs of this function, and so does the set.
			codes := make([]string, b.N)
			for i := range codes {
				codes[i] = p.present(b, i)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p.now.Store(presAt(i).UnixMilli())
				if d := p.v.Verify(codes[i]); !d.Accepted {
					b.Fatal(i, d.Reason, d.Err)
				}
			}
			b.StopTimer()
			// The last one shown again is a replay: the guard recorded it.
			if d := p.v.Verify(codes[b.N-1]); d.Reason != verifier.ReasonReplay {
				b.Fatalf("shown again: %q, want replay", d.Reason)
			}
		})
	}
}

func BenchmarkTwoSignatures(b *testing.B) {
	for _, alg := range []string{issuer.ES256, issuer.EdDSA} {
		b.Run(alg, func(b *testing.B) {
			p := presentationSetup(b, alg)
			bare := twoSignatures(b, p)
			b.ReportAllocs()
			for b.Loop() {
				if !bare() {
					b.Fatal("signature does not verify")
				}
			}
		})
	}
}

// BenchmarkVerifyPresentationRatio alternates one presentation Verify (the
// real replay guard recording it) and the two bare signature checks, and
// reports the ratio of their medians as BenchmarkVerifyRatio does: on a
// shared machine the separate runs above move with the load.
func BenchmarkVerifyPresentationRatio(b *testing.B) {
	for _, alg := range []string{issuer.ES256, issuer.EdDSA} {
		b.Run(alg, func(b *testing.B) {
			p := presentationSetup(b, alg)
			bare := twoSignatures(b, p)
			codes := make([]string, b.N)
			for i := range codes {
				codes[i] = p.present(b, i)
			}
			inVerify, inBare := make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p.now.Store(presAt(i).UnixMilli())
				t0 := time.Now()
				if d := p.v.Verify(codes[i]); !d.Accepted {
					b.Fatal(i, d.Reason, d.Err)
				}
				t1 := time.Now()
				if !bare() {
					b.Fatal("signature does not verify")
				}
				t2 := time.Now()
				inVerify, inBare = append(inVerify, t1.Sub(t0)), append(inBare, t2.Sub(t1))
			}
			mv, mb := median(inVerify), median(inBare)
			b.ReportMetric(float64(mb)/float64(mv), "sigs/verify")
			b.ReportMetric(float64(mv.Nanoseconds()), "verify-ns")
			b.ReportMetric(float64(mb.Nanoseconds()), "sigs-ns")
		})
	}
}

// twoSignatures returns the two bare checks (crypto/ecdsa or
// crypto/ed25519, hash included) of a presentation of p: the issuer's
// signature of the card and the holder's of the presentation.
func twoSignatures(b *testing.B, p *presentationBench) func() bool {
	b.Helper()
	_, outerBytes, _ := wire.DecodeText(p.firstPresent)
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
	return func() bool {
		return check(p.issuerKey, innerTBS, inner.Signature) && check(p.holderKey, outerTBS, outer.Signature)
	}
}
