package gui

import (
	"context"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/gui/scan"
)

// TestKoreanIMEScan: a wedge scanner typing while the host's Korean input
// method is in 한 mode delivers jamo and syllables; the kiosk maps them back
// to the code, verifies it, tells staff once on the scanner chip, and the
// check-in log records the accepted entry.
func TestKoreanIMEScan(t *testing.T) {
	tk := newTestKiosk(t, nil)
	code := tk.sample("Final ticket")
	typed := scan.TypeDubeolsik(code)
	if !strings.HasPrefix(typed, "폐1:") {
		t.Fatalf("typed %.20q", typed)
	}
	tk.wedgeScan(typed)
	v := tk.wait()
	if !v.Decision.Accepted || v.OutOfService != nil {
		t.Fatalf("jamo scan: accepted %v, reason %q, not checked %v, err %v", v.Decision.Accepted, v.Decision.Reason, v.OutOfService, v.Decision.Err)
	}
	if c := v.Decision.Credential; c == nil || c.Name != "Lee Ji-woo" {
		t.Fatalf("credential %+v", c)
	}
	if !tk.imeNoted || !strings.Contains(tk.status.input.text.Text, "한 mode") {
		t.Errorf("staff not told: chip %q", tk.status.input.text.Text)
	}
	// The same holder again: the log knows it was the same code.
	tk.wedgeScan(scan.TypeDubeolsik(code))
	if v := tk.wait(); v.Decision.Accepted {
		t.Errorf("second entry accepted")
	}
	path := logPathOf(tk.opts.ConfigDir, tk.st.settings)
	tk.Close()

	l, err := checkin.Open(path, checkin.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	last, err := l.Last(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	var accepted, passback int
	for _, e := range last {
		if e.Name != "Lee Ji-woo" {
			continue
		}
		if e.Accepted {
			accepted++
		} else if e.Reason == "already_checked_in" {
			passback++
		}
	}
	if accepted != 1 || passback != 1 {
		t.Errorf("log: %d accepted, %d already_checked_in entries of the ticket, want 1 and 1: %+v", accepted, passback, last)
	}
}
