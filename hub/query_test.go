package hub_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/verifier"
)

// TestVenueAnswersMatchLogs: three gates under hard anti-passback record
// entries and exits (some moving between gates and zones), codes without an
// id coming and going, a rejection, an annulment and a gate that did not
// open. The hub's venue-wide answers over its records (inside, stats, today)
// equal what checkin answers over the same gates' logs.
func TestVenueAnswersMatchLogs(t *testing.T) {
	s, err := hub.Start(ctx, hub.Config{Store: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	hard := []checkin.Rule{{Mode: checkin.Hard}}
	var gates []*gate
	for i := 1; i <= 3; i++ {
		gates = append(gates, startGateRules(t, dir, fmt.Sprint(i), s.URL(), hub.Options{Timeout: 5 * time.Second}, checkin.OfflineLocal, hard))
	}
	anon := verifier.Decision{Accepted: true, Profile: verifier.ProfileVP} // a code without an id
	rejected := verifier.Decision{Reason: verifier.ReasonExpired}
	at := time.Now().Add(-time.Hour)
	step := 0
	scan := func(g *gate, d verifier.Decision, zone string, dir checkin.Direction) checkin.Result {
		t.Helper()
		step++
		r, err := g.log.Record(ctx, checkin.Scan{Decision: d, Venue: "STADIUM", Gate: g.name, Zone: zone,
			Direction: dir, KioskID: "kiosk-" + g.name, Time: at.Add(time.Duration(step) * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		g.outbox.Add(r.Entry)
		return r
	}
	g1, g2, g3 := gates[0], gates[1], gates[2]
	for n := 0; n < 6; n++ {
		scan(g1, ticket(n), "", checkin.In)
	}
	scan(g2, ticket(0), "", checkin.Out) // leaves by another gate
	scan(g3, ticket(0), "", checkin.In)  // and comes back by a third
	scan(g3, ticket(1), "", checkin.Out)
	for n := 0; n < 4; n++ {
		scan(g2, anon, "", checkin.In)
	}
	scan(g1, anon, "", checkin.Out)
	scan(g3, anon, "", checkin.Out)
	scan(g1, anon, "VIP", checkin.Out) // an exit without an entry there
	scan(g2, ticket(7), "VIP", checkin.In)
	scan(g2, rejected, "", checkin.In)
	if r := scan(g1, ticket(2), "", checkin.In); r.Decision.Accepted {
		t.Fatalf("hard anti-passback let a holder inside enter again: %+v", r.Decision)
	}
	if _, err := g3.log.Annul(ctx, checkin.Annulment{KioskID: "kiosk-3", Within: time.Hour, By: "staff PIN"}); err != nil { // gate 3's last: an anonymous exit
		t.Fatal(err)
	}
	r := scan(g2, ticket(8), "", checkin.In)
	if _, err := g2.log.RecordGate(ctx, r.Entry.ID, fmt.Errorf("jammed")); err != nil {
		t.Fatal(err)
	}
	var logs []*checkin.Log
	for _, g := range gates {
		fctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		if err := g.outbox.Flush(fctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		logs = append(logs, g.log)
	}
	office, err := hub.Connect(s.URL(), hub.Options{ConnectWait: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	es, err := office.Records(ctx, "STADIUM")
	if err != nil {
		t.Fatal(err)
	}
	hub.SortByTime(es)
	want, err := checkin.Inside(ctx, logs, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if got := hub.Inside(es, time.Time{}); !reflect.DeepEqual(got, want) {
		t.Errorf("inside at the hub %+v, over the gates' logs %+v", got, want)
	}
	// Tickets 0 (back in), 2, 3, 4 and 5; the anonymous codes: 4 in, 2
	// out, one of them annulled; ticket 8's gate did not open.
	if len(want) != 2 || want[0].Zone != "" || want[0].Inside != 5+3 || want[1].Zone != "VIP" || want[1].Inside != 1 {
		t.Errorf("inside over the logs: %+v", want)
	}
	for _, rng := range [][2]time.Time{{}, {at.Add(10 * time.Second), time.Time{}}, {at, at.Add(15 * time.Second)}} {
		want, err := checkin.SumStats(ctx, logs, rng[0], rng[1])
		if err != nil {
			t.Fatal(err)
		}
		if got := hub.Stats(es, rng[0], rng[1]); !reflect.DeepEqual(got, want) {
			t.Errorf("stats %v..%v at the hub %+v, over the gates' logs %+v", rng[0], rng[1], got, want)
		}
	}
}
