package dcc

import (
	"encoding/binary"

	"github.com/venuepass/venuepass/internal/cborx"
)

// The strict decode mode of internal/cborx rejects every CBOR tag and every
// indefinite length, as FORMAT.md section 1 wants for venuepass codes. EU DCCs
// in the wild carry both: the hcert schema lets issuers tag the test sample
// time "sc" as an RFC 8949 tdate (tag 0, see the SE test cases), and nothing
// in the hcert specification forbids indefinite-length maps and arrays.
//
// normalize bridges the two without a second CBOR decoder: it only walks the
// data item's heads (RFC 8949, section 3) and copies it, dropping the heads
// of tags 0 and 1 (date/time, whose content stays and must be a text string
// or a number), and rewriting indefinite-length strings, arrays and maps as
// definite ones. Every other tag is malformed. The result is then decoded
// by cborx.Unmarshal, which still enforces duplicate keys, UTF-8, nesting
// and size limits. Signatures are never checked over normalized bytes: the
// COSE Sig_structure uses the byte strings exactly as received.

// maxWalkDepth bounds the recursion of the walk; cborx enforces the real
// nesting limit afterwards.
const maxWalkDepth = cborx.MaxNestedLevels + 2

type walker struct {
	in  []byte
	pos int
}

// normalize returns the normalized encoding of the single data item in data.
// Trailing bytes are malformed.
func normalize(data []byte) ([]byte, error) {
	w := &walker{in: data}
	out, err := w.item(make([]byte, 0, len(data)), 0)
	if err != nil {
		return nil, err
	}
	if w.pos != len(w.in) {
		return nil, malformed("CBOR: %d trailing bytes", len(w.in)-w.pos)
	}
	return out, nil
}

// head reads an item head: major type, additional info and argument.
// For indefinite lengths (ai 31) the argument is 0.
func (w *walker) head() (major, ai byte, arg uint64, err error) {
	if w.pos >= len(w.in) {
		return 0, 0, 0, malformed("CBOR: unexpected end of data")
	}
	b := w.in[w.pos]
	w.pos++
	major, ai = b>>5, b&0x1f
	switch {
	case ai < 24:
		return major, ai, uint64(ai), nil
	case ai <= 27:
		n := 1 << (ai - 24)
		if len(w.in)-w.pos < n {
			return 0, 0, 0, malformed("CBOR: unexpected end of data")
		}
		p := w.in[w.pos : w.pos+n]
		w.pos += n
		switch n {
		case 1:
			arg = uint64(p[0])
		case 2:
			arg = uint64(binary.BigEndian.Uint16(p))
		case 4:
			arg = uint64(binary.BigEndian.Uint32(p))
		default:
			arg = binary.BigEndian.Uint64(p)
		}
		return major, ai, arg, nil
	case ai == 31:
		return major, ai, 0, nil
	}
	return 0, 0, 0, malformed("CBOR: reserved additional information %d", ai)
}

func appendHead(out []byte, major byte, n uint64) []byte {
	m := major << 5
	switch {
	case n < 24:
		return append(out, m|byte(n))
	case n <= 0xff:
		return append(out, m|24, byte(n))
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(out, m|25), uint16(n))
	case n <= 0xffffffff:
		return binary.BigEndian.AppendUint32(append(out, m|26), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(out, m|27), n)
}

const (
	majorUint = iota
	majorNint
	majorBytes
	majorText
	majorArray
	majorMap
	majorTag
	majorSimple
)

