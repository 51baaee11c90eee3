package gui

import (
	"fmt"
	"image"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/venuepass/venuepass/gui/scan"
	"github.com/venuepass/venuepass/qr"
)

// readyScreen waits for a code: what the gate is for, how to scan, the live
// camera preview, and in demo mode a strip of sample codes.
type readyScreen struct {
	root    fyne.CanvasObject
	center  *fyne.Container // laid out again when a part shows or hides
	title   *fitText
	gate    *fitText
	hint    *fitText
	message *widget.Label
	preview *canvas.Image
	prevBox fyne.CanvasObject
	demo    fyne.CanvasObject
	// Out of service: the background, the causes and Try again.
	bg     *canvas.Rectangle
	causes *fitText
	retry  *widget.Button
	// banner tells the operator the list is out of date.
	banner      *widget.RichText
	bannerBox   fyne.CanvasObject
	bannerSlot  *fyne.Container
	shownBanner string
	// The inbox's offer of a newer trust list, and its refusals.
	update   *widget.Button
	inboxMsg *widget.Label
	// The day's counters: entered, inside now, refused.
	entered, inside, refused *fitText
	counters                 fyne.CanvasObject
	// Shown state, for tests.
	shownCounts dayCounts
	shownTitle  string
	shownCauses []string
}

func newReadyScreen(k *kiosk) *readyScreen {
	s := &readyScreen{}
	// Text sizes itself to the screen (fit.go): 800x480 to 1920x1080.
	s.title = newFitText(32, 150, true, colorOnDark)
	s.title.Text = tr().T("ready.title")
	s.gate = newFitText(16, 56, true, colorOnDark)
	s.hint = newFitText(13, 30, false, colorMuted)
	s.message = widget.NewLabel("")
	s.message.Alignment = fyne.TextAlignCenter
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Importance = widget.WarningImportance
	s.message.Hide()

	s.preview = canvas.NewImageFromImage(nil)
	s.preview.FillMode = canvas.ImageFillContain
	s.preview.ScaleMode = canvas.ImageScaleFastest
	s.preview.SetMinSize(fyne.NewSize(320, 180))
	frame := canvas.NewRectangle(colorPanel)
	frame.CornerRadius = 8
	s.prevBox = container.NewStack(frame, container.NewPadded(s.preview))
	s.prevBox.Hide()

	open := widget.NewButtonWithIcon(tr().T("ready.open_image"), theme.FolderOpenIcon(), func() { k.openImageDialog() })
	admin := widget.NewButtonWithIcon(tr().T("ready.admin"), theme.SettingsIcon(), func() { k.openAdmin() })
	s.banner = widget.NewRichText()
	s.banner.Wrapping = fyne.TextWrapWord
	bannerBg := canvas.NewRectangle(colorWarn)
	bannerBg.CornerRadius = 6
	s.bannerBox = container.NewStack(bannerBg, container.New(layout.NewCustomPaddedLayout(6, 6, 12, 12), s.banner))
	s.bannerBox.Hide()
	top := container.NewBorder(nil, nil, nil, container.NewHBox(open, admin), s.bannerBox)
	s.causes = newFitText(13, 40, false, colorOnDark)
	s.causes.Hide()
	s.retry = widget.NewButtonWithIcon(tr().T("ready.try_again"), theme.ViewRefreshIcon(), func() { k.retryService() })
	s.retry.Hide()
	s.bg = canvas.NewRectangle(color.Transparent)
	s.update = widget.NewButtonWithIcon("", theme.DownloadIcon(), func() { k.acceptInboxOffer() })
	s.update.Importance = widget.HighImportance
	s.update.Hide()
	s.inboxMsg = widget.NewLabel("")
	s.inboxMsg.Wrapping = fyne.TextWrapWord
	s.inboxMsg.Alignment = fyne.TextAlignCenter
	s.inboxMsg.Importance = widget.WarningImportance
	s.inboxMsg.Hide()

	counter := func(label string) (*fitText, fyne.CanvasObject) {
		n := newFitText(22, 80, true, colorOnDark)
		n.Text = "0"
		l := canvas.NewText(label, colorMuted)
		l.TextSize = 18
		l.Alignment = fyne.TextAlignCenter
		bg := canvas.NewRectangle(colorPanel)
		bg.CornerRadius = 10
		return n, container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(4, 8, 20, 20), container.New(newShare(1, 0), n, l)))
	}
	var c1, c2, c3 fyne.CanvasObject
	s.entered, c1 = counter(tr().T("ready.entered_today"))
	s.inside, c2 = counter(tr().T("ready.inside_now"))
	s.refused, c3 = counter(tr().T("ready.refused"))
	s.counters = container.NewGridWithColumns(3, c1, c2, c3)

	// The title, gate line, hint and counters share the height beyond
	// their minimum: they grow with the screen.
	s.center = container.New(newShare(0.3, 3, 1, 0, 1.2, 0.6, 0, 0, 0, 0, 2, 0.3),
		canvas.NewRectangle(color.Transparent),
		s.title,
		s.causes,
		container.NewCenter(s.retry),
		s.gate,
		s.hint,
		container.NewCenter(s.prevBox),
		s.message,
		container.NewCenter(s.update),
		s.inboxMsg,
		s.counters,
		canvas.NewRectangle(color.Transparent),
	)
	var bottom fyne.CanvasObject
	if k.opts.Demo != nil {
		s.demo = newDemoStrip(k)
		bottom = s.demo
	}
	s.root = container.NewStack(s.bg, container.NewBorder(container.NewPadded(top), bottom, nil, nil, container.NewPadded(s.center)))
	s.shownTitle = s.title.Text
	return s
}

