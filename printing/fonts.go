package printing

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/venuepass/venuepass/internal/fonts"
)

// The fonts are embedded (package internal/fonts, shared with the kiosk) so
// that printing needs no system fonts. fpdf subsets them: a PDF carries only
// the glyphs its text uses.
//
// DejaVu Sans Condensed covers Latin (with its accents and extensions),
// Greek and Cyrillic; NanumGothic covers all Hangul syllables and jamo, kana
// and the KS X 1001 Hanja, with an ExtraBold cut whose weight matches DejaVu
// Sans Bold. Text is drawn in runs: each rune in the first font that has it,
// with NanumGothic first for text that contains Hangul so that Korean lines
// keep one design.

// face is one embedded font family in regular and bold.
type face struct {
	family        string // fpdf family name
	regular, bold []byte
	cmap          fonts.Cmap
}

func (f *face) has(r rune) bool { return f.cmap.Has(r) }

var (
	facesOnce sync.Once
	faceLatin *face
	faceKR    *face
)

func loadFaces() {
	facesOnce.Do(func() {
		faceLatin = &face{family: "dejavu", regular: fonts.LatinRegular, bold: fonts.LatinBold}
		faceKR = &face{family: "nanum", regular: fonts.HangulRegular, bold: fonts.HangulBold}
		// The bold cuts cover the same characters as the regular ones.
		faceLatin.cmap = fonts.Coverage(fonts.LatinRegular)
		faceKR.cmap = fonts.Coverage(fonts.HangulRegular)
	})
}

// replacement is drawn for runes that no embedded font has. fpdf's font
// tables also stop at U+FFFF, so runes beyond it must not reach them.
const replacement = '\uFFFD'

// drawable reports whether an embedded font has r.
func drawable(r rune) bool {
	return r <= 0xFFFF && (faceLatin.has(r) || faceKR.has(r))
}

// run is a piece of text drawn in one font.
type run struct {
	face *face
	text string
}

// runs splits s into runs of one font each. Runes that no font has are
// replaced by U+FFFD (see missing).
func runs(s string) []run {
	loadFaces()
	if strings.IndexFunc(s, func(r rune) bool { return !drawable(r) }) >= 0 {
		s = strings.Map(func(r rune) rune {
			if drawable(r) {
				return r
			}
			return replacement
		}, s)
	}
	primary, secondary := faceLatin, faceKR
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			primary, secondary = faceKR, faceLatin
			break
		}
	}
	var out []run
	start := 0
	var cur *face
	for i, r := range s {
		f := primary
		if !primary.has(r) && secondary.has(r) {
			f = secondary
		}
		if f != cur {
			if cur != nil && i > start {
				out = append(out, run{cur, s[start:i]})
			}
			cur, start = f, i
		}
	}
	if cur != nil && start < len(s) {
		out = append(out, run{cur, s[start:]})
	}
	return out
}

// missing returns the runes of s that no embedded font can draw.
func missing(s string) []rune {
	loadFaces()
	var out []rune
	for _, r := range s {
		if !unicode.IsPrint(r) || r == ' ' {
			continue
		}
		if !drawable(r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}
