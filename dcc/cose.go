package dcc

import (
	"encoding/hex"
	"errors"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
)

// CBOR heads of the tags that may wrap a DCC's COSE_Sign1 (hcert
// specification, section 3.1.2: the CWT tag 61 and the COSE_Sign1 tag 18 are
// both optional).
const (
	headTagCWT0  = 0xD8 // tag, one-byte argument ...
	headTagCWT1  = 0x3D // ... 61
	headTagSign1 = 0xD2 // tag 18
	headArray4   = 0x84 // array of four items, an untagged COSE_Sign1
)

// sign1 is a parsed, unverified COSE_Sign1.
type sign1 struct {
	// protected is the protected header bucket exactly as received
	// (RFC 9052, section 4.4): signatures are checked over these bytes.
	protected []byte
	alg       int64
	kid       []byte
	// kidUnprotected records that kid came from the unprotected bucket.
	kidUnprotected bool
	payload        []byte
	signature      []byte
}

// stripTags removes the optional CWT (61) and COSE_Sign1 (18) tags, in this
// order, by hand: the strict CBOR mode forbids tags.
func stripTags(data []byte) []byte {
	if len(data) >= 2 && data[0] == headTagCWT0 && data[1] == headTagCWT1 {
		data = data[2:]
	}
	if len(data) >= 1 && data[0] == headTagSign1 {
		data = data[1:]
	}
	return data
}

// parseSign1 parses a COSE_Sign1 the way DCCs come: tagged 18, untagged, or
// wrapped in the CWT tag 61; kid and alg in the protected header or, failing
// that, in the unprotected one (hcert specification, section 3.3.1: the
// protected one wins).
func parseSign1(data []byte) (*sign1, error) {
	body := stripTags(data)
	if len(body) == 0 || body[0] != headArray4 {
		return nil, malformed("not a COSE_Sign1 (want a four-element array, tagged 18, 61 or not at all)")
	}
	var arr []cborx.RawMessage
	if err := unmarshal(body, &arr); err != nil {
		return nil, malformed("COSE_Sign1: %v", detail(err))
	}
	if len(arr) != 4 {
		return nil, malformed("COSE_Sign1 has %d elements, want 4", len(arr))
	}
	const mBytes, mMap = 2, 5
	if major(arr[0]) != mBytes || major(arr[1]) != mMap || major(arr[2]) != mBytes || major(arr[3]) != mBytes {
		// A detached (nil) payload lands here too.
		return nil, malformed("COSE_Sign1 elements are not [bstr, map, bstr, bstr]")
	}
	m := &sign1{}
	var unprot map[any]any
	for _, x := range []struct {
		raw []byte
		dst any
	}{{arr[0], &m.protected}, {arr[1], &unprot}, {arr[2], &m.payload}, {arr[3], &m.signature}} {
		if err := cborx.Unmarshal(x.raw, x.dst); err != nil {
			return nil, malformed("COSE_Sign1: %v", err)
		}
	}
	var hdr map[any]any
	if len(m.protected) > 0 {
		if err := unmarshal(m.protected, &hdr); err != nil {
			return nil, malformed("protected header: %v", detail(err))
		}
		if hdr == nil {
			return nil, malformed("protected header is not a map")
		}
	}
	// alg too may sit in the unprotected bucket (the common CO20 test case
	// has an empty protected header). That is harmless here: the algorithm
	// is the one of the certificate key, the message's is only compared.
	alg, ok := hdr[int64(wire.HeaderAlg)]
	if !ok {
		if alg, ok = unprot[int64(wire.HeaderAlg)]; !ok {
			return nil, malformed("no alg in either header")
		}
	}
	if m.alg, ok = alg.(int64); !ok {
		return nil, malformed("alg is not an integer")
	}
	var err error
	if kid, present := hdr[int64(wire.HeaderKid)]; present {
		if m.kid, err = kidBytes(kid); err != nil {
			return nil, malformed("protected header %v", err)
		}
	} else if kid, present := unprot[int64(wire.HeaderKid)]; present {
		if m.kid, err = kidBytes(kid); err != nil {
			return nil, malformed("unprotected header %v", err)
		}
		m.kidUnprotected = true
	} else {
		return nil, malformed("no kid in either header")
	}
	if crit, present := hdr[int64(wire.HeaderCrit)]; present {
		labels, ok := crit.([]any)
		if !ok || len(labels) == 0 {
			return nil, malformed("crit is not a non-empty array")
		}
		for _, l := range labels {
			if n, ok := l.(int64); !ok || (n != wire.HeaderAlg && n != wire.HeaderKid && n != wire.HeaderContentType) {
				return nil, malformed("crit names header label %v, which is not understood", l)
			}
		}
	}
	return m, nil
}

// kidBytes returns a kid header value. RFC 9052 makes kid a byte string;
// some issuers write the DCC kid (8 bytes) as a text string of its hex digits
// instead (upstream dgc-testdata HR/2DCode/raw/test_r.json: "CB7836EEFF2BE752"
// for the bytes cb 78 36 ee ff 2b e7 52), which is taken as those bytes. The
// kid only finds candidate keys: the signature is checked with the key found
// all the same. Any other text, or another type, is refused.
func kidBytes(v any) ([]byte, error) {
	switch k := v.(type) {
	case []byte:
		return k, nil
	case string:
		b, err := hex.DecodeString(k)
		if err != nil || len(k) == 0 {
			return nil, errors.New("kid is a text string that is not hex digits")
		}
		return b, nil
	}
	return nil, errors.New("kid is not a byte string")
}

func major(raw []byte) byte {
	if len(raw) == 0 {
		return 0xff
	}
	return raw[0] >> 5
}
