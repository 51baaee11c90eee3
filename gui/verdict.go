package gui

import (
	"bytes"
	"image"
	"image/color"
	_ "image/jpeg" // photos
	_ "image/png"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/photos"
	"github.com/venuepass/venuepass/verifier"
)

// headlineMax is the largest verdict headline, on a 1920x1080 screen.
const headlineMax = 150

// verdict kinds: the screen's colour.
const (
	kindAccept = "accept"
	kindWarn   = "warn"
	kindReject = "reject"
	// kindService: the code was not checked (a fault that is not about
	// it); neutral, not red.
	kindService = "service"
)

// kindOf tells green, amber and red apart: amber is an accept with a
// warning (a stale trust list, a soft passback).
func kindOf(v verdict) string {
	switch {
	case v.OutOfService != nil:
		return kindService
	case !v.Decision.Accepted:
		return kindReject
	case len(v.Decision.Warnings) > 0:
		return kindWarn
	}
	return kindAccept
}

// verdictScreen fills the window with the verdict colour: headline, holder
// name, credential, details and the reason in plain words.
type verdictScreen struct {
	root     fyne.CanvasObject
	bg       *canvas.Rectangle
	icon     *widget.Icon
	band     *canvas.Rectangle
	bandBox  fyne.CanvasObject
	headline *fitText
	name     *fitText
	kind     *fitText
	details  *fitText
	reason   *fitText
	footer   *widget.RichText
	// annul withdraws the entry just accepted: the turnstile did not
	// turn.
	annul *widget.Button
	// override lets a supervisor admit a refused holder.
	override *widget.Button
	// bar counts down to a red verdict's auto-clear.
	bar *countdownBar
	// shown is the verdict on screen.
	shown verdict
	// photo is the holder's photo, beside the name when it matches.
	photo    *canvas.Image
	photoBox fyne.CanvasObject
	// shownPhoto is the photo status shown ("" none), for tests.
	shownPhoto string

	// record is the log record of the verdict shown.
	record string
	// Shown text, for tests.
	shownKind   string
	shownReason string
	// heldNote is the note shown when a code was scanned while this red
	// verdict waited for staff ("" none), for tests.
	heldNote string
}

func newVerdictScreen(onTap, onAnnul, onOverride func()) *verdictScreen {
	s := &verdictScreen{bg: canvas.NewRectangle(colorAccept)}
	s.annul = widget.NewButtonWithIcon(tr().T("verdict.annul"), theme.ContentUndoIcon(), onAnnul)
	s.annul.Hide()
	s.override = widget.NewButtonWithIcon(tr().T("verdict.override"), theme.AccountIcon(), onOverride)
	s.override.Hide()
	s.bar = newCountdownBar(colorOnDark)
	s.bar.Hide()
	s.footer = widget.NewRichText()
	s.footer.Wrapping = fyne.TextWrapWord
	// Every line sizes itself to the room the screen gives it (fit.go):
	// from a 7-inch 800x480 panel to 1920x1080.
	s.headline = newFitText(30, headlineMax, true, colorOnDark)
	s.name = newFitText(22, 120, true, colorOnDark)
	s.kind = newFitText(15, 48, false, colorOnDark)
	s.details = newFitText(14, 44, false, colorOnDark)
	s.reason = newFitText(18, 80, true, colorOnDark)
	s.icon = widget.NewIcon(nil)
	s.headline.icon = s.icon
	// The reason sits on a darker band, so it reads as the answer.
	s.band = canvas.NewRectangle(color.NRGBA{A: 0x30})
	s.band.CornerRadius = 18
	s.bandBox = container.NewStack(s.band, container.New(layout.NewCustomPaddedLayout(10, 10, 24, 24), s.reason))
	s.photo = canvas.NewImageFromImage(nil)
	s.photo.FillMode = canvas.ImageFillContain
	s.photo.SetMinSize(fyne.NewSize(120, 160))
	s.photoBox = container.NewPadded(s.photo)
	s.photoBox.Hide()
	who := container.New(photoLayout{}, s.photoBox, container.New(newShare(3, 1, 2), s.name, s.kind, s.details))
	// The reason band is last and the gap above it takes a share too: the
	// band stays at the bottom, whatever the screen's size.
	gap := canvas.NewRectangle(color.Transparent)
	body := container.New(newShare(3, 6, 0.5, 2.5), s.headline, who, gap, s.bandBox)
	bottom := container.NewVBox(container.NewCenter(container.NewHBox(s.annul, s.override)), s.footer, s.bar)
	content := container.NewBorder(nil, bottom, nil, nil, container.New(layout.NewCustomPaddedLayout(12, 8, 32, 32), body))
	s.root = container.NewStack(s.bg, newTapArea(onTap), container.NewPadded(content))
	return s
}

