package verifier_test

import (
	"crypto"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
	"github.com/venuepass/venuepass/wallet"
)

// A presentation whose protected header names another algorithm than the
// holder key's is refused even though its signature, made with the holder's
// key over exactly those headers, verifies under the key's own algorithm:
// the algorithm comes from the key, and a message that says otherwise is
// not the holder's (FORMAT.md section 3).
func TestPresentationAlgMismatch(t *testing.T) {
	f := newFixture(t, nil)
	holder, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	card := issue(t, f.club, &verifier.Credential{Type: verifier.Membership, Iss: "club", Name: "H", HolderKey: holder.Public()})
	v := verifier.New(f.list, verifier.Config{Now: at(t0), Venue: "PARK"})

	// The honest presentation, taken apart: its payload is reused as is.
	honest, err := wallet.Present(holder, card, t0, "PARK")
	if err != nil {
		t.Fatal(err)
	}
	_, cose, err := wire.DecodeText(honest)
	if err != nil {
		t.Fatal(err)
	}
	outer, err := wire.ParseSign1NoKid(cose)
	if err != nil {
		t.Fatal(err)
	}
	resign := func(alg int64) string {
		t.Helper()
		protected, err := cborx.Marshal(map[int]any{wire.HeaderAlg: alg})
		if err != nil {
			t.Fatal(err)
		}
		// Ed25519 signs the message itself (crypto.Hash(0)).
		sig, err := holder.Sign(rand.Reader, wire.ToBeSigned(protected, outer.Payload), crypto.Hash(0))
		if err != nil {
			t.Fatal(err)
		}
		msg, err := cborx.Marshal(cborx.Tag{Number: wire.TagSign1, Content: []any{protected, map[int]any{}, outer.Payload, sig}})
		if err != nil {
			t.Fatal(err)
		}
		return wire.EncodeText(wire.PrefixPresentation, msg)
	}
	// The same construction with the right algorithm is accepted, so the
	// refusal below is the algorithm's alone.
	if d := v.Verify(resign(wire.AlgEdDSA)); !d.Accepted {
		t.Fatalf("re-signed presentation with the holder key's alg: %q %v", d.Reason, d.Err)
	}
	for _, alg := range []int64{wire.AlgES256, wire.AlgES384, wire.AlgPS256} {
		// A fresh guard each time: replay must not be what refuses it.
		v := verifier.New(f.list, verifier.Config{Now: at(t0), Venue: "PARK"})
		d := v.Verify(resign(alg))
		if d.Accepted || d.Reason != verifier.ReasonBadSignature {
			t.Errorf("presentation headed %s, signed with the EdDSA holder key: accepted=%v %q %v, want bad_signature",
				wire.AlgName(alg), d.Accepted, d.Reason, d.Err)
			continue
		}
		if !strings.Contains(d.Err.Error(), "differs from the holder key") {
			t.Errorf("presentation headed %s: %v, want the algorithm named as the cause", wire.AlgName(alg), d.Err)
		}
	}
}
