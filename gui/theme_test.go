package gui

import (
	"bytes"
	"image"
	"image/draw"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/venuepass/venuepass/verifier"
)

func TestHangulSelfTest(t *testing.T) {
	if w := hangulSelfTest(newKioskTheme()); len(w) != 0 {
		t.Errorf("the kiosk theme fails its own self-test: %v", w)
	}
	// fyne's own theme (Noto Sans) has no Hangul: every text face warns,
	// naming the font.
	w := hangulSelfTest(theme.DefaultTheme())
	if len(w) != len(textStyles) {
		t.Fatalf("default theme: %d warnings, want %d: %v", len(w), len(textStyles), w)
	}
	for _, s := range w {
		if !strings.Contains(s, "lacks Hangul") || !strings.Contains(s, "NotoSans") {
			t.Errorf("unclear warning %q", s)
		}
	}
}

// glyphs renders each rune of s alone in style and returns the images, on a
// canvas with the kiosk theme and fyne's test driver, which has no system
// fonts to fall back on.
func glyphs(t *testing.T, s string, bold bool) []*image.NRGBA {
	t.Helper()
	var out []*image.NRGBA
	for _, r := range s {
		txt := canvas.NewText(string(r), colorOnDark)
		txt.TextSize = 64
		txt.TextStyle.Bold = bold
		w := test.NewWindow(txt)
		w.Resize(fyne.NewSize(120, 120))
		img := w.Canvas().Capture()
		w.Close()
		n := image.NewNRGBA(img.Bounds())
		draw.Draw(n, n.Bounds(), img, image.Point{}, draw.Src)
		out = append(out, n)
	}
	return out
}

// ink is the number of light (text) pixels of img.
func ink(img *image.NRGBA) int {
	n := 0
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i] > 128 && img.Pix[i+1] > 128 {
			n++
		}
	}
	return n
}

// TestHangulRendersBold: Hangul syllables render as glyphs (a missing glyph
// draws the same box for each), and bold Hangul is clearly heavier than
// regular, as bold Latin is.
func TestHangulRendersBold(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(newKioskTheme())
	const name = "김민준"
	reg, bold := glyphs(t, name, false), glyphs(t, name, true)
	for i := range reg {
		for j := i + 1; j < len(reg); j++ {
			if bytes.Equal(reg[i].Pix, reg[j].Pix) {
				t.Errorf("%q and %q render the same: missing glyphs", []rune(name)[i], []rune(name)[j])
			}
		}
		if ink(reg[i]) == 0 {
			t.Errorf("%q renders nothing", []rune(name)[i])
		}
	}
	sum := func(imgs []*image.NRGBA) int {
		n := 0
		for _, i := range imgs {
			n += ink(i)
		}
		return n
	}
	hr, hb := sum(reg), sum(bold)
	lr, lb := sum(glyphs(t, "KIM", false)), sum(glyphs(t, "KIM", true))
	t.Logf("ink: Hangul %d regular, %d bold (%.2fx); Latin %d, %d (%.2fx)", hr, hb, float64(hb)/float64(hr), lr, lb, float64(lb)/float64(lr))
	if float64(hb)/float64(hr) < 0.85*float64(lb)/float64(lr) {
		t.Errorf("bold Hangul is %.2fx as heavy as regular, bold Latin %.2fx", float64(hb)/float64(hr), float64(lb)/float64(lr))
	}
}

// TestHangulVerdictScreenshot puts an accepted verdict for a Korean holder
// on the kiosk and saves a screenshot (into testdata/screens with -update,
// else a temporary folder; VENUEPASS_SHOTS=DIR keeps it there).
func TestHangulVerdictScreenshot(t *testing.T) {
	tk := newTestKiosk(t, nil)
	c := &verifier.Credential{Type: verifier.Ticket, Name: "김민준", Org: "잠실야구장", Event: demoEvent,
		Seat: "112블록 F열 14번", Zones: []string{"3루 게이트"}, Iss: demoVenue, Expires: testNow.Add(24 * 60 * 60 * 1e9)}
	tk.showVerdict(verdict{Decision: verifier.Decision{Accepted: true, Credential: c, Profile: verifier.ProfileVP}})
	img := tk.win.Canvas().Capture()
	dir := t.TempDir()
	if *updateScreens {
		dir = filepath.Join("testdata", "screens")
	} else if d := os.Getenv("VENUEPASS_SHOTS"); d != "" {
		dir = d
	}
	writePNG(t, filepath.Join(dir, "accepted-hangul.png"), img)
}
