// Package qr encodes venuepass credentials as QR codes and reads them back.
//
// Encoding uses the gozxing QR encoder. Credential texts ("VP1:" followed by
// Base45 characters) only use the QR alphanumeric alphabet, so they are always
// stored in alphanumeric mode, which is about 25% denser than byte mode.
// Codes can be rendered as PNG, SVG, an in-memory image, or half-block
// characters for a terminal.
//
// Decoding is tuned for camera frames and photos. [Decode] runs a ladder of
// progressively more expensive attempts (denoising, alternative binarizers,
// inverted "dark mode" codes, rescaling, cropping around finder patterns)
// and stops at the first rung that yields a result. Frames without any QR
// finder-pattern structure are rejected early, so an empty camera frame costs
// only a few milliseconds: each rung first binarizes only the rows gozxing's
// finder search scans, exactly as gozxing would, and skips the search when
// they hold no finder pattern candidate, and the denoised rungs are skipped
// when neither polarity of the frame shows one. A camera loop can use a
// [FrameDecoder], which also skips the search on a frame showing the same
// still scene as an earlier frame in which nothing like a code was found.
package qr

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/encoder"
)

// Level is a QR error correction level. The zero value is M.
type Level int

// Error correction levels. M, the zero value, suits most uses; L gives the
// smallest symbol and H the most robust one.
const (
	M Level = iota // recovers ~15% of codewords; the default
	L              // recovers ~7% of codewords
	Q              // recovers ~25% of codewords
	H              // recovers ~30% of codewords
)

// String returns the level's letter.
func (l Level) String() string {
	switch l {
	case L:
		return "L"
	case M:
		return "M"
	case Q:
		return "Q"
	case H:
		return "H"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel parses an error correction level name ("L", "M", "Q" or "H",
// case-insensitive). The empty string yields the default level M.
func ParseLevel(s string) (Level, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "L":
		return L, nil
	case "", "M":
		return M, nil
	case "Q":
		return Q, nil
	case "H":
		return H, nil
	}
	return 0, errorf("unknown error correction level %q (want L, M, Q or H)", s)
}

func (l Level) zxing() (decoder.ErrorCorrectionLevel, error) {
	switch l {
	case L:
		return decoder.ErrorCorrectionLevel_L, nil
	case M:
		return decoder.ErrorCorrectionLevel_M, nil
	case Q:
		return decoder.ErrorCorrectionLevel_Q, nil
	case H:
		return decoder.ErrorCorrectionLevel_H, nil
	}
	return 0, errorf("invalid error correction level %d", int(l))
}

// maxChars is how many characters like text's the largest QR code (version
// 40) holds at level: alphanumeric ones (every code's Base45 text) or
// bytes (ISO/IEC 18004 table 7).
func maxChars(text string, level Level) int {
	alnum := [...]int{M: 3391, L: 4296, Q: 2420, H: 1852}
	bytes := [...]int{M: 2331, L: 2953, Q: 1663, H: 1273}
	if int(level) < 0 || int(level) >= len(alnum) {
		return 0
	}
	for i := 0; i < len(text); i++ {
		if !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", rune(text[i])) {
			return bytes[level]
		}
	}
	return alnum[level]
}

// Mode names the QR data encoding mode of a [Code].
type Mode string

// Data encoding modes produced by [Encode].
const (
	Numeric      Mode = "numeric"
	Alphanumeric Mode = "alphanumeric"
	Byte         Mode = "byte"
)

// A Code is an encoded QR symbol: a square matrix of dark and light modules.
type Code struct {
	size    int
	version int
	level   Level
	mode    Mode
	dark    []bool // size*size, row-major
}

// Size returns the width and height of the symbol in modules, without the
// quiet zone.
func (c *Code) Size() int { return c.size }

// Version returns the QR version, from 1 (21x21 modules) to 40 (177x177).
func (c *Code) Version() int { return c.version }

// Level returns the error correction level the code was built with.
func (c *Code) Level() Level { return c.level }

// Mode returns the data encoding mode used for the text.
func (c *Code) Mode() Mode { return c.mode }

// Black reports whether the module at column x, row y is dark. Coordinates
// outside the symbol (for example in the quiet zone) are light.
func (c *Code) Black(x, y int) bool {
	if x < 0 || y < 0 || x >= c.size || y >= c.size {
		return false
	}
	return c.dark[y*c.size+x]
}

// isAlphanumeric reports whether s only uses the QR alphanumeric alphabet
// (0-9, A-Z, space and $%*+-./:), which includes the Base45 alphabet.
func isAlphanumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || strings.IndexByte(" $%*+-./:", c) >= 0) {
			return false
		}
	}
	return true
}

// Encode builds the smallest QR symbol holding text at the given error
// correction level. Text made only of QR alphanumeric characters, such as a
// "VP1:" credential, is encoded in alphanumeric mode; other text is encoded
// as UTF-8 bytes.
func Encode(text string, level Level) (*Code, error) {
	if text == "" {
		return nil, errorf("cannot encode empty text")
	}
	if !utf8.ValidString(text) {
		return nil, errorf("text is not valid UTF-8")
	}
	ec, err := level.zxing()
	if err != nil {
		return nil, err
	}
	var hints map[gozxing.EncodeHintType]interface{}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			// Emit an ECI header so that readers do not guess ISO-8859-1.
			hints = map[gozxing.EncodeHintType]interface{}{gozxing.EncodeHintType_CHARACTER_SET: "UTF-8"}
			break
		}
	}
	q, err := encoder.Encoder_encode(text, ec, hints)
	if err != nil {
		if max := maxChars(text, level); len(text) > max {
			return nil, errorf("%d characters are too many for a QR code at error correction level %v (it holds at most %d of these); shorten the text or choose a lower level: %w", len(text), level, max, err)
		}
		return nil, errorf("cannot encode %d bytes at level %v: %w", len(text), level, err)
	}
	var mode Mode
	switch q.GetMode() {
	case decoder.Mode_NUMERIC:
		mode = Numeric
	case decoder.Mode_ALPHANUMERIC:
		mode = Alphanumeric
	default:
		mode = Byte
	}
	if isAlphanumeric(text) && mode == Byte {
		// gozxing picks the mode itself; make sure a future change in its
		// heuristics cannot silently bloat credentials.
		return nil, errorf("internal error: alphanumeric text encoded in byte mode")
	}
	m := q.GetMatrix()
	size := m.GetWidth()
	c := &Code{
		size:    size,
		version: q.GetVersion().GetVersionNumber(),
		level:   level,
		mode:    mode,
		dark:    make([]bool, size*size),
	}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			c.dark[y*size+x] = m.Get(x, y) == 1
		}
	}
	return c, nil
}
