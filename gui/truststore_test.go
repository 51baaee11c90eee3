package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrustListStoredBeforeRecorded is issue 14's reproduction: the kiosk
// recorded a new trust list's seq in the rollback state before storing the
// list file; when storing failed, the next start refused the stored (older)
// list as a rollback. The seq is recorded only once the list is stored.
func TestTrustListStoredBeforeRecorded(t *testing.T) {
	tk := newTestKiosk(t, nil)
	dir := tk.opts.ConfigDir
	stored := filepath.Join(dir, trustListFile)
	old, err := os.ReadFile(stored)
	if err != nil {
		t.Fatal(err)
	}
	// Storing fails: a directory that cannot be replaced where the list
	// goes.
	if err := os.Remove(stored); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(stored, "in-the-way"), 0o700); err != nil {
		t.Fatal(err)
	}
	r := loadTrustFile(filepath.Join(tk.demo.dir, "trust-seq3.vptl"), tk.st.settings.Anchors, dir, tk.st.list, tk.now())
	if r.list != nil || !strings.HasPrefix(r.msg, "Checked, but cannot store it") {
		t.Fatalf("load with a failing store: %+v", r.msg)
	}
	// The old list is what is stored: the next start loads it.
	if err := os.RemoveAll(stored); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stored, old, 0o600); err != nil {
		t.Fatal(err)
	}
	if l, msg := tk.loadStoredList(tk.st.settings); l == nil {
		t.Fatalf("the stored list after a failed store: %s", msg)
	}
	// Stored, then recorded: now the older list is a rollback.
	r = loadTrustFile(filepath.Join(tk.demo.dir, "trust-seq3.vptl"), tk.st.settings.Anchors, dir, tk.st.list, tk.now())
	if r.list == nil {
		t.Fatalf("load: %s", r.msg)
	}
	if r := loadTrustFile(filepath.Join(tk.demo.dir, "trust.vptl"), tk.st.settings.Anchors, dir, r.list, tk.now()); r.list != nil || !strings.Contains(r.msg, "older") {
		t.Errorf("seq 1 after seq 3: %q", r.msg)
	}
	// No temporary state is left behind.
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".next-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
