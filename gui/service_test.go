package gui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// With an expired trust list the kiosk is out of service: the ready screen
// says NOT CHECKED, a scan is not checked, and nothing is recorded against
// the visitor in the check-in log.
func TestExpiredListOutOfService(t *testing.T) {
	now := testNow
	tk := newTestKiosk(t, func() time.Time { return now })
	tk.show(screenReady)
	if tk.ready.shownTitle != "Ready" || len(tk.ready.shownCauses) != 0 {
		t.Fatalf("fresh kiosk: %q %q", tk.ready.shownTitle, tk.ready.shownCauses)
	}
	now = tk.st.list.Expires.Add(time.Minute)
	tk.refreshStatus()
	if tk.ready.shownTitle != "NOT CHECKED" || len(tk.ready.shownCauses) != 2 ||
		!strings.HasPrefix(tk.ready.shownCauses[1], "The trust list expired") || tk.ready.retry.Visible() {
		t.Errorf("expired list: %q %q", tk.ready.shownTitle, tk.ready.shownCauses)
	}
	for _, label := range []string{"Final ticket", "Revoked badge"} {
		tk.wedgeScan(tk.sample(label))
		v := tk.wait()
		if v.OutOfService == nil || v.OutOfService.Kind != faultTrustList || v.Decision.Accepted || v.Decision.Reason != "" {
			t.Fatalf("%s: %+v %+v", label, v.OutOfService, v.Decision)
		}
	}
	if n := len(tk.log.Recent(10)); n != 0 {
		t.Errorf("%d records in the log with an expired list, want none", n)
	}
	tk.admin.open(tk.kiosk)
	if !strings.Contains(tk.admin.faults.Text, "expired at") {
		t.Errorf("admin faults: %q", tk.admin.faults.Text)
	}
}

// A log that cannot be written puts the kiosk out of service rather than
// letting someone in unrecorded.
func TestLogFailureOutOfService(t *testing.T) {
	tk := newTestKiosk(t, nil)
	// The real log, closed under the kiosk: every write fails.
	if err := tk.log.Close(); err != nil {
		t.Fatal(err)
	}
	tk.wedgeScan(tk.sample("Final ticket"))
	v := tk.wait()
	if v.OutOfService == nil || v.OutOfService.Kind != faultLog || v.Decision.Accepted {
		t.Fatalf("scan with a broken log: %+v %+v", v.OutOfService, v.Decision)
	}
	if tk.verdict.shownReason != "The check-in log cannot be written" {
		t.Errorf("reason %q", tk.verdict.shownReason)
	}
	tk.backFromVerdict()
	if tk.ready.shownTitle != "NOT CHECKED" || !tk.ready.retry.Visible() {
		t.Errorf("ready: %q", tk.ready.shownTitle)
	}
	// Blocked: the next scan does not even reach the log.
	tk.wedgeScan(tk.sample("Season member"))
	if v := tk.wait(); v.OutOfService == nil || v.OutOfService.Kind != faultLog {
		t.Errorf("second scan: %+v", v.OutOfService)
	}
}

func TestLogFaultWords(t *testing.T) {
	if f := logFault(os.ErrPermission); f.Kind != faultLog {
		t.Errorf("permission: %+v", f)
	}
	if f := logFault(&os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}); f.Kind != faultDiskFull || !strings.Contains(f.Cause, "disk is full") {
		t.Errorf("ENOSPC: %+v", f)
	}
}

