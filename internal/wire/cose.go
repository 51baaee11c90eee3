package wire

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/veraison/go-cose"
)

// COSE header labels (RFC 9052 section 3.1).
const (
	HeaderAlg         = 1
	HeaderCrit        = 2
	HeaderContentType = 3
	HeaderKid         = 4
)

// TagSign1 is the CBOR tag of a COSE_Sign1 message; 0xD2 is its one-byte
// encoding.
const TagSign1 = 18

// Sign1 is a parsed, unverified COSE_Sign1 message.
type Sign1 struct {
	// Protected is the protected header bucket exactly as received: the
	// signature is checked over these bytes, never a re-encoding
	// (RFC 9052, section 4.4).
	Protected   []byte
	Alg         int64
	Kid         []byte
	ContentType any // string, int64 or nil
	Unprotected map[any]any
	Payload     []byte
	Signature   []byte
}

// understoodCrit lists the header labels this implementation processes, the
// only ones a crit parameter may name (RFC 9052, section 3.1).
func understoodCrit(label any) bool {
	l, ok := label.(int64)
	return ok && (l == HeaderAlg || l == HeaderContentType || l == HeaderKid)
}

// ParseSign1 parses a tagged COSE_Sign1 (FORMAT.md section 2) with the strict
// CBOR mode. The protected header must carry an integer alg and a byte string
// kid; an unknown crit label is rejected.
func ParseSign1(data []byte) (*Sign1, error) {
	return parseSign1(data, true)
}

// ParseSign1NoKid is ParseSign1 for messages whose protected header carries
// no kid (holder presentations, FORMAT.md section 3).
func ParseSign1NoKid(data []byte) (*Sign1, error) {
	return parseSign1(data, false)
}

func majorType(raw []byte) byte {
	if len(raw) == 0 {
		return 0xff
	}
	return raw[0] >> 5
}

// sign1Wire is the COSE_Sign1 array (RFC 9052, section 4.2). A CBOR null
// decodes to a nil slice; an empty byte string to an empty one.
type sign1Wire struct {
	_           struct{} `cbor:",toarray"`
	Protected   byteString
	Unprotected cborx.RawMessage
	Payload     byteString
	Signature   byteString
}

// byteString takes only a CBOR byte string. A plain []byte field would also
// take an array of small integers ([1, 2, 3] as h'010203'), which is not a
// COSE_Sign1 (FORMAT.md section 5: malformed).
type byteString []byte

var errWrongType = errors.New("wrong type")

func (b *byteString) UnmarshalCBOR(data []byte) error {
	v, ok := cborx.ScalarBytes(data)
	if !ok {
		return errWrongType
	}
	*b = v
	return nil
}

func parseSign1(data []byte, needKid bool) (*Sign1, error) {
	m := &Sign1{}
	// One copy of the message, which the fast path's slices alias, instead
	// of a copy per element.
	if err := DecodeSign1(m, bytes.Clone(data), needKid); err != nil {
		return nil, err
	}
	return m, nil
}

// DecodeSign1 is ParseSign1 (or ParseSign1NoKid) into m, for callers that
// own data and keep the message inside a larger value: m's slices may alias
// data, which must not change afterwards.
func DecodeSign1(m *Sign1, data []byte, needKid bool) error {
	*m = Sign1{}
	if len(data) == 0 || data[0] != 0xD2 {
		return malformed("not a tagged COSE_Sign1 (tag %d)", TagSign1)
	}
	if parseSign1FastInto(m, data, needKid) {
		return nil
	}
	g, err := parseSign1Generic(data, needKid)
	if err != nil {
		*m = Sign1{}
		return err
	}
	*m = *g
	return nil
}

