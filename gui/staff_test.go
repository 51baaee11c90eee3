package gui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/venuepass/venuepass/checkin"
)

// decisions reads the kiosk's check-in log as an auditor would: opened
// read-only, while the kiosk still has it open.
func (tk *testKiosk) records() []checkin.Entry {
	tk.t.Helper()
	l, err := checkin.Open(tk.log.path, checkin.Options{ReadOnly: true})
	if err != nil {
		tk.t.Fatal(err)
	}
	defer l.Close()
	var out []checkin.Entry
	if err := l.Entries(tk.t.Context(), time.Time{}, time.Time{}, func(e *checkin.Entry) error {
		out = append(out, *e)
		return nil
	}); err != nil {
		tk.t.Fatal(err)
	}
	return out
}

func (tk *testKiosk) typePIN(pin string) {
	tk.t.Helper()
	if tk.st.screen != screenPIN || tk.pin.purpose != pinForStaff {
		tk.t.Fatalf("no staff prompt: screen %q purpose %q", tk.st.screen, tk.pin.purpose)
	}
	tk.pin.entry.SetText(pin)
	tk.pin.submit(tk.kiosk)
}

// A supervisor override of a refusal is logged as an override, with its
// reason and who authorised it; the refusal stays in the log too.
func TestOverrideLogged(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.wedgeScan(tk.sample("Expired card"))
	v := tk.wait()
	if v.Decision.Accepted || !tk.verdict.override.Visible() {
		t.Fatalf("refusal: accepted %v, override button %v", v.Decision.Accepted, tk.verdict.override.Visible())
	}
	test.Tap(tk.verdict.override)
	tk.typePIN("1234")
	if tk.st.screen != screenOverride {
		t.Fatalf("after the PIN: screen %q", tk.st.screen)
	}
	test.Tap(tk.overrideScr.buttons[0])
	v = tk.wait()
	if !v.Decision.Accepted || !slices.Contains(v.Decision.Warnings, warnStaffOverride) || tk.verdict.shownKind != kindWarn ||
		tk.verdict.shownReason != "Supervisor override: "+overrideReasons[0] {
		t.Fatalf("override verdict: %v %v %s %q", v.Decision.Accepted, v.Decision.Warnings, tk.verdict.shownKind, tk.verdict.shownReason)
	}
	var dec []checkin.Entry
	for _, e := range tk.records() {
		if e.Kind == checkin.KindDecision {
			dec = append(dec, e)
		}
	}
	if len(dec) != 2 {
		t.Fatalf("%d decisions, want the refusal and the override", len(dec))
	}
	if r := dec[0]; r.Accepted || r.Override || r.Name != "Maria Rossi" {
		t.Errorf("refusal record: %+v", r)
	}
	o := dec[1]
	want := "override: " + overrideReasons[0] + "; refused as expired"
	if !o.Accepted || !o.Override || o.Name != "Maria Rossi" || o.Detail != want || o.By != staffPIN {
		t.Errorf("override record: accepted %v override %v name %q detail %q by %q, want %q by %q",
			o.Accepted, o.Override, o.Name, o.Detail, o.By, want, staffPIN)
	}
}

