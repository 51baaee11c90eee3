package main

import (
	"database/sql"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHubWitness: a gate on a hub with a kiosk key sends every signed
// checkpoint to the hub. 'log verify --key --hub' passes on the intact log
// and, once the last records and the checkpoints over them are deleted
// from the log (triggers dropped), fails with exit 1 naming the first
// missing record, which the log alone does not show.
func TestHubWitness(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a hub and a gate")
	}
	dir := t.TempDir()
	codes := venueSetup(t, dir, 12)
	vp(t, dir, "keygen", "-o", "gate-1.key")
	h := startHub(t, dir, "hub", "127.0.0.1:0")
	g := startGate(t, dir, "1", h.url, "--kiosk-key", "gate-1.key", "--checkpoint-every", "4")
	for i, c := range codes {
		if v, err := g.scan(c); err != nil || !v.Accepted || v.offline() {
			t.Fatalf("code %d: %+v %v", i, v, err)
		}
	}
	g.stop(t)
	verify := func(args ...string) (string, int) {
		cmd := exec.Command("venuepass", append([]string{"log", "verify", "--key", "gate-1.key.pub"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}
	if out, code := verify("--hub", h.url, "--log", "gate-1.db"); code != 0 || !strings.Contains(out, "matches the witness up to record 12") {
		t.Fatalf("intact log against the hub: exit %d\n%s", code, out)
	}

	db, err := sql.Open("sqlite", filepath.Join(dir, "gate-1.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	for _, q := range []string{"DROP TRIGGER IF EXISTS records_no_delete", "DROP TRIGGER IF EXISTS checkpoints_no_delete",
		"DELETE FROM records WHERE seq > 6", "DELETE FROM checkpoints WHERE head_seq > 6"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if out, code := verify("--log", "gate-1.db"); code != 0 {
		t.Fatalf("the truncated log alone should pass (that is why the witness exists): exit %d\n%s", code, out)
	}
	out, code := verify("--hub", h.url, "--gate", "1", "--log", "gate-1.db")
	if code != 1 || !strings.Contains(out, "broken: record 7") || !strings.Contains(out, "missing") {
		t.Fatalf("truncated log against the hub: exit %d\n%s", code, out)
	}
	// The checkpoints of another gate's key do not count.
	vp(t, dir, "keygen", "-o", "other.key")
	cmd := exec.Command("venuepass", "log", "verify", "--key", "other.key.pub", "--hub", h.url, "--log", "gate-1.db")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("a log verified with a key that did not sign it: %s", out)
	}
}
