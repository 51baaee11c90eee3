package issuer

import (
	"fmt"
	"strings"
	"time"
)

// EventNames name the two inputs of ParseEventTimes in its errors: the
// flags "--event-date" and "--doors", or a batch's columns "event_date"
// and "doors".
type EventNames struct{ Start, Doors string }

// Flag and column names of the event inputs, for ParseEventTimes.
var (
	EventFlags   = EventNames{Start: "--event-date", Doors: "--doors"}
	EventColumns = EventNames{Start: "event_date", Doors: "doors"}
)

// ParseEventTimes reads when a ticket's event starts and when its doors
// open, for printing (a credential carries only an event id and its
// validity). Either may be empty, giving a zero time. start is read by
// ParseTime in loc; doors too, or as a time of day ("17:00") on the
// event's day, which then must be given. Doors after the start are an
// error. Errors name the inputs by names.
func ParseEventTimes(start, doors string, loc *time.Location, names EventNames) (time.Time, time.Time, error) {
	if loc == nil {
		loc = time.Local
	}
	var s, d time.Time
	var err error
	if start != "" {
		if s, err = ParseTime(start, loc, false); err != nil {
			return s, d, fmt.Errorf("%s: %v", names.Start, err)
		}
	}
	if doors != "" {
		if hm, herr := time.Parse("15:04", strings.TrimSpace(doors)); herr == nil {
			if s.IsZero() {
				return s, d, fmt.Errorf("%s %s is a time of day; give the day with %s, or a date and time (2026-10-31T17:00)", names.Doors, doors, names.Start)
			}
			y, m, day := s.In(loc).Date()
			d = time.Date(y, m, day, hm.Hour(), hm.Minute(), 0, 0, loc)
		} else if d, err = ParseTime(doors, loc, false); err != nil {
			return s, d, fmt.Errorf("%s: %v", names.Doors, err)
		}
		if !s.IsZero() && d.After(s) {
			return s, d, fmt.Errorf("%s %s is after the event starts (%s %s)", names.Doors, doors, names.Start, start)
		}
	}
	return s, d, nil
}

// Event is when a ticket's event starts and its doors open, printed on
// the ticket; either may be zero.
type Event struct{ Start, Doors time.Time }

// IsZero reports whether neither time is set.
func (e Event) IsZero() bool { return e.Start.IsZero() && e.Doors.IsZero() }

// Event reads the row's event_date and doors columns (ParseEventTimes in
// loc). They are printed on the ticket, never signed into the credential.
func (r *Row) Event(loc *time.Location) (Event, error) {
	s, d, err := ParseEventTimes(r.Fields["event_date"], r.Fields["doors"], loc, EventColumns)
	return Event{Start: s, Doors: d}, err
}

// Events are the events of rows (Row.Event), or nil when no row has one.
func Events(rows []Row, loc *time.Location) ([]Event, error) {
	var events []Event
	for i := range rows {
		e, err := rows[i].Event(loc)
		if err != nil {
			return nil, &RowError{Row: &rows[i], Err: err}
		}
		if !e.IsZero() && events == nil {
			events = make([]Event, len(rows))
		}
		if events != nil {
			events[i] = e
		}
	}
	return events, nil
}
