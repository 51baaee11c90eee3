package wire

import (
	"unicode/utf8"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/internal/cborx"
)

// The fast paths read the usual credential payload and COSE_Sign1 straight
// from the bytes, without a reflective decode and with few allocations (the
// verify hot path). They take only input that the strict decoder accepts
// and the generic path reads identically: definite lengths only, no tags,
// no trailing bytes, every key a known integer key seen once, every value of
// exactly the type FORMAT.md names (a CBOR null is not "absent"), every text
// valid UTF-8, and the strict mode's Wellformed check over the whole payload
// when it carries a nested map (cnf, status) whose depth then counts.
// Anything else, including every invalid input, goes to the generic path,
// which decides and gives the error.

const (
	majorUint  = 0
	majorNeg   = 1
	majorBytes = 2
	majorText  = 3
	majorArray = 4
	majorMapT  = 5
)

// fastReader walks an item, checking every head and length against the
// bytes left. Text values are substrings of s, one string conversion of the
// whole input; byte strings alias buf.
type fastReader struct {
	buf []byte
	s   string
	off int
}

// next returns the extent of the item at the offset and moves past it.
func (r *fastReader) next() (start, end int, ok bool) {
	l, ok := cborx.ItemLen(r.buf[r.off:])
	if !ok {
		return 0, 0, false
	}
	start, r.off = r.off, r.off+l
	return start, r.off, true
}

// container reads the head of an array or map of the wanted major type and
// returns its count.
func (r *fastReader) container(major byte) (int, bool) {
	m, arg, n, ok := cborx.Head(r.buf[r.off:])
	if !ok || m != major || arg > cborx.MaxEntries {
		return 0, false
	}
	r.off += n
	return int(arg), true
}

// head reads the head of the item at the offset.
func (r *fastReader) head() (major byte, arg uint64, ok bool) {
	major, arg, n, ok := cborx.Head(r.buf[r.off:])
	if ok {
		r.off += n
	}
	return major, arg, ok
}

// key reads an integer map key.
func (r *fastReader) key() (int64, bool) { return r.int() }

// int reads an integer that fits an int64.
func (r *fastReader) int() (int64, bool) {
	major, arg, ok := r.head()
	if !ok || arg > 1<<63-1 {
		return 0, false
	}
	switch major {
	case majorUint:
		return int64(arg), true
	case majorNeg:
		return -1 - int64(arg), true
	}
	return 0, false
}

// uint reads an unsigned integer that fits an int64.
func (r *fastReader) uint() (uint64, bool) {
	major, arg, ok := r.head()
	if !ok || major != majorUint || arg > 1<<63-1 {
		return 0, false
	}
	return arg, true
}

// str reads the content of a byte or text string of the given major type.
func (r *fastReader) str(major byte) (start, end int, ok bool) {
	m, arg, ok := r.head()
	if !ok || m != major || arg > uint64(len(r.buf)-r.off) {
		return 0, 0, false
	}
	start, r.off = r.off, r.off+int(arg)
	return start, r.off, true
}

// text reads a text string, valid UTF-8.
func (r *fastReader) text() (string, bool) {
	s, e, ok := r.str(majorText)
	if !ok || !utf8.Valid(r.buf[s:e]) {
		return "", false
	}
	return r.s[s:e], true
}

// bytes reads a byte string; the result aliases the input.
func (r *fastReader) bytes() ([]byte, bool) {
	s, e, ok := r.str(majorBytes)
	if !ok {
		return nil, false
	}
	return r.buf[s:e:e], true
}

// raw reads an item of the given major type and returns its encoding.
func (r *fastReader) raw(major byte) ([]byte, bool) {
	s, e, ok := r.next()
	if !ok || r.buf[s]>>5 != major {
		return nil, false
	}
	return r.buf[s:e:e], true
}

// anyMap reads a map with the strict decoder, which checks its nested
// structure fully (cnf, status: small and rare).
func (r *fastReader) anyMap() (map[any]any, bool) {
	raw, ok := r.raw(majorMapT)
	if !ok {
		return nil, false
	}
	var m map[any]any
	if cborx.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	return m, true
}

// Bits of the claims and body keys seen, for the duplicate check.
const (
	seenIss = 1 << iota
	seenSub
	seenExp
	seenNbf
	seenIat
	seenCti
	seenCnf
	seenStatus
	seenVP
)

