package checkin

import (
	"context"
	"sync"
	"time"

	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/verifier"
)

// Station is one gate at work: it records each decision in the gate's
// check-in log and opens the gate (package gate) for the accepted ones,
// recording every gate outcome too. A gate that does not open withdraws
// the entry (RecordGate), so the holder may scan again.
type Station struct {
	log  *Log
	scan Scan
	gate *gate.Gate
	opts StationOptions

	mu     sync.Mutex
	labels map[string]string // record ID -> the label of its code
	failed bool              // a gate did not open, or its outcome was not recorded
}

// StationOptions configure a Station. The zero value records decisions
// and opens no gate.
type StationOptions struct {
	// Action opens the gate; nil: there is no gate to open.
	Action gate.Action
	// GateTimeout bounds one opening (gate.Config.Timeout).
	GateTimeout time.Duration
	// Recorded, if set, gets every record written, decisions and gate
	// outcomes: to send them on (a hub's outbox).
	Recorded func(Entry)
	// GateFailed, if set, is told of an opening that failed (o.Err is set)
	// for the code given label, from the gate's goroutine.
	GateFailed func(o gate.Outcome, label string)
	// RecordFailed, if set, is told of a gate outcome that could not be
	// recorded in the log.
	RecordFailed func(label string, err error)
}

// NewStation makes the station of the log l; scan carries the gate's
// fields (venue, gate, zone, direction, kiosk), its Decision is set for
// each code.
func NewStation(l *Log, scan Scan, o StationOptions) *Station {
	s := &Station{log: l, scan: scan, opts: o, labels: map[string]string{}}
	if o.Action != nil {
		s.gate = gate.New(o.Action, gate.Config{Timeout: o.GateTimeout, Done: s.gateDone})
	}
	return s
}

// Judge records the decision d on the code given label and, when the
// final decision (after anti-passback) is an acceptance, queues the gate
// opening. A decision that cannot be recorded is an error, and the gate
// stays closed.
func (s *Station) Judge(ctx context.Context, d verifier.Decision, label string) (Result, error) {
	sc := s.scan
	sc.Decision = d
	r, err := s.log.Record(ctx, sc)
	if err != nil {
		return r, err
	}
	if s.opts.Recorded != nil {
		s.opts.Recorded(r.Entry)
	}
	if r.Decision.Accepted && s.gate != nil {
		s.mu.Lock()
		s.labels[r.Entry.ID] = label
		s.mu.Unlock()
		s.gate.Open(gate.Event{ID: r.Entry.ID, Verdict: r.VerdictJSON()})
	}
	return r, nil
}

// gateDone records a gate outcome and reports a failure.
func (s *Station) gateDone(o gate.Outcome) {
	s.mu.Lock()
	label := s.labels[o.Event.ID]
	delete(s.labels, o.Event.ID)
	if o.Err != nil {
		s.failed = true
	}
	s.mu.Unlock()
	if o.Err != nil && s.opts.GateFailed != nil {
		s.opts.GateFailed(o, label)
	}
	e, err := s.log.RecordGate(context.Background(), o.Event.ID, o.Err)
	if err == nil && s.opts.Recorded != nil {
		s.opts.Recorded(e)
	}
	if err != nil {
		s.mu.Lock()
		s.failed = true
		s.mu.Unlock()
		if s.opts.RecordFailed != nil {
			s.opts.RecordFailed(label, err)
		}
	}
}

// CloseGate waits for the gate openings still queued and stops the gate.
// It reports false when a gate did not open or its outcome was not
// recorded. The log stays open: the caller closes it.
func (s *Station) CloseGate() bool {
	if s.gate != nil {
		s.gate.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.failed
}
