package wire

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"

	"github.com/venuepass/venuepass/internal/cborx"
)

func benchCose(b *testing.B) (string, []byte) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	c := &Claims{Iss: "acme", Sub: "E-1042", Exp: 1800000000, Iat: 1780000000, CTI: make([]byte, 16), Type: 1, Name: "Kim Min-jun", Org: "ACME", Zones: []string{"HQ-MAIN"}}
	p, err := MarshalClaims(c, nil)
	if err != nil {
		b.Fatal(err)
	}
	kid := make([]byte, 8)
	cose, err := Sign(priv, AlgEdDSA, kid, "", p)
	if err != nil {
		b.Fatal(err)
	}
	return EncodeText(PrefixCredential, cose), cose
}

func BenchmarkParseStages(b *testing.B) {
	text, cose := benchCose(b)
	msg, _ := ParseSign1(cose)
	b.Run("DecodeText", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			DecodeText(text)
		}
	})
	b.Run("ParseSign1", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ParseSign1(cose)
		}
	})
	b.Run("ParseClaims", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ParseClaims(msg.Payload)
		}
	})
	b.Run("ToBeSigned", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			ToBeSigned(msg.Protected, msg.Payload)
		}
	})
	b.Run("GenericAny", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v any
			cborx.Unmarshal(msg.Payload, &v)
		}
	})
}