func (w *walker) item(out []byte, depth int) ([]byte, error) {
	if depth > maxWalkDepth {
		return nil, malformed("CBOR: nested deeper than %d levels", cborx.MaxNestedLevels)
	}
	start := w.pos
	major, ai, arg, err := w.head()
	if err != nil {
		return nil, err
	}
	switch major {
	case majorUint, majorNint:
		if ai == 31 {
			return nil, malformed("CBOR: indefinite length integer")
		}
		return append(out, w.in[start:w.pos]...), nil
	case majorBytes, majorText:
		if ai != 31 {
			if arg > uint64(len(w.in)-w.pos) {
				return nil, malformed("CBOR: string runs past the end of data")
			}
			out = appendHead(out, major, arg)
			out = append(out, w.in[w.pos:w.pos+int(arg)]...)
			w.pos += int(arg)
			return out, nil
		}
		// Indefinite-length string: definite chunks of the same major type
		// up to a break (RFC 8949, section 3.2.3).
		var content []byte
		for {
			if w.pos >= len(w.in) {
				return nil, malformed("CBOR: unterminated indefinite-length string")
			}
			if w.in[w.pos] == 0xff {
				w.pos++
				break
			}
			cm, cai, n, err := w.head()
			if err != nil {
				return nil, err
			}
			if cm != major || cai == 31 {
				return nil, malformed("CBOR: bad chunk in indefinite-length string")
			}
			if n > uint64(len(w.in)-w.pos) {
				return nil, malformed("CBOR: string runs past the end of data")
			}
			content = append(content, w.in[w.pos:w.pos+int(n)]...)
			w.pos += int(n)
		}
		out = appendHead(out, major, uint64(len(content)))
		return append(out, content...), nil
	case majorArray, majorMap:
		per := 1
		if major == majorMap {
			per = 2
		}
		if ai != 31 {
			if arg > cborx.MaxEntries {
				return nil, malformed("CBOR: container of %d entries exceeds %d", arg, cborx.MaxEntries)
			}
			out = appendHead(out, major, arg)
			for i := 0; i < int(arg)*per; i++ {
				if out, err = w.item(out, depth+1); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
		var body []byte
		n := 0
		for {
			if w.pos >= len(w.in) {
				return nil, malformed("CBOR: unterminated indefinite-length container")
			}
			if w.in[w.pos] == 0xff {
				w.pos++
				break
			}
			if n/per >= cborx.MaxEntries {
				return nil, malformed("CBOR: container exceeds %d entries", cborx.MaxEntries)
			}
			if body, err = w.item(body, depth+1); err != nil {
				return nil, err
			}
			n++
		}
		if n%per != 0 {
			return nil, malformed("CBOR: map with a key but no value")
		}
		out = appendHead(out, major, uint64(n/per))
		return append(out, body...), nil
	case majorTag:
		if ai == 31 {
			return nil, malformed("CBOR: indefinite length tag")
		}
		if arg != 0 && arg != 1 {
			return nil, malformed("CBOR: tag %d is not allowed", arg)
		}
		if w.pos >= len(w.in) {
			return nil, malformed("CBOR: tag without content")
		}
		// RFC 8949, section 3.4.1 and 3.4.2: tag 0 wraps a text string, tag 1
		// an integer or a float.
		cm, cb := w.in[w.pos]>>5, w.in[w.pos]
		switch {
		case arg == 0 && cm == majorText:
		case arg == 1 && (cm == majorUint || cm == majorNint || (cm == majorSimple && cb >= 0xf9 && cb <= 0xfb)):
		default:
			return nil, malformed("CBOR: tag %d on an item of the wrong type", arg)
		}
		return w.item(out, depth+1)
	default: // majorSimple
		switch {
		case ai == 31:
			return nil, malformed("CBOR: unexpected break")
		case ai == 24 && arg < 32:
			return nil, malformed("CBOR: badly encoded simple value")
		}
		return append(out, w.in[start:w.pos]...), nil
	}
}

// unmarshal decodes one untrusted CBOR data item into v: normalize, then the
// strict mode of cborx.
func unmarshal(data []byte, v any) error {
	norm, err := normalize(data)
	if err != nil {
		return err
	}
	if err := cborx.Unmarshal(norm, v); err != nil {
		return malformed("CBOR: %v", err)
	}
	return nil
}
