package wire

import (
	"reflect"
	"testing"

	"github.com/venuepass/venuepass/internal/cborx"
)

// parseClaimsFast and parseSign1Fast are the fast paths as functions of
// their input alone, for the tests.
func parseClaimsFast(payload []byte) (*Claims, bool) {
	c := &Claims{}
	if !parseClaimsFastInto(c, payload) {
		return nil, false
	}
	return c, true
}

func parseSign1Fast(data []byte, needKid bool) (*Sign1, bool) {
	m := &Sign1{}
	if !parseSign1FastInto(m, data, needKid) {
		return nil, false
	}
	return m, true
}

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

// The Sign1 fast path may only take messages the generic path accepts, and
// must read them identically.
func FuzzSign1FastPath(f *testing.F) {
	for _, s := range seedTexts(f) {
		if _, cose, err := DecodeText(s); err == nil {
			f.Add(cose)
		}
	}
	f.Add([]byte{0xD2, 0x84, 0x43, 0xA1, 0x01, 0x27, 0xA0, 0x40, 0x40})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || data[0] != 0xD2 {
			return
		}
		for _, needKid := range []bool{true, false} {
			fast, ok := parseSign1Fast(data, needKid)
			generic, err := parseSign1Generic(data, needKid)
			if !ok {
				continue
			}
			if err != nil {
				t.Fatalf("needKid %v: fast path took a message the generic path rejects: %v", needKid, err)
			}
			if !reflect.DeepEqual(fast, generic) {
				t.Fatalf("needKid %v: paths differ:\nfast    %+v\ngeneric %+v", needKid, fast, generic)
			}
		}
	})
}

// Duplicate keys, non-empty unprotected headers and extra header labels are
// left to the generic path, which decides as before.
func TestFastPathsLeaveTheUnusualToTheGenericPath(t *testing.T) {
	enc := func(v any) []byte {
		t.Helper()
		b, err := cborx.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	sign1 := func(protected []byte, unprotected map[int]any) []byte {
		return enc(cborx.Tag{Number: TagSign1, Content: []any{protected, unprotected, []byte{0xa0}, []byte("sig")}})
	}
	good := sign1(enc(map[int]any{HeaderAlg: AlgEdDSA, HeaderKid: []byte("kid12345")}), map[int]any{})
	if _, ok := parseSign1Fast(good, true); !ok {
		t.Fatal("fast path refused a usual message")
	}
	noKid := sign1(enc(map[int]any{HeaderAlg: AlgEdDSA}), map[int]any{})
	if _, ok := parseSign1Fast(noKid, false); !ok {
		t.Fatal("fast path refused a presentation header")
	}
	if _, ok := parseSign1Fast(noKid, true); ok {
		t.Fatal("fast path took a credential without kid")
	}
	// {1: -8, 1: -8}: a duplicate alg.
	dupAlg := sign1([]byte{0xa2, 0x01, 0x27, 0x01, 0x27}, map[int]any{})
	for name, msg := range map[string][]byte{
		"duplicate alg":        dupAlg,
		"unprotected kid":      sign1(enc(map[int]any{HeaderAlg: AlgEdDSA}), map[int]any{HeaderKid: []byte("kid12345")}),
		"content type":         sign1(enc(map[int]any{HeaderAlg: AlgEdDSA, HeaderKid: []byte("k"), HeaderContentType: "x"}), map[int]any{}),
		"trailing byte":        append(append([]byte(nil), good...), 0x00),
		"kid as text":          sign1(enc(map[int]any{HeaderAlg: AlgEdDSA, HeaderKid: "kid12345"}), map[int]any{}),
		"indefinite protected": sign1([]byte{0xbf, 0x01, 0x27, 0xff}, map[int]any{}),
	} {
		if _, ok := parseSign1Fast(msg, true); ok {
			t.Errorf("%s: fast path took it", name)
		}
	}
	if _, err := ParseSign1(dupAlg); err == nil {
		t.Error("duplicate alg accepted")
	}

	// Claims: a duplicate known key, in the claims and in the body.
	p, err := MarshalClaims(&Claims{Iss: "acme", Exp: 2, Iat: 1, CTI: make([]byte, 8), Type: 1, Name: "Kim"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dupIss := append([]byte{p[0] + 1}, p[1:]...)
	dupIss = append(dupIss, enc(ClaimIss)...)
	dupIss = append(dupIss, enc("evil")...)
	dupName := enc(map[int]any{ClaimIss: "acme", ClaimExp: 2, ClaimIat: 1, ClaimCti: make([]byte, 8),
		ClaimVP: cborx.RawMessage([]byte{0xa3, 0x01, 0x01, 0x02, 0x63, 'K', 'i', 'm', 0x02, 0x62, 'E', 'v'})})
	badUTF8 := enc(map[int]any{ClaimIss: cborx.RawMessage([]byte{0x62, 0xc3, 0x28}), ClaimExp: 2, ClaimIat: 1, ClaimCti: make([]byte, 8),
		ClaimVP: map[int]any{BodyType: 1, BodyName: "Kim"}})
	for name, payload := range map[string][]byte{"duplicate iss": dupIss, "duplicate name": dupName, "invalid UTF-8": badUTF8} {
		if _, ok := parseClaimsFast(payload); ok {
			t.Errorf("%s: fast path took it", name)
		}
		if _, err := ParseClaims(payload); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// A nested map the fast path decodes on its own (cnf) still counts its
// nesting from the claims map: 17 levels in all is over the strict limit.
func TestFastPathNestingCountsFromTheTop(t *testing.T) {
	nest := func(levels int) []byte {
		b := []byte{}
		for range levels {
			b = append(b, 0x81) // [ ... ]
		}
		return append(b, 0x01)
	}
	for _, tc := range []struct {
		levels int
		ok     bool
	}{{14, true}, {15, false}} {
		cnf := append([]byte{0xa1, 0x01}, nest(tc.levels)...)
		p, err := cborx.Marshal(map[int]any{ClaimIss: "acme", ClaimExp: 2, ClaimIat: 1, ClaimCti: make([]byte, 8),
			ClaimCnf: cborx.RawMessage(cnf), ClaimVP: map[int]any{BodyType: 1, BodyName: "Kim"}})
		if err != nil {
			t.Fatal(err)
		}
		_, fastOK := parseClaimsFast(p)
		_, genericErr := parseClaimsGeneric(p)
		if fastOK != tc.ok || (genericErr == nil) != tc.ok {
			t.Errorf("cnf nested %d levels deeper: fast %v, generic %v; want ok %v", tc.levels, fastOK, genericErr, tc.ok)
		}
	}
}
