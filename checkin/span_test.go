package checkin_test

import (
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
)

func TestSpan(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	def := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		span    checkin.Span
		lo, hi  time.Time
		ordered bool // ParseOrdered gives the same
	}{
		{checkin.Span{}, def, time.Time{}, true},
		{checkin.Span{From: "2026-05-30"}, time.Date(2026, 5, 30, 0, 0, 0, 0, time.UTC), time.Time{}, true},
		{checkin.Span{From: "-2d", To: "2026-06-01T08:00:00Z"}, now.Add(-48 * time.Hour), time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC), true},
		{checkin.Span{To: "2026-05-31"}, def, time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC), false},
	} {
		lo, hi, err := tc.span.Parse(now, def)
		if err != nil || !lo.Equal(tc.lo) || !hi.Equal(tc.hi) {
			t.Errorf("%+v: Parse = %v, %v, %v; want %v, %v", tc.span, lo, hi, err, tc.lo, tc.hi)
		}
		_, _, err = tc.span.ParseOrdered(now, def)
		if (err == nil) != tc.ordered {
			t.Errorf("%+v: ParseOrdered error %v, want ordered %v", tc.span, err, tc.ordered)
		}
	}
	// No start: any end is after it.
	if _, _, err := (checkin.Span{To: "2020-01-01"}).ParseOrdered(now, time.Time{}); err != nil {
		t.Errorf("open start: %v", err)
	}
	for _, tc := range []struct {
		span checkin.Span
		want string
	}{
		{checkin.Span{From: "yesterday-ish"}, "--from: "},
		{checkin.Span{From: "2026-06-01", To: "soon"}, "--to: "},
		{checkin.Span{From: "2026-06-01T10:00:00+02:00", To: "2026-06-01T08:00:00Z"}, "--to 2026-06-01T08:00:00Z is not after --from 2026-06-01T08:00:00Z"},
	} {
		_, _, err := tc.span.ParseOrdered(now, def)
		if err == nil || len(err.Error()) < len(tc.want) || err.Error()[:len(tc.want)] != tc.want {
			t.Errorf("%+v: ParseOrdered error %v, want %q...", tc.span, err, tc.want)
		}
	}
	// Parse alone does not check the order.
	if _, _, err := (checkin.Span{From: "2026-06-02", To: "2026-06-01"}).Parse(now, def); err != nil {
		t.Errorf("Parse checked the order: %v", err)
	}
}
