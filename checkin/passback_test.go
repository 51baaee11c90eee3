package checkin_test

import (
	"errors"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/verifier"
)

// kiosk records scans at one venue with a settable clock.
type kiosk struct {
	t     *testing.T
	l     *checkin.Log
	clock *clock
}

func (k *kiosk) scan(cti string, typ verifier.Type, gate, zone string, dir checkin.Direction) checkin.Result {
	k.t.Helper()
	return record(k.t, k.l, checkin.Scan{Decision: accepted(cti, typ, "Holder "+cti), Venue: "arena",
		Gate: gate, Zone: zone, Direction: dir, KioskID: "kiosk-" + gate, Time: k.clock.Now()})
}

func wantAccepted(t *testing.T, r checkin.Result, warnings ...string) {
	t.Helper()
	if !r.Decision.Accepted || !r.Entry.Accepted {
		t.Fatalf("rejected: %v (%s)", r.Decision.Err, r.Message)
	}
	if len(r.Decision.Warnings) != len(warnings) {
		t.Fatalf("warnings %q, want %q", r.Decision.Warnings, warnings)
	}
	for i := range warnings {
		if r.Decision.Warnings[i] != warnings[i] || r.Entry.Warnings[i] != warnings[i] {
			t.Fatalf("warnings %q (entry %q), want %q", r.Decision.Warnings, r.Entry.Warnings, warnings)
		}
	}
}

func wantPassback(t *testing.T, r checkin.Result, message string) {
	t.Helper()
	if r.Decision.Accepted || r.Entry.Accepted {
		t.Fatal("accepted, want already_checked_in")
	}
	if r.Decision.Reason != verifier.ReasonAlreadyCheckedIn || r.Entry.Reason != verifier.ReasonAlreadyCheckedIn {
		t.Fatalf("reason %q", r.Decision.Reason)
	}
	if !errors.Is(r.Decision.Err, verifier.ReasonAlreadyCheckedIn) {
		t.Fatalf("err %v does not wrap ErrAlreadyCheckedIn", r.Decision.Err)
	}
	if r.Message != message || r.Entry.Detail != message {
		t.Fatalf("message %q (detail %q), want %q", r.Message, r.Entry.Detail, message)
	}
	if r.Prior == nil {
		t.Fatal("no prior entry named")
	}
}

func newKiosk(t *testing.T, path string, rules ...checkin.Rule) *kiosk {
	c := newClock()
	return &kiosk{t: t, clock: c, l: open(t, path, checkin.Options{Rules: rules, Now: c.Now, Location: time.UTC})}
}

func TestHardPassback(t *testing.T) {
	path := tempLog(t)
	k := newKiosk(t, path, checkin.Rule{Mode: checkin.Hard})
	first := k.scan("alice", verifier.Employee, "3", "", checkin.In)
	wantAccepted(t, first)
	k.clock.Add(10 * time.Minute)
	r := k.scan("alice", verifier.Employee, "5", "", checkin.In)
	wantPassback(t, r, "Already checked in at 14:02, gate 3")
	if r.Prior.ID != first.Entry.ID || r.Prior.Gate != "3" {
		t.Errorf("prior %+v", r.Prior)
	}
	if r.Decision.Err.Error() != "already checked in: last entry at 14:02, gate 3" ||
		verifier.DetailOf(r.Decision.Err) != "last entry at 14:02, gate 3" {
		t.Errorf("err %q", r.Decision.Err)
	}
	// Someone else is not affected.
	wantAccepted(t, k.scan("bob", verifier.Employee, "5", "", checkin.In))
	// Staff override.
	o := record(t, k.l, checkin.Scan{Decision: accepted("alice", verifier.Employee, "Holder alice"), Venue: "arena",
		Gate: "5", KioskID: "kiosk-5", Time: k.clock.Now(), Override: true})
	wantAccepted(t, o, checkin.WarnPassbackOverride)
	if !o.Entry.Override || o.Message != "Already checked in at 14:02, gate 3" {
		t.Errorf("override entry %+v, message %q", o.Entry, o.Message)
	}
	// An exit scan allows re-entry.
	wantAccepted(t, k.scan("alice", verifier.Employee, "3", "", checkin.Out))
	k.clock.Add(time.Minute)
	wantAccepted(t, k.scan("alice", verifier.Employee, "3", "", checkin.In))
	// The state survives a restart: alice is inside since 14:13.
	k.l.Close()
	k2 := newKiosk(t, path, checkin.Rule{Mode: checkin.Hard})
	k2.clock.Add(24 * time.Hour)
	wantPassback(t, k2.scan("alice", verifier.Employee, "4", "", checkin.In), "Already checked in on 13 Jun 14:13, gate 3")
}

