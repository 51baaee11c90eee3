package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHubClaimCrash: a gate process is killed (SIGKILL, placed by the test
// hook VENUEPASS_TEST_KILL_AFTER_CLAIM) after its claim of a single-entry
// ticket reached the hub and before the record was committed to its log.
// Nobody went in, so once the gate is started again it releases the claim,
// and the ticket enters at another gate; the next ticket is not affected.
func TestHubClaimCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a hub and gates")
	}
	dir := t.TempDir()
	codes := venueSetup(t, dir, 2)
	h := startHub(t, dir, "hub", "127.0.0.1:0")

	g1 := startGateEnv(t, dir, "1", h.url, []string{"VENUEPASS_TEST_KILL_AFTER_CLAIM=1"})
	if v, err := g1.scan(codes[0]); err == nil {
		t.Fatalf("the gate answered %+v: the hook did not kill it", v)
	}
	err := g1.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || !strings.Contains(ee.String(), "killed") {
		t.Fatalf("gate 1 ended with %v, want killed", err)
	}
	journal, err := os.ReadFile(filepath.Join(dir, "gate-1.db.claims"))
	if err != nil || len(journal) == 0 {
		t.Fatalf("the claim journal holds %q (%v): the claim made before the crash is not noted", journal, err)
	}

	// Before gate 1 is back, the hub holds its claim: gate 2 refuses.
	g2 := startGate(t, dir, "2", h.url)
	if v, err := g2.scan(codes[0]); err != nil || v.Accepted || !strings.Contains(v.Message, "gate 1") {
		t.Fatalf("gate 2 before gate 1 recovered: %+v %v", v, err)
	}
	g2.stop(t)

	// Gate 1 comes back: its log has no record of the claim, so it
	// releases it; the ticket enters (at gate 2), once.
	g1 = startGate(t, dir, "1", h.url)
	waitFor(t, 10e9, "the claim journal to be emptied", func() bool {
		b, err := os.ReadFile(filepath.Join(dir, "gate-1.db.claims"))
		return err == nil && len(b) == 0
	})
	g2 = startGate(t, dir, "2", h.url)
	if v, err := g2.scan(codes[0]); err != nil || !v.Accepted || v.offline() {
		t.Fatalf("gate 2 after gate 1 released its claim: %+v %v", v, err)
	}
	if v, err := g1.scan(codes[0]); err != nil || v.Accepted {
		t.Fatalf("gate 1 after the ticket entered at gate 2: %+v %v", v, err)
	}
	if v, err := g1.scan(codes[1]); err != nil || !v.Accepted {
		t.Fatalf("gate 1, the next ticket: %+v %v", v, err)
	}
	g1.stop(t)
	g2.stop(t)
	// The journal keeps lines of committed records until it grows: a
	// restart must not release those claims.
	g1 = startGate(t, dir, "1", h.url)
	g3 := startGate(t, dir, "3", h.url)
	if v, err := g3.scan(codes[1]); err != nil || v.Accepted || !strings.Contains(v.Message, "gate 1") {
		t.Fatalf("gate 3, the ticket gate 1 admitted, after gate 1 restarted: %+v %v", v, err)
	}
	if v, err := g1.scan(codes[0]); err != nil || v.Accepted {
		t.Fatalf("gate 1, the ticket that entered at gate 2: %+v %v", v, err)
	}
	g1.stop(t)
	g3.stop(t)
}
