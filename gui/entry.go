package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/venuepass/venuepass/gui/scan"
)

// scanEntry is a text entry that still hears the wedge scanner: keystrokes
// go to the entry as usual, and also to the kiosk's wedge, so a code
// scanned while the entry has focus is verified (and taken out of the
// entry) instead of being typed into it.
type scanEntry struct {
	widget.Entry
	k *kiosk
}

func newScanEntry(k *kiosk) *scanEntry {
	e := &scanEntry{k: k}
	e.ExtendBaseWidget(e)
	return e
}

func (e *scanEntry) TypedRune(r rune) {
	e.k.wedge.Rune(r)
	e.Entry.TypedRune(r)
}

func (e *scanEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		if text, ok := e.k.wedge.Enter(); ok {
			e.SetText(strings.TrimSuffix(e.Text, text))
			e.k.noteKoreanIME()
			e.k.Submit(text, scan.SourceWedge)
			return
		}
	}
	e.Entry.TypedKey(ev)
}