func TestSoftPassback(t *testing.T) {
	k := newKiosk(t, tempLog(t), checkin.Rule{Mode: checkin.Soft})
	wantAccepted(t, k.scan("alice", verifier.Membership, "1", "", checkin.In))
	k.clock.Add(3 * time.Minute)
	r := k.scan("alice", verifier.Membership, "2", "", checkin.In)
	wantAccepted(t, r, checkin.WarnSoftPassback)
	if !r.Entry.Override || r.Message != "Already checked in at 14:02, gate 1" || r.Prior == nil {
		t.Errorf("entry %+v, message %q", r.Entry, r.Message)
	}
	st, err := k.l.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.SoftPassback != 1 || st.Overrides != 1 || st.Accepted != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestTimedPassback(t *testing.T) {
	k := newKiosk(t, tempLog(t), checkin.Rule{Mode: checkin.Timed, Window: 15 * time.Minute})
	wantAccepted(t, k.scan("alice", verifier.Employee, "1", "", checkin.In))
	k.clock.Add(14*time.Minute + 59*time.Second)
	wantPassback(t, k.scan("alice", verifier.Employee, "1", "", checkin.In), "Already checked in at 14:02, gate 1")
	k.clock.Add(time.Second)
	wantAccepted(t, k.scan("alice", verifier.Employee, "1", "", checkin.In))
	// The window counts from the last accepted entry.
	k.clock.Add(time.Minute)
	wantPassback(t, k.scan("alice", verifier.Employee, "2", "", checkin.In), "Already checked in at 14:17, gate 1")
}

func TestSingleEntry(t *testing.T) {
	path := tempLog(t)
	rules := []checkin.Rule{
		{Mode: checkin.SingleEntry, Types: []verifier.Type{verifier.Ticket}},
	}
	k := newKiosk(t, path, rules...)
	wantAccepted(t, k.scan("t-1", verifier.Ticket, "A", "", checkin.In))
	wantAccepted(t, k.scan("t-1", verifier.Ticket, "A", "", checkin.Out))
	k.clock.Add(2 * time.Hour)
	// Exits notwithstanding: once, ever.
	wantPassback(t, k.scan("t-1", verifier.Ticket, "B", "", checkin.In), "Ticket already used at 14:02, gate A")
	r := k.scan("t-1", verifier.Ticket, "B", "", checkin.In)
	if r.Decision.Err.Error() != "already checked in: ticket already used at 14:02, gate A" {
		t.Errorf("err %q", r.Decision.Err)
	}
	// The rule is for tickets only: staff badges come and go.
	wantAccepted(t, k.scan("staff", verifier.Employee, "A", "", checkin.In))
	wantAccepted(t, k.scan("staff", verifier.Employee, "A", "", checkin.In))
	k.l.Close()
	k = newKiosk(t, path, rules...)
	k.clock.Add(30 * 24 * time.Hour)
	wantPassback(t, k.scan("t-1", verifier.Ticket, "C", "", checkin.In), "Ticket already used on 13 Jun 14:02, gate A")
}

// TestZones: entering zone B counts as leaving zone A; an exit scan allows
// re-entry; a second entry into the zone one is in is refused.
func TestZones(t *testing.T) {
	k := newKiosk(t, tempLog(t), checkin.Rule{Mode: checkin.Hard, Scope: checkin.ScopeZone})
	wantAccepted(t, k.scan("alice", verifier.Ticket, "A1", "A", checkin.In))
	wantPassback(t, k.scan("alice", verifier.Ticket, "A2", "A", checkin.In), "Already checked in at 14:02, gate A1")
	k.clock.Add(time.Minute)
	wantAccepted(t, k.scan("alice", verifier.Ticket, "B1", "B", checkin.In)) // A -> B
	wantPassback(t, k.scan("alice", verifier.Ticket, "B2", "B", checkin.In), "Already checked in at 14:03, gate B1")
	k.clock.Add(time.Minute)
	wantAccepted(t, k.scan("alice", verifier.Ticket, "A1", "A", checkin.In)) // B -> A
	wantAccepted(t, k.scan("alice", verifier.Ticket, "A1", "A", checkin.Out))
	wantAccepted(t, k.scan("alice", verifier.Ticket, "A1", "A", checkin.In))
	// Exits are never refused.
	wantAccepted(t, k.scan("alice", verifier.Ticket, "A1", "A", checkin.Out))
	wantAccepted(t, k.scan("alice", verifier.Ticket, "A1", "A", checkin.Out))
}

// TestPassbackScope is issue 14's reproduction: the same credential scanned
// at gate 1 (zone NORTH) and then at gate 2 (zone SOUTH) of one venue, on one
// log, with hard anti-passback, was accepted twice; a single-entry ticket
// was admitted once per zone. Presence and single entry are per venue by
// default now; per zone only with ScopeZone.
func TestPassbackScope(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rule  checkin.Rule
		typ   verifier.Type
		again string // the message of the second entry; "" accepted
	}{
		{"hard, venue", checkin.Rule{Mode: checkin.Hard}, verifier.Employee, "Already checked in at 14:02, gate 1"},
		{"single, venue", checkin.Rule{Mode: checkin.SingleEntry}, verifier.Ticket, "Ticket already used at 14:02, gate 1"},
		{"timed, venue", checkin.Rule{Mode: checkin.Timed}, verifier.Ticket, "Already checked in at 14:02, gate 1"},
		{"hard, zone", checkin.Rule{Mode: checkin.Hard, Scope: checkin.ScopeZone}, verifier.Employee, ""},
		{"single, zone", checkin.Rule{Mode: checkin.SingleEntry, Scope: checkin.ScopeZone}, verifier.Ticket, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tempLog(t)
			k := newKiosk(t, path, tc.rule)
			wantAccepted(t, k.scan("alice", tc.typ, "1", "NORTH", checkin.In))
			k.clock.Add(time.Minute)
			r := k.scan("alice", tc.typ, "2", "SOUTH", checkin.In)
			if tc.again == "" {
				wantAccepted(t, r)
			} else {
				wantPassback(t, r, tc.again)
			}
			// The state rebuilt from the log agrees.
			if err := k.l.Close(); err != nil {
				t.Fatal(err)
			}
			k2 := newKiosk(t, path, tc.rule)
			k2.clock.Add(2 * time.Minute)
			r = k2.scan("alice", tc.typ, "3", "EAST", checkin.In)
			if tc.again == "" {
				wantAccepted(t, r)
			} else if r.Decision.Accepted {
				t.Errorf("after reopening: accepted at a third gate")
			}
			// An exit at any gate of the venue lets a hard holder in again.
			if tc.rule.Mode == checkin.Hard && tc.rule.Scope == checkin.ScopeVenue {
				wantAccepted(t, k2.scan("alice", tc.typ, "1", "NORTH", checkin.Out))
				wantAccepted(t, k2.scan("alice", tc.typ, "2", "SOUTH", checkin.In))
			}
		})
	}
	if s, err := checkin.ParseScope("zone"); err != nil || s != checkin.ScopeZone || s.String() != "zone" {
		t.Errorf("ParseScope(zone) = %v, %v", s, err)
	}
	if s, err := checkin.ParseScope(""); err != nil || s != checkin.ScopeVenue || s.String() != "venue" {
		t.Errorf("ParseScope(\"\") = %v, %v", s, err)
	}
	if _, err := checkin.ParseScope("gate"); err == nil {
		t.Error("ParseScope(gate) succeeded")
	}
}

