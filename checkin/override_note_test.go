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
