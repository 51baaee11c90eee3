package gui

import (
	"strings"
	"testing"
)

// Settings.Validate holds the admin form's rules without a window: each
// case breaks one rule of valid defaults and must be refused with its
// own sentence; the defaults themselves are valid.
func TestSettingsValidate(t *testing.T) {
	base := defaultSettings()
	if base.PassbackMode == "" {
		base.PassbackMode = passbackModes[0]
	}
	if err := base.Validate(); err != nil {
		t.Fatalf("defaults refused: %v", err)
	}
	cases := []struct {
		name string
		edit func(*Settings)
		want string
	}{
		{"passback unreadable", func(s *Settings) { s.PassbackMinutes = formInt("ten") }, "Passback window"},
		{"passback over a week", func(s *Settings) { s.PassbackMinutes = 7*24*60 + 1 }, "Passback window"},
		{"no passback mode", func(s *Settings) { s.PassbackMode = "" }, "anti-passback mode"},
		{"verdict 0 s", func(s *Settings) { s.VerdictSeconds = 0 }, "Verdict time"},
		{"verdict 61 s", func(s *Settings) { s.VerdictSeconds = 61 }, "Verdict time"},
		{"grace 0 h", func(s *Settings) { s.StaleGraceHours = 0 }, "Out-of-date list"},
		{"grace 721 h", func(s *Settings) { s.StaleGraceHours = 721 }, "Out-of-date list"},
		{"red clear -1", func(s *Settings) { s.RejectClearSeconds = -1 }, "Red verdict"},
		{"red clear 601", func(s *Settings) { s.RejectClearSeconds = 601 }, "Red verdict"},
		{"kiosk without PIN", func(s *Settings) { s.Kiosk, s.PIN = true, nil }, "Set a PIN"},
		{"LCUS channel unreadable", func(s *Settings) { s.GateRelay, s.GateChannel = relayLCUS, -1 }, "Relay channel"},
		{"serial pulse 0", func(s *Settings) { s.GateAction, s.GatePort, s.GatePulseMillis = gateSerial, "/dev/ttyUSB0", 0 }, "Pulse"},
		{"command without a command", func(s *Settings) { s.GateAction, s.GateCommandLine = gateCommand, "" }, "Turnstile: "},
	}
	for _, c := range cases {
		s := base
		c.edit(&s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
	if formInt(" 42 ") != 42 || formInt("4x") != -1 || formInt("") != -1 {
		t.Error("formInt")
	}
}
