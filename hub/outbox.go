package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/venuepass/venuepass/checkin"
)

// Conflict is an entry a gate accepted offline that the shared state would
// have refused: a single-entry ticket (or a holder under hard
// anti-passback) admitted at two gates during a split.
type Conflict struct {
	Record checkin.Entry `json:"record"`
	Prior  checkin.Prior `json:"prior"`
	Found  time.Time     `json:"found"`
}

// Outbox publishes every record of a gate's check-in log to the hub, in log
// order, each with its record id as the JetStream message id: the log stays
// the first, durable write, and the outbox replays from the last record the
// hub acknowledged (kept in the file LOG.hub) after a disconnect or a
// crash. JetStream drops a replayed record within the stream's duplicate
// window; queries count each record id once in any case. Entries the gate
// accepted offline are reconciled with the shared state before they are
// published, and a conflict found is published too.
type Outbox struct {
	c      *Client
	log    *checkin.Log
	rules  []checkin.Rule
	marker string

	kick  chan struct{}
	stop  chan struct{}
	done  chan struct{}
	mu    sync.Mutex
	acked int64
	err   error
	mem   map[int64]checkin.Entry // records handed to Add, not acknowledged yet
	// streamSeq is the highest stream sequence the hub acknowledged a
	// record of this outbox with (StreamSeq).
	streamSeq uint64
	// readLog asks the next drain to read the log too (at start, every
	// tick, on Flush): records written by another process, or before
	// this one started, are not handed to Add.
	readLog atomic.Bool
	// Touched by the outbox goroutine only.
	saved   int64
	savedAt time.Time
	ticks   int
	notify  []chan struct{}
}

// Outbox timing: the goroutine wakes every outboxTick, reads the log for
// records it was not handed (written by another process) every
// logReadTicks ticks, and writes the marker at most every markerEvery: a
// marker behind only replays records, which the hub drops by id, while
// each write is a file replaced on the gate's disk.
const (
	outboxTick   = 500 * time.Millisecond
	logReadTicks = 4
	markerEvery  = 5 * time.Second
)

// markerPath is where the outbox of a log keeps the last acknowledged seq.
func markerPath(log string) string { return log + ".hub" }

func readMarker(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		// A damaged marker only means replaying more: the hub dedupes.
		return 0, nil
	}
	return n, nil
}

// StartOutbox starts publishing the records of l; rules are the gate's
// anti-passback rules, for reconciling offline entries.
func (c *Client) StartOutbox(l *checkin.Log, rules []checkin.Rule) (*Outbox, error) {
	o := &Outbox{c: c, log: l, rules: rules, marker: markerPath(l.Path()),
		kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
		mem: map[int64]checkin.Entry{}}
	var err error
	if o.acked, err = readMarker(o.marker); err != nil {
		return nil, err
	}
	o.saved = o.acked
	o.readLog.Store(true)
	go o.run()
	return o, nil
}

// Add hands the outbox a record just written to the log, so that it is
// published without reading the log back.
func (o *Outbox) Add(e checkin.Entry) {
	o.mu.Lock()
	if e.Seq > o.acked && len(o.mem) < 4096 {
		o.mem[e.Seq] = e
	}
	o.mu.Unlock()
	o.Kick()
}

// fromMemory returns the records after seq handed to Add, as long as they
// follow each other.
func (o *Outbox) fromMemory(after int64, n int) []checkin.Entry {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []checkin.Entry
	for s := after + 1; len(out) < n; s++ {
		e, ok := o.mem[s]
		if !ok {
			break
		}
		out = append(out, e)
	}
	return out
}

// Kick tells the outbox a record was added to the log (by Add, or by
// another process).
func (o *Outbox) Kick() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Acked returns the seq up to which the hub acknowledged every record.
func (o *Outbox) Acked() int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.acked
}

// StreamSeq returns the highest decisions-stream sequence the hub gave a
// record this outbox published (since it started): a venue count asked
// with it as CountsRequest.MinSeq includes every record acknowledged so
// far.
func (o *Outbox) StreamSeq() uint64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.streamSeq
}

