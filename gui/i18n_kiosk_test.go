package gui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/explain"
)

// A kiosk in Korean, chosen by --lang (Options.Lang) or by the admin
// setting: the ready screen, the verdict headline and the reason on a
// rejected code are Korean, and the rejection is in the check-in log (a
// real log in the test's folder).
func TestKoreanKiosk(t *testing.T) {
	for _, how := range []string{"flag", "setting"} {
		t.Run(how, func(t *testing.T) {
			t.Cleanup(func() { setLanguage("en") })
			a := test.NewTempApp(t)
			w := test.NewWindow(nil)
			w.Resize(fyne.NewSize(1280, 800))
			t.Cleanup(w.Close)
			demo, err := NewDemo(t.TempDir(), testNow)
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{ConfigDir: t.TempDir(), Demo: demo, now: func() time.Time { return testNow },
				player: nopPlayer{}, noDevices: true}
			if how == "flag" {
				opts.Lang = "ko"
				demo.Settings.Language = "en" // the flag wins
			} else {
				demo.Settings.Language = "ko"
			}
			k, err := newKiosk(a, w, opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(k.Close)
			tk := &testKiosk{kiosk: k, t: t, win: w, shown: make(chan verdict, 8), demo: demo, dir: opts.ConfigDir}
			k.shown = func(v verdict) { tk.shown <- v }

			if got := k.ready.title.Text; got != "준비됨" {
				t.Errorf("ready title %q", got)
			}
			if got := richText(k.ready.hint); !hasHangul(got) {
				t.Errorf("ready hint %q", got)
			}
			tk.wedgeScan(tk.sample("Expired card"))
			v := tk.wait()
			want := explain.Korean.Reason(v.Decision, nil, k.gateInfo().explain())
			if tk.verdict.shownKind != kindReject || tk.verdict.shownReason != want || !strings.Contains(want, "만료") {
				t.Errorf("verdict %s %q, want red %q", tk.verdict.shownKind, tk.verdict.shownReason, want)
			}
			if got := tk.verdict.headline.Text; got != "입장 불가" {
				t.Errorf("headline %q", got)
			}
			path := k.log.Path()
			k.Close()
			l, err := checkin.Open(path, checkin.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			var reasons []string
			err = l.Entries(t.Context(), time.Time{}, time.Time{}, func(e *checkin.Entry) error {
				if e.Kind == checkin.KindDecision {
					reasons = append(reasons, string(e.Reason))
				}
				return nil
			})
			if err != nil || len(reasons) != 1 || reasons[0] != "expired" {
				t.Errorf("log: %q, %v", reasons, err)
			}
		})
	}
}

// Korean chosen in admin is saved, said to apply after a restart, and
// applies at the next start.
func TestLanguageSetting(t *testing.T) {
	t.Setenv("LC_ALL", "C") // the locale says nothing
	t.Cleanup(func() { setLanguage("en") })
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	demo, err := NewDemo(t.TempDir(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	start := func() *kiosk {
		k, err := newKiosk(a, w, Options{ConfigDir: dir, Demo: demo, now: func() time.Time { return testNow },
			player: nopPlayer{}, noDevices: true})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k := start()
	if got := k.ready.title.Text; got != "Ready" {
		t.Fatalf("ready title %q", got)
	}
	k.admin.open(k)
	k.admin.language.SetSelected("한국어")
	k.admin.save(k)
	if got := k.admin.note.Text; got != "Saved. The language applies after restart." {
		t.Errorf("save: %q", got)
	}
	if got := k.ready.title.Text; got != "Ready" {
		t.Errorf("ready title changed before a restart: %q", got)
	}
	k.Close()
	set, err := loadSettings(dir)
	if err != nil || set.Language != "ko" {
		t.Fatalf("saved language %q, %v", set.Language, err)
	}
	k = start()
	defer k.Close()
	if got := k.ready.title.Text; got != "준비됨" {
		t.Errorf("after restart: ready title %q", got)
	}
	k.admin.open(k)
	if got := k.admin.language.Selected; got != "한국어" {
		t.Errorf("admin shows language %q", got)
	}
}
