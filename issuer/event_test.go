package issuer_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/verifier"
)

func TestParseEventTimes(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	s, d, err := issuer.ParseEventTimes("2026-10-31T18:30", "17:00", seoul, issuer.EventFlags)
	if err != nil {
		t.Fatal(err)
	}
	if s.Format(time.RFC3339) != "2026-10-31T18:30:00+09:00" || d.Format(time.RFC3339) != "2026-10-31T17:00:00+09:00" {
		t.Errorf("start %s doors %s", s, d)
	}
	// A date and time for doors, and either left out.
	if _, d, err := issuer.ParseEventTimes("2026-10-31T18:30", "2026-10-31T16:45", seoul, issuer.EventFlags); err != nil || d.Hour() != 16 {
		t.Errorf("doors as a date and time: %v %v", d, err)
	}
	if s, d, err := issuer.ParseEventTimes("", "", seoul, issuer.EventFlags); err != nil || !s.IsZero() || !d.IsZero() {
		t.Errorf("nothing: %v %v %v", s, d, err)
	}
	for _, c := range []struct {
		start, doors string
		names        issuer.EventNames
		want         string
	}{
		{"tomorrow", "", issuer.EventFlags, "--event-date: cannot read"},
		{"", "17:00", issuer.EventFlags, "--doors 17:00 is a time of day; give the day with --event-date"},
		{"", "17:00", issuer.EventColumns, "doors 17:00 is a time of day; give the day with event_date"},
		{"2026-10-31T18:30", "19:00", issuer.EventColumns, "doors 19:00 is after the event starts (event_date 2026-10-31T18:30)"},
		{"2026-10-31", "soon", issuer.EventFlags, "--doors: cannot read"},
	} {
		if _, _, err := issuer.ParseEventTimes(c.start, c.doors, seoul, c.names); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q %q: want %q, got %v", c.start, c.doors, c.want, err)
		}
	}
}

// TestBatchEvents: a batch's event_date and doors columns reach the
// manifest, as times with their offset, and printing reads them back.
func TestBatchEvents(t *testing.T) {
	seoul, _ := time.LoadLocation("Asia/Seoul")
	rows, err := issuer.ParseBatch("t.csv", []byte("name,event_date,doors\n김민준,2027-03-31T18:30,17:00\nLee,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	events, err := issuer.Events(rows, seoul)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Doors.Format(time.RFC3339) != "2027-03-31T17:00:00+09:00" || !events[1].IsZero() {
		t.Fatalf("events %v", events)
	}
	if ev, err := issuer.Events(rows[1:], seoul); err != nil || ev != nil {
		t.Errorf("no events: %v %v", ev, err)
	}

	key, _ := issuer.GenerateKey(issuer.EdDSA)
	b := issuer.Batch{Rows: rows, Defaults: map[string]string{"iss": "acme", "type": "ticket", "expires": "2027-04-30"}, Now: batchNow, Loc: seoul, LoadKey: noHolder}
	issued, err := key.IssueBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	// IssueBatch hands back the events it read.
	if len(issued.Events) != 2 || !issued.Events[0].Doors.Equal(events[0].Doors) || !issued.Events[1].IsZero() {
		t.Fatalf("issued events %v", issued.Events)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := issuer.SaveBatch(dir, issued.Creds, issued.Texts, issuer.SaveOptions{Events: issued.Events}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, issuer.ManifestName))
	if !strings.HasPrefix(string(data), "holder,cti,file,event_date,doors\n") || !strings.Contains(string(data), ",2027-03-31T18:30:00+09:00,2027-03-31T17:00:00+09:00\n") {
		t.Errorf("manifest:\n%s", data)
	}
	items, err := printing.ReadManifest(filepath.Join(dir, issuer.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if !items[0].EventStart.Equal(events[0].Start) || !items[0].DoorsOpen.Equal(events[0].Doors) || !items[1].EventStart.IsZero() {
		t.Errorf("read back %v %v %v", items[0].EventStart, items[0].DoorsOpen, items[1].EventStart)
	}

	// A bad row stops the batch before anything is prepared or signed.
	rows, _ = issuer.ParseBatch("t.csv", []byte("name,doors\nKim,17:00\n"))
	b.Rows, b.Prepare = rows, func([]*verifier.Credential) error { t.Error("prepared a bad batch"); return nil }
	var re *issuer.RowError
	if _, err := key.IssueBatch(b); !errors.As(err, &re) || !strings.HasPrefix(err.Error(), "t.csv line 2: doors 17:00 is a time of day; give the day with event_date") {
		t.Errorf("bad row: %v", err)
	}
}
