package wire

import (
	"bytes"
	"testing"

	"github.com/venuepass/venuepass/internal/cborx"
)

// Body keys 10 (birth year) and 11 (photo digest) of FORMAT.md section 2:
// decoded when well typed, malformed when not, and unknown body keys are
// still ignored.
func TestBodyBirthYearAndPhoto(t *testing.T) {
	photo := bytes.Repeat([]byte{0xab}, 16)
	payload := func(body map[int]any) []byte {
		t.Helper()
		p, err := cborx.Marshal(map[int]any{ClaimIss: "acme", ClaimExp: 2, ClaimIat: 1, ClaimCti: make([]byte, 8), ClaimVP: body})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	c, err := ParseClaims(payload(map[int]any{BodyType: 1, BodyName: "Kim", BodyBirth: 1990, BodyPhoto: photo, 99: "future"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.BirthYear != 1990 || !bytes.Equal(c.Photo, photo) {
		t.Fatalf("birth year %d, photo %x", c.BirthYear, c.Photo)
	}
	c, err = ParseClaims(payload(map[int]any{BodyType: 1, BodyName: "Kim"}))
	if err != nil || c.BirthYear != 0 || c.Photo != nil {
		t.Fatalf("absent fields: %+v, %v", c, err)
	}
	for name, body := range map[string]map[int]any{
		"birth year text":     {BodyType: 1, BodyName: "Kim", BodyBirth: "1990"},
		"birth year negative": {BodyType: 1, BodyName: "Kim", BodyBirth: -1990},
		"photo text":          {BodyType: 1, BodyName: "Kim", BodyPhoto: "abc"},
		"photo short":         {BodyType: 1, BodyName: "Kim", BodyPhoto: photo[:15]},
		"photo long":          {BodyType: 1, BodyName: "Kim", BodyPhoto: append(photo, 0)},
	} {
		// Of the wrong type they are absent, never a rejection.
		if c, err := ParseClaims(payload(body)); err != nil || c.BirthYear != 0 || c.Photo != nil {
			t.Errorf("%s: got %+v, %v, want accepted without birth year and photo", name, c, err)
		}
	}
	// MarshalClaims writes both, and they read back.
	in := &Claims{Iss: "acme", Exp: 2, Iat: 1, CTI: make([]byte, 8), Type: 1, Name: "Kim", BirthYear: 2001, Photo: photo}
	p, err := MarshalClaims(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := ParseClaims(p)
	if err != nil || out.BirthYear != 2001 || !bytes.Equal(out.Photo, photo) {
		t.Fatalf("round trip: %+v, %v", out, err)
	}
}
