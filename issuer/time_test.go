package issuer_test

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/venuepass/venuepass/issuer"
)

func TestParseTime(t *testing.T) {
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in       string
		loc      *time.Location
		endOfDay bool
		want     string // RFC 3339 in UTC
	}{
		// A date alone is the whole day in the issuer's zone.
		{"2027-03-31", seoul, true, "2027-03-31T14:59:59Z"},
		{"2027-03-31", seoul, false, "2027-03-30T15:00:00Z"},
		{"2027-03-31", time.UTC, true, "2027-03-31T23:59:59Z"},
		{"2027-03-31", time.UTC, false, "2027-03-31T00:00:00Z"},
		{" 2027-03-31 ", ny, true, "2027-04-01T03:59:59Z"},
		// Days with a daylight saving change: 23 and 25 hours.
		{"2027-03-28", berlin, true, "2027-03-28T21:59:59Z"},
		{"2027-03-28", berlin, false, "2027-03-27T23:00:00Z"},
		{"2027-10-31", berlin, true, "2027-10-31T22:59:59Z"},
		// A wall-clock time is in the zone; endOfDay does not move it.
		{"2027-03-31T18:30", seoul, true, "2027-03-31T09:30:00Z"},
		{"2027-03-31 18:30:15", seoul, false, "2027-03-31T09:30:15Z"},
		{"2027-03-31T00:00:00", seoul, true, "2027-03-30T15:00:00Z"},
		// An explicit offset wins over the zone.
		{"2027-03-31T23:00:00+09:00", berlin, true, "2027-03-31T14:00:00Z"},
		{"2027-03-31T00:00:00Z", seoul, true, "2027-03-31T00:00:00Z"},
	} {
		got, err := issuer.ParseTime(tc.in, tc.loc, tc.endOfDay)
		if err != nil {
			t.Errorf("ParseTime(%q, %s, %v): %v", tc.in, tc.loc, tc.endOfDay, err)
			continue
		}
		if s := got.UTC().Format(time.RFC3339); s != tc.want {
			t.Errorf("ParseTime(%q, %s, %v) = %s, want %s", tc.in, tc.loc, tc.endOfDay, s, tc.want)
		}
		// The printed day of a date is the day written.
		if len(strings.TrimSpace(tc.in)) == 10 {
			if d := got.In(tc.loc).Format(time.DateOnly); d != strings.TrimSpace(tc.in) {
				t.Errorf("ParseTime(%q) in %s is on %s", tc.in, tc.loc, d)
			}
		}
	}
}

func TestParseTimeIssue15(t *testing.T) {
	// The issue's example: --expires 2027-03-31 --tz Asia/Seoul is
	// accepted at 23:00 KST on the day and expired at 00:10 KST the next.
	seoul, _ := time.LoadLocation("Asia/Seoul")
	exp, err := issuer.ParseTime("2027-03-31", seoul, true)
	if err != nil {
		t.Fatal(err)
	}
	late := time.Date(2027, 3, 31, 23, 0, 0, 0, seoul)
	after := time.Date(2027, 4, 1, 0, 10, 0, 0, seoul)
	if !late.Before(exp) || !after.After(exp.Add(5*time.Minute)) {
		t.Errorf("expiry %s: want after %s and more than the skew before %s", exp, late, after)
	}
}

func TestParseTimeNilIsLocal(t *testing.T) {
	got, err := issuer.ParseTime("2027-03-31", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 3, 31, 0, 0, 0, 0, time.Local); !got.Equal(want) {
		t.Errorf("nil zone: got %s, want %s", got, want)
	}
}

func TestParseTimeErrors(t *testing.T) {
	for _, in := range []string{"", "tomorrow", "2027-02-30", "2027-13-01", "31.03.2027", "2027-03-31T25:00", "365d"} {
		_, err := issuer.ParseTime(in, time.UTC, true)
		if err == nil {
			t.Errorf("ParseTime(%q) accepted", in)
			continue
		}
		if !strings.Contains(err.Error(), "use a date (2027-03-31, the whole day in UTC)") {
			t.Errorf("ParseTime(%q): unhelpful error %q", in, err)
		}
	}
}
