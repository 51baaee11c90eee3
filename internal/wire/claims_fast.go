package wire

import (
	"errors"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/internal/cborx"
)

// The fast path decodes a credential payload straight into structs. It only
// takes payloads whose every key is known and every value has exactly the
// type FORMAT.md names (a CBOR null is not "absent"); anything else, including
// every invalid payload, goes to parseClaimsGeneric, which decides.

var errWrongType = errors.New("wrong type")

const (
	majorUint  = 0
	majorNeg   = 1
	majorBytes = 2
	majorText  = 3
	majorArray = 4
	majorMapT  = 5
)

type optText struct {
	v  string
	ok bool
}

func (t *optText) UnmarshalCBOR(b []byte) error {
	if t.v, t.ok = cborx.ScalarText(b); !t.ok {
		return errWrongType
	}
	return nil
}

type optInt struct {
	v  int64
	ok bool
}

func (t *optInt) UnmarshalCBOR(b []byte) error {
	if t.v, t.ok = cborx.ScalarInt(b); !t.ok {
		return errWrongType
	}
	return nil
}

type optBytes struct {
	v  []byte
	ok bool
}

func (t *optBytes) UnmarshalCBOR(b []byte) error {
	if t.v, t.ok = cborx.ScalarBytes(b); !t.ok {
		return errWrongType
	}
	return nil
}

type optTexts struct {
	v  []string
	ok bool
}

func (t *optTexts) UnmarshalCBOR(b []byte) error {
	if majorType(b) != majorArray {
		return errWrongType
	}
	t.ok = true
	if err := cborx.Unmarshal(b, &t.v); err != nil {
		return err
	}
	if t.v == nil {
		t.v = []string{}
	}
	return nil
}

type bodyFast struct {
	Type   optInt   `cbor:"1,keyasint"`
	Name   optText  `cbor:"2,keyasint"`
	Org    optText  `cbor:"3,keyasint"`
	Zones  optTexts `cbor:"4,keyasint"`
	Tier   optText  `cbor:"5,keyasint"`
	Event  optText  `cbor:"6,keyasint"`
	Seat   optText  `cbor:"7,keyasint"`
	Title  optText  `cbor:"8,keyasint"`
	Number optText  `cbor:"9,keyasint"`
	Birth  optInt   `cbor:"10,keyasint"`
	Photo  optBytes `cbor:"11,keyasint"`
}

// optMap keeps a map value for a generic decode of its own (cnf, status:
// small and rare, with nested structure the generic path checks fully).
type optMap struct {
	v  map[any]any
	ok bool
}

func (t *optMap) UnmarshalCBOR(b []byte) error {
	if majorType(b) != majorMapT {
		return errWrongType
	}
	t.ok = true
	return cborx.Unmarshal(b, &t.v)
}

type claimsFast struct {
	Iss optText  `cbor:"1,keyasint"`
	Sub optText  `cbor:"2,keyasint"`
	Exp optInt   `cbor:"4,keyasint"`
	Nbf optInt   `cbor:"5,keyasint"`
	Iat optInt   `cbor:"6,keyasint"`
	CTI optBytes `cbor:"7,keyasint"`
	Cnf optMap   `cbor:"8,keyasint"`
	St  optMap   `cbor:"65535,keyasint"`
	// A plain struct: a null or absent body leaves Type and Name unset,
	// which sends the payload to the generic path.
	VP bodyFast `cbor:"-65537,keyasint"`
}

func parseClaimsFast(payload []byte) (*Claims, bool) {
	if majorType(payload) != majorMapT {
		return nil, false
	}
	var w claimsFast
	if err := cborx.UnmarshalKnown(payload, &w); err != nil {
		return nil, false
	}
	b := &w.VP
	if !w.Iss.ok || !w.Exp.ok || !w.Iat.ok || !w.CTI.ok ||
		!b.Type.ok || b.Type.v < 0 || !b.Name.ok ||
		len(w.CTI.v) < MinCTI || len(w.CTI.v) > MaxCTI ||
		b.Birth.ok && b.Birth.v < 0 || b.Photo.ok && len(b.Photo.v) != credential.PhotoDigestLen {
		return nil, false
	}
	c := &Claims{
		Iss: w.Iss.v, Sub: w.Sub.v, Exp: w.Exp.v, Nbf: w.Nbf.v, HasNbf: w.Nbf.ok, Iat: w.Iat.v, CTI: w.CTI.v,
		Type: uint64(b.Type.v), Name: b.Name.v, Org: b.Org.v, Zones: b.Zones.v, Tier: b.Tier.v,
		Event: b.Event.v, Seat: b.Seat.v, Title: b.Title.v, Number: b.Number.v,
		BirthYear: uint64(b.Birth.v), Photo: b.Photo.v,
	}
	if w.Cnf.ok {
		key, ok := w.Cnf.v[int64(1)]
		if !ok {
			return nil, false
		}
		c.Cnf = key
	}
	if w.St.ok {
		st, err := parseStatus(w.St.v)
		if err != nil {
			return nil, false
		}
		c.Status = st
	}
	return c, true
}

// headerFast is the usual protected header {1: alg, 4: kid}.
type headerFast struct {
	Alg optInt   `cbor:"1,keyasint"`
	Kid optBytes `cbor:"4,keyasint"`
}

// fastHeader fills m.Alg and m.Kid from a protected header holding exactly
// an integer alg and a byte string kid; otherwise the generic path decides.
func fastHeader(m *Sign1) bool {
	var h headerFast
	if majorType(m.Protected) != majorMapT || cborx.UnmarshalKnown(m.Protected, &h) != nil || !h.Alg.ok || !h.Kid.ok {
		return false
	}
	m.Alg, m.Kid = h.Alg.v, h.Kid.v
	return true
}
