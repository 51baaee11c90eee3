package checkin

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/venuepass/venuepass/termtext"
)

// InsideReport is who is inside per zone, counted by Inside from logs (or
// by a hub from every gate's records), as the office reads it.
type InsideReport struct {
	Logs   []string    `json:"logs"` // the logs, or the hub, counted from
	From   *string     `json:"from"` // RFC 3339 in UTC; null: all records
	Inside int         `json:"inside"`
	ByZone []ZoneCount `json:"by_zone"`

	from      time.Time
	everyGate bool
}

// NewInsideReport sums zones counted from srcs (log files, or the hub's
// URL with everyGate set) from `from` on (zero: all records).
func NewInsideReport(zones []ZoneCount, srcs []string, from time.Time, everyGate bool) *InsideReport {
	r := &InsideReport{Logs: srcs, From: optUTC(from), ByZone: zones, from: from, everyGate: everyGate}
	for _, z := range zones {
		r.Inside += z.Inside
	}
	return r
}

// Text is the report as a table, one row per venue and zone ("-" for
// none), and a total line; times in loc.
func (r *InsideReport) Text(loc *time.Location) string {
	var b strings.Builder
	w := termtext.NewWriter(&b, 2)
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	fmt.Fprintf(w, "VENUE\tZONE\tINSIDE\tENTRIES\tEXITS\n")
	for _, z := range r.ByZone {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\n", dash(z.Venue), dash(z.Zone), z.Inside, z.Entries, z.Exits)
	}
	w.Flush()
	fmt.Fprintf(&b, "%d inside", r.Inside)
	if r.everyGate {
		b.WriteString(", every gate")
	}
	if !r.from.IsZero() {
		fmt.Fprintf(&b, ", counting from %s", timeIn(r.from, loc))
	}
	if !r.everyGate && len(r.Logs) > 1 {
		fmt.Fprintf(&b, ", %d logs", len(r.Logs))
	}
	b.WriteString("\n")
	return b.String()
}

// WriteCSV writes entries in [from, to) (zero: open) as ExportCSV does,
// the header row first, times in loc: for records gathered from several
// gates, such as a hub's.
func WriteCSV(w io.Writer, entries []Entry, from, to time.Time, loc *time.Location) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	for i := range entries {
		e := &entries[i]
		if (!from.IsZero() && e.Time.Before(from)) || (!to.IsZero() && !e.Time.Before(to)) {
			continue
		}
		cw.Write(CSVRow(e, loc))
	}
	cw.Flush()
	return cw.Error()
}
