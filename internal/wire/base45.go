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
	out := make([]byte, 0, len(s)/3*2+1)
	for i := 0; i < len(s); i += 3 {
		c, d := base45Value[s[i]], base45Value[s[i+1]]
		if c < 0 || d < 0 {
			return nil, errBase45Char
		}
		n := int(c) + int(d)*45
		if i+2 == len(s) {
			if n > 0xff {
				return nil, errBase45Overlow
			}
			out = append(out, byte(n))
			break
		}
		e := base45Value[s[i+2]]
		if e < 0 {
			return nil, errBase45Char
		}
		n += int(e) * 2025
		if n > 0xffff {
			return nil, errBase45Overlow
		}
		out = append(out, byte(n>>8), byte(n))
	}
	return out, nil
}
