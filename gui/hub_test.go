package gui

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/verifier"
)

func hubTicket(n int) verifier.Decision {
	return verifier.Decision{Accepted: true, Profile: verifier.ProfileVP, Credential: &verifier.Credential{
		Type: verifier.Ticket, Name: fmt.Sprintf("Fan %d", n), Iss: "city-arena", CTI: []byte(fmt.Sprintf("ticket-%d", n)),
		Expires: time.Now().Add(24 * time.Hour),
	}}
}

// TestKioskLogsOnHub: two kiosks' check-in logs joined to a real hub, with
// their own gate credentials and single-entry tickets. A ticket entered at
// kiosk 1 is refused at kiosk 2 (whose own log never saw it), naming gate
// 1; the counters each kiosk shows are the venue's (entries and refusals
// at both gates), not its own log's; every record reaches the hub. With
// the hub gone a kiosk decides on its own log, the verdict carries
// "offline" and the counters are its own again.
func TestKioskLogsOnHub(t *testing.T) {
	store, dir := t.TempDir(), t.TempDir()
	var creds []string
	for _, g := range []string{"1", "2"} {
		c := filepath.Join(dir, "gate-"+g+".nk")
		if err := hub.AddGate(store, g, c); err != nil {
			t.Fatal(err)
		}
		creds = append(creds, c)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	s, err := hub.Start(context.Background(), hub.Config{Store: store, Listen: listen})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// One instant for every record and count: on the wall clock, a run
	// across midnight would split the day's counts.
	now := time.Now()
	clock := func() time.Time { return now }
	logs := make([]*checkinLog, 2)
	for i := range logs {
		logs[i], err = openCheckinLog(checkinOptions{Path: filepath.Join(dir, fmt.Sprintf("kiosk-%d.vplog", i+1)),
			KioskID: fmt.Sprintf("kiosk-%d", i+1), Passback: passbackRule{Mode: passbackSingle}, Now: clock,
			Hub: HubOptions{URL: s.URL(), Creds: creds[i], Timeout: 2 * time.Second, Venue: "city-arena"}})
		if err != nil {
			t.Fatal(err)
		}
		defer logs[i].Close()
	}
	ctx := context.Background()
	record := func(i int, d verifier.Decision) verdict {
		t.Helper()
		v, err := logs[i].Record(ctx, logScan{Decision: d, Venue: "city-arena", Gate: fmt.Sprint(i + 1), Direction: "in"})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v := record(0, hubTicket(1))
	if !v.Decision.Accepted || len(v.Decision.Warnings) > 0 {
		t.Fatalf("kiosk 1: %+v", v.Decision)
	}
	v = record(1, hubTicket(1))
	if v.Decision.Accepted || v.Decision.Reason != verifier.ReasonAlreadyCheckedIn || v.Prior == nil || v.Prior.Gate != "1" {
		t.Fatalf("kiosk 2, the ticket kiosk 1 admitted: %+v prior %+v", v.Decision, v.Prior)
	}
	// The kiosk recounts after each verdict (off the UI goroutine): on a
	// hub, the venue's counts.
	if c, err := logs[1].Recount(t.Context(), now); err != nil || c != (dayCounts{Accepted: 1, Rejected: 1, Inside: 1, Exact: true}) {
		t.Errorf("kiosk 2's recount %+v %v, want the venue's: 1 entered, 1 refused, 1 inside", c, err)
	}
	v = record(1, hubTicket(2))
	// With the verdict: the venue's last counts and this entry, until the
	// recount.
	if !v.Decision.Accepted || v.Today != (dayCounts{Accepted: 2, Rejected: 1, Inside: 1}) {
		t.Errorf("kiosk 2, a new ticket: %+v, counters %+v", v.Decision, v.Today)
	}
	if c, err := logs[1].Recount(t.Context(), now); err != nil || c != (dayCounts{Accepted: 2, Rejected: 1, Inside: 2, Exact: true}) {
		t.Errorf("kiosk 2's recount %+v %v, want 2 entered, 1 refused, 2 inside", c, err)
	}
	if c, err := logs[0].Recount(t.Context(), now); err != nil || c != (dayCounts{Accepted: 2, Rejected: 1, Inside: 2, Exact: true}) {
		t.Errorf("kiosk 1's recount: %+v %v, want the venue's", c, err)
	}

	office, err := hub.Connect(s.URL(), hub.Options{Creds: hub.OfficeCreds(store)})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	es, err := office.Records(ctx, "city-arena")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	for i, l := range logs {
		own, err := l.log.Since(ctx, 0, 100)
		if err != nil || len(own) == 0 {
			t.Fatalf("kiosk %d's log: %d records, %v", i+1, len(own), err)
		}
		for _, e := range own {
			if !slices.Contains(ids, e.ID) {
				t.Errorf("record %s of kiosk %d is not on the hub", e.ID, i+1)
			}
		}
	}
	if len(ids) != 3 {
		t.Errorf("the hub holds %d records, want 3", len(ids))
	}

	s.Close()
	pumpUntil(t, "kiosk 1 to notice the hub is gone", logs[0].HubOffline)
	v = record(0, hubTicket(3))
	if !v.Decision.Accepted || !slices.Contains(v.Decision.Warnings, checkin.WarnOffline) || kindOf(v) != kindWarn {
		t.Errorf("kiosk 1 with the hub away: %+v", v.Decision)
	}
	// Its own log: tickets 1 and 3 entered, nothing refused (the running
	// count, not the venue's 3 entries and 1 refusal).
	if v.Today.Accepted != 2 || v.Today.Rejected != 0 {
		t.Errorf("kiosk 1's counters with the hub away: %+v, want its own log's 2 entered, 0 refused", v.Today)
	}
}
