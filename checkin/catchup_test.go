package checkin

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/venuepass/venuepass/verifier"
)

// TestCatchUpIncremental: a writer that catches up with another's records
// (entries, exits, an annulment, a gate that did not open, a checkpoint)
// reads only those, and ends with the state a full reload gives.
func TestCatchUpIncremental(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.vplog")
	now := time.Date(2026, 6, 13, 14, 0, 0, 0, time.UTC)
	opts := Options{Rules: []Rule{{Mode: Hard}}, Now: func() time.Time { return now }}
	a, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	scan := func(l *Log, cti string, dir Direction, kiosk string) Result {
		t.Helper()
		r, err := l.Record(ctx, Scan{Decision: verifier.Decision{Accepted: true, Credential: &verifier.Credential{
			Type: verifier.Ticket, Name: cti, Iss: "acme", CTI: []byte(cti)}}, Venue: "arena", Direction: dir, KioskID: kiosk, Time: now})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	scan(a, "alice", In, "ka")
	for i := 0; i < 5; i++ {
		scan(b, fmt.Sprint("b", i), In, "kb")
	}
	if _, err := b.Annul(ctx, Annulment{KioskID: "kb", Within: time.Hour, By: "staff PIN"}); err != nil { // b4's entry
		t.Fatal(err)
	}
	scan(b, "b1", Out, "kb")
	r := scan(b, "carol", In, "kb")
	if _, err := b.RecordGate(ctx, r.Entry.ID, fmt.Errorf("jammed")); err != nil {
		t.Fatal(err)
	}
	if err := b.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	// a catches up: b0 is inside, b1 left, carol and b4 are forgotten.
	if got := scan(a, "b0", In, "ka"); got.Decision.Accepted {
		t.Error("a did not see b0's entry")
	}
	for _, cti := range []string{"b1", "carol", "b4"} {
		if got := scan(a, cti, In, "ka"); !got.Decision.Accepted {
			t.Errorf("%s refused after catch-up: %v", cti, got.Decision.Err)
		}
	}
	if err := a.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	fresh, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if a.headSeq != fresh.headSeq || !reflect.DeepEqual(a.head, fresh.head) {
		t.Errorf("head %d, a full reload says %d", a.headSeq, fresh.headSeq)
	}
	if !reflect.DeepEqual(a.idx, fresh.idx) {
		t.Errorf("anti-passback state after catch-up differs from a full reload:\n%+v\n%+v", a.idx, fresh.idx)
	}
}
