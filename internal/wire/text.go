package wire

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
)

// Limits of FORMAT.md section 1.
const (
	MaxTextLen  = 4096
	MaxBodySize = 16 << 10
)

// Prefixes of FORMAT.md section 1.
const (
	PrefixCredential   = "VP1:"
	PrefixPresentation = "VPP1:"
)

// Sentinel classes of decoding failures. Every error returned by this package
// wraps exactly one of them.
var (
	ErrTooLarge  = errors.New("too large")
	ErrMalformed = errors.New("malformed")
)

// Error is a decoding failure of this package: Kind is ErrMalformed or
// ErrTooLarge (errors.Is finds it), Detail says what is wrong. A caller
// that words the failure its own way takes Detail with errors.As (or
// Detail), never by cutting the text.
type Error struct {
	Kind   error
	Detail string
}

func (e *Error) Error() string { return e.Kind.Error() + ": " + e.Detail }
func (e *Error) Unwrap() error { return e.Kind }

// Detail returns the detail of the first *Error in err's chain, or the
// whole text of an error that has none.
func Detail(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Detail
	}
	return err.Error()
}

func malformed(format string, args ...any) error {
	return &Error{ErrMalformed, fmt.Sprintf(format, args...)}
}

// DecodeText turns QR text into the COSE bytes it carries, enforcing the limits
// of FORMAT.md section 1 before doing any work. It returns the prefix found.
func DecodeText(text string) (prefix string, cose []byte, err error) {
	// Surrounding whitespace is ignored. Space is also a Base45 digit
	// (value 36), but never the last character of valid Base45: a final
	// triplet's last digit is at most 65535/2025 = 32, a final pair's at most
	// 255/45 = 5. Trimming it cannot damage a code. It comes first, so that
	// a code of the maximum length followed by a scanner's line end is not
	// too large; trimming allocates nothing.
	text = strings.Trim(text, " \t\r\n\v\f")
	// Then the length check, before any other work. The limit is in
	// characters; counting runes is only needed when the byte length is
	// over it.
	if len(text) > MaxTextLen {
		if n := utf8.RuneCountInString(text); n > MaxTextLen {
			return "", nil, &Error{ErrTooLarge, fmt.Sprintf("QR text of %d characters exceeds %d", n, MaxTextLen)}
		}
	}
	switch {
	case strings.HasPrefix(text, PrefixCredential):
		prefix = PrefixCredential
	case strings.HasPrefix(text, PrefixPresentation):
		prefix = PrefixPresentation
	default:
		return "", nil, malformed("unknown prefix: a venuepass code starts with %q or %q (an EU DCC with \"HC1:\")", PrefixCredential, PrefixPresentation)
	}
	raw, err := Base45Decode(text[len(prefix):])
	if err != nil {
		return "", nil, malformed("%v", err)
	}
	body, err := DecodeBody(raw)
	if err != nil {
		return "", nil, err
	}
	return prefix, body, nil
}

// DecodeBody tells the two body forms apart by their first byte: 0x78 is
// zlib (inflated through a capped reader), 0xD2 a tagged COSE_Sign1.
func DecodeBody(raw []byte) ([]byte, error) {
	if len(raw) == 0 {
		return nil, malformed("empty body")
	}
	switch raw[0] {
	case 0xD2:
		return raw, nil
	case 0x78:
		return Inflate(raw, MaxBodySize)
	default:
		return nil, malformed("body starts with 0x%02x, neither zlib nor a tagged COSE_Sign1", raw[0])
	}
}

// inflaters reuses zlib readers: a new one allocates its 32 KiB window.
var inflaters sync.Pool

// Inflate decompresses zlib data, refusing output over limit bytes. Reaching
// the cap is an error, never a truncation.
func Inflate(raw []byte, limit int64) ([]byte, error) {
	br := bytes.NewReader(raw)
	var zr io.ReadCloser
	if pooled, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := pooled.(zlib.Resetter).Reset(br, nil); err != nil {
			return nil, malformed("zlib: %v", err)
		}
		zr = pooled
	} else {
		r, err := zlib.NewReader(br)
		if err != nil {
			return nil, malformed("zlib: %v", err)
		}
		zr = r
	}
	defer func() {
		zr.Close()
		inflaters.Put(zr)
	}()
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, malformed("zlib: %v", err)
	}
	if int64(len(out)) > limit {
		return nil, &Error{ErrTooLarge, fmt.Sprintf("body inflates past %d bytes", limit)}
	}
	// bytes.Reader is an io.ByteReader, so the inflater reads no further
	// than the end of the zlib stream: anything left is trailing garbage.
	if br.Len() != 0 {
		return nil, malformed("%d bytes after the end of the zlib stream", br.Len())
	}
	return out, nil
}

// EncodeText packs COSE bytes into QR text, compressing them with zlib only
// when that makes the body shorter (FORMAT.md section 1).
func EncodeText(prefix string, cose []byte) string {
	body := cose
	var buf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	zw.Write(cose)
	zw.Close()
	if buf.Len() < len(cose) {
		body = buf.Bytes()
	}
	return prefix + Base45Encode(body)
}
