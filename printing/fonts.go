package printing

import (
	_ "embed"
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// The fonts are embedded so that printing needs no system fonts. fpdf subsets
// them: a PDF carries only the glyphs its text uses.
//
// DejaVu Sans Condensed covers Latin (with its accents and extensions),
// Greek and Cyrillic; NanumSquare covers Hangul, kana and the KS X 1001
// Hanja. Text is drawn in runs: each rune in the first font that has it, with
// NanumSquare first for text that contains Hangul so that Korean lines keep
// one design. Licences: fonts/LICENSE-DejaVu.txt and fonts/LICENSE-Nanum.txt.
var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	dejaVu []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	dejaVuBold []byte
	//go:embed fonts/NanumSquareR.ttf
	nanum []byte
	//go:embed fonts/NanumSquareB.ttf
	nanumBold []byte
)

// face is one embedded font family in regular and bold.
type face struct {
	family        string // fpdf family name
	regular, bold []byte
	cmap          []runeRange
}

type runeRange struct{ lo, hi rune }

func (f *face) has(r rune) bool {
	i := sort.Search(len(f.cmap), func(i int) bool { return f.cmap[i].hi >= r })
	return i < len(f.cmap) && f.cmap[i].lo <= r
}

var (
	facesOnce sync.Once
	faceLatin *face
	faceKR    *face
)

func loadFaces() {
	facesOnce.Do(func() {
		faceLatin = &face{family: "dejavu", regular: dejaVu, bold: dejaVuBold}
		faceKR = &face{family: "nanum", regular: nanum, bold: nanumBold}
		// The bold cuts cover the same characters as the regular ones.
		faceLatin.cmap = readCmap(dejaVu)
		faceKR.cmap = readCmap(nanum)
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

// readCmap returns the sorted code point ranges that a TrueType font maps to
// glyphs with outlines (from its cmap table, formats 4 and 12, Unicode
// encodings, and its loca table). Glyphs without outlines count only for
// spaces: NanumSquare maps its Hanja to empty glyphs, which would print as
// nothing at all. The fonts are our own embedded files, so a malformed table
// only yields fewer ranges, never a panic.
func readCmap(ttf []byte) []runeRange {
	be := binary.BigEndian
	u16 := func(b []byte, off int) int {
		if off < 0 || off+2 > len(b) {
			return 0
		}
		return int(be.Uint16(b[off:]))
	}
	u32 := func(b []byte, off int) int {
		if off < 0 || off+4 > len(b) {
			return 0
		}
		return int(be.Uint32(b[off:]))
	}
	tables := map[string][]byte{}
	for i, n := 0, u16(ttf, 4); i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			break
		}
		off, length := u32(ttf, rec+8), u32(ttf, rec+12)
		if off+length <= len(ttf) {
			tables[string(ttf[rec:rec+4])] = ttf[off : off+length]
		}
	}
	cmap, loca := tables["cmap"], tables["loca"]
	longLoca := u16(tables["head"], 50) == 1
	outline := func(g int) bool {
		if longLoca {
			return u32(loca, 4*g+4) > u32(loca, 4*g)
		}
		return u16(loca, 2*g+2) > u16(loca, 2*g)
	}
	var best []runeRange
	for i, n := 0, u16(cmap, 2); i < n; i++ {
		rec := 4 + 8*i
		platform, encoding, off := u16(cmap, rec), u16(cmap, rec+2), u32(cmap, rec+4)
		if !(platform == 0 || platform == 3 && (encoding == 1 || encoding == 10)) || off >= len(cmap) {
			continue
		}
		var rs []runeRange
		add := func(c rune, g int) {
			if g != 0 && (outline(g) || unicode.IsSpace(c)) {
				rs = addRune(rs, c)
			}
		}
		switch u16(cmap, off) {
		case 4:
			segs := u16(cmap, off+6) / 2
			ends, starts := off+14, off+16+2*segs
			deltas, rangeOffs := starts+2*segs, starts+4*segs
			for s := 0; s < segs; s++ {
				lo, hi := u16(cmap, starts+2*s), u16(cmap, ends+2*s)
				if lo == 0xFFFF {
					continue
				}
				delta, ro := u16(cmap, deltas+2*s), u16(cmap, rangeOffs+2*s)
				for c := lo; c <= hi; c++ {
					g := 0
					if ro == 0 {
						g = (c + delta) & 0xFFFF
					} else if g = u16(cmap, rangeOffs+2*s+ro+2*(c-lo)); g != 0 {
						g = (g + delta) & 0xFFFF
					}
					add(rune(c), g)
				}
			}
		case 12:
			for grp, n := 0, u32(cmap, off+12); grp < n; grp++ {
				rec := off + 16 + 12*grp
				lo, hi, g := u32(cmap, rec), u32(cmap, rec+4), u32(cmap, rec+8)
				if hi < lo || hi > unicode.MaxRune {
					continue
				}
				for c := lo; c <= hi; c++ {
					add(rune(c), g+c-lo)
				}
			}
		}
		if coverage(rs) > coverage(best) {
			best = rs
		}
	}
	return best
}

func coverage(rs []runeRange) int {
	n := 0
	for _, r := range rs {
		n += int(r.hi-r.lo) + 1
	}
	return n
}

func addRune(rs []runeRange, r rune) []runeRange {
	if n := len(rs); n > 0 && rs[n-1].hi == r-1 {
		rs[n-1].hi = r
		return rs
	}
	return append(rs, runeRange{r, r})
}
