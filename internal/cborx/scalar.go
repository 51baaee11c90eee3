package cborx

import "encoding/binary"

// The functions below read CBOR heads and items straight from the bytes:
// ScalarBytes an item that a decoder of this package has already checked to
// be well-formed (a custom UnmarshalCBOR method gets exactly such bytes),
// Head and ItemLen any input, for the fast paths of package wire. They
// refuse anything but the exact type (a null is not a byte string).

// Head reads the initial byte and argument of a definite-length item: its
// major type, argument and the length of the head.
func Head(b []byte) (major byte, arg uint64, n int, ok bool) {
	if len(b) == 0 {
		return 0, 0, 0, false
	}
	major, ai := b[0]>>5, b[0]&0x1f
	switch {
	case ai < 24:
		return major, uint64(ai), 1, true
	case ai == 24 && len(b) >= 2:
		return major, uint64(b[1]), 2, true
	case ai == 25 && len(b) >= 3:
		return major, uint64(binary.BigEndian.Uint16(b[1:])), 3, true
	case ai == 26 && len(b) >= 5:
		return major, uint64(binary.BigEndian.Uint32(b[1:])), 5, true
	case ai == 27 && len(b) >= 9:
		return major, binary.BigEndian.Uint64(b[1:]), 9, true
	}
	return 0, 0, 0, false
}

// ScalarBytes returns a copy of the byte string item b.
func ScalarBytes(b []byte) ([]byte, bool) {
	major, arg, n, ok := Head(b)
	if !ok || major != 2 || uint64(len(b)-n) != arg {
		return nil, false
	}
	return append([]byte{}, b[n:]...), true
}

// ItemLen returns the encoded length of the first item of b: definite
// lengths only, no tags, nesting and counts within the strict limits; on
// anything else it returns false. It checks no UTF-8 and no duplicate keys.
func ItemLen(b []byte) (int, bool) { return itemLen(b, 0) }

func itemLen(b []byte, depth int) (int, bool) {
	major, arg, n, ok := Head(b)
	if !ok {
		return 0, false
	}
	switch major {
	case 0, 1, 7:
		return n, true
	case 2, 3:
		if arg > uint64(len(b)-n) {
			return 0, false
		}
		return n + int(arg), true
	case 4, 5:
		if arg > MaxEntries || depth >= MaxNestedLevels {
			return 0, false
		}
		count := int(arg)
		if major == 5 {
			count *= 2
		}
		off := n
		for range count {
			l, ok := itemLen(b[off:], depth+1)
			if !ok {
				return 0, false
			}
			off += l
		}
		return off, true
	}
	return 0, false
}
