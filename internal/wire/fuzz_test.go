package wire

import (
	"bytes"
	"crypto"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/venuepass/venuepass/internal/cborx"
)

// seedTexts returns every QR text of the vector sets (testdata/vectors,
// testdata/interop), one per line of their .txt files.
func seedTexts(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, dir := range []string{"vectors", "interop"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", dir, "*.txt"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			for _, line := range strings.Split(string(data), "\n") {
				if line = strings.TrimRight(line, "\r"); line != "" {
					out = append(out, line)
				}
			}
		}
	}
	return out
}

// checkWireErr fails unless err wraps exactly one of ErrMalformed and
// ErrTooLarge.
func checkWireErr(t *testing.T, err error) {
	t.Helper()
	m, l := errors.Is(err, ErrMalformed), errors.Is(err, ErrTooLarge)
	if m == l {
		t.Fatalf("error %q wraps malformed=%v too_large=%v, want exactly one", err, m, l)
	}
}

func FuzzDecodeText(f *testing.F) {
	for _, s := range seedTexts(f) {
		f.Add(s)
	}
	f.Add("VP1:")
	f.Add("VPP1:6BF")
	f.Add("HC1:NCFOXN")
	f.Add(" VP1::::\r\n")
	f.Add("VP1:0RQ ") // issue 14: the oracle trimmed fewer characters than DecodeText
	f.Fuzz(func(t *testing.T, text string) {
		prefix, cose, err := DecodeText(text)
		// DecodeText ignores the whitespace around the code (FORMAT.md
		// section 1), then limits the characters left.
		trimmed := strings.Trim(text, " \t\r\n\v\f")
		if n := utf8.RuneCountInString(trimmed); n > MaxTextLen {
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("text of %d characters: err %v, want too large", n, err)
			}
			return
		}
		if errors.Is(err, ErrTooLarge) && !strings.Contains(err.Error(), "body inflates") {
			t.Fatalf("text of %d characters after trimming: %v", utf8.RuneCountInString(trimmed), err)
		}
		if err != nil {
			checkWireErr(t, err)
			if prefix != "" || cose != nil {
				t.Fatalf("error %v with prefix %q and %d bytes", err, prefix, len(cose))
			}
			return
		}
		if prefix != PrefixCredential && prefix != PrefixPresentation {
			t.Fatalf("prefix %q", prefix)
		}
		if len(cose) == 0 || len(cose) > MaxBodySize {
			t.Fatalf("body of %d bytes", len(cose))
		}
		// Base45 is a bijection between valid text and bytes: the
		// Base45 part re-encodes to exactly the text received.
		b45 := trimmed[len(prefix):]
		raw, err := Base45Decode(b45)
		if err != nil {
			t.Fatalf("DecodeText accepted Base45 that Base45Decode refuses: %v", err)
		}
		if got := Base45Encode(raw); got != b45 {
			t.Fatalf("Base45 round trip: %q -> %q", b45, got)
		}
		if raw[0] == 0xD2 && !bytes.Equal(raw, cose) {
			t.Fatal("an uncompressed body was changed")
		}
		// Re-encoding a tagged COSE body gives text that decodes to the
		// same bytes.
		if cose[0] == 0xD2 {
			again := EncodeText(prefix, cose)
			p2, c2, err := DecodeText(again)
			if len(again) <= MaxTextLen && (err != nil || p2 != prefix || !bytes.Equal(c2, cose)) {
				t.Fatalf("re-encoded text does not decode to the same body: %v", err)
			}
		}
	})
}

// rebuildSign1 encodes a parsed message again: the protected bytes and
// payload as received, the unprotected header re-encoded.
func rebuildSign1(m *Sign1) ([]byte, error) {
	unprot := m.Unprotected
	if unprot == nil {
		unprot = map[any]any{}
	}
	return cborx.Marshal(cborx.Tag{Number: TagSign1, Content: []any{m.Protected, unprot, m.Payload, m.Signature}})
}

func FuzzParseSign1(f *testing.F) {
	for _, s := range seedTexts(f) {
		if _, cose, err := DecodeText(s); err == nil {
			f.Add(cose)
			if m, err := ParseSign1NoKid(cose); err == nil {
				f.Add(m.Payload)
				var inner map[any]any
				if cborx.Unmarshal(m.Payload, &inner) == nil {
					if b, ok := inner[int64(1)].([]byte); ok {
						f.Add(b)
					}
				}
			}
		}
	}
	f.Add([]byte{0xD2, 0x84, 0x40, 0xA0, 0x40, 0x40})
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzSign1(t, data, true)
		fuzzSign1(t, data, false)
		// The same bytes as a claims payload.
		fuzzClaims(t, data)
	})
}

