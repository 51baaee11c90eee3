package gui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/venuepass/venuepass/verifier"
)

// longHangulName is a name too long for one row at 800x480 at the name's
// largest size: it shrinks, and wraps at most to two rows, never cut.
const longHangulName = "남궁민수아름다운하늘빛바다의이야기김"

// Every kiosk screen fits from a 7-inch 800x480 panel to 1920x1080: the
// window's minimum size fits 800x480, the headline and the bottom band
// (reason band, counters, Save) lie inside the window at both sizes, their
// text fits the box it was given, and the headline is bigger on the large
// screen.
func TestEveryScreenFits(t *testing.T) {
	var tk *testKiosk
	sizes := []fyne.Size{fyne.NewSize(800, 480), fyne.NewSize(1920, 1080)}

	inside := func(t *testing.T, what string, o fyne.CanvasObject, win fyne.Size) {
		t.Helper()
		if !o.Visible() {
			t.Errorf("%s is hidden", what)
			return
		}
		p, found := absPos(tk.win.Content(), o, fyne.NewPos(0, 0))
		if !found {
			t.Errorf("%s is not on the window", what)
			return
		}
		s := o.Size()
		if p.X < -0.5 || p.Y < -0.5 || p.X+s.Width > win.Width+0.5 || p.Y+s.Height > win.Height+0.5 || s.Width < 1 || s.Height < 1 {
			t.Errorf("%s at %v size %v lies outside the %v window", what, p, s, win)
		}
	}
	// fitsBox: the text chosen for a fitText lies inside its box (nothing
	// drawn beyond it, so nothing cut).
	fitsBox := func(t *testing.T, what string, f *fitText) {
		t.Helper()
		box := f.Size()
		lh := f.lineHeight(f.shownSize)
		if h := float32(len(f.shownLines)) * lh; h > box.Height+0.5 {
			t.Errorf("%s: %d rows at %.0f are %.0f high in a box of %.0f", what, len(f.shownLines), f.shownSize, h, box.Height)
		}
		for _, l := range f.shownLines {
			if w := fyne.MeasureText(l, f.shownSize, f.style()).Width + f.iconGap(f.shownSize); w > box.Width+0.5 {
				t.Errorf("%s: row %q at %.0f is %.0f wide in a box of %.0f", what, l, f.shownSize, w, box.Width)
			}
		}
		if got := strings.Join(strings.Fields(strings.Join(f.shownLines, "")), ""); got != strings.Join(strings.Fields(strings.ReplaceAll(f.Text, "\n", "")), "") {
			t.Errorf("%s: rows %q do not hold all of %q", what, f.shownLines, f.Text)
		}
	}

	type screen struct {
		name string
		show func()
		// check runs at each size and returns the headline size.
		check func(t *testing.T, win fyne.Size) float32
	}
	verdictCheck := func(t *testing.T, win fyne.Size) float32 {
		v := tk.verdict
		inside(t, "headline", v.headline, win)
		fitsBox(t, "headline", v.headline)
		inside(t, "reason band", v.bandBox, win)
		fitsBox(t, "reason", v.reason)
		if v.name.Visible() {
			inside(t, "name", v.name, win)
			fitsBox(t, "name", v.name)
		}
		return v.headline.shownSize
	}
	scan := func(label string) func() {
		return func() {
			tk.show(screenReady)
			tk.wedgeScan(tk.sample(label))
			tk.wait()
		}
	}
	screens := []screen{
		{"ready", func() { tk.show(screenReady) }, func(t *testing.T, win fyne.Size) float32 {
			r := tk.ready
			inside(t, "title", r.title, win)
			fitsBox(t, "title", r.title)
			inside(t, "gate line", r.gate, win)
			inside(t, "counters", r.counters, win)
			for _, c := range []*fitText{r.entered, r.inside, r.refused} {
				fitsBox(t, "counter", c)
			}
			inside(t, "status bar", tk.status.root, win)
			for _, c := range []*chip{tk.status.gate, tk.status.trust, tk.status.counts, tk.status.input, tk.status.camera} {
				inside(t, "status chip "+c.text.Text, c.root, win)
			}
			return r.title.shownSize
		}},
		{"accepted", scan("Final ticket"), verdictCheck},
		{"accepted-hangul", scan("Korean ticket"), verdictCheck},
		{"accepted-long-hangul", func() {
			tk.show(screenReady)
			tk.showVerdict(verdict{Decision: verifier.Decision{Accepted: true, Credential: &verifier.Credential{
				Type: verifier.Ticket, Name: longHangulName, Event: "FINAL-2026", Seat: "112블록 F열 14번", Zones: []string{"B"}}}})
		}, func(t *testing.T, win fyne.Size) float32 {
			if n := len(tk.verdict.name.shownLines); n > 2 {
				t.Errorf("long Hangul name in %d rows %q", n, tk.verdict.name.shownLines)
			}
			return verdictCheck(t, win)
		}},
		{"rejected", scan("Expired card"), verdictCheck},
		{"passback", func() { scan("Final ticket")(); scan("Final ticket")() }, verdictCheck},
		{"stale", func() {
			tk.trustLoaded(loadTrustFile(filepath.Join(tk.demo.dir, "trust-seq2-stale.vptl"), tk.st.settings.Anchors, tk.opts.ConfigDir, tk.st.list, tk.now()))
			scan("Steward badge")()
			if tk.verdict.shownKind != kindWarn {
				t.Errorf("stale list: verdict %q, want amber", tk.verdict.shownKind)
			}
		}, verdictCheck},
		{"out-of-service", func() {
			tk.raiseFault(fault{Kind: faultGate, Cause: "The gate did not open: check the turnstile, then press Try again", Detail: "x"})
			tk.show(screenReady)
		}, func(t *testing.T, win fyne.Size) float32 {
			r := tk.ready
			inside(t, "title", r.title, win)
			fitsBox(t, "title", r.title)
			inside(t, "causes", r.causes, win)
			inside(t, "Try again", r.retry, win)
			return r.title.shownSize
		}},
		{"not-checked", func() {
			tk.raiseFault(fault{Kind: faultGate, Cause: "The gate did not open: check the turnstile, then press Try again", Detail: "x"})
			tk.Submit("VP1:ABC", "scanner")
			tk.wait()
		}, verdictCheck},
		{"admin", func() { tk.admin.open(tk.kiosk) }, func(t *testing.T, win fyne.Size) float32 {
			inside(t, "Save settings", tk.admin.saveBtn, win)
			inside(t, "tabs", tk.admin.tabs, win)
			return 0
		}},
	}
	for _, sc := range screens {
		t.Run(sc.name, func(t *testing.T) {
			// A fresh kiosk per screen, as a real one would show it.
			tk = newTestKiosk(t, nil)
			tk.win.Resize(sizes[0])
			sc.show()
			var heads []float32
			for _, win := range sizes {
				tk.win.Resize(win)
				if min := tk.win.Content().MinSize(); min.Width > 800 || min.Height > 480 {
					t.Errorf("at %v the window needs %v: more than 800x480 (too wide: %v)", win, min, widest(tk.win.Content(), 800, ""))
				}
				heads = append(heads, sc.check(t, win))
			}
			if sc.name != "admin" && !(heads[1] > heads[0]*1.1) {
				t.Errorf("headline %.0f at 800x480 and %.0f at 1920x1080: does not grow with the screen", heads[0], heads[1])
			}
			t.Logf("headline %.0f at 800x480, %.0f at 1920x1080", heads[0], heads[1])
			writePNG(t, filepath.Join(t.TempDir(), "x.png"), tk.win.Canvas().Capture())
		})
	}
}

// absPos is the position of target on the window whose content is root,
// walking containers and widgets' renderers; false when target is not
// shown there.
func absPos(root, target fyne.CanvasObject, at fyne.Position) (fyne.Position, bool) {
	if !root.Visible() {
		return at, false
	}
	at = at.Add(root.Position())
	if root == target {
		return at, true
	}
	var kids []fyne.CanvasObject
	switch o := root.(type) {
	case *fyne.Container:
		kids = o.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(o).Objects()
	}
	for _, k := range kids {
		if p, ok := absPos(k, target, at); ok {
			return p, true
		}
	}
	return at, false
}

// widest names the visible objects under root wider than w, deepest
// first, to say what makes a screen too wide.
func widest(root fyne.CanvasObject, w float32, path string) []string {
	if !root.Visible() {
		return nil
	}
	var kids []fyne.CanvasObject
	switch o := root.(type) {
	case *fyne.Container:
		kids = o.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(o).Objects()
	}
	var out []string
	for _, k := range kids {
		out = append(out, widest(k, w, path+"/"+fmt.Sprintf("%T", k))...)
	}
	if len(out) == 0 && root.MinSize().Width > w {
		out = append(out, fmt.Sprintf("%s %v", path, root.MinSize()))
	}
	return out
}