// parseClaimsFastInto reads payload into the zero Claims c, whose byte
// slices then alias payload.
func parseClaimsFastInto(c *Claims, payload []byte) bool {
	if majorType(payload) != majorMapT {
		return false
	}
	r := &fastReader{buf: payload, s: string(payload)}
	n, ok := r.container(majorMapT)
	if !ok {
		return false
	}
	var seen uint
	for range n {
		k, ok := r.key()
		if !ok {
			return false
		}
		var bit uint
		switch k {
		case ClaimIss:
			bit = seenIss
			c.Iss, ok = r.text()
		case ClaimSub:
			bit = seenSub
			c.Sub, ok = r.text()
		case ClaimExp:
			bit = seenExp
			c.Exp, ok = r.int()
		case ClaimNbf:
			bit = seenNbf
			c.Nbf, ok = r.int()
			c.HasNbf = true
		case ClaimIat:
			bit = seenIat
			c.Iat, ok = r.int()
		case ClaimCti:
			bit = seenCti
			c.CTI, ok = r.bytes()
		case ClaimCnf:
			bit = seenCnf
			var m map[any]any
			if m, ok = r.anyMap(); ok {
				c.Cnf, ok = m[int64(1)]
			}
		case ClaimStatus:
			bit = seenStatus
			var m map[any]any
			if m, ok = r.anyMap(); ok {
				var err error
				c.Status, err = parseStatus(m)
				ok = err == nil
			}
		case ClaimVP:
			bit = seenVP
			ok = r.body(c)
		default:
			return false
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
	}
	const required = seenIss | seenExp | seenIat | seenCti | seenVP
	if r.off != len(payload) || seen&required != required || len(c.CTI) < MinCTI || len(c.CTI) > MaxCTI {
		return false
	}
	// cnf and status were decoded on their own: their nesting counts from
	// the claims map.
	if seen&(seenCnf|seenStatus) != 0 && cborx.Wellformed(payload) != nil {
		return false
	}
	return true
}

// body reads the vp body map into c; type and name are required.
func (r *fastReader) body(c *Claims) bool {
	n, ok := r.container(majorMapT)
	if !ok {
		return false
	}
	var seen uint
	for range n {
		k, ok := r.key()
		if !ok || k < BodyType || k > BodyPhoto || seen&(1<<k) != 0 {
			return false
		}
		seen |= 1 << k
		switch k {
		case BodyType:
			c.Type, ok = r.uint()
		case BodyName:
			c.Name, ok = r.text()
		case BodyOrg:
			c.Org, ok = r.text()
		case BodyZones:
			ok = r.zones(c)
		case BodyTier:
			c.Tier, ok = r.text()
		case BodyEvent:
			c.Event, ok = r.text()
		case BodySeat:
			c.Seat, ok = r.text()
		case BodyTitle:
			c.Title, ok = r.text()
		case BodyNumber:
			c.Number, ok = r.text()
		case BodyBirth:
			c.BirthYear, ok = r.uint()
		case BodyPhoto:
			c.Photo, ok = r.bytes()
			ok = ok && len(c.Photo) == credential.PhotoDigestLen
		}
		if !ok {
			return false
		}
	}
	const required = 1<<BodyType | 1<<BodyName
	return seen&required == required
}

func (r *fastReader) zones(c *Claims) bool {
	n, ok := r.container(majorArray)
	if !ok {
		return false
	}
	c.Zones = make([]string, n)
	for i := range c.Zones {
		if c.Zones[i], ok = r.text(); !ok {
			return false
		}
	}
	return true
}

// parseSign1FastInto reads the usual COSE_Sign1: [bstr protected, {} (empty
// unprotected header), bstr payload, bstr signature] with the protected
// header {1: int alg, 4: bstr kid} (kid optional unless needKid) into the
// zero Sign1 m. data is the tagged message; m's slices alias it.
func parseSign1FastInto(m *Sign1, data []byte, needKid bool) bool {
	body := data[1:]
	r := &fastReader{buf: body}
	if n, ok := r.container(majorArray); !ok || n != 4 {
		return false
	}
	var ok bool
	if m.Protected, ok = r.bytes(); !ok {
		return false
	}
	if u, ok := r.raw(majorMapT); !ok || len(u) != 1 {
		return false
	}
	if m.Payload, ok = r.bytes(); !ok {
		return false
	}
	if m.Signature, ok = r.bytes(); !ok || r.off != len(body) {
		return false
	}
	h := &fastReader{buf: m.Protected}
	n, ok := h.container(majorMapT)
	if !ok {
		return false
	}
	var hasAlg, hasKid bool
	for range n {
		k, ok := h.key()
		if !ok {
			return false
		}
		switch {
		case k == HeaderAlg && !hasAlg:
			m.Alg, hasAlg = h.int()
			if !hasAlg {
				return false
			}
		case k == HeaderKid && !hasKid:
			m.Kid, hasKid = h.bytes()
			if !hasKid {
				return false
			}
		default:
			return false
		}
	}
	if !hasAlg || needKid && !hasKid || h.off != len(m.Protected) {
		return false
	}
	return true
}
