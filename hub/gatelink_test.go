package hub_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
)

// A GateLink makes the hub the log's claimer and sends its records: the
// second gate refuses the ticket the first admitted, and the office reads
// the first gate's record from the hub after Close.
func TestGateLink(t *testing.T) {
	s, err := hub.Start(ctx, hub.Config{Store: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	open := func(name string) (*hub.GateLink, *checkin.Log) {
		opts := checkin.Options{Rules: singleEntry}
		g, err := hub.JoinGate(s.URL(), hub.Options{Name: "gate " + name}, checkin.OfflineRefuse, &opts)
		if err != nil {
			t.Fatal(err)
		}
		if opts.Claimer == nil || opts.Offline != checkin.OfflineRefuse {
			t.Fatalf("JoinGate did not set the claimer: %+v", opts)
		}
		l, err := checkin.Open(filepath.Join(dir, name+".db"), opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := g.Start(l, opts.Rules); err != nil {
			t.Fatal(err)
		}
		return g, l
	}
	g1, l1 := open("1")
	g2, l2 := open("2")
	r1, err := l1.Record(ctx, checkin.Scan{Decision: ticket(1), Venue: "STADIUM", Gate: "1"})
	if err != nil || !r1.Decision.Accepted {
		t.Fatalf("gate 1: %+v, %v", r1.Decision, err)
	}
	g1.Recorded(r1.Entry)
	r2, err := l2.Record(ctx, checkin.Scan{Decision: ticket(1), Venue: "STADIUM", Gate: "2"})
	if err != nil || r2.Decision.Accepted {
		t.Fatalf("gate 2 admitted the ticket gate 1 admitted: %+v, %v", r2.Decision, err)
	}
	g2.Recorded(r2.Entry)
	for _, g := range []*hub.GateLink{g1, g2} {
		if err := g.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
	l1.Close()
	l2.Close()

	office, err := hub.Connect(s.URL(), hub.Options{Name: "office", ConnectWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	es, err := office.Records(ctx, "STADIUM")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, e := range es {
		ids[e.ID] = true
	}
	if len(es) != 2 || !ids[r1.Entry.ID] || !ids[r2.Entry.ID] {
		t.Fatalf("the hub holds %d records %v, want gate 1's %s and gate 2's %s", len(es), ids, r1.Entry.ID, r2.Entry.ID)
	}

	// A nil link is no hub: every method is a no-op.
	var none *hub.GateLink
	none.Recorded(r1.Entry)
	none.WatchTrust(nil)
	if err := none.Start(nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := none.Close(); err != nil {
		t.Fatal(err)
	}
}
