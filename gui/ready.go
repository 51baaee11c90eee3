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
	title   *canvas.Text
	gate    *widget.RichText
	hint    *widget.RichText
	message *widget.Label
	preview *canvas.Image
	prevBox fyne.CanvasObject
	demo    fyne.CanvasObject
}

func newReadyScreen(k *Kiosk) *readyScreen {
	s := &readyScreen{}
	s.title = boldText("Ready", 96)
	s.title.Alignment = fyne.TextAlignCenter
	s.gate = widget.NewRichText()
	s.gate.Wrapping = fyne.TextWrapWord
	s.hint = widget.NewRichText()
	s.hint.Wrapping = fyne.TextWrapWord
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

	open := widget.NewButtonWithIcon("Open image…", theme.FolderOpenIcon(), func() { k.openImageDialog() })
	admin := widget.NewButtonWithIcon("Admin", theme.SettingsIcon(), func() { k.openAdmin() })
	top := container.NewHBox(layout.NewSpacer(), open, admin)

	center := container.NewVBox(
		layout.NewSpacer(),
		s.title,
		s.gate,
		s.hint,
		container.NewCenter(s.prevBox),
		s.message,
		layout.NewSpacer(),
	)
	var bottom fyne.CanvasObject
	if k.opts.Demo != nil {
		s.demo = newDemoStrip(k)
		bottom = s.demo
	}
	s.root = container.NewBorder(container.NewPadded(top), bottom, nil, nil, container.NewPadded(center))
	return s
}

// refresh shows the gate's settings.
func (s *readyScreen) refresh(k *Kiosk) {
	set := k.st.settings
	var parts []string
	if set.Gate != "" {
		parts = append(parts, set.Gate)
	}
	if set.Zone != "" {
		parts = append(parts, "zone "+set.Zone)
	}
	if set.Event != "" {
		parts = append(parts, "event "+set.Event)
	}
	center := widget.RichTextStyle{Alignment: fyne.TextAlignCenter, ColorName: colorNameOnD, SizeName: sizeDetail, TextStyle: fyne.TextStyle{Bold: true}}
	s.gate.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: strings.Join(parts, "  ·  "), Style: center}}
	s.gate.Refresh()
	hint := "Hold the QR code under the scanner"
	if k.st.camera != "" && k.st.camera != "off" && !k.st.cameraErr {
		hint = "Hold the QR code to the camera or under the scanner"
	}
	muted := widget.RichTextStyle{Alignment: fyne.TextAlignCenter, ColorName: colorNameMut, SizeName: sizeSmall}
	s.hint.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: hint, Style: muted}}
	s.hint.Refresh()
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
}

// newDemoStrip shows the demo's sample codes; tapping one scans it.
func newDemoStrip(k *Kiosk) fyne.CanvasObject {
	d := k.opts.Demo
	cards := container.NewHBox()
	for i := range d.Samples {
		sm := &d.Samples[i]
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
		pic.SetMinSize(fyne.NewSize(84, 84))
		label := canvas.NewText(sm.Label, colorOnDark)
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
		Text:  fmt.Sprintf("DEMO  ·  tap a code to scan it  ·  admin PIN %s  ·  files in %s", d.PIN, d.Dir),
		Style: widget.RichTextStyle{ColorName: colorNameMut, SizeName: theme.SizeNameText},
	})
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
	}
	return colorReject
}

// openImageDialog lets staff pick an image file to scan.
func (k *Kiosk) openImageDialog() {
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
func (k *Kiosk) dropped(_ fyne.Position, uris []fyne.URI) {
	k.scanImageFiles(uris)
}

// scanImageFiles decodes image files off the UI goroutine and submits the
// codes found.
func (k *Kiosk) scanImageFiles(uris []fyne.URI) {
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
				k.uiMessage("No QR code found in " + baseName(p))
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
