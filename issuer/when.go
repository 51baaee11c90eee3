package issuer

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // LoadZone works on systems without a zone database
)

// ParseWhen reads a time as the command line gives it: RFC 3339, a date
// (midnight UTC), or a duration from now such as 30d, 36h, 2w, 1y or -7d
// (ParseDuration).
func ParseWhen(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, err := ParseDuration(s); err == nil {
		return now.Add(d), nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time; use RFC 3339 (2026-12-31T00:00:00Z), a date (2026-12-31) or a duration from now (30d, 12h, 1y)", s)
}

// ParseValidity reads a validity time (an expiry or valid-from): what
// ParseTime reads in loc, a date meaning the end of that day when endOfDay
// is set and its start otherwise, or a duration from now such as 30d or 1y.
func ParseValidity(s string, now time.Time, loc *time.Location, endOfDay bool) (time.Time, error) {
	t, err := ParseTime(s, loc, endOfDay)
	if err == nil {
		return t, nil
	}
	if d, derr := ParseDuration(strings.TrimSpace(s)); derr == nil {
		return now.Add(d), nil
	}
	return time.Time{}, fmt.Errorf("%v, or a duration from now (30d, 12h, 1y)", err)
}

// LoadZone reads a time zone for dates: an IANA zone name, or the
// machine's local zone when name is empty. The zone database is embedded.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || strings.EqualFold(name, "local") {
		return nil, fmt.Errorf("unknown time zone %q; use an IANA name such as Europe/Berlin or Asia/Seoul, or UTC", name)
	}
	return loc, nil
}

// ParseDuration extends time.ParseDuration with whole days (d), weeks (w)
// and years of 365 days (y).
func ParseDuration(s string) (time.Duration, error) {
	units := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}
	if n := len(s); n > 1 {
		if unit, ok := units[s[n-1]]; ok {
			v, err := strconv.ParseInt(s[:n-1], 10, 32)
			if err != nil {
				return 0, err
			}
			return time.Duration(v) * unit, nil
		}
	}
	return time.ParseDuration(s)
}
