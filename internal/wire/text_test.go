package wire

import (
	"bytes"
	"compress/zlib"
	"errors"
	"strings"
	"testing"
)

func zlibOf(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestInflate(t *testing.T) {
	body := bytes.Repeat([]byte{0xD2}, 100)
	z := zlibOf(body)
	if out, err := Inflate(z, MaxBodySize); err != nil || !bytes.Equal(out, body) {
		t.Fatalf("Inflate: %v", err)
	}
	if _, err := Inflate(append(bytes.Clone(z), 0), MaxBodySize); !errors.Is(err, ErrMalformed) {
		t.Errorf("trailing byte after the zlib stream: %v", err)
	}
	if _, err := Inflate(z[:len(z)-2], MaxBodySize); !errors.Is(err, ErrMalformed) {
		t.Errorf("truncated stream: %v", err)
	}
	bomb := zlibOf(make([]byte, 1<<20))
	if _, err := Inflate(bomb, MaxBodySize); !errors.Is(err, ErrTooLarge) {
		t.Errorf("bomb: %v", err)
	}
	if out, err := Inflate(zlibOf(make([]byte, MaxBodySize)), MaxBodySize); err != nil || len(out) != MaxBodySize {
		t.Errorf("exactly at the cap: %d %v", len(out), err)
	}
}

func TestBase45(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"AB", "BB8"}, {"Hello!!", "%69 VD92EX0"}, {"base-45", "UJCLQE7W581"}, {"ietf!", "QED8WEX0"},
	} {
		if got := Base45Encode([]byte(tc.in)); got != tc.out {
			t.Errorf("encode %q = %q, want %q (RFC 9285)", tc.in, got, tc.out)
		}
		if got, err := Base45Decode(tc.out); err != nil || string(got) != tc.in {
			t.Errorf("decode %q = %q, %v", tc.out, got, err)
		}
	}
	for _, bad := range []string{"GGW", "A", "ABCD", "ab", ":;", "GG"} {
		if _, err := Base45Decode(bad); err == nil {
			t.Errorf("decode %q succeeded", bad)
		}
	}
}

// The text limit counts characters, not bytes.
func TestTextLimitInCharacters(t *testing.T) {
	_, _, err := DecodeText("VP1:" + strings.Repeat("é", MaxTextLen-4))
	if !errors.Is(err, ErrMalformed) {
		t.Errorf("4096 characters of 2 bytes each: %v, want malformed (not Base45)", err)
	}
	_, _, err = DecodeText("VP1:" + strings.Repeat("é", MaxTextLen-3))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("4097 characters: %v, want too large", err)
	}
	_, _, err = DecodeText("VP1:" + strings.Repeat("0", MaxTextLen-3))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("4097 ASCII characters: %v, want too large", err)
	}
}

// Valid Base45 never ends in a space (its last digit is at most 32), so
// trailing spaces a scanner adds are trimmed like CR and LF.
func TestTrailingWhitespace(t *testing.T) {
	for n := 1; n < 64; n++ {
		for _, b := range []byte{0x00, 0x7f, 0xff} {
			enc := Base45Encode(bytes.Repeat([]byte{b}, n))
			if last := enc[len(enc)-1]; base45Value[last] > 32 {
				t.Fatalf("Base45 of %d bytes ends in %q", n, last)
			}
		}
	}
	cose := append([]byte{0xD2, 0x84, 0x40, 0xa0, 0x43, 1, 2, 3}, 0x40)
	text := EncodeText(PrefixCredential, cose)
	for _, in := range []string{text + " ", text + "  \r\n", " \t" + text + "\n", text + "\r"} {
		if _, got, err := DecodeText(in); err != nil || !bytes.Equal(got, cose) {
			t.Errorf("%q: %v", in, err)
		}
	}
}
