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

// A language chosen in admin applies when saved, with no restart: every
// screen is built again in it (ready, status bar, admin on the tab it was
// on, the verdict of the next scan), English to Korean and back; the
// setting is stored and applies at the next start too.
func TestLanguageSetting(t *testing.T) {
	t.Setenv("LC_ALL", "C") // the locale says nothing
	t.Cleanup(func() { setLanguage("en") })
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	defer w.Close()
	demo, err := NewDemo(t.TempDir(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var tk *testKiosk
	start := func() *kiosk {
		k, err := newKiosk(a, w, Options{ConfigDir: dir, Demo: demo, now: func() time.Time { return testNow },
			player: nopPlayer{}, noDevices: true})
		if err != nil {
			t.Fatal(err)
		}
		tk = &testKiosk{kiosk: k, t: t, win: w, shown: make(chan verdict, 8), demo: demo, dir: dir}
		k.shown = func(v verdict) { tk.shown <- v }
		return k
	}
	k := start()
	// No audio player: the sound's fault must follow the language too.
	k.st.soundErr = errNoPlayer
	// onWindow: the object is what the window shows now, not a screen
	// left over from the other language.
	onWindow := func(what string, o fyne.CanvasObject) {
		t.Helper()
		if _, ok := absPos(w.Content(), o, fyne.NewPos(0, 0)); !ok {
			t.Errorf("%s is not on the window", what)
		}
	}
	type want struct {
		lang, option, ready, keyboard, tab, save, note, sample, headline, direction string
	}
	for _, c := range []want{
		{"ko", "한국어", "준비됨", "키보드 스캐너", "PIN 번호", "설정 저장",
			"저장했습니다. 이제 키오스크가 한국어로 표시됩니다.", "Expired card", "입장 불가", "입장"},
		{"en", "English", "Ready", "Keyboard scanner", "PIN", "Save settings",
			"Saved. The kiosk now speaks English.", "Revoked badge", "REJECTED", "in"},
	} {
		k.admin.open(k)
		k.admin.tabs.SelectIndex(5)
		k.admin.language.SetSelected(c.option)
		k.admin.save(k)
		if got := tr().Lang(); got != c.lang {
			t.Fatalf("language %q after saving %s", got, c.option)
		}
		if k.st.screen != screenAdmin || k.admin.tabs.SelectedIndex() != 5 {
			t.Errorf("%s: on %s, tab %d: want admin on the PIN tab", c.lang, k.st.screen, k.admin.tabs.SelectedIndex())
		}
		onWindow("admin", k.admin.root)
		onWindow("status bar", k.status.root)
		if got := k.admin.note.Text; got != c.note {
			t.Errorf("%s: save note %q, want %q", c.lang, got, c.note)
		}
		if got := k.admin.saveBtn.Text; got != c.save {
			t.Errorf("%s: Save button %q", c.lang, got)
		}
		if got := k.admin.tabs.Items[5].Text; !strings.Contains(got, "PIN") || (c.lang == "ko") != hasHangul(got) {
			t.Errorf("%s: PIN tab %q", c.lang, got)
		}
		if got := k.admin.language.Selected; got != c.option {
			t.Errorf("%s: admin shows language %q", c.lang, got)
		}
		if got := k.admin.direction.Selected; got != c.direction {
			t.Errorf("%s: direction shown as %q, want %q", c.lang, got, c.direction)
		}
		if got := k.status.input.text.Text; got != c.keyboard {
			t.Errorf("%s: status chip %q, want %q", c.lang, got, c.keyboard)
		}
		k.st.settings.Sound = true
		sound := ""
		for _, f := range k.faults() {
			if f.Kind == faultSound {
				sound = f.Cause + ": " + f.Detail
			}
		}
		if sound == "" || (c.lang == "ko") != hasHangul(sound) {
			t.Errorf("%s: sound fault %q", c.lang, sound)
		}
		k.admin.close(k)
		if k.st.screen != screenReady {
			t.Fatalf("%s: closing admin after the save: on %s", c.lang, k.st.screen)
		}
		onWindow("ready screen", k.ready.root)
		if got := k.ready.title.Text; got != c.ready {
			t.Errorf("%s: ready title %q, want %q", c.lang, got, c.ready)
		}
		tk.wedgeScan(tk.sample(c.sample))
		tk.wait()
		onWindow("verdict", k.verdict.root)
		if got := k.verdict.headline.Text; got != c.headline {
			t.Errorf("%s: headline %q, want %q", c.lang, got, c.headline)
		}
		k.backFromVerdict()
	}
	// Korean once more, then a restart: the setting holds.
	k.admin.open(k)
	k.admin.language.SetSelected("한국어")
	k.admin.save(k)
	k.Close()
	set, err := loadSettings(dir)
	if err != nil || set.Language != "ko" {
		t.Fatalf("saved language %q, %v", set.Language, err)
	}
	setLanguage("en")
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
