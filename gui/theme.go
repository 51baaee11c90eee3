package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// Colours of the verdict screens and status chips. Green and red are dark
// enough for white text (contrast above 4.5:1); amber carries black text.
var (
	colorAccept  = color.NRGBA{R: 0x14, G: 0x7a, B: 0x3c, A: 0xff}
	colorReject  = color.NRGBA{R: 0xb4, G: 0x1c, B: 0x1c, A: 0xff}
	colorWarn    = color.NRGBA{R: 0xf2, G: 0xb1, B: 0x0a, A: 0xff}
	colorReady   = color.NRGBA{R: 0x12, G: 0x1a, B: 0x26, A: 0xff}
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

func (t kioskTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

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