// setFaults shows the faults that keep the kiosk from checking codes: with
// a blocking one the screen is out of service (neutral, "NOT CHECKED"),
// never "Ready"; faults of one input only are listed under "Ready".
func (s *readyScreen) setFaults(fs []fault) {
	blocked, clearable := false, false
	var lines []string
	for _, f := range fs {
		blocked = blocked || f.blocking()
		clearable = clearable || f.clearable()
		lines = append(lines, f.Cause)
	}
	title, size := tr().T("ready.title"), float32(150)
	s.bg.FillColor = color.Transparent
	if blocked {
		title, size = notCheckedHeadline(), 90
		lines = append([]string{tr().T("ready.not_checked")}, lines...)
		s.bg.FillColor = colorService
	}
	s.bg.Refresh()
	// Out of service, the causes take the room: the counters stay in the
	// status bar.
	if blocked {
		s.counters.Hide()
		s.hint.Hide()
	} else {
		s.counters.Show()
		s.hint.Show()
	}
	s.title.Text, s.title.Max = title, size
	s.title.Refresh()
	if len(lines) == 0 {
		s.causes.Hide()
	} else {
		s.causes.Bold = blocked
		setFit(s.causes, strings.Join(lines, "\n"), colorOnDark)
	}
	if clearable {
		s.retry.Show()
	} else {
		s.retry.Hide()
	}
	s.shownTitle, s.shownCauses = title, lines
	// A part that was hidden when the screen was last laid out has no
	// size yet: lay it out again, or the causes show one letter wide.
	s.center.Refresh()
}

// refresh shows the gate's settings.
func (s *readyScreen) refresh(k *kiosk) {
	set := k.st.settings
	var parts []string
	if set.Gate != "" {
		parts = append(parts, set.Gate)
	}
	if set.Zone != "" {
		parts = append(parts, tr().T("ready.zone", vars{"Zone": set.Zone}))
	}
	if set.Event != "" {
		parts = append(parts, tr().T("ready.event", vars{"Event": set.Event}))
	}
	setFit(s.gate, strings.Join(parts, "  ·  "), colorOnDark)
	hint := tr().T("ready.hint")
	if k.st.camera != "" && k.st.camera != "off" && !k.st.cameraErr {
		hint = tr().T("ready.hint_camera")
	}
	s.hint.set(hint, colorMuted)
}

// setPreview shows a camera frame; nil hides the preview.
func (s *readyScreen) setPreview(img image.Image) {
	if img == nil {
		s.preview.Image = nil
		s.prevBox.Hide()
		return
	}
	s.preview.Image = img
	if !s.prevBox.Visible() {
		s.prevBox.Show()
	}
	s.preview.Refresh()
}

// setMessage shows a note under the title ("" hides it).
func (s *readyScreen) setMessage(msg string) {
	s.message.SetText(msg)
	if msg == "" {
		s.message.Hide()
	} else {
		s.message.Show()
	}
	s.center.Refresh()
}

