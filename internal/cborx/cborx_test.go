package cborx

import (
	"bytes"
	"testing"
)

// nested returns n arrays, one inside the other, around an integer.
func nested(n int) []byte { return append(bytes.Repeat([]byte{0x81}, n), 0x01) }

func array(n int) []byte {
	b := []byte{0x99, byte(n >> 8), byte(n)}
	return append(b, bytes.Repeat([]byte{0x01}, n)...)
}

func TestStrictMode(t *testing.T) {
	var v any
	for name, in := range map[string][]byte{
		"16 levels":     nested(16),
		"1024 elements": array(1024),
		"utf-8":         {0x62, 0xc3, 0xa9},
	} {
		if err := Unmarshal(in, &v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, in := range map[string][]byte{
		"17 levels":         nested(17),
		"1025 elements":     array(1025),
		"duplicate keys":    {0xa2, 0x01, 0x01, 0x01, 0x02},
		"duplicate 1 vs 1":  {0xa2, 0x01, 0x01, 0x18, 0x01, 0x02},
		"indefinite array":  {0x9f, 0x01, 0xff},
		"indefinite string": {0x5f, 0x41, 0x01, 0xff},
		"tag":               {0xc1, 0x01},
		"invalid utf-8":     {0x62, 0xc3, 0x28},
		"trailing":          {0x01, 0x00},
		"truncated":         {0x62, 0x61},
		"bstr map key":      {0xa1, 0x41, 0x01, 0x01},
		"huge uint":         {0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	} {
		if err := Unmarshal(in, &v); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// The trust list mode takes long arrays, with the same other rules.
	if err := UnmarshalTrustList(array(5000), &v); err != nil {
		t.Errorf("trust list mode, 5000 elements: %v", err)
	}
	if err := UnmarshalTrustList(nested(17), &v); err == nil {
		t.Error("trust list mode: 17 levels accepted")
	}
}

func TestDeterministicEncoding(t *testing.T) {
	got, err := Marshal(map[int]any{10: 1, -1: 2, 1: 3, 100: []byte{1}})
	if err != nil {
		t.Fatal(err)
	}
	// RFC 8949 section 4.2.1: keys sorted by their encoded bytes.
	want := []byte{0xa4, 0x01, 0x03, 0x0a, 0x01, 0x18, 0x64, 0x41, 0x01, 0x20, 0x02}
	if !bytes.Equal(got, want) {
		t.Fatalf("got % x, want % x", got, want)
	}
}