// Annul needs staff auth: cancelled or with a wrong PIN nothing is
// annulled; a kiosk with no PIN and no staff badges refuses it outright.
func TestAnnulNeedsStaffAuth(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.wedgeScan(tk.sample("Final ticket"))
	tk.wait()
	annuls := func() int {
		n := 0
		for _, e := range tk.records() {
			if e.Kind == checkin.KindAnnul {
				n++
			}
		}
		return n
	}
	test.Tap(tk.verdict.annul)
	if tk.st.screen != screenPIN {
		t.Fatalf("annul without a prompt: screen %q", tk.st.screen)
	}
	tk.pin.entry.SetText("0000")
	tk.pin.submit(tk.kiosk)
	if tk.st.screen != screenPIN || !strings.HasPrefix(tk.pin.message.Text, "Wrong PIN") {
		t.Errorf("wrong PIN: screen %q, %q", tk.st.screen, tk.pin.message.Text)
	}
	tk.staffCancelled()
	tk.show(screenReady)
	pumpFor(200 * time.Millisecond)
	if n := annuls(); n != 0 {
		t.Fatalf("%d annulments without staff auth", n)
	}

	// No PIN, no staff badges: refused.
	set := tk.st.settings
	pin := set.PIN
	set.PIN = nil
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	who := make(chan string, 2)
	tk.staffShown = func(s string) { who <- s }
	tk.annulWithStaff()
	if got := await(t, who); got != "refused" || tk.st.screen == screenPIN || !strings.Contains(tk.ready.message.Text, "Not allowed") {
		t.Errorf("without a PIN: %q, screen %q, %q", got, tk.st.screen, tk.ready.message.Text)
	}
	if n := annuls(); n != 0 {
		t.Fatalf("%d annulments without staff auth", n)
	}

	// With the PIN: annulled.
	set.PIN = pin
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	tk.annulShown = func(err error) { done <- err }
	tk.annulWithStaff()
	tk.typePIN("1234")
	if got := await(t, who); got != staffPIN {
		t.Errorf("authorised by %q", got)
	}
	if err := await(t, done); err != nil {
		t.Fatal(err)
	}
	if n := annuls(); n != 1 {
		t.Errorf("%d annulments after staff auth, want 1", n)
	}
	// The annulment names who authorised it, and why.
	for _, e := range tk.records() {
		if e.Kind == checkin.KindAnnul && (e.By != staffPIN || e.Detail != "annulled: "+checkin.DefaultAnnulReason) {
			t.Errorf("annul record: by %q, detail %q", e.By, e.Detail)
		}
	}
}

// A red verdict stays until staff dismiss it; a staff badge of an issuer
// listed for staff authorises as the PIN does, and is not recorded.
func TestRejectNeedsStaffToDismiss(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.wedgeScan(tk.sample("Revoked badge"))
	tk.wait()
	if d := tk.verdictTime(); d != 0 {
		t.Errorf("red verdict clears after %v, want never", d)
	}
	tk.verdictTapped()
	if tk.st.screen != screenPIN || tk.pin.purpose != pinForStaff {
		t.Fatalf("tap on red: screen %q", tk.st.screen)
	}
	// Not a staff issuer yet.
	who := make(chan string, 1)
	tk.staffShown = func(s string) { who <- s }
	badge := tk.sample("Steward badge")
	tk.Submit(badge, "scanner")
	pumpFor(300 * time.Millisecond)
	if tk.st.screen != screenPIN || tk.pin.message.Text != "Not a staff badge of this venue" {
		t.Fatalf("unlisted badge: screen %q %q", tk.st.screen, tk.pin.message.Text)
	}
	set := tk.st.settings
	set.StaffIssuers = []string{tk.verdict.shown.Decision.Credential.Iss}
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	tk.Submit(badge, "scanner")
	if got := await(t, who); !strings.HasPrefix(got, "staff badge Alex Martin (") || tk.st.screen != screenReady {
		t.Errorf("staff badge: %q, screen %q", got, tk.st.screen)
	}
	for _, e := range tk.records() {
		if e.Name == "Alex Martin" {
			t.Errorf("the staff badge was recorded: %+v", e)
		}
	}
	// Accepts clear by themselves, in about 1.5 s.
	tk.wedgeScan(tk.sample("Final ticket"))
	tk.wait()
	if d := tk.verdictTime(); d != 1500*time.Millisecond {
		t.Errorf("accept stays %v", d)
	}
}

// The ready screen's counters come from the check-in log's aggregation:
// an annulled entry is not counted as in, a refusal is.
func TestCountersExcludeAnnulled(t *testing.T) {
	tk := newTestKiosk(t, nil)
	counted := make(chan dayCounts, 16)
	tk.counted = func(c dayCounts) { counted <- c }
	for _, label := range []string{"Final ticket", "Season member", "Expired card"} {
		tk.wedgeScan(tk.sample(label))
		tk.wait()
	}
	done := make(chan error, 1)
	tk.annulShown = func(err error) { done <- err }
	tk.annulWithStaff()
	tk.typePIN("1234")
	if err := await(t, done); err != nil {
		t.Fatal(err)
	}
	want := dayCounts{Accepted: 1, Inside: 1, Rejected: 1, Exact: true}
	for c := await(t, counted); c != want; c = await(t, counted) {
	}
	tk.show(screenReady)
	if tk.ready.shownCounts != want || tk.ready.entered.Text != "1" || tk.ready.refused.Text != "1" {
		t.Errorf("ready shows %+v", tk.ready.shownCounts)
	}
}

