package hub_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/verifier"
)

// TestVenueCountsForGates: gates with their own credentials (which cannot
// read the decisions stream) ask the hub for the venue's counts and get
// what checkin counts over all the gates' logs: entries that stand,
// refusals, holders inside. A second question after more scans counts
// those too (asked with the stream sequence of the gates' last records:
// the hub may answer from a count up to a second old, never from one
// without them); a venue with no records counts zero; no answer is an
// ErrOffline.
func TestVenueCountsForGates(t *testing.T) {
	store := t.TempDir()
	dir := t.TempDir()
	var creds []string
	for _, g := range []string{"1", "2"} {
		c := filepath.Join(dir, "gate-"+g+".nk")
		if err := hub.AddGate(store, g, c); err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c)
	}
	s, err := hub.Start(ctx, hub.Config{Store: store, Listen: fmt.Sprintf("127.0.0.1:%d", freePort(t))})
	if err != nil {
		t.Fatal(err)
	}
	hard := []checkin.Rule{{Mode: checkin.Hard}}
	o := func(i int) hub.Options { return hub.Options{Creds: creds[i], Timeout: 5 * time.Second} }
	g1 := startGateRules(t, dir, "1", s.URL(), o(0), checkin.OfflineLocal, hard)
	g2 := startGateRules(t, dir, "2", s.URL(), o(1), checkin.OfflineLocal, hard)
	if _, err := g1.cl.Records(ctx, "STADIUM"); err == nil {
		t.Fatal("a gate credential read the decisions stream")
	}
	start := time.Now().Add(-time.Hour)
	step := 0
	scan := func(g *gate, d verifier.Decision, dir checkin.Direction) checkin.Result {
		t.Helper()
		step++
		r, err := g.log.Record(ctx, checkin.Scan{Decision: d, Venue: "STADIUM", Gate: g.name, Direction: dir,
			KioskID: "kiosk-" + g.name, Time: start.Add(time.Duration(step) * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		g.outbox.Add(r.Entry)
		return r
	}
	check := func(from time.Time, wantEntries, wantRejected, wantInside int) {
		t.Helper()
		var logs []*checkin.Log
		for _, g := range []*gate{g1, g2} {
			fctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			if err := g.outbox.Flush(fctx); err != nil {
				t.Fatal(err)
			}
			cancel()
			logs = append(logs, g.log)
		}
		want, err := checkin.SumStats(ctx, logs, from, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if want.Entries != wantEntries || want.Rejected != wantRejected || want.Inside != wantInside {
			t.Fatalf("over the logs: entries %d rejected %d inside %d, want %d %d %d", want.Entries, want.Rejected, want.Inside,
				wantEntries, wantRejected, wantInside)
		}
		// The hub answers from a count up to a second old (the default
		// CountsMaxAge) unless it lacks the records up to MinSeq.
		minSeq := max(g1.outbox.StreamSeq(), g2.outbox.StreamSeq())
		for _, g := range []*gate{g1, g2} {
			got, err := g.cl.VenueCounts(ctx, hub.CountsRequest{Venue: "STADIUM", From: from, MinSeq: minSeq})
			if err != nil {
				t.Fatalf("gate %s: %v", g.name, err)
			}
			if got.Entries != want.Entries || got.Rejected != want.Rejected || got.Inside != want.Inside || got.Venue != "STADIUM" {
				t.Errorf("gate %s from %v: hub counts %+v, the logs entries %d rejected %d inside %d", g.name, from, got,
					want.Entries, want.Rejected, want.Inside)
			}
		}
	}
	for n := 0; n < 5; n++ {
		scan(g1, ticket(n), checkin.In)
	}
	scan(g2, ticket(0), checkin.Out)
	scan(g2, verifier.Decision{Reason: verifier.ReasonExpired}, checkin.In)
	if r := scan(g2, ticket(1), checkin.In); r.Decision.Accepted {
		t.Fatalf("hard anti-passback at gate 2 let a holder inside in again: %+v", r.Decision)
	}
	check(time.Time{}, 5, 2, 4)
	// More scans, and an annulment: the next answer counts them.
	scan(g2, ticket(5), checkin.In)
	scan(g1, ticket(6), checkin.In)
	if _, err := g1.log.Annul(ctx, checkin.Annulment{KioskID: "kiosk-1", Within: time.Hour, By: "staff PIN"}); err != nil {
		t.Fatal(err)
	}
	check(time.Time{}, 6, 2, 5)
	check(start.Add(6*time.Second), 1, 2, 1) // from the exit on: ticket 5 (6 is annulled), 2 refused

	none, err := g1.cl.VenueCounts(ctx, hub.CountsRequest{Venue: "ELSEWHERE"})
	if err != nil || none.Entries+none.Rejected+none.Inside+none.Records != 0 {
		t.Errorf("a venue without records: %+v %v", none, err)
	}
	s.Close()
	waitUntil(t, "gate 1 to notice the hub is gone", g1.cl.Offline)
	if _, err := g1.cl.VenueCounts(ctx, hub.CountsRequest{Venue: "STADIUM"}); !errors.Is(err, hub.ErrOffline) {
		t.Errorf("counts with the hub away: %v, want ErrOffline", err)
	}
}