// Err returns the last error publishing met (nil once it succeeds again).
func (o *Outbox) Err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// Flush waits until the hub acknowledged every record of the log written
// so far, or ctx ends.
func (o *Outbox) Flush(ctx context.Context) error {
	for {
		last, err := o.log.Since(ctx, o.Acked(), 1)
		if err != nil {
			return err
		}
		if len(last) == 0 {
			return nil
		}
		ch := make(chan struct{})
		o.mu.Lock()
		o.notify = append(o.notify, ch)
		o.mu.Unlock()
		o.readLog.Store(true)
		o.Kick()
		select {
		case <-ch:
		case <-time.After(250 * time.Millisecond):
		case <-ctx.Done():
			if e := o.Err(); e != nil {
				return fmt.Errorf("%w (last error: %v)", ctx.Err(), e)
			}
			return ctx.Err()
		}
	}
}

// Close stops the outbox (what is not published yet stays for the next
// start).
func (o *Outbox) Close() {
	close(o.stop)
	<-o.done
}

func (o *Outbox) run() {
	defer close(o.done)
	t := time.NewTicker(outboxTick)
	defer t.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-o.stop
		cancel()
	}()
	for {
		if !o.c.Offline() {
			err := o.drain(ctx)
			o.mu.Lock()
			o.err = err
			for _, ch := range o.notify {
				close(ch)
			}
			o.notify = nil
			o.mu.Unlock()
		}
		select {
		case <-o.stop:
			o.saveMarker(true)
			return
		case <-o.kick:
			// Let the records of a burst gather: one read of the log
			// and one marker write for all of them.
			sleep(ctx, 5*time.Millisecond)
		case <-t.C:
			if o.ticks++; o.ticks%logReadTicks == 0 {
				o.readLog.Store(true)
			}
			o.saveMarker(false)
		}
	}
}

// drain publishes what the hub has not acknowledged yet.
func (o *Outbox) drain(ctx context.Context) error {
	for {
		after := o.Acked()
		batch := o.fromMemory(after, 256)
		if len(batch) == 0 {
			o.mu.Lock()
			gap := len(o.mem) > 0
			o.mu.Unlock()
			if !gap && !o.readLog.Swap(false) {
				return nil
			}
			var err error
			if batch, err = o.log.Since(ctx, after, 256); err != nil || len(batch) == 0 {
				return err
			}
		}
		futures := make([]jetstream.PubAckFuture, 0, len(batch))
		var perr error
		for i := range batch {
			e := &batch[i]
			if needsReconcile(e) {
				if perr = o.reconcile(ctx, e); perr != nil {
					break
				}
			} else if withdraws(e) {
				if perr = o.release(ctx, e); perr != nil {
					break
				}
			}
			f, err := o.c.publishRecord(e)
			if err != nil {
				perr = err
				break
			}
			futures = append(futures, f)
		}
		acked := after
		wait := time.NewTimer(5 * time.Second)
		for i, f := range futures {
			select {
			case a := <-f.Ok():
				acked = batch[i].Seq
				o.mu.Lock()
				o.streamSeq = max(o.streamSeq, a.Sequence)
				o.mu.Unlock()
				continue
			case err := <-f.Err():
				perr = err
			case <-wait.C:
				perr = errors.New("no acknowledgement from the hub within 5s")
			case <-ctx.Done():
				perr = ctx.Err()
			}
			break
		}
		wait.Stop()
		if acked > after {
			o.mu.Lock()
			o.acked = acked
			for s := after + 1; s <= acked; s++ {
				delete(o.mem, s)
			}
			o.mu.Unlock()
			if err := o.saveMarker(false); err != nil && perr == nil {
				perr = err
			}
		}
		if perr != nil {
			return perr
		}
	}
}

// publishRecord publishes e with its record id as the message id and its
// original time in the header Vp-Time.
func (c *Client) publishRecord(e *checkin.Entry) (jetstream.PubAckFuture, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	m := nats.NewMsg(RecordSubject(e.Venue, e.Gate))
	m.Data = b
	m.Header.Set("Vp-Time", e.Time.UTC().Format(time.RFC3339Nano))
	return c.js.PublishMsgAsync(m, jetstream.WithMsgID(e.ID))
}