// TestRules: the most specific rule for venue and gate applies.
func TestRules(t *testing.T) {
	k := newKiosk(t, tempLog(t),
		checkin.Rule{Mode: checkin.Hard},
		checkin.Rule{Venue: "arena", Gate: "vip", Mode: checkin.Soft},
		checkin.Rule{Venue: "arena", Gate: "staff", Mode: checkin.Off},
		checkin.Rule{Venue: "other", Mode: checkin.Off},
	)
	wantAccepted(t, k.scan("alice", verifier.Ticket, "1", "", checkin.In))
	wantPassback(t, k.scan("alice", verifier.Ticket, "2", "", checkin.In), "Already checked in at 14:02, gate 1")
	wantAccepted(t, k.scan("alice", verifier.Ticket, "vip", "", checkin.In), checkin.WarnSoftPassback)
	wantAccepted(t, k.scan("alice", verifier.Ticket, "staff", "", checkin.In))
	other := record(t, k.l, checkin.Scan{Decision: accepted("alice", verifier.Ticket, "A"), Venue: "other", Gate: "1"})
	wantAccepted(t, other)
	other = record(t, k.l, checkin.Scan{Decision: accepted("alice", verifier.Ticket, "A"), Venue: "other", Gate: "1"})
	wantAccepted(t, other)
}

