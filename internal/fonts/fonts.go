// Package fonts holds the typefaces that venuepass embeds so that names in
// any script print and show with no system fonts: DejaVu Sans Condensed for
// Latin, Greek and Cyrillic, and NanumSquare for Hangul, in a regular and a
// bold weight. Both the printing package and the kiosk use them, from this one
// copy. Licences are beside the files (LICENSE-DejaVu.txt, LICENSE-Nanum.txt);
// README.md says where each file comes from and why these weights.
package fonts

import (
	_ "embed"
	"encoding/binary"
	"sort"
	"unicode"
)

// The Hangul faces are NanumGothic Regular and ExtraBold. NanumSquare, which
// printing used before, draws only the 2,350 syllables of KS X 1001 (plus a
// few): 8,693 of the 11,172 modern syllables, such as 똠 or 햏, have empty
// glyphs. NanumGothic draws all of them. Its ExtraBold cut, not its Bold, is
// the one that matches the Latin bold faces (DejaVu Sans Bold here, Noto Sans
// Bold in the kiosk): Hangul packs more strokes into an em, so its strokes are
// thinner at every weight, and the regular pair's relation (Hangul strokes
// 0.78 of Latin ones) holds for ExtraBold (0.82) but not Bold (0.68, a
// visibly lighter name beside bold Latin). TestBoldMatchesLatin measures it.
var (
	//go:embed DejaVuSansCondensed.ttf
	LatinRegular []byte
	//go:embed DejaVuSansCondensed-Bold.ttf
	LatinBold []byte
	//go:embed NanumGothic.ttf
	HangulRegular []byte
	//go:embed NanumGothicExtraBold.ttf
	HangulBold []byte
)

// File names of the faces, for fonts handed to libraries by name.
const (
	LatinRegularName  = "DejaVuSansCondensed.ttf"
	LatinBoldName     = "DejaVuSansCondensed-Bold.ttf"
	HangulRegularName = "NanumGothic.ttf"
	HangulBoldName    = "NanumGothicExtraBold.ttf"
)

// Cmap is the set of characters a font draws: sorted ranges of code points.
type Cmap []Range

// Range is an inclusive range of code points.
type Range struct{ Lo, Hi rune }

// Has reports whether the font draws r.
func (c Cmap) Has(r rune) bool {
	i := sort.Search(len(c), func(i int) bool { return c[i].Hi >= r })
	return i < len(c) && c[i].Lo <= r
}

// HasHangul reports whether the font draws all 11,172 modern Hangul
// syllables and the 51 modern compatibility jamo (ㄱ to ㅣ) that an input
// method types.
func (c Cmap) HasHangul() bool {
	for _, r := range []Range{{0xAC00, 0xD7A3}, {0x3131, 0x3163}} {
		for x := r.Lo; x <= r.Hi; x++ {
			if !c.Has(x) {
				return false
			}
		}
	}
	return true
}

// Coverage returns the characters that a TrueType font draws: the sorted
// code point ranges that it maps to glyphs with outlines (from its cmap
// table, formats 4 and 12, Unicode encodings, and its loca table). Glyphs without outlines count only for
// spaces: NanumSquare mapped most syllables to empty glyphs, which would
// print as nothing at all. The fonts are our own embedded files, so a
// malformed table only yields fewer ranges, never a panic.
func Coverage(ttf []byte) Cmap {
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
	var best Cmap
	for i, n := 0, u16(cmap, 2); i < n; i++ {
		rec := 4 + 8*i
		platform, encoding, off := u16(cmap, rec), u16(cmap, rec+2), u32(cmap, rec+4)
		if !(platform == 0 || platform == 3 && (encoding == 1 || encoding == 10)) || off >= len(cmap) {
			continue
		}
		var rs Cmap
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

func coverage(rs Cmap) int {
	n := 0
	for _, r := range rs {
		n += int(r.Hi-r.Lo) + 1
	}
	return n
}

func addRune(rs Cmap, r rune) Cmap {
	if n := len(rs); n > 0 && rs[n-1].Hi == r-1 {
		rs[n-1].Hi = r
		return rs
	}
	return append(rs, Range{r, r})
}
