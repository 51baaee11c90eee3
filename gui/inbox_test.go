package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A USB-like folder with a newer list: offered on the ready screen,
// loaded behind staff auth and stored; older and expired lists in it are
// refused, saying why.
func TestTrustInbox(t *testing.T) {
	tk := newTestKiosk(t, nil)
	stick := t.TempDir()
	set := tk.st.settings
	set.TrustInbox = stick
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	found := make(chan []inboxFile, 4)
	tk.inboxShown = func(fs []inboxFile) { found <- fs }
	look := func() {
		tk.checkInbox()
		await(t, found)
	}
	look()
	if tk.ready.update.Visible() || tk.ready.inboxMsg.Visible() {
		t.Fatal("an empty stick offers something")
	}
	copyFile(t, filepath.Join(tk.demo.dir, "trust-seq3.vptl"), filepath.Join(stick, "venue.vptl"))
	look()
	if !tk.ready.update.Visible() || tk.ready.update.Text != "Update trust list to seq 3, signed today?" {
		t.Fatalf("offer: %v %q", tk.ready.update.Visible(), tk.ready.update.Text)
	}
	test.Tap(tk.ready.update)
	tk.typePIN("1234")
	if tk.st.list == nil || tk.st.list.Seq != 3 || tk.ready.update.Visible() {
		t.Fatalf("after the update: list %v", tk.st.list)
	}
	stored, _ := os.ReadFile(filepath.Join(tk.opts.ConfigDir, trustListFile))
	want, _ := os.ReadFile(filepath.Join(stick, "venue.vptl"))
	if string(stored) != string(want) {
		t.Error("the new list was not stored")
	}

	// Older and expired lists on the stick: refused, saying why.
	copyFile(t, filepath.Join(tk.demo.dir, "trust.vptl"), filepath.Join(stick, "old.vptl"))
	copyFile(t, filepath.Join(tk.demo.dir, "trust-seq4-expired.vptl"), filepath.Join(stick, "expired.vptl"))
	look()
	msg := tk.ready.inboxMsg.Text
	if tk.ready.update.Visible() || !strings.Contains(msg, "old.vptl not used: it is older (seq 1) than the list in use (seq 3)") ||
		!strings.Contains(msg, "expired.vptl not used: it expired") {
		t.Errorf("refusals: offer %v, %q", tk.ready.update.Visible(), msg)
	}
	if tk.st.list.Seq != 3 {
		t.Errorf("list seq %d after the refusals", tk.st.list.Seq)
	}
}

// Admin warns before dropping unsaved edits, and Quit asks.
func TestAdminUnsavedAndQuit(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.admin.open(tk.kiosk)
	tk.admin.close(tk.kiosk)
	if tk.st.screen != screenReady {
		t.Fatalf("close without edits: screen %q", tk.st.screen)
	}
	tk.admin.open(tk.kiosk)
	tk.admin.gate.SetText("Gate Z")
	tk.admin.close(tk.kiosk)
	if tk.st.screen != screenAdmin || tk.admin.confirm == nil {
		t.Fatalf("close with an edit: screen %q", tk.st.screen)
	}
	tk.admin.confirm.Hide() // Keep editing
	tk.admin.save(tk.kiosk)
	tk.admin.close(tk.kiosk)
	if tk.st.screen != screenReady || tk.st.settings.Gate != "Gate Z" {
		t.Errorf("close after save: screen %q gate %q", tk.st.screen, tk.st.settings.Gate)
	}
	tk.admin.open(tk.kiosk)
	tk.admin.confirm = nil
	tk.admin.quit(tk.kiosk)
	if tk.admin.confirm == nil {
		t.Error("Quit did not ask")
	}
}
