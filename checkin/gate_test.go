package checkin_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/verifier"
)

// TestGateDidNotOpen wires a kiosk as cmd/venuepass would: Record, then
// open the gate asynchronously with the verdict; the controller fails, the
// outcome is logged as a gate record, staff see "gate did not open", and
// anti-passback lets the holder scan again.
func TestGateDidNotOpen(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			http.Error(w, "turnstile jammed", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	c := newClock()
	l := open(t, tempLog(t), checkin.Options{Rules: []checkin.Rule{{Mode: checkin.Hard}}, Now: c.Now, Location: time.UTC})
	outcomes := make(chan string, 4)
	g := gate.New(&gate.HTTP{URL: srv.URL}, gate.Config{Timeout: 2 * time.Second, Done: func(o gate.Outcome) {
		if _, err := l.RecordGate(ctx, o.Event.ID, o.Err); err != nil {
			t.Error(err)
		}
		outcomes <- o.Message()
	}})
	defer g.Close()

	scan := func() checkin.Result {
		r := record(t, l, checkin.Scan{Decision: accepted("alice", verifier.Ticket, "Alice"), Venue: "arena", Gate: "1", KioskID: "k1"})
		if r.Decision.Accepted {
			g.Open(gate.Event{ID: r.Entry.ID, Verdict: r.VerdictJSON()})
		}
		return r
	}
	wantAccepted(t, scan())
	if msg := <-outcomes; msg != "gate did not open: controller answered 503 Service Unavailable: turnstile jammed" {
		t.Errorf("staff saw %q", msg)
	}
	fail.Store(false)
	wantAccepted(t, scan())
	if msg := <-outcomes; msg != "gate opened" {
		t.Errorf("staff saw %q", msg)
	}
	wantPassback(t, scan(), "Already checked in at 14:02, gate 1")
	st, err := l.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.GateFailures != 1 || st.Entries != 1 || st.Inside != 1 {
		t.Errorf("stats %+v", st)
	}
}
