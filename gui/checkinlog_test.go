package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// restartable is a kiosk that can be closed and started again on the
// same configuration folder, and so on the same check-in log.
type restartable struct {
	t     *testing.T
	a     fyne.App
	w     fyne.Window
	demo  *Demo
	dir   string
	clock func() time.Time
}

func newRestartable(t *testing.T) *restartable {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	demo, err := NewDemo(t.TempDir(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	return &restartable{t: t, a: a, w: w, demo: demo, dir: t.TempDir(), clock: func() time.Time { return testNow }}
}

func (r *restartable) start() *testKiosk {
	r.t.Helper()
	return startTestKiosk(r.t, r.a, r.w, r.demo, r.dir, r.clock)
}

// setPassback chooses the anti-passback mode through the admin screen.
func (tk *testKiosk) setPassback(label string) {
	tk.t.Helper()
	tk.admin.open(tk.kiosk)
	tk.admin.passbackMode.SetSelected(label)
	tk.admin.save(tk.kiosk)
	if tk.admin.note.Text != "Saved." {
		tk.t.Fatalf("save: %q", tk.admin.note.Text)
	}
	tk.show(screenReady)
}

func TestHardPassbackAcrossRestart(t *testing.T) {
	r := newRestartable(t)
	tk := r.start()
	if tk.log == nil || tk.st.settings.KioskID == "" {
		t.Fatal("the kiosk did not open its check-in log")
	}
	logPath := tk.log.Path()
	if want := filepath.Join(r.dir, "checkin-"+fileSafe(tk.st.settings.KioskID)+".vplog"); logPath != want {
		t.Errorf("log file %s, want %s", logPath, want)
	}
	for _, f := range []string{filepath.Join(r.dir, kioskKeyFile), logPath} {
		fi, err := os.Stat(f)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v, mode %v", f, err, fi.Mode())
		}
	}
	tk.setPassback("hard: refuse a second entry")

	ticket := tk.sample("Final ticket")
	tk.wedgeScan(ticket)
	v := tk.wait()
	if !v.Decision.Accepted || v.Record == "" || tk.verdict.shownKind != kindAccept {
		t.Fatalf("first scan: accepted %v (%v), record %q", v.Decision.Accepted, v.Decision.Err, v.Record)
	}
	if !tk.verdict.annul.Visible() {
		t.Error("no annul button on the accepted verdict")
	}
	tk.wedgeScan(ticket)
	v = tk.wait()
	want := "Already checked in at 14:02, Gate B"
	if v.Decision.Reason != verifier.ReasonAlreadyCheckedIn || tk.verdict.shownKind != kindReject || tk.verdict.shownReason != want {
		t.Fatalf("second scan: %q, %s %q; want red %q", v.Decision.Reason, tk.verdict.shownKind, tk.verdict.shownReason, want)
	}
	if tk.verdict.annul.Visible() {
		t.Error("annul button on a rejection")
	}
	id := tk.st.settings.KioskID
	tk.Close()

	// A new kiosk over the same log still refuses it.
	tk = r.start()
	if tk.st.settings.KioskID != id || tk.log.Path() != logPath {
		t.Fatalf("after restart: kiosk %q log %s", tk.st.settings.KioskID, tk.log.Path())
	}
	if tk.st.counts != (dayCounts{Accepted: 1, Rejected: 1, Inside: 1, Exact: true}) {
		t.Errorf("today's counts after restart: %+v", tk.st.counts)
	}
	tk.wedgeScan(ticket)
	v = tk.wait()
	if v.Decision.Reason != verifier.ReasonAlreadyCheckedIn || tk.verdict.shownReason != want {
		t.Fatalf("after restart: %q %q", v.Decision.Reason, tk.verdict.shownReason)
	}
	c := tk.win.Canvas()
	img := c.Capture()
	if got := img.At(4, img.Bounds().Dy()/2); !sameColor(got, colorReject) {
		t.Errorf("passback rejection colour %v", got)
	}
	shots := t.TempDir()
	if *updateScreens {
		shots = filepath.Join("testdata", "screens")
	}
	writePNG(t, filepath.Join(shots, "rejected-passback-restart.png"), img)

	// The turnstile did not turn: annul, and the ticket passes again.
	annulled := make(chan error, 1)
	tk.annulShown = func(err error) { annulled <- err }
	tk.admin.open(tk.kiosk)
	tk.annulLast("admin PIN", false)
	if err := await(t, annulled); err != nil {
		t.Fatalf("annul: %v", err)
	}
	if !strings.Contains(tk.admin.logMsg.Text, "Entry of Lee Ji-woo annulled") {
		t.Errorf("admin says %q", tk.admin.logMsg.Text)
	}
	if !strings.Contains(tk.admin.logText.Text, "ANNUL") {
		t.Errorf("log view:\n%s", tk.admin.logText.Text)
	}
	tk.show(screenReady)
	tk.wedgeScan(ticket)
	if v = tk.wait(); !v.Decision.Accepted {
		t.Fatalf("after annul: %q %v", v.Decision.Reason, v.Decision.Err)
	}
	// Annul from the verdict screen.
	tk.annulLast(staffPIN, true)
	if err := await(t, annulled); err != nil {
		t.Fatalf("annul from the verdict: %v", err)
	}
	if tk.st.screen != screenReady || !strings.Contains(tk.ready.message.Text, "annulled") {
		t.Errorf("after annul: screen %q, message %q", tk.st.screen, tk.ready.message.Text)
	}
	// Nothing left to annul.
	tk.annulLast("admin PIN", false)
	if err := await(t, annulled); err == nil || !strings.HasPrefix(tk.admin.logMsg.Text, "Nothing to annul") {
		t.Errorf("second annul: %v, %q", err, tk.admin.logMsg.Text)
	}
	tk.Close()

	// The chain holds and the kiosk's key signed checkpoints on Close.
	pub, err := issuer.LoadPublicKey(filepath.Join(r.dir, kioskPubFile))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := checkin.VerifyChain(logPath, pub)
	if err != nil {
		t.Fatalf("chain: %v", err)
	}
	if rep.Checkpoints == 0 {
		t.Errorf("no checkpoint signed: %+v", rep)
	}
}

func TestSoftPassbackIsAmber(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.setPassback("soft: warn (amber) on a second entry")
	tk.wedgeScan(tk.sample("Season member"))
	tk.wait()
	tk.wedgeScan(tk.sample("Season member"))
	v := tk.wait()
	if !v.Decision.Accepted || tk.verdict.shownKind != kindWarn {
		t.Fatalf("soft passback: accepted %v, %s", v.Decision.Accepted, tk.verdict.shownKind)
	}
	if want := "Already went in at 14:02, Gate B"; tk.verdict.shownReason != want {
		t.Errorf("reason %q, want %q", tk.verdict.shownReason, want)
	}
}

func TestSingleEntryTicket(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.setPassback("single-entry: a ticket is admitted once")
	for range 2 {
		tk.wedgeScan(tk.sample("Steward badge"))
		if v := tk.wait(); !v.Decision.Accepted {
			t.Fatalf("badge at a single-entry gate: %q", v.Decision.Reason)
		}
	}
	tk.wedgeScan(tk.sample("Final ticket"))
	tk.wait()
	tk.wedgeScan(tk.sample("Final ticket"))
	tk.wait()
	if want := "Ticket already used at 14:02, Gate B"; tk.verdict.shownReason != want {
		t.Errorf("reason %q, want %q", tk.verdict.shownReason, want)
	}
}

func TestWalletReplayAcrossRestart(t *testing.T) {
	r := newRestartable(t)
	tk := r.start()
	code := tk.sample("Wallet (live)") // one rotating code, shown twice
	tk.wedgeScan(code)
	if v := tk.wait(); !v.Decision.Accepted || v.Decision.Presentation == nil {
		t.Fatalf("live wallet code: %q %v", v.Decision.Reason, v.Decision.Err)
	}
	tk.Close()

	tk = r.start()
	tk.wedgeScan(code)
	v := tk.wait()
	if v.Decision.Reason != verifier.ReasonReplay || tk.verdict.shownKind != kindReject {
		t.Fatalf("replayed live code after restart: %q, %s", v.Decision.Reason, tk.verdict.shownKind)
	}
	if want := "This live code was already used: show a fresh one"; tk.verdict.shownReason != want {
		t.Errorf("reason %q", tk.verdict.shownReason)
	}
}

func TestGateCommand(t *testing.T) {
	tk := newTestKiosk(t, nil)
	outcomes := make(chan gate.Outcome, 4)
	tk.gateShown = func(o gate.Outcome) { outcomes <- o }
	out := t.TempDir()
	script := filepath.Join(out, "open-gate.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\ncat > \"$(dirname \"$0\")/verdict.json\"\necho \"$VENUEPASS_RECORD\" > \"$(dirname \"$0\")/record\"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	tk.admin.open(tk.kiosk)
	tk.admin.gateAction.SetSelected(gateCommand)
	tk.admin.gateCmd.SetText(script)
	tk.admin.save(tk.kiosk)
	if tk.admin.note.Text != "Saved." || tk.gate.Load() == nil {
		t.Fatalf("save: %q", tk.admin.note.Text)
	}
	tk.show(screenReady)

	tk.wedgeScan(tk.sample("Steward badge"))
	v := tk.wait()
	if !v.Decision.Accepted {
		t.Fatalf("badge: %q", v.Decision.Reason)
	}
	o := await(t, outcomes)
	if o.Err != nil || o.Event.ID != v.Record {
		t.Fatalf("gate: %v for %q, want opened for %q", o.Err, o.Event.ID, v.Record)
	}
	js, _ := os.ReadFile(filepath.Join(out, "verdict.json"))
	rec, _ := os.ReadFile(filepath.Join(out, "record"))
	if !strings.Contains(string(js), `"accepted":true`) || !strings.Contains(string(js), `"name":"Alex Martin"`) ||
		strings.TrimSpace(string(rec)) != v.Record {
		t.Errorf("the command got %s, record %q", js, rec)
	}
	if tk.verdict.shownKind != kindAccept {
		t.Errorf("verdict after the gate opened: %s", tk.verdict.shownKind)
	}

	// Rejections do not open the gate.
	tk.wedgeScan(tk.sample("Revoked badge"))
	tk.wait()
	tk.acknowledge()

	// A gate that fails: the screen says so and the entry is withdrawn.
	set := tk.st.settings
	set.GateCommandLine = "echo jammed >&2; exit 3"
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	tk.wedgeScan(tk.sample("Season member"))
	v = tk.wait()
	o = await(t, outcomes)
	if o.Err == nil || o.Event.ID != v.Record {
		t.Fatalf("failing gate: %v for %q", o.Err, o.Event.ID)
	}
	if tk.verdict.shownKind != kindService || tk.verdict.headline.Text != "GATE DID NOT OPEN" ||
		strings.Contains(tk.verdict.shownReason, "jammed") || !strings.Contains(tk.verdict.shownReason, "Call a supervisor") {
		t.Errorf("after a failed gate: %s %q %q", tk.verdict.shownKind, tk.verdict.headline.Text, tk.verdict.shownReason)
	}
	// The technical detail is for the admin.
	tk.admin.open(tk.kiosk)
	if !tk.admin.faults.Visible() || !strings.Contains(tk.admin.faults.Text, "jammed") {
		t.Errorf("admin faults: %q", tk.admin.faults.Text)
	}
	tk.show(screenReady)
	if tk.ready.shownTitle != "NOT CHECKED" {
		t.Errorf("ready after a failed gate: %q", tk.ready.shownTitle)
	}
	select {
	case o := <-outcomes:
		t.Fatalf("an extra gate action: %+v", o)
	default:
	}
	// The log has the outcomes, and the member may scan again.
	var opened, failed int
	for _, e := range tk.log.Recent(20) {
		if e.Kind == "gate" && e.Accepted {
			opened++
		} else if e.Kind == "gate" {
			failed++
		}
	}
	if opened != 1 || failed != 1 {
		t.Errorf("gate records: %d opened, %d failed", opened, failed)
	}
	// Until staff say the gate is fixed, codes are not checked.
	tk.wedgeScan(tk.sample("Season member"))
	if v := tk.wait(); v.OutOfService == nil || v.OutOfService.Kind != faultGate {
		t.Errorf("scan while the gate is out of order: %+v", v.OutOfService)
	}
	set.GateCommandLine = script
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	tk.show(screenReady)
	tk.ready.retry.OnTapped()
	if tk.ready.shownTitle != "Ready" {
		t.Errorf("after Try again: %q %q", tk.ready.shownTitle, tk.ready.shownCauses)
	}
	tk.wedgeScan(tk.sample("Season member"))
	if v := tk.wait(); !v.Decision.Accepted {
		t.Errorf("after the gate was fixed: %q %+v", v.Decision.Reason, v.OutOfService)
	}
	await(t, outcomes)
}

func TestGateSettingsRefused(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.admin.open(tk.kiosk)
	tk.admin.gateAction.SetSelected(gateHTTP)
	tk.admin.gateURL.SetText("ftp://gate")
	tk.admin.save(tk.kiosk)
	if !strings.HasPrefix(tk.admin.note.Text, "Turnstile: ") || tk.st.settings.GateAction != gateNone {
		t.Errorf("bad URL: %q, action %q", tk.admin.note.Text, tk.st.settings.GateAction)
	}
	set := tk.st.settings
	set.GateAction, set.GatePort, set.GateRelay, set.GateChannel = gateSerial, "/dev/ttyUSB0", relayLCUS, 2
	a, err := gateActionOf(set)
	if err != nil {
		t.Fatal(err)
	}
	if s := a.(*gate.Serial); string(s.On) != string(gate.LCUS(2, true)) || s.Pulse != 200*time.Millisecond {
		t.Errorf("LCUS relay: %+v", s)
	}
}

func TestLegacyPassbackSettings(t *testing.T) {
	for _, tc := range []struct {
		in   Settings
		want string
	}{
		{Settings{PassbackMinutes: 30}, passbackTimed},
		{Settings{PassbackMinutes: 0}, passbackOff},
		{Settings{SingleEntryTickets: true}, passbackSingle},
		{Settings{PassbackMode: "single"}, passbackSingle},
		{Settings{PassbackMode: "bogus"}, passbackHard},
	} {
		s := tc.in
		s.normalize()
		if s.PassbackMode != tc.want {
			t.Errorf("%+v: mode %q, want %q", tc.in, s.PassbackMode, tc.want)
		}
	}
}
