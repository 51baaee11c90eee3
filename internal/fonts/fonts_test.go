package fonts

import (
	"encoding/binary"
	"image"
	"sort"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

func TestCoverage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ttf    []byte
		hangul bool
		has    string
	}{
		{LatinRegularName, LatinRegular, false, "AZaz0ÅöŁΩЖ"},
		{LatinBoldName, LatinBold, false, "AZaz0ÅöŁΩЖ"},
		{HangulRegularName, HangulRegular, true, "AZaz09김민준똠햏힣ㅂㅃㅘ"},
		{HangulBoldName, HangulBold, true, "AZaz09김민준똠햏힣ㅂㅃㅘ"},
	} {
		c := Coverage(tc.ttf)
		if got := c.HasHangul(); got != tc.hangul {
			t.Errorf("%s: HasHangul = %v, want %v", tc.name, got, tc.hangul)
		}
		for _, r := range tc.has {
			if !c.Has(r) {
				t.Errorf("%s lacks %q", tc.name, r)
			}
		}
		if c.Has('\U0001F3AB') || c.Has('क') {
			t.Errorf("%s draws a character it has no glyph for", tc.name)
		}
	}
	// Glyphs without outlines do not count: NanumSquare, used before, maps
	// 8,693 syllables to empty glyphs.
	if c := Coverage(brokenGlyphs()); c.Has('똠') || !c.Has('김') {
		t.Error("an empty glyph counts as drawn")
	}
	if (Cmap{}).Has('A') || Coverage([]byte("not a font")).HasHangul() {
		t.Error("an empty or broken font draws something")
	}
}

// stem is the median width, in pixels, of the horizontal runs of ink in text
// set at 200 px: the thickness of vertical strokes, which is what makes one
// face look bolder than another beside it.
func stem(t *testing.T, ttf []byte, text string) float64 {
	t.Helper()
	f, err := opentype.Parse(ttf)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 200, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 220*len([]rune(text)), 300))
	(&font.Drawer{Dst: img, Src: image.White, Face: face, Dot: fixed.P(10, 240)}).DrawString(text)
	var runs []int
	for y := range img.Bounds().Dy() {
		n := 0
		for x := range img.Bounds().Dx() + 1 {
			if x < img.Bounds().Dx() && img.GrayAt(x, y).Y > 127 {
				n++
			} else if n > 0 {
				runs = append(runs, n)
				n = 0
			}
		}
	}
	if len(runs) == 0 {
		t.Fatalf("no ink for %q", text)
	}
	sort.Ints(runs)
	return float64(runs[len(runs)/2])
}

// TestBoldMatchesLatin: set side by side, a Korean name in the bold Hangul
// face must look as heavy beside a Latin name in bold as the regular faces
// do beside each other. Hangul syllables pack more strokes into an em, so
// their strokes are thinner at any weight; what must hold is the relation.
func TestBoldMatchesLatin(t *testing.T) {
	const latin, hangul = "KIM MIN HOLDER", "김민준정서연관리자"
	reg := stem(t, HangulRegular, hangul) / stem(t, LatinRegular, latin)
	bold := stem(t, HangulBold, hangul) / stem(t, LatinBold, latin)
	t.Logf("Hangul/Latin stem: regular %.2f, bold %.2f", reg, bold)
	if bold < reg*0.9 || bold > reg*1.1 {
		t.Errorf("bold Hangul strokes are %.2f of bold Latin ones, regular %.2f: the weights do not match", bold, reg)
	}
	step := stem(t, HangulBold, hangul) / stem(t, HangulRegular, hangul)
	if step < 1.6 {
		t.Errorf("bold Hangul is only %.2f times as heavy as regular", step)
	}
}

// brokenGlyphs is NanumGothic with the glyph of 똠 emptied in its loca
// table, as NanumSquare ships most syllables.
func brokenGlyphs() []byte {
	ttf := append([]byte(nil), HangulRegular...)
	f, err := sfnt.Parse(ttf)
	if err != nil {
		panic(err)
	}
	g, err := f.GlyphIndex(nil, '똠')
	if err != nil || g == 0 {
		panic("no glyph for 똠")
	}
	be := binary.BigEndian
	var loca, head []byte
	for i, n := 0, int(be.Uint16(ttf[4:])); i < n; i++ {
		rec := ttf[12+16*i:]
		off, length := be.Uint32(rec[8:]), be.Uint32(rec[12:])
		switch string(rec[:4]) {
		case "loca":
			loca = ttf[off : off+length]
		case "head":
			head = ttf[off : off+length]
		}
	}
	if be.Uint16(head[50:]) == 1 {
		copy(loca[4*int(g)+4:], loca[4*int(g):4*int(g)+4])
	} else {
		copy(loca[2*int(g)+2:], loca[2*int(g):2*int(g)+2])
	}
	return ttf
}