// set fills the screen for v; canAnnul shows the annul button on an
// accepted verdict.
func (s *verdictScreen) set(v verdict, g gateInfo, canAnnul bool) {
	s.heldNote = ""
	s.record = v.Record
	s.shown = v
	s.bar.stop()
	if !v.Decision.Accepted && (v.Decision.Credential != nil || v.Decision.DCC != nil) {
		s.override.Show()
	} else {
		s.override.Hide()
	}
	if canAnnul && v.Decision.Accepted {
		s.annul.Show()
	} else {
		s.annul.Hide()
	}
	kind := kindOf(v)
	var bg color.Color
	var fg fyne.ThemeColorName
	var headline string
	var icon fyne.Resource
	switch kind {
	case kindAccept:
		bg, fg, headline, icon = colorAccept, colorNameOnD, words.Text("verdict.accepted", nil), theme.ConfirmIcon()
	case kindWarn:
		bg, fg, headline, icon = colorWarn, colorNameOnL, words.Text("verdict.check", nil), theme.WarningIcon()
	default:
		bg, fg, headline, icon = colorReject, colorNameOnD, words.Text("verdict.rejected", nil), theme.CancelIcon()
	}
	s.icon.SetResource(theme.NewColoredResource(icon, fg))
	s.bg.FillColor = bg
	s.bg.Refresh()

	seg := func(text string, size fyne.ThemeSizeName, bold bool) []widget.RichTextSegment {
		if text == "" {
			return nil
		}
		return []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
			Alignment: fyne.TextAlignCenter, ColorName: fg, SizeName: size, TextStyle: fyne.TextStyle{Bold: bold}}}}
	}
	setRT := func(r *widget.RichText, segs []widget.RichTextSegment) {
		r.Segments = segs
		r.Refresh()
		if len(segs) == 0 {
			r.Hide()
		} else {
			r.Show()
		}
	}
	fgc := colorOnDark
	if fg == colorNameOnL {
		fgc = colorOnLight
	}
	s.headline.Max = headlineMax
	s.headline.set(headline, fgc)

	d := v.Decision
	c := d.Credential
	var name, kindLine, details string
	if c != nil {
		name = c.Name
		parts := []string{typeTitle(c.Type)}
		if c.Tier != "" {
			parts[0] = tr().T("verdict.tier_type", vars{"Tier": c.Tier, "Type": lowerFirst(parts[0])})
		}
		org := c.Org
		if org == "" && d.Issuer != nil {
			org = d.Issuer.Name
		}
		if org != "" {
			parts = append(parts, org)
		}
		kindLine = strings.Join(parts, "  ·  ")
		details = credentialDetails(c)
	}
	if cert := d.DCC; cert != nil && cert.Health != nil {
		name, kindLine, details = dccLines(cert)
	}
	s.setPhoto(v)
	if c != nil && c.BirthYear > 0 {
		details = strings.TrimSpace(details + "\n" + tr().T("verdict.born", vars{"Year": c.BirthYear}))
	}
	if v.Photo != nil && v.Photo.Status == photos.Mismatch {
		details = strings.TrimSpace(details + "\n" + tr().T("verdict.photo_mismatch"))
	}
	s.name.Max = 120
	setFit(s.name, name, fgc)
	setFit(s.kind, kindLine, fgc)
	setFit(s.details, details, fgc)

	var reason []string
	if !d.Accepted {
		reason = append(reason, plainReason(v, g))
	}
	for _, w := range d.Warnings {
		ws := plainWarning(w, v, g)
		if w == warnNotLogged && v.Detail != "" {
			ws = words.Text("warning.not_logged.detail", explain.Args{"detail": v.Detail})
		}
		if w == warnStaffOverride {
			ws = v.Detail
		}
		if w == verifier.WarnTrustListStale && !g.TrustNextUpdate.IsZero() {
			// Past the hard grace: say what to do, not what may be missing.
			ws = tr().T("verdict.stale", vars{"Age": roughly(g.Now.Sub(g.TrustNextUpdate))})
		}
		reason = append(reason, ws)
	}
	if d.Accepted && len(d.Warnings) == 0 {
		reason = append(reason, words.Text("verdict.welcome", nil))
	}
	setFit(s.reason, strings.Join(reason, "\n"), fgc)

	footer := tr().T("verdict.continue")
	if v.Source != "" {
		footer = tr().T("verdict.footer_from", vars{"Source": sourceName(v.Source), "Footer": footer})
	}
	setRT(s.footer, seg(footer, sizeSmall, false))
	s.shownKind, s.shownReason = kind, strings.Join(reason, "\n")
}

