package checkin_test

import (
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/verifier"
)

func TestAnnulNote(t *testing.T) {
	clk := newClock()
	l := open(t, tempLog(t), checkin.Options{Now: clk.Now})
	r := record(t, l, checkin.Scan{Decision: accepted("kim", verifier.Ticket, "Kim Min-jun"), Gate: "3", KioskID: "k1"})
	e, err := l.Annul(ctx, checkin.Annulment{KioskID: "k1", Within: time.Minute, By: "admin PIN"})
	if err != nil {
		t.Fatal(err)
	}
	want := "annulled the entry of Kim Min-jun (ticket) at gate 3, kiosk k1 (record " + r.Entry.ID +
		"), authorised by admin PIN: anti-passback forgets it, the holder may scan again"
	if got := e.AnnulNote(); got != want {
		t.Errorf("AnnulNote:\n got %s\nwant %s", got, want)
	}
	// A code without an id, at a kiosk without a gate name.
	clk.Add(time.Second)
	r = record(t, l, checkin.Scan{Decision: verifier.Decision{Accepted: true, Profile: verifier.ProfileVP, Credential: &verifier.Credential{Type: verifier.Ticket}}, KioskID: "k1"})
	if e, err = l.Annul(ctx, checkin.Annulment{KioskID: "k1", Within: time.Minute, By: "Lee"}); err != nil {
		t.Fatal(err)
	}
	want = "annulled the entry of an unidentified code, kiosk k1 (record " + r.Entry.ID + "), authorised by Lee: anti-passback forgets it, the holder may scan again"
	if got := e.AnnulNote(); got != want {
		t.Errorf("AnnulNote:\n got %s\nwant %s", got, want)
	}
}