// parseSign1Generic gives the authoritative answer and error for anything
// the fast path does not take.
func parseSign1Generic(data []byte, needKid bool) (*Sign1, error) {
	var w sign1Wire
	if err := cborx.Unmarshal(data[1:], &w); err != nil {
		return nil, malformed("COSE_Sign1: %v", err)
	}
	const majorMap = 5
	if w.Protected == nil || majorType(w.Unprotected) != majorMap || w.Payload == nil || w.Signature == nil {
		// A null payload (detached content) lands here too.
		return nil, malformed("COSE_Sign1 elements are not [bstr, map, bstr, bstr]")
	}
	m := &Sign1{Protected: []byte(w.Protected), Payload: []byte(w.Payload), Signature: []byte(w.Signature)}
	if len(w.Unprotected) > 1 {
		if err := cborx.Unmarshal(w.Unprotected, &m.Unprotected); err != nil {
			return nil, malformed("unprotected header: %v", err)
		}
	}
	var hdr map[any]any
	if len(m.Protected) > 0 {
		if err := cborx.Unmarshal(m.Protected, &hdr); err != nil {
			return nil, malformed("protected header: %v", err)
		}
	}
	alg, ok := hdr[int64(HeaderAlg)]
	if !ok {
		return nil, malformed("protected header has no alg")
	}
	if m.Alg, ok = alg.(int64); !ok {
		return nil, malformed("protected header alg is not an integer")
	}
	if kid, ok := hdr[int64(HeaderKid)]; ok {
		if m.Kid, ok = kid.([]byte); !ok {
			return nil, malformed("protected header kid is not a byte string")
		}
	} else if needKid {
		if _, ok := m.Unprotected[int64(HeaderKid)]; ok {
			return nil, malformed("kid is only in the unprotected header")
		}
		return nil, malformed("protected header has no kid")
	}
	if ct, ok := hdr[int64(HeaderContentType)]; ok {
		switch ct.(type) {
		case string, int64:
			m.ContentType = ct
		default:
			return nil, malformed("content type is neither text nor integer")
		}
	}
	if crit, ok := hdr[int64(HeaderCrit)]; ok {
		labels, ok := crit.([]any)
		if !ok || len(labels) == 0 {
			return nil, malformed("crit is not a non-empty array")
		}
		for _, l := range labels {
			if !understoodCrit(l) {
				return nil, malformed("crit names header label %v, which is not understood", l)
			}
		}
	}
	return m, nil
}

// ToBeSigned returns the RFC 9052 Sig_structure
// ["Signature1", protected, external_aad (empty), payload] over the protected bytes as
// received (RFC 9052, section 4.4).
func ToBeSigned(protected, payload []byte) []byte {
	return AppendToBeSigned(make([]byte, 0, 1+1+len(sigContext)+9+len(protected)+1+9+len(payload)), protected, payload)
}

const sigContext = "Signature1"

// AppendToBeSigned appends the Sig_structure of ToBeSigned to buf.
func AppendToBeSigned(buf, protected, payload []byte) []byte {
	buf = append(buf, 0x84, 0x60|byte(len(sigContext)))
	buf = append(buf, sigContext...)
	buf = appendBstrHeader(buf, len(protected))
	buf = append(buf, protected...)
	buf = append(buf, 0x40) // external_aad: empty
	buf = appendBstrHeader(buf, len(payload))
	return append(buf, payload...)
}

func appendBstrHeader(b []byte, n int) []byte {
	const major = 2 << 5
	switch {
	case n < 24:
		return append(b, major|byte(n))
	case n <= 0xff:
		return append(b, major|24, byte(n))
	case n <= 0xffff:
		return append(b, major|25, byte(n>>8), byte(n))
	case uint64(n) <= 0xffffffff:
		return append(b, major|26, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(b, major|27, byte(uint64(n)>>56), byte(uint64(n)>>48), byte(uint64(n)>>40),
		byte(uint64(n)>>32), byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}

// Sign builds a tagged COSE_Sign1 over payload. The protected header holds
// alg, and kid and content type when given.
func Sign(signer crypto.Signer, alg int64, kid []byte, contentType string, payload []byte) ([]byte, error) {
	s, err := cose.NewSigner(cose.Algorithm(alg), signer)
	if err != nil {
		return nil, err
	}
	hdr := map[int]any{HeaderAlg: alg}
	if kid != nil {
		hdr[HeaderKid] = kid
	}
	if contentType != "" {
		hdr[HeaderContentType] = contentType
	}
	protected, err := cborx.Marshal(hdr)
	if err != nil {
		return nil, err
	}
	sig, err := s.Sign(rand.Reader, ToBeSigned(protected, payload))
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	return cborx.Marshal(cborx.Tag{Number: TagSign1, Content: []any{protected, map[int]any{}, payload, sig}})
}

// NewVerifier returns a signature verifier for pub with alg: go-cose's,
// except for Ed25519, whose key point is decoded once (ed25519Verifier),
// and ECDSA, checked without big.Int round trips (ecdsaVerifier).
func NewVerifier(alg int64, pub crypto.PublicKey) (cose.Verifier, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if cose.Algorithm(alg) == cose.AlgorithmEdDSA {
			return newEd25519Verifier(k)
		}
	case *ecdsa.PublicKey:
		switch cose.Algorithm(alg) {
		case cose.AlgorithmES256, cose.AlgorithmES384, cose.AlgorithmES512:
			return newECDSAVerifier(cose.Algorithm(alg), k)
		}
	}
	return cose.NewVerifier(cose.Algorithm(alg), pub)
}
