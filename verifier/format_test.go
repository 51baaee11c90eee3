package verifier_test

import (
	"crypto"
	"crypto/rand"
	"testing"
	"time"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// raw builds a credential by hand, so that each case can break one rule of
// docs/FORMAT.md: hdr is the protected header map, unprot the unprotected
// one, claims the payload map; the signature is correct.
func raw(t *testing.T, k *issuer.Key, hdr map[int]any, unprot map[any]any, claims map[int]any) []byte {
	t.Helper()
	protected, err := cborx.Marshal(hdr)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := cborx.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := k.Sign(rand.Reader, wire.ToBeSigned(protected, payload), crypto.Hash(0))
	if err != nil {
		t.Fatal(err)
	}
	if unprot == nil {
		unprot = map[any]any{}
	}
	cose, err := cborx.Marshal(cborx.Tag{Number: wire.TagSign1, Content: []any{protected, unprot, payload, sig}})
	if err != nil {
		t.Fatal(err)
	}
	return cose
}

// TestFormatClarifications checks the readings docs/FORMAT.md fixes where
// the reference is silent (its Appendix A), each against the verifier.
func TestFormatClarifications(t *testing.T) {
	now := t0
	f := newFixture(t, nil)
	k, list := f.acme, f.list
	holder, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	hdr := func() map[int]any { return map[int]any{1: wire.AlgEdDSA, 4: k.KeyID()} }
	claims := func(body map[int]any) map[int]any {
		b := map[int]any{1: 1, 2: "Kim Min-jun"}
		for key, v := range body {
			b[key] = v
		}
		return map[int]any{1: "acme", 4: now.Add(time.Hour).Unix(), 6: now.Add(-time.Hour).Unix(),
			7: []byte("0123456789ab"), -65537: b}
	}
	holderKey, _ := wire.EncodeKey(holder.Public())
	bound := claims(nil)
	bound[8] = map[int]any{1: holderKey}
	boundCOSE := raw(t, k, hdr(), nil, bound)
	present := func(hdr map[int]any) string {
		return wire.EncodeText(wire.PrefixPresentation, raw(t, holder, hdr, nil, map[int]any{1: boundCOSE, 2: now.Unix()}))
	}

	for _, c := range []struct {
		name, note string
		text       string
		zone       string
		want       verifier.Reason // "" = accepted
	}{
		{name: "kid in both headers", note: "section 2: the protected kid counts",
			text: vp1(raw(t, k, hdr(), map[any]any{int64(4): []byte("other-id")}, claims(nil)))},
		{name: "crit in the unprotected header", note: "section 2: crit counts only when protected",
			text: vp1(raw(t, k, hdr(), map[any]any{int64(2): []any{int64(99)}}, claims(nil)))},
		{name: "short kid", note: "section 2: a kid no entry has is unknown_issuer, whatever its length",
			text: vp1(raw(t, k, map[int]any{1: wire.AlgEdDSA, 4: []byte{1, 2, 3}}, nil, claims(nil))), want: verifier.ReasonUnknownIssuer},
		{name: "empty zones, no zone set", note: "section 2",
			text: vp1(raw(t, k, hdr(), nil, claims(map[int]any{4: []string{}})))},
		{name: "empty zones at a zone", note: "section 2: an empty zones array opens no zone",
			text: vp1(raw(t, k, hdr(), nil, claims(map[int]any{4: []string{}}))), zone: "NORTH", want: verifier.ReasonWrongZone},
		{name: "keys 10 and 11 well formed", note: "section 2",
			text: vp1(raw(t, k, hdr(), nil, claims(map[int]any{10: 1990, 11: make([]byte, 16)})))},
		{name: "keys 10 and 11 of the wrong type", note: "section 2: treated as absent, never a rejection",
			text: vp1(raw(t, k, hdr(), nil, claims(map[int]any{10: "1990", 11: make([]byte, 32)})))},
		{name: "tag inside an unknown claim", note: "section 2: unknown claims are ignored, whatever kind of value they hold",
			text: vp1(raw(t, k, hdr(), nil, func() map[int]any {
				m := claims(nil)
				m[99] = cborx.Tag{Number: 1, Content: 0}
				return m
			}()))},
		{name: "unsigned integer beyond int64 and a bignum in unknown claims", note: "section 2: ignored",
			text: vp1(raw(t, k, hdr(), nil, func() map[int]any {
				m := claims(nil)
				m[99] = uint64(1) << 63
				m[100] = map[string]any{"x": cborx.Tag{Number: 2, Content: []byte{1, 0, 0, 0, 0, 0, 0, 0, 0}}}
				return m
			}()))},
		{name: "tag in an unknown body key", note: "section 2: unknown body keys are ignored",
			text: vp1(raw(t, k, hdr(), nil, claims(map[int]any{99: cborx.Tag{Number: 32, Content: "https://example.com"}})))},
		{name: "tag on a known claim", note: "section 2: exp is an int, not a tagged time",
			text: vp1(raw(t, k, hdr(), nil, func() map[int]any {
				m := claims(nil)
				m[4] = cborx.Tag{Number: 1, Content: now.Unix() + 3600}
				return m
			}())), want: verifier.ReasonMalformed},
		{name: "tag on a known body field", note: "section 2: name is text",
			text: vp1(raw(t, k, hdr(), nil, claims(map[int]any{2: cborx.Tag{Number: 0, Content: "Kim"}}))), want: verifier.ReasonMalformed},
		{name: "invalid UTF-8 in an unknown claim", note: "sections 2 and 5: CBOR rules hold for the whole payload",
			text: vp1(raw(t, k, hdr(), nil, func() map[int]any {
				m := claims(nil)
				m[99] = cborx.RawMessage{0x62, 0xC3, 0x28}
				return m
			}())), want: verifier.ReasonMalformed},
		{name: "duplicate keys in an unknown claim's map", note: "sections 2 and 5: CBOR rules hold for the whole payload",
			text: vp1(raw(t, k, hdr(), nil, func() map[int]any {
				m := claims(nil)
				m[99] = cborx.RawMessage{0xA2, 0x01, 0x01, 0x01, 0x02}
				return m
			}())), want: verifier.ReasonMalformed},
		{name: "negative type", note: "section 2: uint",
			text: vp1(raw(t, k, hdr(), nil, claims(map[int]any{1: -1}))), want: verifier.ReasonMalformed},
		{name: "org of the wrong type", note: "section 2: known body fields are typed",
			text: vp1(raw(t, k, hdr(), nil, claims(map[int]any{3: 42}))), want: verifier.ReasonMalformed},
		{name: "presentation with a kid", note: "section 3: a kid in the outer header is ignored",
			text: present(map[int]any{1: wire.AlgEdDSA, 4: []byte("whatever")})},
		{name: "presentation", note: "section 3",
			text: present(map[int]any{1: wire.AlgEdDSA})},
		{name: "whitespace around the code", note: "section 1",
			text: " \t" + vp1(raw(t, k, hdr(), nil, claims(nil))) + "\r\n"},
		{name: "4096 characters and a line end", note: "section 1: the limit counts the code, not the whitespace",
			text: sized(t, MaxText, func(pad []byte) string { return vp1(raw(t, k, hdr(), nil, padded(claims(nil), pad))) }) + "\r\n"},
		{name: "4098 characters", note: "section 1 (no Base45 text is 4097 long)",
			text: sized(t, MaxText+2, func(pad []byte) string { return vp1(raw(t, k, hdr(), nil, padded(claims(nil), pad))) }), want: verifier.ReasonTooLarge},
	} {
		v := verifier.New(list, verifier.Config{Zone: c.zone, Now: at(now)})
		d := v.Verify(c.text)
		switch {
		case c.want == "" && !d.Accepted:
			t.Errorf("%s (%s): rejected %s (%v), want accepted", c.name, c.note, d.Reason, d.Err)
		case c.want != "" && d.Reason != c.want:
			t.Errorf("%s (%s): accepted %v reason %q (%v), want %s", c.name, c.note, d.Accepted, d.Reason, d.Err, c.want)
		}
	}
}

func vp1(cose []byte) string { return wire.EncodeText(wire.PrefixCredential, cose) }

// MaxText is the QR text limit of docs/FORMAT.md section 1.
const MaxText = 4096

// padded adds an unknown claim holding pad, which verifiers ignore.
func padded(claims map[int]any, pad []byte) map[int]any {
	claims[99] = pad
	return claims
}

// sized returns the text build makes around a random (incompressible) pad
// whose size makes the text exactly n characters long.
func sized(t *testing.T, n int, build func(pad []byte) string) string {
	t.Helper()
	// Each pad byte adds about 1.5 characters of Base45: start near the
	// size that fits and try the sizes around it.
	size := (n - len(build(nil))) * 2 / 3
	for s := max(size-8, 0); s < size+8; s++ {
		pad := make([]byte, s)
		rand.Read(pad)
		if text := build(pad); len(text) == n {
			return text
		}
	}
	t.Fatalf("no pad gives a text of %d characters", n)
	return ""
}
