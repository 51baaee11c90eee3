package termtext

import (
	"strings"
	"unicode"
)

// Sanitize keeps control characters from signed-but-hostile fields out of
// the terminal, and the invisible characters that make text read other
// than it is: bidirectional controls (U+202E turns "gpj.exe" around,
// U+2066 isolates) and zero-width characters (U+200B splits a name that
// looks whole). Each becomes '?', so staff see that something was there.
func Sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || unicode.Is(unicode.Bidi_Control, r) || isZeroWidth(r) {
			return '?'
		}
		return r
	}, s)
}

// SanitizeLines is Sanitize for text of several lines: the line breaks
// stay.
func SanitizeLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		lines[i] = Sanitize(strings.TrimSuffix(l, "\n"))
		if strings.HasSuffix(l, "\n") {
			lines[i] += "\n"
		}
	}
	return strings.Join(lines, "")
}

// isZeroWidth reports the invisible spaces and joiners, the line and
// paragraph separators and the byte order mark. (ZWNJ and ZWJ, U+200C and
// U+200D, which some scripts and emoji need, are kept.)
func isZeroWidth(r rune) bool {
	switch r {
	case 0x200B, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x180E, 0x2028, 0x2029, 0x00AD:
		return true
	}
	return false
}
