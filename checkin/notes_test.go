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

func TestChainLines(t *testing.T) {
	rep := &checkin.ChainReport{Records: 3, Checkpoints: 1, LastCheckpoint: 3, SignaturesChecked: true, Witnessed: 2,
		LastCheckpointTime: time.Date(2026, 6, 13, 14, 2, 0, 0, time.UTC)}
	if got, want := rep.Line("gate1.vplog", false), "gate1.vplog: ok: "+rep.Summary(); got != want {
		t.Errorf("Line: %q, want %q", got, want)
	}
	if got, want := rep.Line("gate1.vplog", true), "gate1.vplog: ok: "+rep.Summary()+"; matches the witness up to record 2"; got != want {
		t.Errorf("Line witnessed: %q, want %q", got, want)
	}
	ce := &checkin.ChainError{Seq: 7, ID: "x", Problem: "its hash does not match"}
	if got, want := ce.Line("gate1.vplog"), "gate1.vplog: broken: "+ce.Describe(); got != want {
		t.Errorf("ChainError.Line: %q, want %q", got, want)
	}
}
