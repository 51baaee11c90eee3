package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// TestEndToEnd runs the real kiosk binary in demo mode under X (CI runs the
// tests under xvfb-run) with a folder of images standing in for the camera,
// shows it demo codes one at a time the way a holder would (the same code
// in every frame for a second or more), stops it with SIGTERM, and checks
// from its check-in log, opened read-only, that each decision was recorded
// once, with the right verdict and reason, and that the kiosk closed the
// log cleanly (its WAL folded back, a last checkpoint signed over every
// record).
//
// What the log must hold, in order:
//
//  1. the final ticket, accepted;
//  2. the expired membership card, rejected: expired;
//  3. the revoked steward badge, rejected: revoked;
//  4. the final ticket again, rejected: already_checked_in.
//
// A code in view is decoded from every frame, but the camera pipeline hands
// a text to the verifier again only after it has been out of view for
// scan.DefaultRepeat (3 s): so the frames that repeat while a code is held
// up make one decision, not one per frame. The ticket shown again after
// more than that is a new scan, and the demo gate's anti-passback (timed,
// 30 minutes) refuses it: that is the fourth decision.
func TestEndToEnd(t *testing.T) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("CI") == "" {
		t.Skip("no X display (run under xvfb-run)")
	}
	if testing.Short() {
		t.Skip("builds and runs the kiosk")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "venuepass-kiosk")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	frames := filepath.Join(tmp, "frames")
	home := filepath.Join(tmp, "home")
	for _, d := range []string{frames, home} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	config := filepath.Join(tmp, "config")
	logPath := filepath.Join(tmp, "checkin.vplog")

	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--demo", "--config", config, "--frames", frames, "--log", logPath)
	// The demo's files go to TMPDIR and fyne's preferences to HOME: both
	// in the test's folder.
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	var errMu sync.Mutex
	demoDir := make(chan string, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			errMu.Lock()
			errOut.WriteString(line + "\n")
			errMu.Unlock()
			if _, dir, ok := strings.Cut(line, "demo files in "); ok {
				demoDir <- dir
			}
		}
	}()
	exited := make(chan error, 1)
	go func() {
		<-copied
		exited <- cmd.Wait()
	}()
	stopped := false
	defer func() {
		if !stopped {
			cmd.Process.Kill()
			<-exited
		}
	}()
	fail := func(format string, args ...any) {
		t.Helper()
		errMu.Lock()
		defer errMu.Unlock()
		t.Fatalf(format+"\nkiosk stderr:\n%s", append(args, errOut.String())...)
	}

	var demo string
	select {
	case demo = <-demoDir:
	case err := <-exited:
		stopped = true
		fail("the kiosk exited at start: %v", err)
	case <-ctx.Done():
		fail("the kiosk did not start")
	}

	// show puts a demo code in front of the "camera" (the only image in
	// the folder), waits until the log has want decisions, keeps it in
	// view for hold more, and takes it away.
	show := func(file string, want int, hold time.Duration) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(demo, file))
		if err != nil {
			t.Fatal(err)
		}
		// Written under another name and renamed, so the frame source
		// never reads half a file.
		part := filepath.Join(frames, "code.part")
		if err := os.WriteFile(part, data, 0o644); err != nil {
			t.Fatal(err)
		}
		code := filepath.Join(frames, "code.png")
		if err := os.Rename(part, code); err != nil {
			t.Fatal(err)
		}
		var n int
		var err2 error
		for n < want {
			select {
			case err := <-exited:
				stopped = true
				fail("the kiosk exited while showing %s: %v", file, err)
			case <-ctx.Done():
				fail("showing %s: %d decisions in the log, want %d (%v)", file, n, want, err2)
			case <-time.After(200 * time.Millisecond):
			}
			// Errors while the kiosk is still creating the log are
			// expected: keep polling.
			n, err2 = countDecisions(t.Context(), logPath)
		}
		time.Sleep(hold)
		if err := os.Remove(code); err != nil {
			t.Fatal(err)
		}
	}
	// 15 frames a second: held up for 1.5 s or more after its decision,
	// a code is decoded again from many repeated frames.
	// A red verdict holds later scans until staff acknowledge it (the
	// gui tests cover that): the refusal comes last here.
	show("02-final-ticket.png", 1, 1500*time.Millisecond)
	start := time.Now()
	show("01-season-member.png", 2, 1500*time.Millisecond)
	show("03-steward-badge.png", 3, 1500*time.Millisecond)
	// The ticket has been out of view for longer than the pipeline's
	// repeat time (3 s; the folder is listed again every second, so the
	// camera may see a file for up to a second after it is removed):
	// shown again, it is a new scan.
	if d := 5500*time.Millisecond - time.Since(start); d > 0 {
		time.Sleep(d)
	}
	show("02-final-ticket.png", 4, 1500*time.Millisecond)

	// Stopped like a service manager stops it: SIGTERM quits the app,
	// which closes the log.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		stopped = true
		if err != nil {
			fail("after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		fail("the kiosk did not quit on SIGTERM")
	}
	// A log closed cleanly has its write-ahead log folded back into it.
	if fi, err := os.Stat(logPath + "-wal"); err == nil && fi.Size() > 0 {
		t.Errorf("the log's WAL was left with %d bytes: the log was not closed", fi.Size())
	}

	// ... and signed a last checkpoint over every record, with the kiosk
	// key whose public half is in the configuration folder.
	pem, err := os.ReadFile(filepath.Join(config, "kiosk-key.pub"))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := issuer.ParsePublicKey(pem)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := checkin.VerifyChain(logPath, pub)
	if err != nil {
		t.Fatalf("the log's chain: %v", err)
	}
	if !rep.SignaturesChecked || rep.Checkpoints == 0 || rep.Unsigned != 0 {
		t.Errorf("the log has %d records, %d checkpoints, %d records after the last: want all signed at quit",
			rep.Records, rep.Checkpoints, rep.Unsigned)
	}

	l, err := checkin.Open(logPath, checkin.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var got []checkin.Entry
	err = l.Entries(t.Context(), time.Time{}, time.Time{}, func(e *checkin.Entry) error {
		if e.Kind == checkin.KindDecision {
			got = append(got, *e)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name     string
		accepted bool
		reason   verifier.Reason
	}{
		{"Lee Ji-woo", true, ""},
		{"Sam Carter", true, ""},
		{"Alex Martin", true, ""},
		{"Lee Ji-woo", false, verifier.ReasonAlreadyCheckedIn},
	}
	for i, e := range got {
		t.Logf("decision %d: %s accepted=%v reason=%q gate %q detail %q", i+1, e.Name, e.Accepted, e.Reason, e.Gate, e.Detail)
	}
	if len(got) != len(want) {
		t.Fatalf("%d decisions in the log, want %d (each code once, the ticket twice)", len(got), len(want))
	}
	for i, w := range want {
		e := got[i]
		if e.Name != w.name || e.Accepted != w.accepted || e.Reason != w.reason {
			t.Errorf("decision %d: %s accepted=%v reason=%q, want %s accepted=%v reason=%q",
				i+1, e.Name, e.Accepted, e.Reason, w.name, w.accepted, w.reason)
		}
		if e.Venue != "city-arena" || e.Gate != "Gate B" || e.Zone != "B" || e.Direction != checkin.In {
			t.Errorf("decision %d at venue %q gate %q zone %q direction %q", i+1, e.Venue, e.Gate, e.Zone, e.Direction)
		}
	}
	if !bytes.Equal(got[0].CTI, got[3].CTI) || len(got[0].CTI) == 0 {
		t.Errorf("the ticket's two decisions name different credentials: %x, %x", got[0].CTI, got[3].CTI)
	}
	// The day's counts from the first decision's day on: the kiosk runs on
	// the wall clock, and a run across midnight (as CI's once was) splits
	// the four decisions between two days.
	st, err := l.Stats(t.Context(), l.StartOfDay(got[0].Time), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Decisions != 4 || st.Accepted != 3 || st.Rejected != 1 {
		t.Errorf("the day's counts: %d decisions, %d accepted, %d rejected; want 4, 3, 1", st.Decisions, st.Accepted, st.Rejected)
	}
}

// countDecisions opens the log read-only, as `venuepass log` does while a
// kiosk writes it, and counts its decisions.
func countDecisions(ctx context.Context, path string) (int, error) {
	l, err := checkin.Open(path, checkin.Options{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer l.Close()
	st, err := l.Stats(ctx, time.Time{}, time.Time{})
	if err != nil {
		return 0, err
	}
	return st.Decisions, nil
}