// notCheckedHeadline is the headline when a code was not checked.
func notCheckedHeadline() string { return tr().T("verdict.not_checked") }

// setNotChecked shows, in the neutral colour, that a code was not checked
// because of f: the cause in plain words, and what staff should do.
func (s *verdictScreen) setNotChecked(f fault, source string) {
	s.photoBox.Hide()
	s.shownPhoto = ""
	s.record = ""
	s.annul.Hide()
	s.override.Hide()
	s.bar.stop()
	s.paintNeutral(notCheckedHeadline(), theme.ErrorIcon())
	s.setLines(tr().T("verdict.call_supervisor"), "", f.Cause)
	s.details.Hide()
	footer := tr().T("verdict.not_checked_footer")
	if source != "" {
		footer = tr().T("verdict.footer_from", vars{"Source": sourceName(source), "Footer": footer})
	}
	s.setFooter(footer)
	s.shownKind, s.shownReason = kindService, f.Cause
}

// setGateFailed turns the verdict shown neutral: the gate did not open,
// which is not the visitor's fault; text says so in plain words.
func (s *verdictScreen) setGateFailed(text string) {
	s.annul.Hide()
	s.override.Hide()
	s.paintNeutral(words.Text("verdict.gate_failed", nil), theme.ErrorIcon())
	s.setLines("", "", text)
	s.shownKind, s.shownReason = kindService, text
}

// paintNeutral sets the neutral background, icon and headline.
func (s *verdictScreen) paintNeutral(headline string, icon fyne.Resource) {
	s.bg.FillColor = colorService
	s.bg.Refresh()
	s.icon.SetResource(theme.NewColoredResource(icon, colorNameOnD))
	// Smaller than a verdict's headline: the screen holds more text, and
	// fits a 7-inch 800x480 panel.
	s.headline.Max = headlineMax * 2 / 3
	s.headline.set(headline, colorOnDark)
}

// setLines replaces name, details and reason ("" keeps the line as it is,
// recoloured for the neutral background).
func (s *verdictScreen) setLines(name, details, reason string) {
	recolour := func(t *fitText, text string) {
		if text != "" {
			t.Text = text
		}
		setFit(t, t.Text, colorOnDark)
	}
	if name != "" {
		// An instruction, not a holder's name: smaller.
		s.name.Max = 60
		setFit(s.kind, "", colorOnDark)
	}
	recolour(s.name, name)
	recolour(s.kind, "")
	recolour(s.details, details)
	recolour(s.reason, reason)
	for _, seg := range s.footer.Segments {
		if t, ok := seg.(*widget.TextSegment); ok {
			t.Style.ColorName = colorNameOnD
		}
	}
	s.footer.Refresh()
}

// setFit shows text on t in colour c, and hides t when text is empty.
func setFit(t *fitText, text string, c color.Color) {
	t.set(text, c)
	if text == "" {
		t.Hide()
	} else {
		t.Show()
	}
}

