package checkin

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/verifier"
)

// StationSettings are the options of a gate's station (its log's
// anti-passback rule and checkpoints, its gate action) as people type
// them, in a command line or a form: each names its flag of 'venuepass
// verify' in errors. The zero value is not valid: CheckpointEvery,
// CheckpointInterval and GateTimeout must be positive
// (DefaultCheckpointEvery, DefaultCheckpointInterval and
// gate.DefaultTimeout are the usual values).
type StationSettings struct {
	Direction      string        // in or out (ParseDirection)
	Passback       string        // off, hard, soft, timed or single (ParseMode)
	PassbackScope  string        // venue or zone (ParseScope)
	PassbackWindow time.Duration // Rule.Window; not negative
	PassbackTypes  []string      // Rule.Types, by name (verifier.ParseType)
	// Witness is a witness file for the signed checkpoints; it needs
	// Signed, a kiosk key that signs them.
	Witness            string
	Signed             bool
	CheckpointEvery    int
	CheckpointInterval time.Duration
	Gate               gate.Spec     // the gate action; Pulse must be positive when Serial is set
	GateTimeout        time.Duration // bounds one opening
	// Set holds the settings given, by flag name ("passback-window",
	// "gate-line"): one given without the setting it needs is refused.
	Set map[string]bool
}

// Log checks the settings of the log and returns its direction and
// anti-passback rule, or an error saying which setting is wrong and what
// it wants.
func (s StationSettings) Log() (Direction, Rule, error) {
	dir, err := ParseDirection(s.Direction)
	if err != nil {
		return dir, Rule{}, fmt.Errorf("--direction: %v", err)
	}
	mode, err := ParseMode(s.Passback)
	if err != nil {
		return dir, Rule{}, fmt.Errorf("--passback: %v", err)
	}
	if s.PassbackWindow < 0 {
		return dir, Rule{}, errors.New("--passback-window must not be negative")
	}
	scope, err := ParseScope(s.PassbackScope)
	if err != nil {
		return dir, Rule{}, fmt.Errorf("--passback-scope: %v", err)
	}
	if mode == Off && (s.Set["passback-window"] || s.Set["passback-types"] || s.Set["passback-scope"]) {
		return dir, Rule{}, errors.New("--passback-window, --passback-types and --passback-scope need --passback hard, soft, timed or single")
	}
	rule := Rule{Mode: mode, Scope: scope, Window: s.PassbackWindow}
	if s.Witness != "" && !s.Signed {
		return dir, Rule{}, errors.New("--witness needs --kiosk-key: it keeps the checkpoints the kiosk key signs")
	}
	if s.CheckpointEvery <= 0 || s.CheckpointInterval <= 0 {
		return dir, Rule{}, errors.New("--checkpoint-every and --checkpoint-interval must be positive")
	}
	for _, t := range s.PassbackTypes {
		typ, err := verifier.ParseType(t)
		if err != nil {
			return dir, Rule{}, fmt.Errorf("--passback-types: unknown type %q (want employee, membership, ticket or certificate)", t)
		}
		rule.Types = append(rule.Types, typ)
	}
	return dir, rule, nil
}

// GateAction checks the settings of the gate and returns its action (nil
// for none, gate.Spec.Action), or an error saying which setting is wrong
// and what it wants.
func (s StationSettings) GateAction() (gate.Action, error) {
	g := s.Gate
	a, err := g.Action()
	var se *gate.SpecError
	switch {
	case errors.Is(err, gate.ErrManyActions):
		return nil, errors.New("choose one gate action: --gate-cmd, --gate-url or --gate-serial")
	case g.Serial == "" && (s.Set["gate-line"] || s.Set["gate-relay"] || s.Set["gate-pulse"]):
		return nil, errors.New("--gate-line, --gate-relay and --gate-pulse need --gate-serial PORT")
	case g.Command+g.URL+g.Serial == "" && s.Set["gate-timeout"]:
		return nil, errors.New("--gate-timeout needs a gate action: --gate-cmd, --gate-url or --gate-serial")
	case s.GateTimeout <= 0:
		return nil, errors.New("--gate-timeout must be positive")
	case errors.Is(err, gate.ErrLineAndRelay):
		return nil, errors.New("choose --gate-line or --gate-relay, not both")
	case errors.As(err, &se) && se.Setting == "pulse":
		return nil, errors.New("--gate-pulse must be positive")
	case errors.As(err, &se):
		return nil, fmt.Errorf("--gate-%s %q: %s", se.Setting, se.Value, se.Want)
	}
	return a, nil
}

// HostKioskID is the id a kiosk gives itself in the records when it is
// not named: the host name, or "kiosk" when there is none.
func HostKioskID() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "kiosk"
	}
	return h
}
