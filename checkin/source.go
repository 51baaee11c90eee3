package checkin

import (
	"context"
	"errors"
	"io"
	"sort"
	"time"
)

// A Source is where a venue's check-in records are read from: the logs on
// this machine (Logs) or the records of every gate as a hub gathers them
// (Records). The CLI's log commands ask both the same questions and word
// the answers alike (Stats.Text, InsideReport, Entry.Line).
type Source interface {
	// Stats sums up the records in [from, to) (zero: open).
	Stats(ctx context.Context, from, to time.Time) (*Stats, error)
	// Inside counts who is inside per venue and zone from `from` on.
	Inside(ctx context.Context, from time.Time) ([]ZoneCount, error)
	// Tail returns the last n records, newest first.
	Tail(ctx context.Context, n int) ([]Entry, error)
	// ExportCSV writes the records in [from, to) as CSV, the header row
	// once.
	ExportCSV(ctx context.Context, w io.Writer, from, to time.Time) error
}

var (
	_ Source = Logs(nil)
	_ Source = (*Records)(nil)
)

// Logs are check-in logs read together: SumStats, Inside, Tail and
// ExportCSVAll over them.
type Logs []*Log

func (ls Logs) Stats(ctx context.Context, from, to time.Time) (*Stats, error) {
	return SumStats(ctx, ls, from, to)
}

func (ls Logs) Inside(ctx context.Context, from time.Time) ([]ZoneCount, error) {
	return Inside(ctx, ls, from)
}

func (ls Logs) Tail(ctx context.Context, n int) ([]Entry, error) { return Tail(ctx, ls, n) }

func (ls Logs) ExportCSV(ctx context.Context, w io.Writer, from, to time.Time) error {
	return ExportCSVAll(ctx, w, ls, from, to)
}

// Records are records already read, of any number of gates (a hub's),
// with the annulments and gate failures that withdraw decisions:
// StatsOf, InsideOf and WriteCSV over them.
type Records struct {
	entries []Entry
	loc     *time.Location
}

// NewRecords returns the source of es, which it sorts (SortByTime); loc
// is the time zone of the CSV export.
func NewRecords(es []Entry, loc *time.Location) *Records {
	SortByTime(es)
	return &Records{entries: es, loc: loc}
}

// SortByTime orders records by their original time (then ID, a UUIDv7).
func SortByTime(es []Entry) {
	sort.SliceStable(es, func(i, j int) bool {
		if !es[i].Time.Equal(es[j].Time) {
			return es[i].Time.Before(es[j].Time)
		}
		return es[i].ID < es[j].ID
	})
}

func (r *Records) Stats(ctx context.Context, from, to time.Time) (*Stats, error) {
	return StatsOf(r.entries, from, to), nil
}

func (r *Records) Inside(ctx context.Context, from time.Time) ([]ZoneCount, error) {
	return InsideOf(r.entries, from), nil
}

func (r *Records) Tail(ctx context.Context, n int) ([]Entry, error) {
	var out []Entry
	for i := len(r.entries) - 1; i >= 0 && i >= len(r.entries)-n; i-- {
		out = append(out, r.entries[i])
	}
	return out, nil
}

func (r *Records) ExportCSV(ctx context.Context, w io.Writer, from, to time.Time) error {
	return WriteCSV(w, r.entries, from, to, r.loc)
}

// OpenLogs opens the logs at paths read-only, for queries; the caller
// closes them (Logs.Close). On error the ones opened are closed and the
// error is a *LogError naming the log that failed.
func OpenLogs(paths []string) (Logs, error) {
	var logs Logs
	for _, p := range paths {
		l, err := Open(p, Options{ReadOnly: true})
		if err != nil {
			logs.Close()
			return nil, &LogError{Path: p, Err: err}
		}
		logs = append(logs, l)
	}
	return logs, nil
}

// Close closes the logs.
func (ls Logs) Close() error {
	var errs []error
	for _, l := range ls {
		errs = append(errs, l.Close())
	}
	return errors.Join(errs...)
}

// LogError names the log of several that an error concerns.
type LogError struct {
	Path string
	Err  error
}

func (e *LogError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *LogError) Unwrap() error { return e.Err }
