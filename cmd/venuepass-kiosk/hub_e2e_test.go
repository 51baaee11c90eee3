package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/verifier"
)

// TestKioskOnHub runs the real kiosk binary under X against a real hub
// (gate credential from 'hub add-gate'): kiosk run 1 admits the demo's
// final ticket; run 2, on the same trust list but a fresh log of its own,
// refuses the same ticket because the hub holds the entry; both runs'
// records are on the hub. Run 3 points --hub at a port nobody listens on:
// it admits the ticket from its own (fresh) log, and the record carries
// the offline warning.
func TestKioskOnHub(t *testing.T) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("CI") == "" {
		t.Skip("no X display (run under xvfb-run)")
	}
	if testing.Short() {
		t.Skip("builds and runs the kiosk")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "venuepass-kiosk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	store := filepath.Join(tmp, "hub")
	creds := filepath.Join(tmp, "gate-b.nk")
	if err := hub.AddGate(store, "Gate B", creds); err != nil { // the demo's gate
		t.Fatal(err)
	}
	s, err := hub.Start(t.Context(), hub.Config{Store: store, Listen: "127.0.0.1:" + freePortString(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	config := filepath.Join(tmp, "config")
	ticket := filepath.Join(tmp, "ticket.png")

	// run starts the kiosk, waits for its log to hold one decision, and
	// stops it with SIGTERM; it returns that decision.
	run := func(name, scan string, args ...string) checkin.Entry {
		t.Helper()
		logPath := filepath.Join(tmp, name+".vplog")
		home := filepath.Join(tmp, "home-"+name)
		os.Mkdir(home, 0o755)
		ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append([]string{"--demo", "--config", config, "--log", logPath, "--scan", scan}, args...)...)
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		lines := make(chan struct{})
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				out.WriteString(sc.Text() + "\n")
				if _, dir, ok := strings.Cut(sc.Text(), "demo files in "); ok && name == "run1" {
					// The ticket of the demo that made the config's
					// trust list, for the later runs.
					if b, err := os.ReadFile(filepath.Join(dir, "02-final-ticket.png")); err == nil {
						os.WriteFile(ticket, b, 0o644)
					}
				}
			}
		}()
		for n := 0; n < 1; {
			select {
			case <-ctx.Done():
				cmd.Process.Kill()
				<-lines
				cmd.Wait()
				t.Fatalf("%s: no decision in the log\n%s", name, out.String())
			case <-time.After(200 * time.Millisecond):
			}
			n, _ = countDecisions(ctx, logPath)
		}
		cmd.Process.Signal(syscall.SIGTERM)
		// A kiosk that does not stop within 20 s is stuck: SIGQUIT has
		// the Go runtime print every goroutine's stack, for the report.
		stuck := time.AfterFunc(20*time.Second, func() { cmd.Process.Signal(syscall.SIGQUIT) })
		<-lines
		err = cmd.Wait()
		if !stuck.Stop() {
			t.Fatalf("%s did not stop within 20 s of SIGTERM: %v\n%s", name, err, out.String())
		}
		if err != nil {
			t.Fatalf("%s after SIGTERM: %v\n%s", name, err, out.String())
		}
		l, err := checkin.Open(logPath, checkin.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		es, err := l.Since(t.Context(), 0, 10)
		if err != nil || len(es) == 0 {
			t.Fatalf("%s: %d records, %v", name, len(es), err)
		}
		return es[0]
	}
	onHub := []string{"--hub", s.URL(), "--hub-creds", creds, "--hub-timeout", "10s"} // generous: a loaded CI machine may take seconds to connect at start
	first := run("run1", "02-final-ticket.png", onHub...)
	if !first.Accepted || len(first.Warnings) > 0 {
		t.Fatalf("run 1: %+v", first)
	}
	second := run("run2", ticket, onHub...)
	if second.Accepted || second.Reason != verifier.ReasonAlreadyCheckedIn || slices.Contains(second.Warnings, checkin.WarnOffline) {
		t.Fatalf("run 2, the same ticket on a fresh log: %+v", second)
	}
	office, err := hub.Connect(s.URL(), hub.Options{Creds: hub.OfficeCreds(store)})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	es, err := office.Records(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	for _, e := range []checkin.Entry{first, second} {
		if !slices.Contains(ids, e.ID) {
			t.Errorf("record %s (%v) is not on the hub, which holds %v", e.ID, e.Accepted, ids)
		}
	}
	third := run("run3", ticket, "--hub", "nats://127.0.0.1:"+freePortString(t), "--hub-timeout", "300ms")
	if !third.Accepted || !slices.Contains(third.Warnings, checkin.WarnOffline) {
		t.Fatalf("run 3, hub unreachable: %+v", third)
	}
}

func freePortString(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}
