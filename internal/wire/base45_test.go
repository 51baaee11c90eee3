package wire

import (
	"bytes"
	"testing"
)

// Base45 is a bijection between valid text and bytes: every decoded text
// re-encodes to itself, and every byte string survives a round trip.
func FuzzBase45(f *testing.F) {
	for _, s := range []string{"BB8", "%69 VD92EX0", "GGW", "GG", "FGW", "U5", "", "A", "ab"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if raw, err := Base45Decode(s); err == nil {
			if got := Base45Encode(raw); got != s {
				t.Fatalf("decode(%q) = %x re-encodes to %q", s, raw, got)
			}
		}
		raw := []byte(s)
		if got, err := Base45Decode(Base45Encode(raw)); err != nil || !bytes.Equal(got, raw) {
			t.Fatalf("round trip of %x: %x, %v", raw, got, err)
		}
	})
}