// The out-of-service screens fit a 7-inch 800x480 panel.
func TestOutOfServiceFits800x480(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(800, 480))
	defer w.Close()
	k, err := newKiosk(a, w, Options{ConfigDir: t.TempDir(), player: nopPlayer{}, noDevices: true,
		now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	k.retryService()
	if min := w.Content().MinSize(); min.Width > 800 || min.Height > 480 {
		t.Errorf("ready screen with its counters needs %v", min)
	}
	k.raiseFault(fault{Kind: faultGate, Cause: "The gate did not open: check the turnstile, then press Try again", Detail: "x"})
	if min := w.Content().MinSize(); min.Width > 800 || min.Height > 480 {
		t.Errorf("out-of-service ready screen needs %v", min)
	}
	shown := make(chan verdict, 1)
	k.shown = func(v verdict) { shown <- v }
	k.Submit("VP1:ABC", "scanner")
	await(t, shown)
	if min := w.Content().MinSize(); min.Width > 800 || min.Height > 480 {
		t.Errorf("not-checked verdict needs %v", min)
	}
	writePNG(t, filepath.Join(t.TempDir(), "x.png"), w.Canvas().Capture())
}

// An expired list is refused on loading, saying why, and its seq is not
// recorded: the fresh list before it still loads.
func TestExpiredListRefusedOnLoad(t *testing.T) {
	tk := newTestKiosk(t, nil)
	r := loadTrustFile(filepath.Join(tk.demo.dir, "trust-seq4-expired.vptl"), tk.st.settings.Anchors, tk.opts.ConfigDir, tk.st.list, tk.now())
	if r.list != nil || !strings.HasPrefix(r.msg, "Refused: this trust list (seq 4) expired") {
		t.Fatalf("expired list: %q", r.msg)
	}
	r = loadTrustFile(filepath.Join(tk.demo.dir, "trust-seq3.vptl"), tk.st.settings.Anchors, tk.opts.ConfigDir, tk.st.list, tk.now())
	if r.list == nil || r.list.Seq != 3 {
		t.Fatalf("seq 3 after the refused seq 4: %q", r.msg)
	}
}

// TestOutOfServiceEachCause: every fault that keeps the kiosk from checking
// codes shows the "not checked" slate with its own cause and a Try again
// where staff can clear it; a lost scanner or camera is named on the ready
// screen, which still checks codes from the other input. With -screens
// each is written to testdata/screens/out-of-service-<cause>.png.
func TestOutOfServiceEachCause(t *testing.T) {
	causes := []struct {
		name     string
		raise    func(k *kiosk)
		cause    func() string
		blocking bool
	}{
		{"no-list", func(k *kiosk) { k.st.list, k.st.listErr = nil, ""; k.refreshService() },
			func() string { return tr().T("fault.no_list") }, true},
		{"log", func(k *kiosk) {
			k.raiseFault(*logFault(fmt.Errorf("recording: %w", errors.New("attempt to write a readonly database"))))
		}, func() string { return tr().T("fault.log") }, true},
		{"disk-full", func(k *kiosk) { k.raiseFault(*logFault(fmt.Errorf("recording: %w", syscall.ENOSPC))) },
			func() string { return tr().T("fault.disk_full") }, true},
		{"gate", func(k *kiosk) {
			k.raiseFault(fault{Kind: faultGate, Cause: tr().T("gate.failed.cause"), Detail: "relay: /dev/ttyUSB0: no such device"})
		}, func() string { return tr().T("gate.failed.cause") }, true},
		{"scanner", func(k *kiosk) {
			k.st.scanner, k.st.scannerErr = "serial /dev/ttyACM0: no such device", true
			k.refreshService()
		}, func() string { return tr().T("fault.scanner") }, false},
		{"camera", func(k *kiosk) {
			k.st.camera, k.st.cameraErr = "/dev/video0: no such device", true
			k.refreshService()
		}, func() string { return tr().T("fault.camera") }, false},
		// A serial scanner lost with no camera leaves nothing to read
		// codes with: out of service, not "Ready".
		{"scanner-only-input", func(k *kiosk) {
			k.st.settings.Scanner = scannerSerial
			k.st.camera, k.st.cameraErr = "off", false
			k.st.scanner, k.st.scannerErr = "serial /dev/ttyACM0: no such device", true
			k.refreshService()
		}, func() string { return tr().T("fault.scanner") }, true},
		{"scanner-and-camera", func(k *kiosk) {
			k.st.settings.Scanner = scannerDirect
			k.st.camera, k.st.cameraErr = "/dev/video0: no such device", true
			k.st.scanner, k.st.scannerErr = "direct /dev/input/event3: no such device", true
			k.refreshService()
		}, func() string { return tr().T("fault.camera") }, true},
	}
	for _, c := range causes {
		t.Run(c.name, func(t *testing.T) {
			tk := newTestKiosk(t, nil)
			c.raise(tk.kiosk)
			r := tk.ready
			if !slices.Contains(r.shownCauses, c.cause()) {
				t.Fatalf("causes shown %q, want %q among them", r.shownCauses, c.cause())
			}
			// Laid out as it appeared (it was hidden at the last layout).
			if w := r.causes.Size().Width; w < 400 {
				t.Errorf("the causes are %v wide", w)
			}
			if got := r.shownTitle == notCheckedHeadline(); got != c.blocking {
				t.Errorf("title %q: not-checked slate %v, want %v", r.shownTitle, got, c.blocking)
			}
			if c.blocking && !sameColor(r.bg.FillColor, colorService) {
				t.Errorf("background %v, want the out-of-service colour", r.bg.FillColor)
			}
			dir := t.TempDir()
			if *updateScreens {
				dir = filepath.Join("testdata", "screens")
			}
			writePNG(t, filepath.Join(dir, "out-of-service-"+c.name+".png"), tk.win.Canvas().Capture())
		})
	}
}
