package gui

import (
	"context"
	"encoding/csv"
	"encoding/hex"
	"io"
	"maps"
	"strings"
	"sync"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/photos"
	"github.com/venuepass/venuepass/verifier"
)

// A Log records each decision of the gate and answers the final verdict.
// It is where anti-passback lives: an accepted decision for a credential
// that already passed within the window comes back rejected as
// already_checked_in. Record is called off the UI goroutine, one scan at a
// time.
//
// CheckinLog, over the SQLite check-in log of package checkin, is the
// kiosk's log; MemoryLog, kept in memory, serves tests.
type Log interface {
	Record(ctx context.Context, s Scan) (Verdict, error)
}

// Scan is one decision to record, with where and when it was made.
type Scan struct {
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
	// who authorised it (checkin.Scan.Override and Note).
	Override bool
	Note     string
}

// Verdict is the final answer for a scan.
type Verdict struct {
	// Decision is the verifier's decision, possibly turned into a
	// rejection (already_checked_in) or given a warning by the log.
	Decision verifier.Decision
	// Prior is the earlier entry that made the log refuse it, if any.
	Prior *Prior
	// Today counts the verdicts of the local day, this one included.
	Today Counts
	// Detail explains a refusal by the log in staff's words ("" if none).
	Detail string
	// OutOfService is set when the code was not checked because of a
	// fault that is not about the code (no valid trust list, a keyboard
	// layout mismatch, the log or the gate failing): nothing was recorded,
	// and Decision is empty.
	OutOfService *Fault
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

// Prior is an earlier accepted entry of the same credential.
type Prior struct {
	Time time.Time
	Gate string
	// Used is set when the credential was single-entry: "Ticket already
	// used" rather than "Already checked in".
	Used bool
}

// Counts are the verdicts of one day. Accepted counts the entries that
// stand (annulled ones and failed gate openings excluded) once the log has
// recounted them (Recounter); Inside, from a recount, the holders whose
// last standing decision of the day is an entry.
type Counts struct {
	Accepted, Rejected int
	Inside             int
	// Exact is set by a recount from the log.
	Exact bool
}

// Recounter is implemented by logs that can count the day exactly from
// their records (checkin's aggregation): entries that stand, inside now,
// refused. It may take a while: the kiosk calls it off the UI goroutine.
type Recounter interface {
	Recount(now time.Time) (Counts, error)
}

// RecentLog is implemented by logs that can list their latest entries, for
// the admin log view and CSV export.
type RecentLog interface {
	Recent(n int) []LogEntry
}

// TodayCounter is implemented by logs that can count the verdicts of the
// day at start, before the first scan.
type TodayCounter interface {
	Today(now time.Time) Counts
}

// PassbackConfigurer is implemented by logs whose anti-passback rules the
// admin screen can change.
type PassbackConfigurer interface {
	SetPassback(p Passback) error
}

// Passback is the anti-passback rule of the gate.
type Passback struct {
	// Mode is PassbackOff, PassbackHard, PassbackSoft, PassbackTimed or
	// PassbackSingle (which applies to tickets only).
	Mode string
	// Window is how long an entry counts; 0 means until an exit scan
	// (hard, soft) or DefaultPassback (timed).
	Window time.Duration
	// ByType is the mode for a credential type, instead of Mode.
	ByType map[verifier.Type]string
}

func (p Passback) equal(q Passback) bool {
	return p.Mode == q.Mode && p.Window == q.Window && maps.Equal(p.ByType, q.ByType)
}

// passbackOf is the rule of the settings. Unknown type names are left
// out.
func passbackOf(s Settings) Passback {
	p := Passback{Mode: s.PassbackMode, Window: time.Duration(s.PassbackMinutes) * time.Minute}
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

// Annuller is implemented by logs that can withdraw this kiosk's last
// accepted entry (the turnstile did not turn), within AnnulWindow.
type Annuller interface {
	Annul(ctx context.Context) (LogEntry, error)
	AnnulWindow() time.Duration
}

// GateRecorder is implemented by logs that record the outcome of the gate
// action for the decision with ID record: gateErr nil means the gate
// opened; otherwise anti-passback forgets the entry.
type GateRecorder interface {
	RecordGate(ctx context.Context, record string, gateErr error) error
}

// CSVExporter is implemented by logs that export themselves as CSV.
type CSVExporter interface {
	ExportCSV(ctx context.Context, w io.Writer) error
}

// LogEntry is one recorded verdict.
type LogEntry struct {
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

// DefaultPassback is the anti-passback window: a credential accepted at
// this gate is refused again within it.
const DefaultPassback = 30 * time.Minute

// maxMemoryEntries bounds the in-memory log and its passback memory.
const maxMemoryEntries = 100_000

// MemoryLog is a Log kept in memory, lost on restart: anti-passback within
// Window (a credential accepted here is refused again within it), tickets
// single-entry when SingleEntryTickets, today's counts, and the latest
// entries for the admin screen. It is safe for concurrent use.
type MemoryLog struct {
	mu       sync.Mutex
	window   time.Duration
	single   bool
	soft     bool
	entries  []LogEntry
	lastIn   map[string]Prior
	day      string
	counts   Counts
	location *time.Location
}

var (
	_ Log                = (*MemoryLog)(nil)
	_ RecentLog          = (*MemoryLog)(nil)
	_ PassbackConfigurer = (*MemoryLog)(nil)
	_ TodayCounter       = (*MemoryLog)(nil)
)

// NewMemoryLog returns an empty log with the given anti-passback window
// (0 turns anti-passback off, except for single-entry tickets).
func NewMemoryLog(window time.Duration, singleEntryTickets bool) *MemoryLog {
	return &MemoryLog{window: window, single: singleEntryTickets, lastIn: map[string]Prior{}, location: time.Local}
}

// SetPassback changes the anti-passback rules. The memory log knows no
// exit scans: hard and soft without a window count an entry for a day.
func (l *MemoryLog) SetPassback(p Passback) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.window, l.single, l.soft = p.Window, false, false
	switch p.Mode {
	case PassbackOff:
		l.window = 0
	case PassbackSingle:
		l.window, l.single = 0, true
	case PassbackTimed:
		if l.window <= 0 {
			l.window = DefaultPassback
		}
	case PassbackSoft:
		l.soft = true
		fallthrough
	default:
		if l.window <= 0 {
			l.window = 24 * time.Hour
		}
	}
	return nil
}

// Record applies anti-passback to an accepted decision, records the
// verdict and counts it.
func (l *MemoryLog) Record(_ context.Context, s Scan) (Verdict, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := Verdict{Decision: s.Decision, Source: s.Source}
	d := &v.Decision
	key := ""
	if d.Credential != nil && len(d.Credential.CTI) > 0 {
		key = string(d.Credential.CTI)
	}
	if d.Accepted && key != "" {
		if p, ok := l.lastIn[key]; ok {
			ticket := l.single && d.Credential.Type == verifier.Ticket
			if !ticket && l.soft && l.window > 0 && s.Time.Sub(p.Time) < l.window {
				d.Warnings = append(append([]string(nil), d.Warnings...), "soft_passback")
				prior := p
				v.Prior = &prior
			} else if ticket || (l.window > 0 && s.Time.Sub(p.Time) < l.window) {
				d.Accepted = false
				d.Reason = verifier.ReasonAlreadyCheckedIn
				d.Err = verifier.ErrAlreadyCheckedIn
				prior := p
				prior.Used = ticket
				v.Prior = &prior
			}
		}
		if d.Accepted && v.Prior == nil {
			l.lastIn[key] = Prior{Time: s.Time, Gate: s.Gate}
		}
	}
	day := s.Time.In(l.location).Format(time.DateOnly)
	if day != l.day {
		l.day, l.counts = day, Counts{}
	}
	if d.Accepted {
		l.counts.Accepted++
	} else {
		l.counts.Rejected++
	}
	v.Today = l.counts
	e := LogEntry{Time: s.Time, Gate: s.Gate, Source: s.Source, Accepted: d.Accepted, Reason: d.Reason,
		Warnings: append([]string(nil), d.Warnings...)}
	if c := d.Credential; c != nil {
		e.Type, e.Name, e.Org, e.Sub, e.CTI = c.Type, c.Name, c.Org, c.Sub, c.CTI
	}
	if d.Err != nil && !d.Accepted {
		e.Detail = d.Err.Error()
	}
	l.entries = append(l.entries, e)
	if len(l.entries) > maxMemoryEntries {
		l.entries = append(l.entries[:0:0], l.entries[len(l.entries)-maxMemoryEntries/2:]...)
	}
	if len(l.lastIn) > maxMemoryEntries {
		l.evict(s.Time)
	}
	return v, nil
}

// evict forgets entries that no rule can refuse any more, then, if still
// too many, the oldest half.
func (l *MemoryLog) evict(now time.Time) {
	for k, p := range l.lastIn {
		if !l.single && now.Sub(p.Time) >= l.window {
			delete(l.lastIn, k)
		}
	}
	for k := range l.lastIn {
		if len(l.lastIn) <= maxMemoryEntries/2 {
			break
		}
		delete(l.lastIn, k)
	}
}

// Today returns the counts of the day of now.
func (l *MemoryLog) Today(now time.Time) Counts {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.In(l.location).Format(time.DateOnly) != l.day {
		return Counts{}
	}
	return l.counts
}

// Recent returns up to n of the latest entries, newest first.
func (l *MemoryLog) Recent(n int) []LogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []LogEntry
	for i := len(l.entries) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, l.entries[i])
	}
	return out
}

// WriteCSV writes entries as CSV with a header row. Cells that a
// spreadsheet would run as a formula are prefixed with a quote: holder
// names come from credentials, and a name such as "=HYPERLINK(...)" must
// stay text.
func WriteCSV(w io.Writer, entries []LogEntry) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"time", "gate", "source", "verdict", "reason", "warnings", "type", "name", "org", "sub", "cti", "detail"})
	for _, e := range entries {
		verdict := "rejected"
		if e.Accepted {
			verdict = "accepted"
		}
		typ := ""
		if e.Type != 0 {
			typ = e.Type.String()
		}
		row := []string{e.Time.Format(time.RFC3339), e.Gate, e.Source, verdict, string(e.Reason),
			strings.Join(e.Warnings, " "), typ, e.Name, e.Org, e.Sub, hex.EncodeToString(e.CTI), e.Detail}
		for i, c := range row {
			row[i] = checkin.SafeCell(c)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
