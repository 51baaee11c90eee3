package issuer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
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
