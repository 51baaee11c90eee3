package checkin_test

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/verifier"
)

// station returns the settings of a station with the usual defaults,
// changed by edit.
func station(edit func(s *checkin.StationSettings)) checkin.StationSettings {
	s := checkin.StationSettings{Direction: "in", Passback: "off", PassbackScope: "venue",
		CheckpointEvery: checkin.DefaultCheckpointEvery, CheckpointInterval: checkin.DefaultCheckpointInterval,
		Gate: gate.Spec{Pulse: gate.DefaultPulse}, GateTimeout: gate.DefaultTimeout, Set: map[string]bool{}}
	if edit != nil {
		edit(&s)
	}
	return s
}

func TestStationSettingsLog(t *testing.T) {
	dir, rule, err := station(func(s *checkin.StationSettings) {
		s.Direction, s.Passback, s.PassbackScope, s.PassbackWindow = "out", "timed", "zone", time.Hour
		s.PassbackTypes = []string{"ticket", "membership"}
	}).Log()
	if err != nil {
		t.Fatal(err)
	}
	if dir != checkin.Out || rule.Mode != checkin.Timed || rule.Scope != checkin.ScopeZone || rule.Window != time.Hour ||
		!slices.Equal(rule.Types, []verifier.Type{verifier.Ticket, verifier.Membership}) {
		t.Errorf("Log() = %v, %+v", dir, rule)
	}
	if dir, rule, err := station(nil).Log(); err != nil || dir != checkin.In || rule.Mode != checkin.Off || rule.Types != nil {
		t.Errorf("defaults: Log() = %v, %+v, %v", dir, rule, err)
	}

	for _, tc := range []struct {
		edit func(s *checkin.StationSettings)
		want string
	}{
		{func(s *checkin.StationSettings) { s.Direction = "up" }, `--direction: unknown direction "up" (want in or out)`},
		{func(s *checkin.StationSettings) { s.Passback = "strict" }, `--passback: unknown anti-passback mode "strict" (want off, hard, soft, timed or single)`},
		{func(s *checkin.StationSettings) { s.Passback, s.PassbackWindow = "hard", -time.Second }, "--passback-window must not be negative"},
		{func(s *checkin.StationSettings) { s.Passback, s.PassbackScope = "hard", "gate" }, `--passback-scope: unknown anti-passback scope "gate" (want venue or zone)`},
		{func(s *checkin.StationSettings) { s.Set["passback-types"] = true }, "--passback-window, --passback-types and --passback-scope need --passback hard, soft, timed or single"},
		{func(s *checkin.StationSettings) { s.Set["passback-scope"] = true }, "--passback-window, --passback-types and --passback-scope need --passback hard, soft, timed or single"},
		{func(s *checkin.StationSettings) { s.Witness = "w.jsonl" }, "--witness needs --kiosk-key: it keeps the checkpoints the kiosk key signs"},
		{func(s *checkin.StationSettings) { s.CheckpointEvery = 0 }, "--checkpoint-every and --checkpoint-interval must be positive"},
		{func(s *checkin.StationSettings) { s.CheckpointInterval = -time.Minute }, "--checkpoint-every and --checkpoint-interval must be positive"},
		{func(s *checkin.StationSettings) { s.Passback, s.PassbackTypes = "single", []string{"ticket", "vip"} },
			`--passback-types: unknown type "vip" (want employee, membership, ticket or certificate)`},
	} {
		s := station(tc.edit)
		if _, _, err := s.Log(); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: Log() error %v, want %q", s, err, tc.want)
		}
	}
	// A witness with a kiosk key is fine.
	if _, _, err := station(func(s *checkin.StationSettings) { s.Witness, s.Signed = "w.jsonl", true }).Log(); err != nil {
		t.Errorf("witness with a key: %v", err)
	}
}

func TestStationSettingsGateAction(t *testing.T) {
	a, err := station(nil).GateAction()
	if a != nil || err != nil {
		t.Errorf("no gate: GateAction() = %v, %v", a, err)
	}
	a, err = station(func(s *checkin.StationSettings) { s.Gate.Serial, s.Gate.Relay = "/dev/ttyUSB0", "lcus:2" }).GateAction()
	if sa, ok := a.(*gate.Serial); err != nil || !ok || sa.Port != "/dev/ttyUSB0" || sa.Pulse != gate.DefaultPulse {
		t.Errorf("serial relay: GateAction() = %#v, %v", a, err)
	}
	a, err = station(func(s *checkin.StationSettings) { s.Gate.URL = "http://gate.local/open" }).GateAction()
	if h, ok := a.(*gate.HTTP); err != nil || !ok || h.URL != "http://gate.local/open" {
		t.Errorf("controller: GateAction() = %#v, %v", a, err)
	}

	for _, tc := range []struct {
		edit func(s *checkin.StationSettings)
		want string
	}{
		{func(s *checkin.StationSettings) { s.Gate.Command, s.Gate.URL = "true", "http://x" }, "choose one gate action: --gate-cmd, --gate-url or --gate-serial"},
		{func(s *checkin.StationSettings) { s.Set["gate-relay"] = true }, "--gate-line, --gate-relay and --gate-pulse need --gate-serial PORT"},
		{func(s *checkin.StationSettings) { s.Set["gate-timeout"] = true }, "--gate-timeout needs a gate action: --gate-cmd, --gate-url or --gate-serial"},
		{func(s *checkin.StationSettings) { s.Gate.Command, s.GateTimeout = "true", 0 }, "--gate-timeout must be positive"},
		{func(s *checkin.StationSettings) {
			s.Gate.Serial, s.Gate.Line, s.Gate.Relay = "/dev/ttyS0", "rts", "lcus:1"
		}, "choose --gate-line or --gate-relay, not both"},
		{func(s *checkin.StationSettings) { s.Gate.Serial, s.Gate.Pulse = "/dev/ttyS0", 0 }, "--gate-pulse must be positive"},
		{func(s *checkin.StationSettings) { s.Gate.Serial, s.Gate.Line = "/dev/ttyS0", "cts" }, `--gate-line "cts": want dtr or rts`},
		{func(s *checkin.StationSettings) { s.Gate.URL = "ftp://gate" }, `--gate-url "ftp://gate": want an http:// or https:// URL of the gate controller`},
	} {
		s := station(tc.edit)
		if _, err := s.GateAction(); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: GateAction() error %v, want %q", s, err, tc.want)
		}
	}
}

func TestHostKioskID(t *testing.T) {
	want, err := os.Hostname()
	if err != nil || want == "" {
		want = "kiosk"
	}
	if got := checkin.HostKioskID(); got != want || got == "" {
		t.Errorf("HostKioskID() = %q, want %q", got, want)
	}
}
