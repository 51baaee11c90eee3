package hub_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/verifier"
)

// TestReconcilePerType: with per-type anti-passback (staff badges soft, a
// rule naming their type; everything else single-entry), a ticket and a staff badge each enter at gates 1 and
// 2 while the hub is away. After the hub is back and the outboxes drain,
// the hub records one conflict: the ticket's second entry. The badge's two
// entries are no conflict, as the gates' own rule for badges says. (The
// outbox used to pick the rule by venue and gate only: the badges' rule,
// listed first, for both, and found no conflict at all.)
func TestReconcilePerType(t *testing.T) {
	store := t.TempDir()
	listen := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	s, err := hub.Start(ctx, hub.Config{Store: store, Listen: listen})
	if err != nil {
		t.Fatal(err)
	}
	rules := []checkin.Rule{
		{Mode: checkin.Soft, Types: []verifier.Type{verifier.Employee}},
		{Mode: checkin.SingleEntry},
	}
	dir := t.TempDir()
	o := hub.Options{Timeout: 2 * time.Second}
	g1 := startGateRules(t, dir, "1", s.URL(), o, checkin.OfflineLocal, rules)
	g2 := startGateRules(t, dir, "2", s.URL(), o, checkin.OfflineLocal, rules)
	s.Close()
	waitUntil(t, "the gates to notice the hub is gone", func() bool { return g1.cl.Offline() && g2.cl.Offline() })

	badge := ticket(1)
	badge.Credential.Type, badge.Credential.Name, badge.Credential.CTI = verifier.Employee, "Kim Min-jun", []byte("badge-1")
	for _, g := range []*gate{g1, g2} {
		for _, d := range []verifier.Decision{ticket(1), badge} {
			r, err := g.scan(d)
			if err != nil || !r.Decision.Accepted || !offline(r) {
				t.Fatalf("gate %s offline, %s: %+v %v", g.name, d.Credential.Name, r.Decision, err)
			}
		}
	}

	s, err = hub.Start(ctx, hub.Config{Store: filepath.Clean(store), Listen: listen})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	for _, g := range []*gate{g1, g2} {
		waitUntil(t, "gate "+g.name+" to reconnect", func() bool { return !g.cl.Offline() })
		if err := g.outbox.Flush(fctx); err != nil {
			t.Fatal(err)
		}
	}
	office, err := hub.Connect(s.URL(), hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	cs, err := office.Conflicts(fctx, "STADIUM")
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Record.Type != verifier.Ticket || cs[0].Record.Name != "Fan 1" {
		for _, c := range cs {
			t.Logf("conflict: %s", c.Line(time.UTC))
		}
		t.Fatalf("%d conflicts, want 1 (the ticket's second entry)", len(cs))
	}
}