// newDemoStrip shows the demo's sample codes; tapping one scans it.
func newDemoStrip(k *kiosk) fyne.CanvasObject {
	d := k.opts.Demo
	cards := container.NewHBox()
	for i := range d.samples {
		sm := &d.samples[i]
		text, err := sm.Text(k.now())
		if err != nil {
			continue
		}
		img, err := qr.Image(text, qr.RenderOptions{Size: 200, QuietZone: 2})
		if err != nil {
			continue
		}
		pic := canvas.NewImageFromImage(img)
		pic.FillMode = canvas.ImageFillContain
		pic.ScaleMode = canvas.ImageScalePixels
		pic.SetMinSize(fyne.NewSize(72, 72))
		label := canvas.NewText(sampleLabel(sm.Label), colorOnDark)
		label.TextSize = 15
		label.Alignment = fyne.TextAlignCenter
		mark := canvas.NewRectangle(demoMark(sm.Expect))
		mark.SetMinSize(fyne.NewSize(0, 4))
		btn := widget.NewButton("", func() {
			t, err := sm.Text(k.now())
			if err != nil {
				k.ready.setMessage(err.Error())
				return
			}
			k.Submit(t, scan.SourceDemo)
			k.win.Canvas().Unfocus()
		})
		cards.Add(container.NewStack(btn, container.NewPadded(container.NewVBox(pic, label, mark))))
	}
	caption := widget.NewRichText(&widget.TextSegment{
		Text:  tr().T("ready.demo", vars{"PIN": d.pin, "Dir": d.dir}),
		Style: widget.RichTextStyle{ColorName: colorNameMut, SizeName: theme.SizeNameCaptionText},
	})
	caption.Wrapping = fyne.TextWrapWord
	bg := canvas.NewRectangle(colorPanel)
	return container.NewStack(bg, container.NewPadded(container.NewVBox(caption, container.NewHScroll(cards))))
}

// demoMark colours the bar under a sample code by the verdict it gives.
func demoMark(expect string) color.Color {
	switch expect {
	case kindAccept:
		return colorAccept
	case kindWarn:
		return colorWarn
	case kindService:
		return colorService
	}
	return colorReject
}

// openImageDialog lets staff pick an image file to scan.
func (k *kiosk) openImageDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		uri := r.URI()
		r.Close()
		k.scanImageFiles([]fyne.URI{uri})
	}, k.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg", ".gif", ".PNG", ".JPG", ".JPEG"}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// dropped scans image files dropped on the window.
func (k *kiosk) dropped(_ fyne.Position, uris []fyne.URI) {
	k.scanImageFiles(uris)
}

// scanImageFiles decodes image files off the UI goroutine and submits the
// codes found.
func (k *kiosk) scanImageFiles(uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	k.ready.setMessage("")
	go func() {
		var d qr.Decoder
		for _, p := range paths {
			img, err := scan.ReadImage(p)
			if err != nil {
				k.uiMessage(err.Error())
				continue
			}
			texts, err := d.Decode(img)
			if err != nil {
				k.uiMessage(tr().T("ready.no_code_in", vars{"File": baseName(p)}))
				continue
			}
			for _, t := range texts {
				k.Submit(t, scan.SourceFile)
			}
		}
	}()
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// setBanner shows the operator banner ("" hides it).
func (s *readyScreen) setBanner(text string) {
	s.shownBanner = text
	if text == "" {
		s.bannerBox.Hide()
		return
	}
	s.banner.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: widget.RichTextStyle{
		ColorName: colorNameOnL, SizeName: theme.SizeNameText, TextStyle: fyne.TextStyle{Bold: true}}}}
	s.banner.Refresh()
	s.bannerBox.Show()
}

// setCounts shows the day's counters.
func (s *readyScreen) setCounts(c dayCounts) {
	s.shownCounts = c
	for _, x := range []struct {
		t *fitText
		n int
	}{{s.entered, c.Accepted}, {s.inside, c.Inside}, {s.refused, c.Rejected}} {
		x.t.Text = fmt.Sprint(x.n)
		x.t.Refresh()
	}
}

// setInbox shows the inbox's offer (nil: none) and why files were not used.
func (s *readyScreen) setInbox(offer *inboxFile, refused []string, k *kiosk) {
	if offer == nil {
		s.update.Hide()
	} else {
		s.update.SetText(offer.offer)
		s.update.Show()
	}
	if len(refused) == 0 {
		s.inboxMsg.Hide()
	} else {
		s.inboxMsg.SetText(strings.Join(refused, "\n"))
		s.inboxMsg.Show()
	}
}
