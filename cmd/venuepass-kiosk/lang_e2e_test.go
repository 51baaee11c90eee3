package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestKoreanOutOfService runs the real kiosk with --lang ko and the demo's
// expired trust list: the cause the ready screen shows (and stderr logs)
// is Korean, and so is the cause of a code scanned then.
func TestKoreanOutOfService(t *testing.T) {
	tmp := t.TempDir()
	r := startKiosk(t, tmp, "--demo", "--demo-trust", "expired", "--lang", "ko",
		"--config", filepath.Join(tmp, "config"), "--log", filepath.Join(tmp, "checkin.vplog"),
		"--scan", "06-expired-card.txt")
	r.waitLines("code not checked (from the ", 1)
	r.stop()
	r.mu.Lock()
	out := r.errOut.String()
	r.mu.Unlock()
	for _, want := range []string{"out of service: 신뢰 목록이 ", "code not checked (from the scanner): 신뢰 목록이 "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q on stderr:\n%s", want, out)
		}
	}
}

// --lang takes ko or en (also as a locale); anything else is bad usage.
func TestLangFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kiosk")
	}
	bin := filepath.Join(t.TempDir(), "venuepass-kiosk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--lang", "fr").CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("--lang fr: %v, want exit 2\n%s", err, out)
	}
	if !strings.Contains(string(out), `unknown language "fr"`) {
		t.Errorf("--lang fr: %s", out)
	}
}