// TestRejectedDoesNotCount: a rejected decision is recorded but puts no one
// inside.
func TestRejectedDoesNotCount(t *testing.T) {
	k := newKiosk(t, tempLog(t), checkin.Rule{Mode: checkin.Hard})
	d := accepted("alice", verifier.Ticket, "Alice")
	d.Refuse(verifier.Reject(verifier.ReasonWrongZone, ""))
	r := record(t, k.l, checkin.Scan{Decision: d, Venue: "arena", Gate: "1"})
	if r.Entry.Accepted || r.Entry.Reason != verifier.ReasonWrongZone || r.Entry.Detail != "wrong zone" || r.Entry.Name != "Alice" {
		t.Errorf("entry %+v", r.Entry)
	}
	r = record(t, k.l, checkin.Scan{Decision: rejected(verifier.ReasonBadSignature), Venue: "arena", Gate: "1"})
	if r.Entry.CTI != nil || r.Entry.Reason != verifier.ReasonBadSignature {
		t.Errorf("entry %+v", r.Entry)
	}
	if _, err := k.l.Record(ctx, checkin.Scan{Decision: accepted("x", verifier.Ticket, "X"), Direction: "sideways"}); err == nil {
		t.Error("direction sideways recorded")
	}
	wantAccepted(t, k.scan("alice", verifier.Ticket, "1", "", checkin.In))
}

