package gate

import (
	"errors"
	"fmt"
	"time"
)

// Spec names a gate action in words, as a command line or a kiosk's
// settings give it; Action builds it. At most one of Command, URL and
// Serial is set; none means no gate.
type Spec struct {
	Command string // a command line run through the shell (Shell)
	URL     string // a gate controller to POST to (Controller)
	Serial  string // the serial port of a relay board (Serial)
	// Line is the control line of Serial that drives the relay: "dtr"
	// (or "") or "rts". Relay names a relay board channel instead:
	// "lcus:N".
	Line, Relay string
	// Pulse is how long Serial holds the relay closed; it must be
	// positive.
	Pulse time.Duration
}

// The errors of Spec.Action for settings that contradict each other.
var (
	ErrManyActions  = errors.New("more than one gate action: a command, a controller URL or a serial port")
	ErrLineAndRelay = errors.New("a serial control line and a relay channel: choose one")
)

// SpecError names the setting of a Spec that is wrong.
type SpecError struct {
	Setting string // "url", "line", "relay" or "pulse"
	Value   string
	Want    string // what it wants, for people: "want dtr or rts"
}

func (e *SpecError) Error() string { return fmt.Sprintf("gate %s %q: %s", e.Setting, e.Value, e.Want) }

// Action builds the action s names, nil when it names none. Errors are
// ErrManyActions, ErrLineAndRelay or a *SpecError.
func (s Spec) Action() (Action, error) {
	n := 0
	for _, v := range []string{s.Command, s.URL, s.Serial} {
		if v != "" {
			n++
		}
	}
	switch {
	case n > 1:
		return nil, ErrManyActions
	case s.Command != "":
		return Shell(s.Command), nil
	case s.URL != "":
		if _, err := Controller(s.URL); err != nil {
			return nil, &SpecError{"url", s.URL, "want an http:// or https:// URL of the gate controller"}
		}
		return &HTTP{URL: s.URL}, nil
	case s.Serial == "":
		return nil, nil
	case s.Pulse <= 0:
		return nil, &SpecError{"pulse", s.Pulse.String(), "must be positive"}
	}
	a := &Serial{Port: s.Serial, Pulse: s.Pulse}
	switch {
	case s.Line != "" && s.Relay != "":
		return nil, ErrLineAndRelay
	case s.Relay != "":
		if a.SetRelay(s.Relay) != nil {
			return nil, &SpecError{"relay", s.Relay, "want lcus:N, the channel N (1 to 8) of an LCUS relay board"}
		}
	default:
		var err error
		if a.Line, err = ParseLine(s.Line); err != nil {
			return nil, &SpecError{"line", s.Line, "want dtr or rts"}
		}
	}
	return a, nil
}
