package checkin

import (
	"fmt"
	"time"

	"github.com/venuepass/venuepass/issuer"
)

// Span is the time span of a query over logs (Source.Stats, ExportCSV) as
// people type it: From and To are RFC 3339 times, dates or durations from
// now (issuer.ParseWhen), each named by its flag (--from, --to) in errors.
type Span struct {
	From, To string
}

// Parse returns the span [lo, hi): lo is def when From is empty, hi is
// zero (no end) when To is empty.
func (s Span) Parse(now, def time.Time) (lo, hi time.Time, err error) {
	lo = def
	if s.From != "" {
		if lo, err = issuer.ParseWhen(s.From, now); err != nil {
			return lo, hi, fmt.Errorf("--from: %v", err)
		}
	}
	if s.To != "" {
		if hi, err = issuer.ParseWhen(s.To, now); err != nil {
			return lo, hi, fmt.Errorf("--to: %v", err)
		}
	}
	return lo, hi, nil
}

// ParseOrdered is Parse, refusing a span whose end is not after its
// start.
func (s Span) ParseOrdered(now, def time.Time) (lo, hi time.Time, err error) {
	if lo, hi, err = s.Parse(now, def); err != nil {
		return lo, hi, err
	}
	if !lo.IsZero() && !hi.IsZero() && !hi.After(lo) {
		return lo, hi, fmt.Errorf("--to %s is not after --from %s", hi.UTC().Format(time.RFC3339), lo.UTC().Format(time.RFC3339))
	}
	return lo, hi, nil
}
