package gate_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/venuepass/venuepass/checkin/gate"
)

func TestSpecs(t *testing.T) {
	// The shell runs the whole line, arguments and all.
	if err := gate.Shell("test x = x && exit 0").Open(context.Background(), gate.Event{}); err != nil {
		t.Fatalf("shell: %v", err)
	}
	if err := gate.Shell("exit 3").Open(context.Background(), gate.Event{}); err == nil {
		t.Fatal("a failing command opened the gate")
	}
	for _, bad := range []string{"ftp://gate", "http://", "gate.local/open", "%zz"} {
		if _, err := gate.Controller(bad); err == nil {
			t.Errorf("Controller(%q) accepted", bad)
		}
	}
	if h, err := gate.Controller("https://gate.local/open"); err != nil || h.URL != "https://gate.local/open" {
		t.Fatalf("Controller: %v %v", h, err)
	}
	var s gate.Serial
	if s.SetLCUS(0) == nil || s.SetLCUS(9) == nil {
		t.Fatal("LCUS channel out of range accepted")
	}
	if err := s.SetLCUS(2); err != nil || !bytes.Equal(s.On, []byte{0xA0, 2, 1, 0xA3}) || !bytes.Equal(s.Off, []byte{0xA0, 2, 0, 0xA2}) {
		t.Fatalf("LCUS 2: %x %x %v", s.On, s.Off, err)
	}
}

// TestParseLineRelay: the serial line and relay names a kiosk's settings
// give, and the wrong ones refused.
func TestParseLineRelay(t *testing.T) {
	for name, want := range map[string]gate.Line{"": gate.DTR, "dtr": gate.DTR, "RTS": gate.RTS} {
		if l, err := gate.ParseLine(name); err != nil || l != want {
			t.Errorf("ParseLine(%q) = %v, %v; want %v", name, l, err, want)
		}
	}
	if _, err := gate.ParseLine("cts"); err == nil {
		t.Error("ParseLine(cts) accepted")
	}
	var s gate.Serial
	if err := s.SetRelay("LCUS:2"); err != nil || !bytes.Equal(s.On, gate.LCUS(2, true)) || !bytes.Equal(s.Off, gate.LCUS(2, false)) {
		t.Errorf("SetRelay(LCUS:2): %v, on %x off %x", err, s.On, s.Off)
	}
	for _, bad := range []string{"lcus:9", "lcus:", "lcus", "usb:1", "lcus:x"} {
		if err := (&gate.Serial{}).SetRelay(bad); err == nil {
			t.Errorf("SetRelay(%q) accepted", bad)
		}
	}
}