func TestAnnul(t *testing.T) {
	path := tempLog(t)
	k := newKiosk(t, path, checkin.Rule{Mode: checkin.Hard})
	if _, err := k.l.Annul(ctx, checkin.Annulment{KioskID: "kiosk-1", By: "staff PIN"}); !errors.Is(err, checkin.ErrNothingToAnnul) {
		t.Fatalf("annul on an empty log: %v", err)
	}
	first := k.scan("alice", verifier.Ticket, "1", "", checkin.In)
	k.scan("bob", verifier.Ticket, "2", "", checkin.In) // another kiosk
	record(t, k.l, checkin.Scan{Decision: rejected(verifier.ReasonExpired), Venue: "arena", Gate: "1", KioskID: "kiosk-1"})
	k.clock.Add(90 * time.Second)
	a, err := k.l.Annul(ctx, checkin.Annulment{KioskID: "kiosk-1", By: "staff PIN"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != checkin.KindAnnul || a.Ref != first.Entry.ID || a.Name != "Holder alice" || a.KioskID != "kiosk-1" {
		t.Errorf("annul record %+v", a)
	}
	if _, err := k.l.Annul(ctx, checkin.Annulment{KioskID: "kiosk-1", By: "staff PIN"}); !errors.Is(err, checkin.ErrNothingToAnnul) {
		t.Errorf("second annul: %v", err)
	}
	// Anti-passback forgot alice's entry, not bob's.
	wantAccepted(t, k.scan("alice", verifier.Ticket, "1", "", checkin.In))
	wantPassback(t, k.scan("bob", verifier.Ticket, "2", "", checkin.In), "Already checked in at 14:02, gate 2")
	// Too late.
	k.clock.Add(2*time.Minute + time.Second)
	if _, err := k.l.Annul(ctx, checkin.Annulment{KioskID: "kiosk-1", By: "staff PIN"}); !errors.Is(err, checkin.ErrAnnulTooLate) {
		t.Errorf("late annul: %v", err)
	}
	if _, err := k.l.Annul(ctx, checkin.Annulment{KioskID: "kiosk-1", Within: 5 * time.Minute, By: "staff PIN"}); err != nil {
		t.Errorf("annul within 5 minutes: %v", err)
	}
	// After a restart alice is still not inside, bob still is.
	k.l.Close()
	k = newKiosk(t, path, checkin.Rule{Mode: checkin.Hard})
	wantAccepted(t, k.scan("alice", verifier.Ticket, "1", "", checkin.In))
	wantPassback(t, k.scan("bob", verifier.Ticket, "2", "", checkin.In), "Already checked in at 14:02, gate 2")
	st, err := k.l.Stats(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Annulled != 2 {
		t.Errorf("stats %+v", st)
	}
}

// TestAnnulRestoresEarlierState: annulling a re-entry after an exit puts
// the holder back outside, not inside twice.
func TestAnnulRestoresEarlierState(t *testing.T) {
	k := newKiosk(t, tempLog(t), checkin.Rule{Mode: checkin.Hard})
	wantAccepted(t, k.scan("alice", verifier.Ticket, "1", "", checkin.In))
	wantAccepted(t, k.scan("alice", verifier.Ticket, "1", "", checkin.Out))
	k.clock.Add(time.Minute)
	wantAccepted(t, k.scan("alice", verifier.Ticket, "1", "", checkin.In))
	if _, err := k.l.Annul(ctx, checkin.Annulment{KioskID: "kiosk-1", By: "staff PIN"}); err != nil {
		t.Fatal(err)
	}
	wantAccepted(t, k.scan("alice", verifier.Ticket, "1", "", checkin.In))
	wantPassback(t, k.scan("alice", verifier.Ticket, "1", "", checkin.In), "Already checked in at 14:03, gate 1")
}

func TestRecordGate(t *testing.T) {
	k := newKiosk(t, tempLog(t), checkin.Rule{Mode: checkin.Hard})
	r := k.scan("alice", verifier.Ticket, "1", "", checkin.In)
	g, err := k.l.RecordGate(ctx, r.Entry.ID, &gate.Error{Err: errors.New("controller answered 503")})
	if err != nil {
		t.Fatal(err)
	}
	if g.Kind != checkin.KindGate || g.Accepted || g.Ref != r.Entry.ID || g.Detail != "gate did not open: controller answered 503" {
		t.Errorf("gate record %+v", g)
	}
	// The gate did not open: alice may scan again.
	r = k.scan("alice", verifier.Ticket, "1", "", checkin.In)
	wantAccepted(t, r)
	if g, err = k.l.RecordGate(ctx, r.Entry.ID, nil); err != nil || !g.Accepted || g.Detail != "gate opened" {
		t.Fatalf("%+v, %v", g, err)
	}
	wantPassback(t, k.scan("alice", verifier.Ticket, "1", "", checkin.In), "Already checked in at 14:02, gate 1")
	if _, err := k.l.RecordGate(ctx, "no-such-id", nil); !errors.Is(err, checkin.ErrUnknownRecord) {
		t.Errorf("unknown record: %v", err)
	}
	st, _ := k.l.Today(ctx)
	if st.GateFailures != 1 || st.Entries != 1 {
		t.Errorf("stats %+v", st)
	}
}

// An EU DCC has no cti: the log names its holder and certificate id, and
// anti-passback keys on the certificate id.
func TestDCCPassback(t *testing.T) {
	k := newKiosk(t, tempLog(t), checkin.Rule{Mode: checkin.Hard})
	dccDecision := func(uvci string) verifier.Decision {
		return verifier.Decision{Accepted: true, Profile: verifier.ProfileDCC, DCC: &dcc.Certificate{
			Issuer: "DE", Type: dcc.TypeVaccination,
			Health: &dcc.HealthCertificate{Name: dcc.Name{GivenName: "Erika", FamilyName: "Mustermann"},
				Vaccinations: []dcc.Vaccination{{ID: uvci}}},
		}}
	}
	scan := func(uvci string) checkin.Result {
		return record(t, k.l, checkin.Scan{Decision: dccDecision(uvci), Venue: "arena", Gate: "3", KioskID: "k", Time: k.clock.Now()})
	}
	first := scan("URN:UVCI:01DE/A/1")
	wantAccepted(t, first)
	if first.Entry.Name != "Erika Mustermann" || first.Entry.Sub != "URN:UVCI:01DE/A/1" || first.Entry.Iss != "DE" || len(first.Entry.CTI) != 16 {
		t.Fatalf("entry %+v", first.Entry)
	}
	k.clock.Add(time.Minute)
	wantPassback(t, scan("URN:UVCI:01DE/A/1"), "Already checked in at 14:02, gate 3")
	wantAccepted(t, scan("URN:UVCI:01DE/A/2"))
}
