package checkin

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/venuepass/venuepass/verifier"
)

// A staff override's note is kept in the accepted record's detail, and the
// record is flagged as an override even without a prior entry.
func TestOverrideNote(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "g.vplog"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	d := verifier.Decision{Accepted: true, Credential: &verifier.Credential{CTI: []byte("0123456789abcdef"), Iss: "acme", Sub: "T-1", Type: verifier.Ticket}}
	r, err := l.Record(t.Context(), Scan{Decision: d, Gate: "G", Time: time.Now(), Override: true, Note: "override: known staff member; authorised by PIN"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Entry.Override || r.Entry.Detail != "override: known staff member; authorised by PIN" {
		t.Errorf("entry: override %v, detail %q", r.Entry.Override, r.Entry.Detail)
	}
	r, err = l.Record(t.Context(), Scan{Decision: d, Gate: "G", Time: time.Now(), Note: "ignored"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Entry.Override || r.Entry.Detail != "" {
		t.Errorf("without Override: override %v, detail %q", r.Entry.Override, r.Entry.Detail)
	}
}

// Anti-passback per credential type: staff badges come and go, tickets
// stay single-entry, at the same gate.
func TestRulesPerType(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "g.vplog"), Options{Rules: []Rule{
		{Mode: Hard},
		{Mode: Off, Types: []verifier.Type{verifier.Employee}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	badge := verifier.Decision{Accepted: true, Credential: &verifier.Credential{CTI: []byte("badge-0123456789"), Iss: "acme", Sub: "E-1", Type: verifier.Employee}}
	ticket := verifier.Decision{Accepted: true, Credential: &verifier.Credential{CTI: []byte("ticket-123456789"), Iss: "acme", Sub: "T-1", Type: verifier.Ticket}}
	for i, c := range []struct {
		d    verifier.Decision
		want bool
	}{{badge, true}, {badge, true}, {ticket, true}, {ticket, false}} {
		r, err := l.Record(t.Context(), Scan{Decision: c.d, Gate: "G", Time: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if r.Decision.Accepted != c.want {
			t.Errorf("scan %d (%v): accepted %v, want %v", i+1, c.d.Credential.Type, r.Decision.Accepted, c.want)
		}
	}
}
