package gui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/venuepass/venuepass/internal/fonts"
)

// Colours of the verdict screens and status chips. Green and red are dark
// enough for white text (contrast above 4.5:1); amber carries black text.
var (
	colorAccept = color.NRGBA{R: 0x14, G: 0x7a, B: 0x3c, A: 0xff}
	colorReject = color.NRGBA{R: 0xb4, G: 0x1c, B: 0x1c, A: 0xff}
	colorWarn   = color.NRGBA{R: 0xf2, G: 0xb1, B: 0x0a, A: 0xff}
	colorReady  = color.NRGBA{R: 0x12, G: 0x1a, B: 0x26, A: 0xff}
	// colorService is out of service: neutral slate, neither a verdict
	// colour nor the ready background.
	colorService = color.NRGBA{R: 0x4a, G: 0x55, B: 0x68, A: 0xff}
	colorPanel   = color.NRGBA{R: 0x1d, G: 0x27, B: 0x36, A: 0xff}
	colorChip    = color.NRGBA{R: 0x2a, G: 0x36, B: 0x48, A: 0xff}
	colorOnDark  = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	colorOnLight = color.NRGBA{R: 0x14, G: 0x14, B: 0x14, A: 0xff}
	colorMuted   = color.NRGBA{R: 0xa9, G: 0xb6, B: 0xc8, A: 0xff}
	colorAccent  = color.NRGBA{R: 0x4c, G: 0x9a, B: 0xff, A: 0xff}
)

// boldText is white bold text of the given size, for titles on the dark
// screens.
func boldText(text string, size float32) *canvas.Text {
	t := canvas.NewText(text, colorOnDark)
	t.TextSize = size
	t.TextStyle.Bold = true
	return t
}

// Theme names of the kiosk's own sizes and colours, used by RichText
// segments.
const (
	sizeHeadline fyne.ThemeSizeName  = "vpHeadline"
	sizeName     fyne.ThemeSizeName  = "vpName"
	sizeReason   fyne.ThemeSizeName  = "vpReason"
	sizeDetail   fyne.ThemeSizeName  = "vpDetail"
	sizeSmall    fyne.ThemeSizeName  = "vpSmall"
	colorNameOnD fyne.ThemeColorName = "vpOnDark"
	colorNameOnL fyne.ThemeColorName = "vpOnLight"
	colorNameMut fyne.ThemeColorName = "vpMuted"
)

// Text sizes, in fyne units (1/96 inch at scale 1). From 2 metres a steward
// reads text of about 1 cm: the name and reason are 56 to 64 units.
var kioskSizes = map[fyne.ThemeSizeName]float32{
	sizeHeadline: 96,
	sizeName:     64,
	sizeReason:   48,
	sizeDetail:   34,
	sizeSmall:    20,
}

// kioskTheme is fyne's dark theme with larger text and the kiosk's own
// colours and sizes.
type kioskTheme struct{ base fyne.Theme }

var _ fyne.Theme = kioskTheme{}

func newKioskTheme() fyne.Theme { return kioskTheme{base: theme.DefaultTheme()} }

func (t kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case colorNameOnD:
		return colorOnDark
	case colorNameOnL:
		return colorOnLight
	case colorNameMut:
		return colorMuted
	case theme.ColorNameBackground:
		return colorReady
	case theme.ColorNamePrimary:
		return colorAccent
	case theme.ColorNameInputBackground, theme.ColorNameButton:
		return colorChip
	}
	return t.base.Color(n, theme.VariantDark)
}

// Font is NanumGothic (internal/fonts, the faces printing uses), ExtraBold
// for bold text: it draws every Hangul syllable, ASCII and Latin-1, so names
// like 김민준 and seats like "112블록 F열 14번" show with no system fonts, and
// bold Hangul is as heavy beside bold Latin as on the printed cards.
// Characters it lacks (Greek, Cyrillic, most of Latin Extended) fall back to
// fyne's own Noto Sans. Monospace and symbols stay fyne's.
func (t kioskTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.base.Font(s)
	}
	if s.Bold {
		return hangulBold
	}
	return hangulRegular
}

var (
	hangulRegular = fyne.NewStaticResource(fonts.HangulRegularName, fonts.HangulRegular)
	hangulBold    = fyne.NewStaticResource(fonts.HangulBoldName, fonts.HangulBold)
)

// textStyles are the styles the kiosk sets text in, by name, for the glyph
// self-test.
var textStyles = []struct {
	name  string
	style fyne.TextStyle
}{
	{"regular", fyne.TextStyle{}},
	{"bold", fyne.TextStyle{Bold: true}},
	{"italic", fyne.TextStyle{Italic: true}},
	{"bold italic", fyne.TextStyle{Bold: true, Italic: true}},
}

// hangulSelfTest checks that each text face of th draws Hangul (all modern
// syllables and jamo) and returns a warning for each that does not: such a
// face shows Korean names as boxes on a machine without Korean fonts.
func hangulSelfTest(th fyne.Theme) []string {
	var warns []string
	for _, ts := range textStyles {
		r := th.Font(ts.style)
		if r == nil {
			warns = append(warns, fmt.Sprintf("the kiosk theme has no %s font; Hangul names may show as boxes", ts.name))
			continue
		}
		if !fonts.Coverage(r.Content()).HasHangul() {
			warns = append(warns, fmt.Sprintf("the %s font %s lacks Hangul: Korean names will show as boxes unless a system font has them", ts.name, r.Name()))
		}
	}
	return warns
}

func (t kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	if s, ok := kioskSizes[n]; ok {
		return s
	}
	switch n {
	case theme.SizeNameText:
		return 17
	case theme.SizeNameSubHeadingText:
		return 22
	case theme.SizeNameHeadingText:
		return 30
	case theme.SizeNameInnerPadding:
		return 10
	}
	return t.base.Size(n)
}
