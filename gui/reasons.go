package gui

import (
	"strings"
	"time"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/verifier"
)

// gateInfo is what the plain-word reasons need to know about the gate.
type gateInfo struct {
	Gate  string // shown name, "Gate B"
	Zone  string
	Event string
	Now   time.Time
	// TrustExpires and TrustNextUpdate are those of the list in use; zero
	// when there is none.
	TrustExpires, TrustNextUpdate time.Time
}

func (g gateInfo) explain() explain.Gate {
	return explain.Gate{Gate: g.Gate, Zone: g.Zone, Now: g.Now, Location: time.Local,
		TrustExpires: g.TrustExpires, TrustNextUpdate: g.TrustNextUpdate}
}

// day formats a date for staff: "3 May", with the year when it is not this
// year's.
func day(t, now time.Time) string { return words.Day(t, explain.Gate{Now: now}) }

// typeTitle names a credential type for the verdict screen.
func typeTitle(t verifier.Type) string { return words.TypeName(t) }

func priorOf(v verdict) *explain.Prior {
	if v.Prior == nil {
		return nil
	}
	return &explain.Prior{Time: v.Prior.Time, Gate: v.Prior.Gate, Used: v.Prior.Used}
}

// plainReason says why a verdict is a rejection, in a sentence for the
// steward: every reason of FORMAT.md section 5 has one.
func plainReason(v verdict, g gateInfo) string {
	return words.Reason(v.Decision, priorOf(v), g.explain())
}

// plainWarning turns a warning word into a sentence.
func plainWarning(w string, v verdict, g gateInfo) string {
	return words.Warning(w, v.Decision, priorOf(v), g.explain())
}

// errorSentence capitalises an error message for the admin screen.
func errorSentence(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