// needsReconcile: an entry accepted without the hub, that the shared state
// has to learn.
func needsReconcile(e *checkin.Entry) bool {
	return e.Kind == checkin.KindDecision && e.Accepted && e.CTI != nil && slices.Contains(e.Warnings, checkin.WarnOffline)
}

// withdraws: an annulment, or a gate that did not open, of a decision
// about a credential with an id.
func withdraws(e *checkin.Entry) bool {
	return (e.Kind == checkin.KindAnnul || (e.Kind == checkin.KindGate && !e.Accepted)) && e.CTI != nil && e.Ref != ""
}

// release takes the decision e withdraws out of the shared state, if the
// state still holds it. The gate did so when it wrote e, unless the hub
// was away then: publishing e after a reconnect retries it. Releasing
// twice changes nothing.
func (o *Outbox) release(ctx context.Context, e *checkin.Entry) error {
	cl := checkin.Claim{Key: checkin.ClaimKey(e.Venue, e.Iss, e.CTI), Entry: *e}
	return o.c.Claim(ctx, cl, func(prior *checkin.SharedState) *checkin.SharedState {
		if !prior.Holds(e.Ref) {
			return nil
		}
		return prior.Release(e.Ref)
	})
}

// reconcile applies an entry accepted offline to the shared state, and
// publishes a conflict when the shared state held an entry that the gate's
// rule would have refused it for. Replays are idempotent: the state names
// the entries it holds, and the conflict's message id is derived from the
// record id.
func (o *Outbox) reconcile(ctx context.Context, e *checkin.Entry) error {
	// The rule the gate decided e under: per credential type, as the log
	// picks it (staff badges soft or off, tickets single-entry).
	r := checkin.RuleForType(o.rules, e.Venue, e.Gate, e.Type)
	if r == nil || r.Mode == checkin.Off {
		return nil
	}
	var conflict *checkin.Prior
	cl := checkin.Claim{Key: checkin.ClaimKey(e.Venue, e.Iss, e.CTI), Entry: *e, Rule: *r}
	err := o.c.Claim(ctx, cl, func(prior *checkin.SharedState) *checkin.SharedState {
		conflict = nil
		if prior.Holds(e.ID) {
			// Replayed: the conflict, if any, is the first entry.
			if r.Mode == checkin.SingleEntry {
				if u, ok := prior.Used[e.Zone]; ok && r.Scope == checkin.ScopeZone && u.ID != e.ID {
					conflict = &u
				} else if f := prior.First; f != nil && r.Scope == checkin.ScopeVenue && f.ID != e.ID {
					conflict = f
				}
			}
			return nil
		}
		p, next, _ := checkin.Decide(r, e, prior, true)
		if p != nil && r.Mode != checkin.Soft && !e.Override {
			conflict = p
		}
		return next
	})
	if err != nil {
		return err
	}
	if conflict == nil {
		return nil
	}
	b, err := json.Marshal(Conflict{Record: *e, Prior: *conflict, Found: time.Now().UTC()})
	if err != nil {
		return err
	}
	m := nats.NewMsg(ConflictSubject(e.Venue, e.Gate))
	m.Data = b
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err = o.c.js.PublishMsg(ctx, m, jetstream.WithMsgID("conflict-"+e.ID))
	return err
}

// saveMarker writes the acknowledged seq to the marker file, at most every
// markerEvery unless now: a marker behind (after a crash or a power cut, as
// it is not fsynced either) only replays records, which the hub drops by id.
func (o *Outbox) saveMarker(now bool) error {
	o.mu.Lock()
	acked := o.acked
	o.mu.Unlock()
	if acked == o.saved || (!now && time.Since(o.savedAt) < markerEvery) {
		return nil
	}
	if err := writeMarker(o.marker, acked); err != nil {
		return err
	}
	o.saved, o.savedAt = acked, time.Now()
	return nil
}

func writeMarker(path string, seq int64) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.FormatInt(seq, 10)+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
