package checkin

import "context"

// Since returns up to n records whose seq is above after, in log order: a
// reader that remembers the last seq it handled (an outbox) goes on from
// there.
func (l *Log) Since(ctx context.Context, after int64, n int) ([]Entry, error) {
	rows, err := l.db.QueryContext(ctx, "SELECT "+entryColumns+" FROM records WHERE seq > ? ORDER BY seq LIMIT ?", after, n)
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

// RuleFor returns the rule that applies to venue and gate among rules (the
// most specific, as the log picks it), or nil.
func RuleFor(rules []Rule, venue, gate string) *Rule { return ruleFor(rules, venue, gate) }
