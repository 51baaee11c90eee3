package gui

import (
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/trustlist"
)

// statusInfo is what the status bar shows.
type statusInfo struct {
	gate       string
	list       *trustlist.List
	listName   string
	listErr    string
	now        time.Time
	counts     dayCounts
	camera     string
	cameraErr  bool
	scanner    string
	scannerErr bool
}

// chip is a rounded label with a background colour.
type chip struct {
	bg   *canvas.Rectangle
	text *canvas.Text
	root fyne.CanvasObject
}

func newChip() *chip {
	c := &chip{bg: canvas.NewRectangle(colorChip), text: canvas.NewText("", colorOnDark)}
	c.bg.CornerRadius = 6
	c.text.TextSize = 16
	c.root = container.NewStack(c.bg, container.New(layout.NewCustomPaddedLayout(6, 6, 12, 12), c.text))
	return c
}

func (c *chip) set(text string, bg, fg color.Color) {
	c.text.Text, c.text.Color, c.bg.FillColor = text, fg, bg
	c.text.Refresh()
	c.bg.Refresh()
}

// statusBar shows the gate, the trust list (name, seq, age, next update,
// expiry; amber when stale, red when expired or missing), today's counts,
// and the camera and scanner state.
type statusBar struct {
	root                               fyne.CanvasObject
	row                                *fyne.Container
	gate, trust, counts, camera, input *chip

	// Shown state, for tests.
	trustLevel string
}

func newStatusBar() *statusBar {
	s := &statusBar{gate: newChip(), trust: newChip(), counts: newChip(), camera: newChip(), input: newChip()}
	bg := canvas.NewRectangle(colorPanel)
	// The chips wrap to a second row rather than make the window wider
	// than a small panel (800x480) or fall off it.
	s.row = container.New(&flowLayout{gap: 6}, s.gate.root, s.trust.root, s.counts.root, s.input.root, s.camera.root)
	s.root = container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(6, 6, 8, 8), s.row))
	return s
}

func (s *statusBar) set(i statusInfo) {
	s.gate.set(i.gate, colorChip, colorOnDark)
	text, level := trustStatus(i)
	s.trustLevel = level
	switch level {
	case "expired":
		s.trust.set(text, colorReject, colorOnDark)
	case "stale":
		s.trust.set(text, colorWarn, colorOnLight)
	default:
		s.trust.set(text, colorChip, colorOnDark)
	}
	s.counts.set(tr().T("status.counts", vars{"In": i.counts.Accepted, "Inside": i.counts.Inside, "Refused": i.counts.Rejected}), colorChip, colorOnDark)
	cam := tr().T("status.no_camera")
	if i.camera != "" && i.camera != "off" {
		cam = tr().T("status.camera", vars{"Name": termtext.Truncate(i.camera, 40)})
	}
	if i.cameraErr {
		s.camera.set(cam, colorReject, colorOnDark)
	} else {
		s.camera.set(cam, colorChip, colorOnDark)
	}
	in := tr().T("status.keyboard")
	if i.scanner != "" && i.scanner != scannerKeyboard {
		in = tr().T("status.scanner", vars{"Name": termtext.Truncate(i.scanner, 40)})
	}
	if i.scannerErr {
		s.input.set(in, colorReject, colorOnDark)
	} else {
		s.input.set(in, colorChip, colorOnDark)
	}
	// Chip texts changed size: lay the row out again.
	s.row.Refresh()
}

// trustStatus describes the trust list in use and its level: "ok",
// "stale" or "expired" (also for no list: every code is refused).
func trustStatus(i statusInfo) (string, string) {
	l := i.list
	if l == nil {
		msg := i.listErr
		if msg == "" {
			msg = tr().T("trust.none")
		}
		return tr().T("status.no_list", vars{"Why": msg}), "expired"
	}
	name := i.listName
	if name == "" {
		name = tr().T("status.list_name")
	}
	age := tr().T("status.signed", vars{"Ago": ago(i.now.Sub(l.IssuedAt))})
	switch {
	case l.Expired(i.now):
		return tr().T("status.expired", vars{"Name": name, "Seq": l.Seq, "Day": day(l.Expires, i.now)}), "expired"
	case l.Stale(i.now):
		return tr().T("status.stale", vars{"Name": name, "Seq": l.Seq,
			"Since": day(l.NextUpdate, i.now), "Expires": day(l.Expires, i.now)}), "stale"
	}
	return tr().T("status.ok", vars{"Name": name, "Seq": l.Seq, "Age": age,
		"Update": in(l.NextUpdate.Sub(i.now)), "Expires": day(l.Expires, i.now)}), "ok"
}

// ago and in say a duration the way staff would.
func ago(d time.Duration) string {
	if d < time.Minute {
		return tr().T("time.just_now")
	}
	return tr().T("time.ago", vars{"D": roughly(d)})
}

func in(d time.Duration) string {
	if d < time.Minute {
		return tr().T("time.now")
	}
	return tr().T("time.in", vars{"D": roughly(d)})
}

func roughly(d time.Duration) string {
	switch {
	case d < time.Hour:
		return tr().T("time.min", vars{"N": int(d.Minutes())})
	case d < 48*time.Hour:
		return tr().T("time.h", vars{"N": int(d.Hours())})
	}
	return tr().T("time.d", vars{"N": int(math.Round(d.Hours() / 24))})
}
