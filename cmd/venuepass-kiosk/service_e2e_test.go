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
)

// kioskRun is the real kiosk binary running under X, its stderr collected.
type kioskRun struct {
	t      *testing.T
	cmd    *exec.Cmd
	mu     sync.Mutex
	errOut bytes.Buffer
	lines  chan string
	exited chan error
	done   bool
}

// startKiosk builds the kiosk and starts it with args, HOME and TMPDIR in
// the test's folder.
func startKiosk(t *testing.T, tmp string, args ...string) *kioskRun {
	t.Helper()
	if os.Getenv("DISPLAY") == "" && os.Getenv("CI") == "" {
		t.Skip("no X display (run under xvfb-run)")
	}
	if testing.Short() {
		t.Skip("builds and runs the kiosk")
	}
	bin := filepath.Join(tmp, "venuepass-kiosk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	home := filepath.Join(tmp, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	t.Cleanup(cancel)
	r := &kioskRun{t: t, lines: make(chan string, 64), exited: make(chan error, 1)}
	r.cmd = exec.CommandContext(ctx, bin, args...)
	r.cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
	stderr, err := r.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			r.mu.Lock()
			r.errOut.WriteString(sc.Text() + "\n")
			r.mu.Unlock()
			select {
			case r.lines <- sc.Text():
			default:
			}
		}
	}()
	go func() {
		<-copied
		r.exited <- r.cmd.Wait()
	}()
	t.Cleanup(func() {
		if !r.done {
			r.cmd.Process.Kill()
			<-r.exited
		}
	})
	return r
}

func (r *kioskRun) fail(format string, args ...any) {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.t.Fatalf(format+"\nkiosk stderr:\n%s", append(args, r.errOut.String())...)
}

// waitLines waits for n stderr lines containing sub.
func (r *kioskRun) waitLines(sub string, n int) {
	r.t.Helper()
	timeout := time.After(60 * time.Second)
	for got := 0; got < n; {
		select {
		case l := <-r.lines:
			if strings.Contains(l, sub) {
				got++
			}
		case err := <-r.exited:
			r.done = true
			r.fail("the kiosk exited: %v", err)
		case <-timeout:
			r.fail("no %d lines %q on stderr", n, sub)
		}
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (r *kioskRun) stop() {
	r.t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		r.t.Fatal(err)
	}
	select {
	case err := <-r.exited:
		r.done = true
		if err != nil {
			r.fail("after SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		r.fail("the kiosk did not quit on SIGTERM")
	}
}

// TestExpiredListRecordsNoRejection runs the real kiosk with the demo's
// expired trust list and scans a valid ticket and an expired card: neither
// is checked (the kiosk is out of service: the list is at fault, not the
// visitors), and the check-in log, read after the kiosk quit, holds no
// decision at all, so no visitor is on record as refused.
func TestExpiredListRecordsNoRejection(t *testing.T) {
	tmp := t.TempDir()
	logPath := filepath.Join(tmp, "checkin.vplog")
	r := startKiosk(t, tmp, "--demo", "--demo-trust", "expired", "--config", filepath.Join(tmp, "config"),
		"--log", logPath, "--scan", "02-final-ticket.txt", "--scan", "06-expired-card.txt")
	r.waitLines("code not checked (from the ", 2)
	r.stop()
	r.mu.Lock()
	out := r.errOut.String()
	r.mu.Unlock()
	if !strings.Contains(out, "out of service: The trust list expired") {
		t.Errorf("the fault was not logged on stderr:\n%s", out)
	}

	l, err := checkin.Open(logPath, checkin.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var decisions []string
	err = l.Entries(t.Context(), time.Time{}, time.Time{}, func(e *checkin.Entry) error {
		if e.Kind == checkin.KindDecision {
			decisions = append(decisions, e.Name+" "+string(e.Reason))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(decisions) != 0 {
		t.Errorf("decisions recorded with an expired list: %q", decisions)
	}
	st, err := l.Today(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Decisions != 0 || st.Rejected != 0 {
		t.Errorf("today: %d decisions, %d refused; want none", st.Decisions, st.Rejected)
	}
}
