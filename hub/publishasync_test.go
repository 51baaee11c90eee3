package hub_test

import (
	"context"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
)

// TestAcceptDoesNotWaitForPublish: a gate whose records cannot reach the
// decisions stream (it is gone) still decides with the hub, claims and
// all, without the offline warning: the accept waits for the claim and
// the gate's own log, never for the stream. The outbox reports the failure
// and, once the stream is back, delivers every record exactly once.
func TestAcceptDoesNotWaitForPublish(t *testing.T) {
	s, err := hub.Start(ctx, hub.Config{Store: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	office, err := hub.Connect(s.URL(), hub.Options{Name: "office", ConnectWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	g := startGate(t, t.TempDir(), "1", s.URL(), hub.Options{Timeout: 5 * time.Second}, checkin.OfflineLocal)
	if err := office.JetStream().DeleteStream(ctx, hub.DecisionsStream); err != nil {
		t.Fatal(err)
	}
	const n = 20
	for i := range n {
		r, err := g.scan(ticket(i + 1))
		if err != nil {
			t.Fatal(err)
		}
		if !r.Decision.Accepted || offline(r) {
			t.Fatalf("decision %d without the stream: accepted %v, warnings %v", i+1, r.Decision.Accepted, r.Decision.Warnings)
		}
	}
	// The claims were made: the same ticket at a second gate is refused.
	g2 := startGate(t, t.TempDir(), "2", s.URL(), hub.Options{Timeout: 5 * time.Second}, checkin.OfflineLocal)
	if r, err := g2.scan(ticket(1)); err != nil || r.Decision.Accepted || offline(r) {
		t.Fatalf("ticket 1 at gate 2: %+v, %v; want refused by the shared state", r.Decision, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for g.outbox.Err() == nil {
		if time.Now().After(deadline) {
			t.Fatal("the outbox reports no error while the stream is gone")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := hub.Setup(ctx, office.JetStream(), 1, 0); err != nil {
		t.Fatal(err)
	}
	fctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := g.outbox.Flush(fctx); err != nil {
		t.Fatalf("flush after the stream is back: %v", err)
	}
	if err := g2.outbox.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	// Messages in the stream, not records by id (queries drop repeats):
	// gate 1's twenty and gate 2's refusal, each once.
	st, err := office.JetStream().Stream(ctx, hub.DecisionsStream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != n+1 {
		t.Errorf("the decisions stream holds %d messages, want %d (gate 1's %d and gate 2's one)", info.State.Msgs, n+1, n)
	}
	es, err := office.Records(ctx, "STADIUM")
	if err != nil {
		t.Fatal(err)
	}
	gate1 := 0
	for _, e := range es {
		if e.Gate == "1" {
			gate1++
		}
	}
	if gate1 != n {
		t.Errorf("the hub holds %d records of gate 1, want %d", gate1, n)
	}
}
