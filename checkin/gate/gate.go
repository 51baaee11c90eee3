// Package gate opens a gate when a decision is accepted: it runs a command,
// POSTs to a local controller, or pulses a USB-serial relay board.
//
// A Gate runs its Action on a worker goroutine, one at a time and each under
// a timeout, so that Open never blocks the verifier. Every outcome is
// reported to Config.Done; a failed action reads "gate did not open" there,
// for staff and for the check-in log (checkin.Log.RecordGate).
package gate

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Defaults for the zero Config.
const (
	DefaultTimeout = 5 * time.Second
	DefaultQueue   = 16
	// DefaultPulse is how long a relay is held closed.
	DefaultPulse = 200 * time.Millisecond
)

// Errors reported in Outcome.Err, wrapped in an *Error.
var (
	// ErrBusy: the queue of gate actions was full.
	ErrBusy = errors.New("gate busy: too many openings queued")
	// ErrClosed: the Gate was closed.
	ErrClosed = errors.New("gate closed")
	// ErrTimeout: the action did not finish within Config.Timeout.
	ErrTimeout = errors.New("gate action timed out")
)

// Error is the error of an action that failed: the gate did not open.
type Error struct {
	Err error
}

func (e *Error) Error() string { return "gate did not open: " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Event asks for the gate to open for one accepted decision.
type Event struct {
	// ID is the check-in log record of the decision.
	ID string
	// Verdict is the decision as one line of JSON (FORMAT.md section 6;
	// checkin.Result.VerdictJSON).
	Verdict []byte
}

// Action opens the gate once. It must return when ctx is done.
type Action interface {
	Open(ctx context.Context, ev Event) error
}

// Outcome is what became of an Event.
type Outcome struct {
	Event Event
	// Err is nil when the gate opened, else an *Error.
	Err     error
	Elapsed time.Duration
}

// Message is the outcome for staff: "gate opened" or
// "gate did not open: ...".
func (o Outcome) Message() string {
	if o.Err != nil {
		return o.Err.Error()
	}
	return "gate opened"
}

// Config configures a Gate. The zero value is usable.
type Config struct {
	// Timeout bounds one action; 0 means DefaultTimeout.
	Timeout time.Duration
	// Queue is how many openings may wait; 0 means DefaultQueue. Open
	// fails with ErrBusy beyond it.
	Queue int
	// Done, if set, is called with every outcome, from the worker
	// goroutine (or from Open's caller for ErrBusy and ErrClosed). It
	// should not block for long: the next opening waits for it.
	Done func(Outcome)
}

// Gate runs an Action for accepted decisions, asynchronously.
type Gate struct {
	action Action
	cfg    Config

	mu     sync.Mutex
	closed bool
	queue  chan Event
	wg     sync.WaitGroup
}

// New starts a Gate running action.
func New(action Action, cfg Config) *Gate {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Queue <= 0 {
		cfg.Queue = DefaultQueue
	}
	g := &Gate{action: action, cfg: cfg, queue: make(chan Event, cfg.Queue)}
	g.wg.Add(1)
	go g.worker()
	return g
}

// Open queues the opening and returns at once. It reports false (and
// Done gets an ErrBusy or ErrClosed outcome) when the opening could not
// be queued.
func (g *Gate) Open(ev Event) bool {
	g.mu.Lock()
	var err error
	if g.closed {
		err = ErrClosed
	} else {
		select {
		case g.queue <- ev:
		default:
			err = ErrBusy
		}
	}
	g.mu.Unlock()
	if err != nil {
		g.report(Outcome{Event: ev, Err: &Error{Err: err}})
		return false
	}
	return true
}

// Close stops accepting openings and waits for the queued ones.
func (g *Gate) Close() {
	g.mu.Lock()
	if !g.closed {
		g.closed = true
		close(g.queue)
	}
	g.mu.Unlock()
	g.wg.Wait()
}

func (g *Gate) report(o Outcome) {
	if g.cfg.Done != nil {
		g.cfg.Done(o)
	}
}

func (g *Gate) worker() {
	defer g.wg.Done()
	for ev := range g.queue {
		g.report(g.run(ev))
	}
}

func (g *Gate) run(ev Event) Outcome {
	ctx, cancel := context.WithTimeout(context.Background(), g.cfg.Timeout)
	defer cancel()
	start := time.Now()
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("gate action panicked: %v", r)
			}
		}()
		return g.action.Open(ctx, ev)
	}()
	o := Outcome{Event: ev, Elapsed: time.Since(start)}
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("%w after %s: %v", ErrTimeout, g.cfg.Timeout, err)
		}
		o.Err = &Error{Err: err}
	}
	return o
}
