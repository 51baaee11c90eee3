package checkin

import (
	"context"
	"encoding/csv"
	"encoding/hex"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Stats sums up the decisions of a time range.
type Stats struct {
	From, To time.Time
	// Decisions counts decision records; Accepted and Rejected split them.
	Decisions int
	Accepted  int
	Rejected  int
	// Annulled counts accepted decisions withdrawn by Annul; GateFailures
	// the gate actions that did not open the gate.
	Annulled     int
	GateFailures int
	// SoftPassback counts soft anti-passback acceptances, Overrides all
	// acceptances despite anti-passback (soft ones included).
	SoftPassback int
	Overrides    int
	// Entries and Exits count accepted decisions that stand (not annulled,
	// gate opened); Inside counts the credentials whose last standing
	// decision in the range is an entry.
	Entries int
	Exits   int
	Inside  int
	// ByType counts decisions by credential type ("unknown" for codes
	// that were not authenticated); ByReason counts rejections by reason.
	ByType   map[string]int
	ByReason map[string]int
}

func bounds(from, to time.Time) (int64, int64) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = from.UnixNano()
	}
	if !to.IsZero() {
		hi = to.UnixNano()
	}
	return lo, hi
}

// Entries calls fn with every record whose time is in [from, to), in log
// order. A zero from or to leaves that end open.
func (l *Log) Entries(ctx context.Context, from, to time.Time, fn func(*Entry) error) error {
	lo, hi := bounds(from, to)
	rows, err := l.db.QueryContext(ctx, "SELECT "+l.cols+" FROM records WHERE at_ns >= ? AND at_ns < ? ORDER BY seq", lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Stats sums up the records in [from, to).
func (l *Log) Stats(ctx context.Context, from, to time.Time) (*Stats, error) {
	st := &Stats{From: from, To: to, ByType: map[string]int{}, ByReason: map[string]int{}}
	// Annulments and gate failures come after the decision they name, so
	// those from `from` on cover every decision in the range.
	lo, _ := bounds(from, to)
	forgotten := map[string]bool{}
	rows, err := l.db.QueryContext(ctx, `SELECT ref FROM records WHERE at_ns >= ? AND (kind = ? OR (kind = ? AND accepted = 0))`, lo, KindAnnul, KindGate)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			rows.Close()
			return nil, err
		}
		forgotten[ref] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	inside := map[credKey]bool{}
	err = l.Entries(ctx, from, to, func(e *Entry) error {
		st.tally(e, forgotten[e.ID], inside)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, in := range inside {
		if in {
			st.Inside++
		}
	}
	return st, nil
}

// StartOfDay returns midnight of t's day in the log's time zone.
func (l *Log) StartOfDay(t time.Time) time.Time { return StartOfDay(t, l.opts.Location) }

// StartOfDay returns midnight of t's day in loc: where "today" begins for
// the counts of a gate or a venue.
func StartOfDay(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// Today sums up the records since midnight (Options.Location).
func (l *Log) Today(ctx context.Context) (*Stats, error) {
	now := l.opts.Now()
	return l.Stats(ctx, l.StartOfDay(now), time.Time{})
}

// Last returns the last n records, newest first.
func (l *Log) Last(ctx context.Context, n int) ([]Entry, error) {
	return l.records(ctx, "ORDER BY seq DESC LIMIT ?", n)
}

// records returns the records that the clause after FROM records selects.
func (l *Log) records(ctx context.Context, clause string, args ...any) ([]Entry, error) {
	rows, err := l.db.QueryContext(ctx, "SELECT "+l.cols+" FROM records "+clause, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// CSVHeader is the first row ExportCSV writes.
var CSVHeader = []string{"id", "seq", "kind", "time", "venue", "gate", "zone", "direction", "kiosk",
	"cti", "iss", "sub", "type", "name", "accepted", "reason", "warnings", "override", "ref", "detail", "hash",
	"authorised_by"}

// ExportCSV writes the records in [from, to) as CSV (RFC 4180), a header
// row first, times in RFC 3339 in the log's time zone. Text that a
// spreadsheet would run as a formula (starting with = + - @ or a control
// character) is prefixed with an apostrophe.
func (l *Log) ExportCSV(ctx context.Context, w io.Writer, from, to time.Time) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	err := l.Entries(ctx, from, to, func(e *Entry) error {
		return cw.Write(CSVRow(e, l.opts.Location))
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// CSVRow is the row of e in ExportCSV (CSVHeader's columns), its time in
// loc: the hub's venue-wide export writes the same rows.
func CSVRow(e *Entry, loc *time.Location) []string {
	typ := ""
	if e.CTI != nil {
		typ = e.Type.String()
	}
	return []string{
		e.ID, strconv.FormatInt(e.Seq, 10), string(e.Kind),
		e.Time.In(loc).Format("2006-01-02T15:04:05.000Z07:00"),
		safeCell(e.Venue), safeCell(e.Gate), safeCell(e.Zone), string(e.Direction), safeCell(e.KioskID),
		hex.EncodeToString(e.CTI), safeCell(e.Iss), safeCell(e.Sub), typ, safeCell(e.Name),
		strconv.FormatBool(e.Accepted), string(e.Reason), joinWarnings(e.Warnings),
		strconv.FormatBool(e.Override), e.Ref, safeCell(e.Detail), hex.EncodeToString(e.Hash),
		safeCell(e.By),
	}
}

// safeCell defuses CSV formula injection (OWASP): names come from
// credentials, and spreadsheets run cells starting with these characters.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
