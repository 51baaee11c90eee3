package wire

import "errors"

// RFC 9285 Base45.
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

var base45Value [256]int8

func init() {
	for i := range base45Value {
		base45Value[i] = -1
	}
	for i := 0; i < len(base45Alphabet); i++ {
		base45Value[base45Alphabet[i]] = int8(i)
	}
}

var (
	errBase45Char    = errors.New("character outside the Base45 alphabet")
	errBase45Length  = errors.New("Base45 text has a dangling character")
	errBase45Overlow = errors.New("Base45 group encodes a value over its range")
)

// Base45Encode encodes src as RFC 9285 Base45.
func Base45Encode(src []byte) string {
	out := make([]byte, 0, len(src)/2*3+2)
	for i := 0; i+1 < len(src); i += 2 {
		n := int(src[i])<<8 | int(src[i+1])
		out = append(out, base45Alphabet[n%45], base45Alphabet[n/45%45], base45Alphabet[n/2025])
	}
	if len(src)%2 == 1 {
		n := int(src[len(src)-1])
		out = append(out, base45Alphabet[n%45], base45Alphabet[n/45])
	}
	return string(out)
}

// Base45Decode decodes RFC 9285 Base45 text. A group of three characters
// above 65535, or of two above 255, is an error (RFC 9285, section 4.2).
func Base45Decode(s string) ([]byte, error) {
	if len(s)%3 == 1 {
		return nil, errBase45Length
	}
	full := len(s) / 3
	out := make([]byte, full*2+len(s)%3/2)
	for i := 0; i < full; i++ {
		t := s[3*i : 3*i+3]
		c, d, e := base45Value[t[0]], base45Value[t[1]], base45Value[t[2]]
		if c|d|e < 0 {
			return nil, errBase45Char
		}
		n := int(c) + int(d)*45 + int(e)*2025
		if n > 0xffff {
			return nil, errBase45Overlow
		}
		out[2*i], out[2*i+1] = byte(n>>8), byte(n)
	}
	if len(s)%3 == 2 {
		c, d := base45Value[s[len(s)-2]], base45Value[s[len(s)-1]]
		if c|d < 0 {
			return nil, errBase45Char
		}
		n := int(c) + int(d)*45
		if n > 0xff {
			return nil, errBase45Overlow
		}
		out[len(out)-1] = byte(n)
	}
	return out, nil
}