func (s *verdictScreen) setFooter(text string) {
	s.footer.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
		Alignment: fyne.TextAlignCenter, ColorName: colorNameOnD, SizeName: sizeSmall}}}
	s.footer.Show()
	s.footer.Refresh()
}

// credentialDetails lists what staff check: zones, event, seat, title and
// number, as the credential has them.
func credentialDetails(c *verifier.Credential) string {
	var lines []string
	if c.Event != "" {
		lines = append(lines, tr().T("verdict.event", vars{"Event": c.Event}))
	}
	if c.Seat != "" {
		lines = append(lines, c.Seat)
	}
	if c.Title != "" {
		lines = append(lines, c.Title)
	}
	var extra []string
	if len(c.Zones) > 0 {
		z := "verdict.zone"
		if len(c.Zones) > 1 {
			z = "verdict.zones"
		}
		extra = append(extra, tr().T(z, vars{"Zones": strings.Join(c.Zones, ", ")}))
	}
	if c.Number != "" {
		extra = append(extra, tr().T("verdict.number", vars{"Number": c.Number}))
	}
	if len(extra) > 0 {
		lines = append(lines, strings.Join(extra, "  ·  "))
	}
	return strings.Join(lines, "\n")
}

// dccLines describes an EU Digital COVID Certificate for staff.
func dccLines(c *dcc.Certificate) (name, kind, details string) {
	n := c.Health.Name
	given, family := n.GivenName, n.FamilyName
	if given == "" && family == "" {
		given, family = n.GivenNameStd, n.FamilyNameStd
	}
	name = strings.TrimSpace(given + " " + family)
	kind = tr().T("verdict.dcc", vars{"Type": c.Type.String()})
	if c.Issuer != "" {
		kind += "  ·  " + c.Issuer
	}
	if c.Health.DateOfBirth != "" {
		details = tr().T("verdict.born_date", vars{"Date": c.Health.DateOfBirth})
	}
	return name, kind, details
}

// tapArea is an invisible object that calls a function when tapped.
type tapArea struct {
	widget.BaseWidget
	onTap func()
}

func newTapArea(onTap func()) *tapArea {
	t := &tapArea{onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapArea) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// countdown shows a bar that shrinks to nothing over d: when the red
// verdict clears by itself.
func (s *verdictScreen) countdown(d time.Duration) {
	s.bar.start(d)
}

// setPhoto shows the holder's photo beside the name, only when its digest
// matches the credential's.
func (s *verdictScreen) setPhoto(v verdict) {
	s.shownPhoto = ""
	if v.Photo != nil {
		s.shownPhoto = v.Photo.Status.String()
	}
	if v.Photo == nil || v.Photo.Status != photos.Match {
		s.photo.Image = nil
		s.photoBox.Hide()
		return
	}
	img, _, err := image.Decode(bytes.NewReader(v.Photo.Photo))
	if err != nil {
		s.shownPhoto = "unreadable"
		s.photoBox.Hide()
		return
	}
	s.photo.Image = img
	s.photo.Refresh()
	s.photoBox.Show()
}

// photoLayout puts the photo (the first object) at the left, as tall as the
// row and three quarters as wide, a passport photo's shape, but at most a
// third of the width: staff compare a face, so it grows with the screen.
// The text (the second object) takes the rest. Its minimum is the photo's
// minimum beside the text's, as a border layout's would be.
type photoLayout struct{}

func (photoLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	photo, text := objs[0], objs[1]
	m := text.MinSize()
	if photo.Visible() {
		p := photo.MinSize()
		m = fyne.NewSize(m.Width+p.Width, fyne.Max(m.Height, p.Height))
	}
	return m
}

func (photoLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	photo, text := objs[0], objs[1]
	w := float32(0)
	if photo.Visible() {
		w = fyne.Max(photo.MinSize().Width, fyne.Min(size.Height*3/4, size.Width/3))
		photo.Move(fyne.NewPos(0, 0))
		photo.Resize(fyne.NewSize(w, size.Height))
	}
	text.Move(fyne.NewPos(w, 0))
	text.Resize(fyne.NewSize(size.Width-w, size.Height))
}
