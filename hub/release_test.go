package hub_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
)

// TestOfflineReleaseRetried: gate 1 admits a single-entry ticket with the
// hub up, then the hub goes away and the entry is annulled (the holder did
// not pass) while it is away. When the hub is back and gate 1's outbox
// drains, the shared state no longer holds the annulled entry: the ticket
// enters at gate 2, once. The same for a holder leaving through gate 1
// (hard anti-passback) while the hub is away.
func TestOfflineReleaseRetried(t *testing.T) {
	t.Run("annul", func(t *testing.T) { offlineRelease(t, false) })
	t.Run("exit", func(t *testing.T) { offlineRelease(t, true) })
}

// offlineRelease: with exit, the holder leaves through gate 1 (hard
// anti-passback) while the hub is away instead of being annulled.
func offlineRelease(t *testing.T, exit bool) {
	store := t.TempDir()
	listen := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	s, err := hub.Start(ctx, hub.Config{Store: store, Listen: listen})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	o := hub.Options{Timeout: 2 * time.Second}
	rules := singleEntry
	if exit {
		rules = []checkin.Rule{{Mode: checkin.Hard}}
	}
	g1 := startGateRules(t, dir, "1", s.URL(), o, checkin.OfflineLocal, rules)
	r, err := g1.scan(ticket(1))
	if err != nil || !r.Decision.Accepted || offline(r) {
		t.Fatalf("gate 1 online: %+v %v", r.Decision, err)
	}
	s.Close()
	waitUntil(t, "gate 1 to notice the hub is gone", g1.cl.Offline)
	if exit {
		r, err := g1.log.Record(ctx, checkin.Scan{Decision: ticket(1), Venue: "STADIUM", Gate: "1", KioskID: "kiosk-1", Direction: checkin.Out})
		if err != nil || !r.Decision.Accepted || !offline(r) {
			t.Fatalf("exit at gate 1 with the hub away: %+v %v", r.Decision, err)
		}
		g1.outbox.Add(r.Entry)
	} else {
		e, err := g1.log.Annul(ctx, checkin.Annulment{KioskID: "kiosk-1", Within: time.Hour, By: "staff PIN"})
		if err != nil {
			t.Fatal(err)
		}
		g1.outbox.Add(e)
	}

	s, err = hub.Start(ctx, hub.Config{Store: filepath.Clean(store), Listen: listen})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitUntil(t, "gate 1 to reconnect", func() bool { return !g1.cl.Offline() })
	fctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := g1.outbox.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	g2 := startGateRules(t, dir, "2", s.URL(), o, checkin.OfflineLocal, rules)
	r, err = g2.scan(ticket(1))
	if err != nil || !r.Decision.Accepted || offline(r) {
		t.Fatalf("gate 2 after the annulment reached the hub: %+v %q %v", r.Decision, r.Message, err)
	}
	if r, err := g1.scan(ticket(1)); err != nil || r.Decision.Accepted {
		t.Fatalf("gate 1 after the ticket entered at gate 2: %+v %v", r.Decision, err)
	}
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 15s for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
