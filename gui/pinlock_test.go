package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestPINLockoutAcrossRestart is issue 14's reproduction: the admin PIN
// lockout lived in memory, so restarting the kiosk reset it (five more
// guesses a restart). The count of wrong PINs and the lockout survive a
// restart now.
func TestPINLockoutAcrossRestart(t *testing.T) {
	r := newRestartable(t)
	wrong := func(tk *testKiosk, n int) {
		t.Helper()
		for i := 0; i < n; i++ {
			test.Type(tk.pin.entry, "9999")
			tk.pin.submit(tk.kiosk)
		}
	}
	tk := r.start()
	tk.openAdmin()
	wrong(tk, maxPINTries-2)
	tk.Close()
	// The tries made before the restart count.
	tk = r.start()
	tk.openAdmin()
	wrong(tk, 2)
	if !strings.Contains(tk.pin.message.Text, "locked") {
		t.Fatalf("after %d wrong PINs across a restart: %q", maxPINTries, tk.pin.message.Text)
	}
	tk.Close()
	// Locked across a restart: even the right PIN is refused.
	tk = r.start()
	tk.openAdmin()
	test.Type(tk.pin.entry, demoPIN)
	tk.pin.submit(tk.kiosk)
	if tk.st.screen != screenPIN || !strings.Contains(tk.pin.message.Text, "Too many wrong PINs") {
		t.Fatalf("the right PIN worked after a restart during the lockout: screen %q, %q", tk.st.screen, tk.pin.message.Text)
	}
	tk.Close()
	// A damaged state file counts as a lockout, not as a fresh start.
	if err := os.WriteFile(filepath.Join(r.dir, pinStateFile), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	later := testNow.Add(2 * time.Minute)
	r.clock = func() time.Time { return later }
	tk = r.start()
	tk.openAdmin()
	test.Type(tk.pin.entry, demoPIN)
	tk.pin.submit(tk.kiosk)
	if tk.st.screen != screenPIN {
		t.Fatal("a damaged lockout file reset the lockout")
	}
	tk.Close()
	// After the lockout the right PIN opens admin, and resets the count.
	r.clock = func() time.Time { return later.Add(2 * time.Minute) }
	tk = r.start()
	tk.openAdmin()
	test.Type(tk.pin.entry, demoPIN)
	tk.pin.submit(tk.kiosk)
	if tk.st.screen != screenAdmin {
		t.Fatalf("the right PIN after the lockout: screen %q (%s)", tk.st.screen, tk.pin.message.Text)
	}
	if st := loadPINState(r.dir, later); st.Tries != 0 || !st.Locked.IsZero() {
		t.Errorf("state after the right PIN: %+v", st)
	}
	// Long PINs are allowed, short ones set with a recommendation.
	for _, tc := range []struct{ pin, msg string }{
		{"12345678901", "PIN set."},
		{"2468", "6 or more digits is recommended"},
	} {
		tk.admin.pin1.SetText(tc.pin)
		tk.admin.pin2.SetText(tc.pin)
		tk.admin.setPIN(tk.kiosk)
		if !strings.Contains(tk.admin.pinMsg.Text, tc.msg) || !tk.st.settings.PIN.Check(tc.pin) {
			t.Errorf("PIN %s: %q", tc.pin, tk.admin.pinMsg.Text)
		}
	}
}
