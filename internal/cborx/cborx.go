// Package cborx holds the only CBOR decode modes venuepass uses on untrusted
// input, and the core deterministic encode mode issuers use.
//
// The strict mode enforces FORMAT.md section 1: nesting at most 16 levels,
// arrays and maps at most 1024 entries, duplicate map keys, indefinite lengths,
// tags and invalid UTF-8 rejected, trailing bytes rejected. The trust list mode
// is the same with the larger counts of FORMAT.md section 4.
package cborx

import (
	"errors"
	"math/big"

	"github.com/fxamacker/cbor/v2"
)

// Limits of FORMAT.md sections 1 and 4.
const (
	MaxNestedLevels       = 16
	MaxEntries            = 1024
	MaxTrustListIssuers   = 1_000_000
	MaxTrustListRevoked   = 10_000_000
	maxTrustListArrayElem = MaxTrustListRevoked
)

var (
	strict    cbor.DecMode
	claims    cbor.DecMode
	trustList cbor.DecMode
	det       cbor.EncMode
)

func init() {
	opts := cbor.DecOptions{
		DupMapKey:        cbor.DupMapKeyEnforcedAPF,
		IndefLength:      cbor.IndefLengthForbidden,
		TagsMd:           cbor.TagsForbidden,
		MaxNestedLevels:  MaxNestedLevels,
		MaxArrayElements: MaxEntries,
		MaxMapPairs:      MaxEntries,
		UTF8:             cbor.UTF8RejectInvalid,
		IntDec:           cbor.IntDecConvertSignedOrFail,
		// Byte strings as map keys are not part of any venuepass structure.
		MapKeyByteString: cbor.MapKeyByteStringForbidden,
	}
	var err error
	if strict, err = opts.DecMode(); err != nil {
		panic(err)
	}
	open := opts
	open.TagsMd = cbor.TagsAllowed
	open.IntDec = cbor.IntDecConvertSignedOrBigInt
	open.MapKeyByteString = cbor.MapKeyByteStringAllowed
	if claims, err = open.DecMode(); err != nil {
		panic(err)
	}
	opts.MaxArrayElements = maxTrustListArrayElem
	if trustList, err = opts.DecMode(); err != nil {
		panic(err)
	}
	if det, err = cbor.CoreDetEncOptions().EncMode(); err != nil {
		panic(err)
	}
}

// Unmarshal decodes one CBOR data item from data into v with the strict
// limits of FORMAT.md section 1. Trailing bytes are an error.
func Unmarshal(data []byte, v any) error { return strict.Unmarshal(data, v) }

// Wellformed checks that data is exactly one well-formed item within the
// strict limits (nesting, counts, no indefinite lengths, no tags, no
// trailing bytes). It does not check UTF-8 or duplicate map keys, which
// only decoding reaches: a fast path that reads text or maps itself must
// check those.
func Wellformed(data []byte) error { return strict.Wellformed(data) }

// UnmarshalClaims is Unmarshal for a credential's claims map, whose unknown
// claims and body keys FORMAT.md section 2 says are ignored (forward
// compatibility): a value the strict mode would refuse only for being of a
// kind no known claim has (a tag, an integer beyond the signed 64-bit range,
// a byte string map key) decodes, as cbor.Tag, time.Time, *big.Int or
// cbor.ByteString, for the caller to refuse where a known claim or field
// holds it. Every other strict rule holds for the whole map: limits,
// duplicate keys, indefinite lengths, UTF-8, trailing bytes.
func UnmarshalClaims(data []byte, v any) error { return claims.Unmarshal(data, v) }

// UnmarshalTrustList is Unmarshal with the larger array limit of a trust
// list (FORMAT.md section 4). Callers still check the per-field counts.
func UnmarshalTrustList(data []byte, v any) error { return trustList.Unmarshal(data, v) }

// Marshal encodes v in core deterministic encoding (RFC 8949, section 4.2.1).
func Marshal(v any) ([]byte, error) { return det.Marshal(v) }

// RawMessage is a raw encoded CBOR value.
type RawMessage = cbor.RawMessage

// Tag is a CBOR tag, for encoding only (decoding tags is forbidden).
type Tag = cbor.Tag

var dccMode cbor.DecMode

func init() {
	opts := strict.DecOptions()
	// EU DCCs in the wild use indefinite lengths, and the hcert schema lets
	// issuers tag the test sample time as an RFC 8949 date/time (tag 0).
	// Those are the only relaxations; the limits stay.
	opts.IndefLength = cbor.IndefLengthAllowed
	opts.TagsMd = cbor.TagsAllowed
	opts.TimeTagToAny = cbor.TimeTagToRFC3339Nano
	var err error
	if dccMode, err = opts.DecMode(); err != nil {
		panic(err)
	}
}

// UnmarshalDCC is the strict mode as EU DCCs need it: indefinite lengths are
// allowed, and the date/time tags 0 and 1, which decode as RFC 3339 text.
// Any other tag is an error. Use it only for HC1 codes.
func UnmarshalDCC(data []byte, v any) error {
	if err := dccMode.Unmarshal(data, v); err != nil {
		return err
	}
	return rejectTags(v, 0)
}

var errTag = errors.New("cbor: tag other than 0 and 1")

// rejectTags walks a decoded value for tags the mode let through.
func rejectTags(v any, depth int) error {
	if depth > MaxNestedLevels+1 {
		return nil
	}
	switch x := v.(type) {
	case *any:
		return rejectTags(*x, depth)
	case cbor.Tag, *cbor.Tag, big.Int, *big.Int:
		return errTag
	case map[any]any:
		for k, e := range x {
			if err := rejectTags(k, depth+1); err != nil {
				return err
			}
			if err := rejectTags(e, depth+1); err != nil {
				return err
			}
		}
	case *map[any]any:
		return rejectTags(*x, depth)
	case map[string]any:
		for _, e := range x {
			if err := rejectTags(e, depth+1); err != nil {
				return err
			}
		}
	case *map[string]any:
		return rejectTags(*x, depth)
	case []any:
		for _, e := range x {
			if err := rejectTags(e, depth+1); err != nil {
				return err
			}
		}
	case *[]any:
		return rejectTags(*x, depth)
	}
	return nil
}
