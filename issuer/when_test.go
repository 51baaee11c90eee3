package issuer

import (
	"strings"
	"testing"
	"time"
)

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"2026-12-31T10:00:00+09:00": time.Date(2026, 12, 31, 1, 0, 0, 0, time.UTC),
		"2026-12-31":                time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
		" 30d ":                     now.Add(30 * 24 * time.Hour),
		"-7d":                       now.Add(-7 * 24 * time.Hour),
		"2w":                        now.Add(14 * 24 * time.Hour),
		"1y":                        now.Add(365 * 24 * time.Hour),
		"36h":                       now.Add(36 * time.Hour),
	} {
		got, err := ParseWhen(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseWhen(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "tomorrow", "30x", "d", "99999999999d"} {
		if _, err := ParseWhen(bad, now); err == nil || !strings.Contains(err.Error(), "cannot read") {
			t.Errorf("ParseWhen(%q): %v, want an error", bad, err)
		}
	}
}

func TestParseValidity(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	seoul, err := LoadZone("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseValidity("2027-03-31", now, seoul, true)
	if want := time.Date(2027, 3, 31, 23, 59, 59, 0, seoul); err != nil || !got.Equal(want) {
		t.Errorf("end of day in Seoul: %v, %v; want %v", got, err, want)
	}
	if got, err := ParseValidity("1y", now, seoul, true); err != nil || !got.Equal(now.Add(365*24*time.Hour)) {
		t.Errorf("1y: %v, %v", got, err)
	}
	if _, err := ParseValidity("soon", now, seoul, false); err == nil || !strings.HasSuffix(err.Error(), "or a duration from now (30d, 12h, 1y)") {
		t.Errorf("soon: %v", err)
	}
	if loc, err := LoadZone(""); err != nil || loc != time.Local {
		t.Errorf(`LoadZone(""): %v, %v`, loc, err)
	}
	for _, bad := range []string{"Mars/Olympus", "local", "Local"} {
		if _, err := LoadZone(bad); err == nil {
			t.Errorf("LoadZone(%q) accepted", bad)
		}
	}
}
