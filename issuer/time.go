package issuer

import (
	"fmt"
	"strings"
	"time"
)

// localLayouts are the wall-clock forms ParseTime reads in the issuer's
// zone: a time without an offset means the time on the venue's clocks.
var localLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
}

// ParseTime reads a validity time the way people write it:
//
//   - RFC 3339 with an offset or Z ("2027-03-31T23:00:00+09:00") is that
//     instant;
//   - a date and time without an offset ("2027-03-31T18:30" or
//     "2027-03-31 18:30:00") is that wall-clock time in loc;
//   - a date alone ("2027-03-31") is the whole day in loc: its last second
//     (23:59:59) when endOfDay is set, as for an expiry, and its first
//     (00:00:00) otherwise, as for a valid-from time.
//
// So "--expires 2027-03-31" with loc Asia/Seoul is accepted until 23:59:59
// KST on 31 March and a card printed in that zone says 31 Mar 2027. A nil loc
// is the machine's local zone. Days with a daylight saving change are
// handled: the end of a day is one second before the next day's start.
func ParseTime(s string, loc *time.Location, endOfDay bool) (time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		if endOfDay {
			y, m, day := d.Date()
			return time.Date(y, m, day+1, 0, 0, 0, 0, loc).Add(-time.Second), nil
		}
		return d, nil
	}
	for _, layout := range localLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time; use a date (2027-03-31, the whole day in %s), a local time (2027-03-31T18:30) or RFC 3339 (2027-03-31T18:30:00+09:00)", s, zoneName(loc))
}

// zoneName names loc for messages: its IANA name, or "the local zone".
func zoneName(loc *time.Location) string {
	if n := loc.String(); n != "" && n != "Local" {
		return n
	}
	return "the local time zone"
}
