package checkin_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/verifier"
)

// turnstile opens for every code and remembers for which.
type turnstile struct {
	mu     sync.Mutex
	opened []string
}

func (g *turnstile) Open(ctx context.Context, ev gate.Event) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.opened = append(g.opened, ev.ID)
	return nil
}

func TestStation(t *testing.T) {
	ctx := context.Background()
	l, err := checkin.Open(filepath.Join(t.TempDir(), "gate.db"), checkin.Options{Rules: []checkin.Rule{{Mode: checkin.SingleEntry}}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	g := &turnstile{}
	var mu sync.Mutex
	var recorded []checkin.Entry
	failed := map[string]string{}
	st := checkin.NewStation(l, checkin.Scan{Venue: "ARENA", Gate: "B", KioskID: "k1"}, checkin.StationOptions{
		Action: g, GateTimeout: time.Second,
		Recorded:   func(e checkin.Entry) { mu.Lock(); recorded = append(recorded, e); mu.Unlock() },
		GateFailed: func(o gate.Outcome, label string) { mu.Lock(); failed[label] = o.Message(); mu.Unlock() },
	})
	ticket := func(n string) verifier.Decision {
		return verifier.Decision{Accepted: true, Profile: verifier.ProfileVP, Credential: &verifier.Credential{
			Type: verifier.Ticket, Name: "Fan " + n, Iss: "arena", CTI: []byte("ticket-" + n), Expires: time.Now().Add(time.Hour)}}
	}
	r1, err := st.Judge(ctx, ticket("1"), "arg 1")
	if err != nil || !r1.Decision.Accepted || r1.Entry.Gate != "B" || r1.Entry.Venue != "ARENA" {
		t.Fatalf("first scan: %+v, %v", r1.Entry, err)
	}
	again, err := st.Judge(ctx, ticket("1"), "arg 2")
	if err != nil || again.Decision.Accepted {
		t.Fatalf("the same single-entry ticket again: %+v, %v", again.Decision, err)
	}
	if !st.CloseGate() {
		t.Fatal("CloseGate reports a failure where every gate opened")
	}
	// A gate that jams: the entry is withdrawn, staff are told which code
	// it was, and CloseGate reports it.
	st = checkin.NewStation(l, checkin.Scan{Venue: "ARENA", Gate: "B", KioskID: "k1"}, checkin.StationOptions{
		Action: jamAll{}, GateTimeout: time.Second,
		GateFailed: func(o gate.Outcome, label string) { mu.Lock(); failed[label] = o.Message(); mu.Unlock() },
	})
	if r3, err := st.Judge(ctx, ticket("3"), "line 3"); err != nil || !r3.Decision.Accepted {
		t.Fatalf("third ticket: %+v, %v", r3.Decision, err)
	}
	if st.CloseGate() {
		t.Error("CloseGate reports success after a jam")
	}
	if failed["line 3"] == "" || len(failed) != 1 {
		t.Errorf("gate failures told: %v", failed)
	}
	// Withdrawn: the holder may scan again.
	st = checkin.NewStation(l, checkin.Scan{Venue: "ARENA", Gate: "B", KioskID: "k1"}, checkin.StationOptions{})
	if r, err := st.Judge(ctx, ticket("3"), "line 4"); err != nil || !r.Decision.Accepted {
		t.Errorf("the ticket whose gate jammed, again: %+v, %v", r.Decision, err)
	}
	if !st.CloseGate() {
		t.Error("a station without a gate reports a failure")
	}
	// Recorded saw the two decisions of the first station and its gate
	// outcome.
	mu.Lock()
	defer mu.Unlock()
	seen := map[string]bool{}
	for _, e := range recorded {
		seen[e.ID] = true
		if e.Kind == "gate" && e.Ref == r1.Entry.ID {
			seen["gate outcome"] = true
		}
	}
	if len(recorded) != 3 || !seen[r1.Entry.ID] || !seen[again.Entry.ID] || !seen["gate outcome"] {
		t.Errorf("recorded %d entries: %+v", len(recorded), recorded)
	}
	if len(g.opened) != 1 || g.opened[0] != r1.Entry.ID {
		t.Errorf("the gate opened for %v, want only %s", g.opened, r1.Entry.ID)
	}
}

type jamAll struct{}

func (jamAll) Open(ctx context.Context, ev gate.Event) error { return errors.New("jammed") }
