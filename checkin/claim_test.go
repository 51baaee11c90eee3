package checkin_test

import (
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/verifier"
)

// Decide is the log's anti-passback on shared state: a single-entry ticket
// admitted at one gate is refused at another (venue scope), admitted per
// zone with ScopeZone, and free again once its entry is released.
func TestDecideShared(t *testing.T) {
	at := time.Date(2026, 6, 13, 14, 2, 0, 0, time.UTC)
	entry := func(id, gate, zone string) *checkin.Entry {
		return &checkin.Entry{ID: id, Kind: checkin.KindDecision, Time: at, Venue: "V", Gate: gate, Zone: zone,
			Direction: checkin.In, CTI: []byte("ticket-1"), Iss: "acme", Type: verifier.Ticket, Accepted: true}
	}
	venue := &checkin.Rule{Mode: checkin.SingleEntry}
	p, s1, refused := checkin.Decide(venue, entry("a", "1", "A"), nil, false)
	if p != nil || refused || s1 == nil || !s1.Holds("a") {
		t.Fatalf("first entry: %v %+v %v", p, s1, refused)
	}
	p, s2, refused := checkin.Decide(venue, entry("b", "2", "B"), s1, false)
	if !refused || p == nil || p.Gate != "1" || s2 != nil {
		t.Fatalf("second gate, venue scope: %v %+v %v", p, s2, refused)
	}
	zone := &checkin.Rule{Mode: checkin.SingleEntry, Scope: checkin.ScopeZone}
	if p, _, refused := checkin.Decide(zone, entry("b", "2", "B"), s1, false); refused || p != nil {
		t.Fatalf("other zone, zone scope: %v %v", p, refused)
	}
	if _, _, refused := checkin.Decide(zone, entry("c", "3", "A"), s1, false); !refused {
		t.Fatal("same zone, zone scope: admitted twice")
	}
	// Soft and staff overrides let the entry stand, naming the prior.
	if p, s, refused := checkin.Decide(venue, entry("d", "2", "B"), s1, true); refused || p == nil || !s.Holds("d") {
		t.Fatalf("override: %v %+v %v", p, s, refused)
	}
	// The turnstile did not turn: released, the ticket may enter again.
	r := s1.Release("a")
	if r.Holds("a") || r.Inside {
		t.Fatalf("released state still holds the entry: %+v", r)
	}
	if p, _, refused := checkin.Decide(venue, entry("e", "2", "B"), r, false); refused || p != nil {
		t.Fatalf("after release: %v %v", p, refused)
	}
	if k1, k2 := checkin.ClaimKey("V", "acme", []byte("x")), checkin.ClaimKey("V", "acm", []byte("ex")); k1 == k2 {
		t.Fatal("claim keys of different credentials collide")
	}
}
