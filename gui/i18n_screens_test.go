package gui

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// technicalWords are the Latin words a Korean screen may show: names of
// things that are written so in Korean too (keys, protocols, programs).
var technicalWords = map[string]bool{
	"PIN": true, "QR": true, "URL": true, "JSON": true, "POST": true, "HTTP": true, "DTR": true,
	"RTS": true, "LCUS": true, "USB": true, "COM": true, "Linux": true, "Enter": true, "Esc": true,
	"CSV": true, "ID": true, "EdDSA": true, "lang": true, "input": true, "paplay": true, "aplay": true,
	"venuepass": true, "fps": true, "Caps": true, "Lock": true, "AZERTY": true,
}

// latinWords lists the words of Latin letters in the texts under root that
// are neither data (the words of data, e.g. a holder's name) nor technical
// words; tokens with digits, '/', '.', '-' or '_' (paths, file names, kids,
// codes) are skipped.
func latinWords(root fyne.CanvasObject, data map[string]bool) []string {
	if !root.Visible() {
		return nil
	}
	var texts []string
	switch o := root.(type) {
	case *canvas.Text:
		texts = append(texts, o.Text)
	case *widget.Select:
		texts = append(texts, o.Options...)
	case *widget.RadioGroup:
		texts = append(texts, o.Options...)
	}
	var out []string
	for _, text := range texts {
		for _, tok := range strings.Fields(text) {
			if strings.ContainsAny(tok, "0123456789/._-") {
				continue
			}
			for _, w := range strings.FieldsFunc(tok, func(r rune) bool { return r > unicode.MaxLatin1 || !unicode.IsLetter(r) }) {
				if len([]rune(w)) >= 2 && !technicalWords[w] && !data[w] {
					out = append(out, w+" (in "+text+")")
				}
			}
		}
	}
	var kids []fyne.CanvasObject
	switch o := root.(type) {
	case *fyne.Container:
		kids = o.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(o).Objects()
	}
	for _, k := range kids {
		out = append(out, latinWords(k, data)...)
	}
	return out
}

// The Korean kiosk shows no English: the ready screen, verdicts, the PIN
// pad and every admin tab (with log lines, a pinned anchor, the faults of
// a machine with no sound) hold Korean texts, the data as issued and
// technical names only. It reads what is on the window, so it catches what
// TestNoUntranslatedText cannot see in the code: texts from data (a log's
// reason codes, an error's message).
func TestKoreanScreensHaveNoEnglish(t *testing.T) {
	t.Cleanup(func() { setLanguage("en") })
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	demo, err := NewDemo(t.TempDir(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	k, err := newKiosk(a, w, Options{ConfigDir: dir, Demo: demo, now: func() time.Time { return testNow },
		player: nopPlayer{}, noDevices: true, Lang: "ko"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(k.Close)
	tk := &testKiosk{kiosk: k, t: t, win: w, shown: make(chan verdict, 8), demo: demo, dir: dir}
	k.shown = func(v verdict) { tk.shown <- v }
	// No audio player: the fault the screenshots show.
	k.st.soundErr = errNoPlayer
	k.st.settings.Sound = true
	k.refreshService()

	data := map[string]bool{}
	addData := func(texts ...string) {
		for _, s := range texts {
			for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
				data[w] = true
			}
		}
	}
	set := k.st.settings
	addData(set.Venue, set.Gate, set.Zone, set.Event, set.TrustListName, set.KioskID)
	for _, n := range languageNames {
		addData(n) // each language by its own name
	}
	look := func(screen string) {
		t.Helper()
		for _, w := range latinWords(w.Content(), data) {
			t.Errorf("%s: %s", screen, w)
		}
	}
	look("ready")
	for _, s := range []string{"Final ticket", "Expired card", "Final ticket", "Steward badge", "Wrong layout"} {
		tk.wedgeScan(tk.sample(s))
		v := tk.wait()
		if c := v.Decision.Credential; c != nil {
			addData(c.Name, c.Org, c.Title, c.Seat, c.Event, c.Tier, strings.Join(c.Zones, " "))
		}
		look("verdict of " + s)
		k.backFromVerdict()
	}
	k.pin.open(k, pinForAdmin)
	look("PIN")
	k.admin.open(k)
	for i, item := range k.admin.tabs.Items {
		k.admin.tabs.SelectIndex(i)
		look("admin tab " + item.Text)
	}
}