// Anti-passback per credential type, chosen in admin: with staff badges
// off, a steward steps out and back in; tickets stay refused the second
// time.
func TestStaffBadgePassbackOff(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.admin.open(tk.kiosk)
	tk.admin.passbackMode.SetSelected(passbackLabel(passbackHard))
	tk.admin.staffPassback.SetSelected(staffPassbackLabels[1])
	tk.admin.save(tk.kiosk)
	if tk.admin.note.Text != "Saved." || tk.st.settings.PassbackByType["employee"] != passbackOff {
		t.Fatalf("save: %q %v", tk.admin.note.Text, tk.st.settings.PassbackByType)
	}
	tk.show(screenReady)
	for i, c := range []struct {
		label string
		want  bool
	}{{"Steward badge", true}, {"Steward badge", true}, {"Final ticket", true}, {"Final ticket", false}} {
		tk.wedgeScan(tk.sample(c.label))
		if v := tk.wait(); v.Decision.Accepted != c.want {
			t.Errorf("scan %d (%s): accepted %v (%s), want %v", i+1, c.label, v.Decision.Accepted, v.Decision.Reason, c.want)
		}
		tk.show(screenReady)
	}
	// Reopened, admin shows the choice.
	tk.admin.open(tk.kiosk)
	if tk.admin.staffPassback.Selected != staffPassbackLabels[1] {
		t.Errorf("admin shows %q", tk.admin.staffPassback.Selected)
	}
}

// TestRedVerdictHoldsScans: while a red verdict waits for staff, the next
// code scanned is not checked as an entry (it dismissed the refusal with
// no staff, and let the next visitor's verdict cover it); the screen says
// staff must come first. A staff badge scanned then acknowledges it.
// With an auto-clear set, the red verdict does not wait, and neither do
// scans.
func TestRedVerdictHoldsScans(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.wedgeScan(tk.sample("Revoked badge"))
	tk.wait()
	staff := tk.verdict.shown.Decision.Credential.Iss
	recorded := len(tk.records())
	who := make(chan string, 1)
	tk.staffShown = func(s string) { who <- s }

	tk.wedgeScan(tk.sample("Final ticket"))
	if got := await(t, who); got != "held" {
		t.Fatalf("a code scanned on the red verdict: %q", got)
	}
	if tk.st.screen != screenVerdict || tk.verdict.shownKind != kindReject || tk.verdict.heldNote == "" {
		t.Errorf("after a held scan: screen %q, kind %q, note %q", tk.st.screen, tk.verdict.shownKind, tk.verdict.heldNote)
	}
	if n := len(tk.records()); n != recorded {
		t.Errorf("the held code was recorded: %d records, want %d", n, recorded)
	}

	set := tk.st.settings
	set.StaffIssuers = []string{staff}
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	tk.Submit(tk.sample("Steward badge"), "scanner")
	if got := await(t, who); !strings.HasPrefix(got, "staff badge Alex Martin (") || tk.st.screen != screenReady {
		t.Fatalf("staff badge on the red verdict: %q, screen %q", got, tk.st.screen)
	}
	tk.wedgeScan(tk.sample("Final ticket"))
	if v := tk.wait(); !v.Decision.Accepted {
		t.Errorf("after the acknowledgement: %+v", v.Decision)
	}

	// An auto-clear makes the red verdict temporary: scans are checked.
	set.RejectClearSeconds = 30
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	tk.wedgeScan(tk.sample("Expired card"))
	tk.wait()
	tk.wedgeScan(tk.sample("Season member"))
	if v := tk.wait(); !v.Decision.Accepted {
		t.Errorf("with auto-clear, the next scan: %+v", v.Decision)
	}
}
