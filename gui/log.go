package gui

import (
	"maps"
	"time"

	"github.com/venuepass/venuepass/photos"
	"github.com/venuepass/venuepass/verifier"
)

// logScan is one decision to record, with where and when it was made.
type logScan struct {
	Decision verifier.Decision
	Venue    string
	Gate     string
	Zone     string
	// Direction is "in" or "out" (an exit scan).
	Direction string
	// KioskID names the kiosk in the log.
	KioskID string
	// Source is the input the code came from (scan.SourceWedge, ...).
	Source string
	Time   time.Time
	// Override is a supervisor's override of a refusal; Note says why and
	// By who authorised it (checkin.Scan.Override, Note and By).
	Override bool
	Note     string
	By       string
}

// verdict is the final answer for a scan.
type verdict struct {
	// Decision is the verifier's decision, possibly turned into a
	// rejection (already_checked_in) or given a warning by the log.
	Decision verifier.Decision
	// prior is the earlier entry that made the log refuse it, if any.
	Prior *prior
	// Today counts the verdicts of the local day, this one included.
	Today dayCounts
	// Detail explains a refusal by the log in staff's words ("" if none).
	Detail string
	// OutOfService is set when the code was not checked because of a
	// fault that is not about the code (no valid trust list, a keyboard
	// layout mismatch, the log or the gate failing): nothing was recorded,
	// and Decision is empty.
	OutOfService *fault
	// Photo is the photo store's answer for the holder (nil: no store, or
	// no credential).
	Photo *photos.Result
	// Source is the input the code came from.
	Source string
	// Record is the ID of the log record of the decision ("" when the log
	// has none); the gate action and Annul refer to it.
	Record string
	// JSON is the verdict as one line of JSON (FORMAT.md section 6), for
	// the gate action; nil when the log does not make it.
	JSON []byte
}

// prior is an earlier accepted entry of the same credential.
type prior struct {
	Time time.Time
	Gate string
	// Used is set when the credential was single-entry: "Ticket already
	// used" rather than "Already checked in".
	Used bool
}

// dayCounts are the verdicts of one day. Accepted counts the entries that
// stand (annulled ones and failed gate openings excluded) once the log has
// recounted them (Recounter); Inside, from a recount, the holders whose
// last standing decision of the day is an entry.
type dayCounts struct {
	Accepted, Rejected int
	Inside             int
	// Exact is set by a recount from the log.
	Exact bool
}

// passbackRule is the anti-passback rule of the gate.
type passbackRule struct {
	// Mode is PassbackOff, PassbackHard, PassbackSoft, PassbackTimed or
	// PassbackSingle (which applies to tickets only).
	Mode string
	// Window is how long an entry counts; 0 means until an exit scan
	// (hard, soft) or defaultPassback (timed).
	Window time.Duration
	// ByType is the mode for a credential type, instead of Mode.
	ByType map[verifier.Type]string
}

func (p passbackRule) equal(q passbackRule) bool {
	return p.Mode == q.Mode && p.Window == q.Window && maps.Equal(p.ByType, q.ByType)
}

// passbackOf is the rule of the settings. Unknown type names are left
// out.
func passbackOf(s Settings) passbackRule {
	p := passbackRule{Mode: s.PassbackMode, Window: time.Duration(s.PassbackMinutes) * time.Minute}
	for name, mode := range s.PassbackByType {
		if t, err := verifier.ParseType(name); err == nil && mode != "" {
			if p.ByType == nil {
				p.ByType = map[verifier.Type]string{}
			}
			p.ByType[t] = mode
		}
	}
	return p
}

// logEntry is one recorded verdict.
type logEntry struct {
	// Kind is "" for a decision, "annul" or "gate" for what became of
	// an accepted one.
	Kind     string
	Time     time.Time
	Gate     string
	Source   string
	Accepted bool
	Reason   verifier.Reason
	Warnings []string
	Type     verifier.Type
	Name     string
	Org      string
	Sub      string
	CTI      []byte
	Detail   string
}

// defaultPassback is the anti-passback window: a credential accepted at
// this gate is refused again within it.
const defaultPassback = 30 * time.Minute