func fuzzSign1(t *testing.T, data []byte, needKid bool) {
	parse := ParseSign1NoKid
	if needKid {
		parse = ParseSign1
	}
	m, err := parse(data)
	if err != nil {
		if !errors.Is(err, ErrMalformed) || errors.Is(err, ErrTooLarge) {
			t.Fatalf("ParseSign1 error %q does not wrap only ErrMalformed", err)
		}
		return
	}
	if data[0] != 0xD2 {
		t.Fatalf("parsed a message starting with 0x%02x", data[0])
	}
	// Whatever parses is, element by element, [bstr, map, bstr, bstr].
	var arr []cborx.RawMessage
	if err := cborx.Unmarshal(data[1:], &arr); err != nil {
		t.Fatalf("parsed a message the strict generic decoder refuses: %v", err)
	}
	if len(arr) != 4 || majorType(arr[0]) != 2 || majorType(arr[1]) != 5 || majorType(arr[2]) != 2 || majorType(arr[3]) != 2 {
		t.Fatalf("parsed a COSE_Sign1 whose elements are not [bstr, map, bstr, bstr]: %x", data)
	}
	// The fast header path agrees with a generic decode.
	var hdr map[any]any
	if err := cborx.Unmarshal(m.Protected, &hdr); err != nil {
		t.Fatalf("protected header accepted but not strict CBOR: %v", err)
	}
	if alg, ok := hdr[int64(HeaderAlg)].(int64); !ok || alg != m.Alg {
		t.Fatalf("alg %d, generic decode has %v", m.Alg, hdr[int64(HeaderAlg)])
	}
	if kid, ok := hdr[int64(HeaderKid)]; ok {
		if b, _ := kid.([]byte); !bytes.Equal(b, m.Kid) {
			t.Fatalf("kid %x, generic decode has %v", m.Kid, kid)
		}
	} else if m.Kid != nil {
		t.Fatalf("kid %x without a kid in the protected header", m.Kid)
	}
	if needKid && m.Kid == nil {
		t.Fatal("parsed without a kid")
	}
	if len(m.Unprotected) > cborx.MaxEntries {
		t.Fatalf("unprotected header of %d entries", len(m.Unprotected))
	}
	// The Sig_structure is well-formed CBOR over the bytes as received.
	var sig []any
	if err := cborx.Unmarshal(ToBeSigned(m.Protected, m.Payload), &sig); err != nil {
		t.Fatalf("ToBeSigned is not valid CBOR: %v", err)
	}
	if len(sig) != 4 || sig[0] != "Signature1" || !bytes.Equal(sig[1].([]byte), m.Protected) ||
		len(sig[2].([]byte)) != 0 || !bytes.Equal(sig[3].([]byte), m.Payload) {
		t.Fatalf("ToBeSigned does not hold the protected header and payload as received")
	}
	// Re-encoding gives a message that parses to the same fields.
	again, err := rebuildSign1(m)
	if err != nil {
		return // an unprotected header the encoder cannot write (e.g. NaN keys)
	}
	m2, err := parse(again)
	if err != nil {
		t.Fatalf("re-encoded message does not parse: %v", err)
	}
	if !bytes.Equal(m2.Protected, m.Protected) || !bytes.Equal(m2.Payload, m.Payload) ||
		!bytes.Equal(m2.Signature, m.Signature) || m2.Alg != m.Alg || !bytes.Equal(m2.Kid, m.Kid) ||
		!reflect.DeepEqual(m2.ContentType, m.ContentType) {
		t.Fatal("re-encoded message parses to other fields")
	}
}

func fuzzClaims(t *testing.T, payload []byte) {
	c, err := ParseClaims(payload)
	// The fast path never takes what the generic decoder refuses, and
	// agrees with it on what it takes.
	if fast, ok := parseClaimsFast(payload); ok {
		gen, err := parseClaimsGeneric(payload)
		if err != nil {
			t.Fatalf("fast path accepted claims the generic decoder refuses: %v", err)
		}
		if !reflect.DeepEqual(fast, gen) {
			t.Fatalf("fast and generic claims differ:\n%+v\n%+v", fast, gen)
		}
	}
	if err != nil {
		if !errors.Is(err, ErrMalformed) || errors.Is(err, ErrTooLarge) {
			t.Fatalf("ParseClaims error %q does not wrap only ErrMalformed", err)
		}
		return
	}
	if len(c.CTI) < MinCTI || len(c.CTI) > MaxCTI {
		t.Fatalf("cti of %d bytes", len(c.CTI))
	}
	if len(c.Zones) > cborx.MaxEntries {
		t.Fatalf("%d zones", len(c.Zones))
	}
	var cnf map[int]any
	var holder crypto.PublicKey
	if c.Cnf != nil {
		var err error
		if holder, err = DecodeKey(c.Cnf); err != nil {
			return // not a key this version re-encodes
		}
		if cnf, err = EncodeKey(holder); err != nil {
			t.Fatalf("decoded cnf key does not encode: %v", err)
		}
	}
	enc, err := MarshalClaims(c, cnf)
	if err != nil {
		t.Fatalf("parsed claims do not encode: %v", err)
	}
	c2, err := ParseClaims(enc)
	if err != nil {
		t.Fatalf("re-encoded claims do not parse: %v", err)
	}
	if holder != nil {
		h2, err := DecodeKey(c2.Cnf)
		if err != nil || !holder.(interface{ Equal(crypto.PublicKey) bool }).Equal(h2) {
			t.Fatalf("cnf key changed in the round trip: %v", err)
		}
	}
	c.Cnf, c2.Cnf = nil, nil
	if !reflect.DeepEqual(c, c2) {
		t.Fatalf("claims changed in the round trip:\n%+v\n%+v", c, c2)
	}
}
