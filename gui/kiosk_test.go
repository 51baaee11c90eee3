package gui

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/venuepass/venuepass/verifier"
)

var updateScreens = flag.Bool("screens", false, "write the screenshots to testdata/screens")

// testNow is the kiosk's clock in tests: a Saturday afternoon.
var testNow = time.Date(2026, 5, 16, 14, 2, 0, 0, time.Local)

type testKiosk struct {
	*kiosk
	t     *testing.T
	win   fyne.Window
	shown chan verdict
	demo  *Demo
	dir   string
}

func newTestKiosk(t *testing.T, clock func() time.Time) *testKiosk {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	if clock == nil {
		clock = func() time.Time { return testNow }
	}
	demo, err := NewDemo(t.TempDir(), clock())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	return startTestKiosk(t, a, w, demo, dir, clock)
}

func startTestKiosk(t *testing.T, a fyne.App, w fyne.Window, demo *Demo, dir string, clock func() time.Time) *testKiosk {
	t.Helper()
	k, err := newKiosk(a, w, Options{ConfigDir: dir, Demo: demo, now: clock, player: nopPlayer{}, noDevices: true, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(k.Close)
	tk := &testKiosk{kiosk: k, t: t, win: w, shown: make(chan verdict, 8), demo: demo, dir: dir}
	k.shown = func(v verdict) { tk.shown <- v }
	return tk
}

// wait returns the next verdict put on screen.
func (tk *testKiosk) wait() verdict {
	tk.t.Helper()
	return await(tk.t, tk.shown)
}

// acknowledge has staff acknowledge the red verdict on screen, if one
// waits (redHeld), as a staff badge or the PIN would.
func (tk *testKiosk) acknowledge() {
	tk.t.Helper()
	if tk.redHeld.Load() {
		tk.staffAuthorised("test")
	}
}

// wedgeScan types text on the window as a keyboard-wedge scanner does:
// fast runes, then Enter.
func (tk *testKiosk) wedgeScan(text string) {
	c := tk.win.Canvas()
	test.TypeOnCanvas(c, text)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

func (tk *testKiosk) sample(label string) string {
	tk.t.Helper()
	for i := range tk.demo.samples {
		if tk.demo.samples[i].Label == label {
			text, err := tk.demo.samples[i].Text(tk.now())
			if err != nil {
				tk.t.Fatal(err)
			}
			return text
		}
	}
	tk.t.Fatalf("no demo sample %q", label)
	return ""
}

func TestWedgeScanShowsVerdict(t *testing.T) {
	tk := newTestKiosk(t, nil)
	if tk.st.screen != screenReady {
		t.Fatalf("starts on %q, want the ready screen", tk.st.screen)
	}
	tk.wedgeScan(tk.sample("Season member"))
	v := tk.wait()
	if !v.Decision.Accepted || v.Source != "scanner" {
		t.Fatalf("season member: accepted %v (%v) from %q", v.Decision.Accepted, v.Decision.Err, v.Source)
	}
	if tk.st.screen != screenVerdict || tk.verdict.shownKind != kindAccept {
		t.Fatalf("screen %q kind %q, want the green verdict", tk.st.screen, tk.verdict.shownKind)
	}
	if got := richText(tk.verdict.name); got != "Sam Carter" {
		t.Errorf("name shows %q", got)
	}
	if got := richText(tk.verdict.kind); got != "Season membership card  ·  City Arena" {
		t.Errorf("credential line shows %q", got)
	}
	if tk.status.root.Visible() {
		t.Error("status bar visible on the full-window verdict")
	}

	// The same card again: anti-passback.
	tk.wedgeScan(tk.sample("Season member"))
	v = tk.wait()
	if v.Decision.Reason != verifier.ReasonAlreadyCheckedIn || tk.verdict.shownKind != kindReject {
		t.Fatalf("second scan: %q %q, want already_checked_in in red", v.Decision.Reason, tk.verdict.shownKind)
	}
	if want := "Already checked in at 14:02, Gate B"; tk.verdict.shownReason != want {
		t.Errorf("reason %q, want %q", tk.verdict.shownReason, want)
	}
	if v.Today.Accepted != 1 || v.Today.Rejected != 1 {
		t.Errorf("today %+v", v.Today)
	}
	if !strings.Contains(tk.status.counts.text.Text, "1 in") {
		t.Errorf("status counts %q", tk.status.counts.text.Text)
	}

	// Tapping the verdict returns to the ready screen.
	tk.backFromVerdict()
	if tk.st.screen != screenReady || !tk.status.root.Visible() {
		t.Errorf("after the verdict: screen %q", tk.st.screen)
	}
}

func TestRejectReasons(t *testing.T) {
	tk := newTestKiosk(t, nil)
	for _, tc := range []struct{ label, reason string }{
		{"Gate A ticket", "Not valid for Gate B"},
		{"Expired card", "Expired on 26 Apr"},
		{"Revoked badge", "Revoked by the issuer: do not admit"},
	} {
		tk.wedgeScan(tk.sample(tc.label))
		tk.wait()
		if tk.verdict.shownKind != kindReject || tk.verdict.shownReason != tc.reason {
			t.Errorf("%s: %s %q, want red %q", tc.label, tk.verdict.shownKind, tk.verdict.shownReason, tc.reason)
		}
		tk.acknowledge()
	}
	tk.Submit("not a code", "scanner")
	tk.wait()
	if !strings.HasPrefix(tk.verdict.shownReason, "Not a valid venuepass code") {
		t.Errorf("garbage: %q", tk.verdict.shownReason)
	}
}

func TestWalletPresentation(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.wedgeScan(tk.sample("Wallet (live)"))
	v := tk.wait()
	if !v.Decision.Accepted || v.Decision.Presentation == nil {
		t.Fatalf("live wallet code: %v", v.Decision.Err)
	}
	if got := richText(tk.verdict.details); !strings.Contains(got, "Block B, row 9, seat 2") || !strings.Contains(got, "Event FINAL-2026") {
		t.Errorf("details %q", got)
	}
}

// A scanner typing with the wrong keyboard layout is a fault of the
// scanner, not the visitor's: the scan is not checked, nothing is
// recorded, the screen is neutral and says what to fix; the next scan read
// right clears it.
func TestGarbledLayout(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.wedgeScan(tk.sample("Wrong layout"))
	v := tk.wait()
	if f := v.OutOfService; f == nil || f.Kind != faultLayout || v.Decision.Accepted {
		t.Fatalf("garbled scan not reported as a layout fault: %+v %+v", v.OutOfService, v.Decision)
	}
	if !strings.Contains(v.OutOfService.Detail, "scanner keyboard layout mismatch") {
		t.Errorf("detail %q", v.OutOfService.Detail)
	}
	if tk.verdict.shownKind != kindService || tk.verdict.headline.Text != "NOT CHECKED" ||
		!strings.Contains(tk.verdict.shownReason, "wrong keyboard layout") {
		t.Errorf("verdict %s %q %q", tk.verdict.shownKind, tk.verdict.headline.Text, tk.verdict.shownReason)
	}
	if got := tk.verdict.bg.FillColor; !sameColor(got, colorService) {
		t.Errorf("background %v, want the neutral colour", got)
	}
	// A layout-substituted colon is caught too.
	tk.wedgeScan("VP1;6BFOXN*TS0BI$ZD4N9")
	if v := tk.wait(); v.OutOfService == nil || v.OutOfService.Kind != faultLayout {
		t.Error(`"VP1;" not reported as a layout mismatch`)
	}
	if n := len(tk.log.Recent(10)); n != 0 {
		t.Errorf("%d records in the log for scans that were not checked", n)
	}
	tk.backFromVerdict()
	if len(tk.ready.shownCauses) != 1 || !strings.Contains(tk.ready.shownCauses[0], "keyboard layout") || !tk.ready.retry.Visible() {
		t.Errorf("ready screen: %q, causes %q", tk.ready.shownTitle, tk.ready.shownCauses)
	}
	// Scanned right: checked, and the fault is gone.
	tk.wedgeScan(tk.sample("Final ticket"))
	if v := tk.wait(); !v.Decision.Accepted {
		t.Fatalf("after the layout was fixed: %+v", v.Decision)
	}
	if tk.st.layoutFault != nil || len(tk.ready.shownCauses) != 0 {
		t.Errorf("layout fault kept: %q", tk.ready.shownCauses)
	}
}

func TestSlowTypingIsNoScan(t *testing.T) {
	tk := newTestKiosk(t, nil)
	clock := testNow
	tk.wedge.Now = func() time.Time { return clock }
	c := tk.win.Canvas()
	for _, r := range tk.sample("Season member")[:12] {
		clock = clock.Add(200 * time.Millisecond)
		c.OnTypedRune()(r)
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if v, ok := awaitNone(tk.shown, 300*time.Millisecond); ok {
		t.Fatalf("human typing produced a verdict: %+v", v.Decision)
	}
}

func TestScanWhileEntryFocused(t *testing.T) {
	tk := newTestKiosk(t, nil)
	// The scanner types fast, 5 ms a key, however slowly the entry
	// takes each key on a loaded machine.
	clock := testNow
	tk.wedge.Now = func() time.Time { clock = clock.Add(5 * time.Millisecond); return clock }
	tk.openAdmin()
	tk.pin.entry.SetText("")
	test.Type(tk.pin.entry, tk.sample("Steward badge"))
	tk.pin.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	v := tk.wait()
	if !v.Decision.Accepted || tk.pin.entry.Text != "" {
		t.Fatalf("scan into the PIN entry: accepted %v, entry left with %d characters", v.Decision.Accepted, len(tk.pin.entry.Text))
	}
	tk.backFromVerdict()
	if tk.st.screen != screenPIN {
		t.Errorf("back to %q, want the PIN screen it came from", tk.st.screen)
	}
}

func TestAdminPINGate(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.openAdmin()
	if tk.st.screen != screenPIN {
		t.Fatalf("admin opened without the PIN (screen %q)", tk.st.screen)
	}
	for i := 1; i <= maxPINTries; i++ {
		test.Type(tk.pin.entry, "9999")
		tk.pin.submit(tk.kiosk)
		if tk.st.screen != screenPIN {
			t.Fatal("a wrong PIN opened admin")
		}
	}
	if !strings.Contains(tk.pin.message.Text, "locked") {
		t.Fatalf("after %d wrong PINs: %q", maxPINTries, tk.pin.message.Text)
	}
	// Locked: even the right PIN is refused for a minute.
	test.Type(tk.pin.entry, demoPIN)
	tk.pin.submit(tk.kiosk)
	if tk.st.screen != screenPIN {
		t.Fatal("the right PIN worked during the lockout")
	}
	later := testNow.Add(2 * time.Minute)
	tk.now = func() time.Time { return later }
	test.Type(tk.pin.entry, demoPIN)
	tk.pin.submit(tk.kiosk)
	if tk.st.screen != screenAdmin {
		t.Fatalf("the right PIN after the lockout: screen %q (%s)", tk.st.screen, tk.pin.message.Text)
	}
}

func TestKioskModeNeedsPINToClose(t *testing.T) {
	tk := newTestKiosk(t, nil)
	set := tk.st.settings
	set.Kiosk = true
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	if !tk.win.FullScreen() {
		t.Error("kiosk mode is not fullscreen")
	}
	tk.closeRequested()
	if tk.st.screen != screenPIN || tk.pin.purpose != pinForQuit {
		t.Fatalf("closing in kiosk mode: screen %q", tk.st.screen)
	}
}

func TestSettingsPersist(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	demo, err := NewDemo(t.TempDir(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	clock := func() time.Time { return testNow }
	tk := startTestKiosk(t, a, w, demo, dir, clock)
	tk.admin.open(tk.kiosk)
	tk.admin.gate.SetText("Gate C")
	tk.admin.zone.SetText("C")
	tk.admin.passback.SetText("5")
	tk.admin.types.SetSelected([]string{"Tickets", "Membership cards"})
	tk.admin.save(tk.kiosk)
	if tk.admin.note.Text != "Saved." {
		t.Fatalf("save: %q", tk.admin.note.Text)
	}
	tk.Close()

	// A new kiosk on the same folder starts with the saved settings.
	tk2 := startTestKiosk(t, a, w, demo, dir, clock)
	s := tk2.st.settings
	if s.Gate != "Gate C" || s.Zone != "C" || s.PassbackMinutes != 5 ||
		len(s.Types) != 2 || s.Types[0] != verifier.Membership || s.Types[1] != verifier.Ticket {
		t.Fatalf("settings after restart: %+v", s)
	}
	if tk2.st.list == nil || tk2.st.list.Seq != 1 {
		t.Fatal("trust list not reloaded after restart")
	}
	// And the verifier uses them: badges are no longer accepted.
	tk2.wedgeScan(tk2.sample("Steward badge"))
	if v := tk2.wait(); v.Decision.Reason != verifier.ReasonTypeNotAccepted {
		t.Errorf("badge at a tickets-and-members gate: %q", v.Decision.Reason)
	}
	if got := tk2.verdict.shownReason; got != "Employee badges are not accepted here" {
		t.Errorf("reason %q", got)
	}
}

func TestTrustListRollbackRefused(t *testing.T) {
	tk := newTestKiosk(t, nil)
	load := func(name string) trustLoad {
		r := loadTrustFile(filepath.Join(tk.demo.dir, name), tk.st.settings.Anchors, tk.opts.ConfigDir, tk.st.list, tk.now())
		tk.trustLoaded(r)
		return r
	}
	tk.admin.open(tk.kiosk)
	if r := load("trust-seq2-stale.vptl"); r.list == nil || r.list.Seq != 2 {
		t.Fatalf("seq 2: %s", r.msg)
	}
	if tk.status.trustLevel != "stale" {
		t.Errorf("status after a stale list: %q", tk.status.trustLevel)
	}
	r := load("trust.vptl")
	want := "Refused: this trust list (seq 1) is older than the one in use (seq 2). Loading it could bring back revoked credentials: load the newest list."
	if r.list != nil || r.msg != want || tk.admin.trustMsg.Text != want {
		t.Fatalf("rollback: %q", tk.admin.trustMsg.Text)
	}
	if tk.st.list.Seq != 2 {
		t.Fatalf("list in use after a refused rollback: seq %d", tk.st.list.Seq)
	}
	// Not even after a restart: the stored list is seq 2.
	if r := load("trust-seq3.vptl"); r.list == nil || r.list.Seq != 3 {
		t.Fatalf("seq 3: %s", r.msg)
	}
}

// The staleness policy: a stale list loads as an amber result naming its
// age; within the hard grace accepts stay green under a banner; past it they
// turn amber with what to do. The demo's stale list is 3 days past its next
// update.
func TestStaleListPolicy(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.trustLoaded(loadTrustFile(filepath.Join(tk.demo.dir, "trust-seq2-stale.vptl"), tk.st.settings.Anchors, tk.opts.ConfigDir, tk.st.list, tk.now()))
	if tk.admin.trustMsg.Importance != widget.WarningImportance || !strings.Contains(tk.admin.trustMsg.Text, "already out of date") ||
		!strings.Contains(tk.admin.trustMsg.Text, "3 d ago") {
		t.Errorf("loading a stale list: %v %q", tk.admin.trustMsg.Importance, tk.admin.trustMsg.Text)
	}
	// Within a 4-day grace: green, and the banner says how stale.
	set := tk.st.settings
	set.StaleGraceHours = 96
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	tk.show(screenReady)
	if !strings.HasPrefix(tk.ready.shownBanner, "Trust list out of date for 3 d: update it; accepts turn amber in 24 h") {
		t.Errorf("banner %q", tk.ready.shownBanner)
	}
	// Admin says the same (it said "verdicts are amber" within the grace).
	tk.admin.refreshTrust(tk.kiosk)
	if txt := tk.admin.trustInfo.Text; !strings.Contains(txt, "verdicts stay green until") || strings.Contains(txt, "verdicts are amber") {
		t.Errorf("admin, within the grace: %q", txt)
	}
	tk.wedgeScan(tk.sample("Final ticket"))
	if v := tk.wait(); !v.Decision.Accepted || tk.verdict.shownKind != kindAccept {
		t.Fatalf("stale within the grace: %s %v", tk.verdict.shownKind, v.Decision.Warnings)
	}
	// The log keeps the warning.
	if e := tk.log.Recent(1); len(e) != 1 || !strings.Contains(strings.Join(e[0].Warnings, ","), "trust_list_stale") {
		t.Errorf("log entry %+v", e)
	}
	// Past the default 48-hour grace: amber, with what to do.
	set.StaleGraceHours = 48
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	tk.show(screenReady)
	if !strings.Contains(tk.ready.shownBanner, "accepts are amber, update it now") {
		t.Errorf("banner %q", tk.ready.shownBanner)
	}
	tk.admin.refreshTrust(tk.kiosk)
	if txt := tk.admin.trustInfo.Text; !strings.Contains(txt, "verdicts are amber") {
		t.Errorf("admin, past the grace: %q", txt)
	}
	tk.wedgeScan(tk.sample("Steward badge"))
	v := tk.wait()
	if !v.Decision.Accepted || tk.verdict.shownKind != kindWarn {
		t.Fatalf("stale past the grace: %s", tk.verdict.shownKind)
	}
	if want := "Trust list out of date for 3 d: check this pass by eye and have the list updated now"; tk.verdict.shownReason != want {
		t.Errorf("warning %q", tk.verdict.shownReason)
	}
	// A fresh list: no banner.
	tk.trustLoaded(loadTrustFile(filepath.Join(tk.demo.dir, "trust-seq3.vptl"), tk.st.settings.Anchors, tk.opts.ConfigDir, tk.st.list, tk.now()))
	if tk.ready.shownBanner != "" || tk.admin.trustMsg.Importance != widget.SuccessImportance {
		t.Errorf("fresh list: banner %q", tk.ready.shownBanner)
	}
}

func TestNoTrustListFailsClosed(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	k, err := newKiosk(a, w, Options{ConfigDir: t.TempDir(), player: nopPlayer{}, noDevices: true,
		now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	shown := make(chan verdict, 1)
	k.shown = func(v verdict) { shown <- v }
	if k.ready.shownTitle != "NOT CHECKED" || !sameColor(k.ready.bg.FillColor, colorService) {
		t.Errorf("ready screen without a list: %q", k.ready.shownTitle)
	}
	k.Submit("VP1:ABC", "scanner")
	v := await(t, shown)
	if f := v.OutOfService; f == nil || f.Kind != faultTrustList || v.Decision.Accepted {
		t.Fatalf("without a list: %+v %+v", v.OutOfService, v.Decision)
	}
	if k.verdict.shownReason != "No trust list loaded: load one in admin" || k.verdict.shownKind != kindService {
		t.Errorf("reason %q (%s)", k.verdict.shownReason, k.verdict.shownKind)
	}
	if k.st.settings.PIN != nil {
		t.Fatal("a new kiosk has a PIN")
	}
	k.openAdmin()
	if k.st.screen != screenAdmin || !strings.Contains(k.admin.note.Text, "No PIN set") {
		t.Errorf("admin without a PIN: screen %q, note %q", k.st.screen, k.admin.note.Text)
	}
}

func TestLogExportCSV(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.wedgeScan(tk.sample("Season member"))
	tk.wait()
	tk.wedgeScan(tk.sample("Revoked badge"))
	tk.wait()
	out := t.TempDir()
	path, err := exportLog(tk.log, out, testNow)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The check-in log's own CSV, in log order.
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "id,seq,kind,time,venue,gate") ||
		!strings.Contains(lines[1], ",Sam Carter,true,,") || !strings.Contains(lines[2], ",Pat Jones,false,revoked,") {
		t.Errorf("CSV:\n%s", data)
	}
}

func richText(r interface{ String() string }) string { return r.String() }

// TestScreenshots renders each screen with fyne's software painter and
// checks its colour. With -screens it writes them to testdata/screens.
func TestScreenshots(t *testing.T) {
	tk := newTestKiosk(t, nil)
	c := tk.win.Canvas()
	shots := []struct {
		name  string
		setup func()
		want  color.Color // at the middle of the left edge
	}{
		{"ready", func() {}, colorReady},
		{"accepted", func() { tk.wedgeScan(tk.sample("Final ticket")); tk.wait() }, colorAccept},
		{"rejected", func() { tk.wedgeScan(tk.sample("Expired card")); tk.wait() }, colorReject},
		{"rejected-passback", func() { tk.acknowledge(); tk.wedgeScan(tk.sample("Final ticket")); tk.wait() }, colorReject},
		{"garbled", func() { tk.acknowledge(); tk.wedgeScan(tk.sample("Wrong layout")); tk.wait() }, colorService},
		{"stale", func() {
			tk.trustLoaded(loadTrustFile(filepath.Join(tk.demo.dir, "trust-seq2-stale.vptl"), tk.st.settings.Anchors, tk.opts.ConfigDir, tk.st.list, tk.now()))
			tk.wedgeScan(tk.sample("Steward badge"))
			tk.wait()
		}, colorWarn},
		{"ready-stale", func() { tk.show(screenReady) }, colorReady},
		{"staff-prompt", func() { tk.wedgeScan(tk.sample("Expired card")); tk.wait(); tk.verdictTapped() }, colorReady},
		{"override-reason", func() {
			tk.staffCancelled()
			tk.wedgeScan(tk.sample("Expired card"))
			tk.wait()
			test.Tap(tk.verdict.override)
			tk.typePIN("1234")
		}, colorPanel},
		{"override-accepted", func() { test.Tap(tk.overrideScr.buttons[0]); tk.wait() }, colorWarn},
		{"pin", func() { tk.openAdmin() }, colorReady},
		{"admin", func() { tk.admin.open(tk.kiosk) }, colorReady},
		{"admin-trust", func() {
			tk.admin.tabs.SelectIndex(1)
			tk.admin.trustPath.SetText(filepath.Join(tk.demo.dir, "trust.vptl"))
			tk.trustLoaded(loadTrustFile(filepath.Join(tk.demo.dir, "trust.vptl"), tk.st.settings.Anchors, tk.opts.ConfigDir, tk.st.list, tk.now()))
		}, colorReady},
	}
	for _, s := range shots {
		s.setup()
		img := c.Capture()
		b := img.Bounds()
		if b.Dx() != 1280 || b.Dy() != 800 {
			t.Fatalf("%s: captured %v", s.name, b)
		}
		if got := img.At(4, b.Dy()/2); !sameColor(got, s.want) {
			t.Errorf("%s: colour %v at the left edge, want %v", s.name, got, s.want)
		}
		dir := t.TempDir()
		if *updateScreens {
			dir = filepath.Join("testdata", "screens")
		}
		writePNG(t, filepath.Join(dir, s.name+".png"), img)
	}
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	return r1>>8 == r2>>8 && g1>>8 == g2>>8 && b1>>8 == b2>>8
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func TestDroppedImageFile(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.dropped(fyne.NewPos(0, 0), []fyne.URI{storage.NewFileURI(filepath.Join(tk.demo.dir, "07-revoked-badge.png"))})
	v := tk.wait()
	if v.Source != "image file" || v.Decision.Reason != verifier.ReasonRevoked {
		t.Fatalf("dropped PNG: %q from %q", v.Decision.Reason, v.Source)
	}
}

// TestShowAtStart: Options.Show opens admin at start only in a demo kiosk;
// a real kiosk asks for its PIN first.
func TestShowAtStart(t *testing.T) {
	start := func(opts Options) *kiosk {
		t.Helper()
		a := test.NewTempApp(t)
		w := test.NewWindow(nil)
		t.Cleanup(w.Close)
		opts.player, opts.noDevices = nopPlayer{}, true
		opts.now = func() time.Time { return testNow }
		k, err := newKiosk(a, w, opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(k.Close)
		return k
	}
	demo, err := NewDemo(t.TempDir(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	if k := start(Options{ConfigDir: t.TempDir(), Demo: demo, Show: "admin"}); k.st.screen != screenAdmin {
		t.Errorf("demo, show admin: screen %q", k.st.screen)
	}
	dir := t.TempDir()
	set := defaultSettings()
	if set.PIN, err = hashPIN("4321"); err != nil {
		t.Fatal(err)
	}
	if err := saveSettings(dir, set); err != nil {
		t.Fatal(err)
	}
	if k := start(Options{ConfigDir: dir, Show: "admin"}); k.st.screen != screenPIN {
		t.Errorf("kiosk with a PIN, show admin: screen %q, want the PIN screen", k.st.screen)
	}
	if k := start(Options{ConfigDir: dir, Show: "pin"}); k.st.screen != screenPIN {
		t.Errorf("show pin: screen %q", k.st.screen)
	}
	if _, err := newKiosk(test.NewTempApp(t), test.NewWindow(nil), Options{ConfigDir: dir, Show: "verdict"}); err == nil {
		t.Error("show verdict: no error")
	}
}
