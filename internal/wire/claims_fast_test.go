package wire

import (
	"reflect"
	"testing"
)

// The fast path may only take payloads the generic path accepts, and must
// read them identically.
func FuzzClaimsFastPath(f *testing.F) {
	c := &Claims{Iss: "acme", Sub: "E-1", Exp: 1800000000, Iat: 1780000000, Nbf: 1780000001, HasNbf: true,
		CTI: []byte("0123456789abcdef"), Type: 1, Name: "Kim", Org: "ACME", Zones: []string{"A", "B"},
		Tier: "VIP", Event: "E", Seat: "S", Title: "T", Number: "N", Status: &StatusRef{URI: "u", Idx: 7},
		BirthYear: 1990, Photo: []byte("0123456789abcdef")}
	full, err := MarshalClaims(c, map[int]any{1: 1, -1: 6, -2: make([]byte, 32)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(full)
	minimal, _ := MarshalClaims(&Claims{Iss: "a", Exp: 2, Iat: 1, CTI: make([]byte, 8), Type: 3, Name: "n"}, nil)
	f.Add(minimal)
	f.Add([]byte{0xa0})
	f.Fuzz(func(t *testing.T, payload []byte) {
		fast, ok := parseClaimsFast(payload)
		generic, err := parseClaimsGeneric(payload)
		if !ok {
			return
		}
		if err != nil {
			t.Fatalf("fast path took a payload the generic path rejects: %v", err)
		}
		if !reflect.DeepEqual(fast, generic) {
			t.Fatalf("paths differ:\nfast    %+v\ngeneric %+v", fast, generic)
		}
	})
}

func TestClaimsFastPathTakesTypicalPayloads(t *testing.T) {
	c := &Claims{Iss: "acme", Exp: 1800000000, Iat: 1780000000, CTI: []byte("0123456789abcdef"), Type: 2, Name: "Kim", Zones: []string{}}
	p, err := MarshalClaims(c, map[int]any{1: 1, -1: 6, -2: make([]byte, 32)})
	if err != nil {
		t.Fatal(err)
	}
	fast, ok := parseClaimsFast(p)
	if !ok {
		t.Fatal("fast path refused a typical payload")
	}
	generic, err := parseClaimsGeneric(p)
	if err != nil || !reflect.DeepEqual(fast, generic) {
		t.Fatalf("paths differ: %+v %+v %v", fast, generic, err)
	}
	// A null where text belongs is not "absent": only the generic path
	// decides, and it rejects.
	withNull := append([]byte(nil), p...)
	withNull[0]++ // one more map entry
	withNull = append(withNull, 0x02, 0xf6)
	if _, ok := parseClaimsFast(withNull); ok {
		t.Fatal("fast path took sub: null")
	}
	if _, err := ParseClaims(withNull); err == nil {
		t.Fatal("sub: null accepted")
	}
}
