package checkin

import "context"

// Since returns up to n records whose seq is above after, in log order: a
// reader that remembers the last seq it handled (an outbox) goes on from
// there.
func (l *Log) Since(ctx context.Context, after int64, n int) ([]Entry, error) {
	return l.records(ctx, "WHERE seq > ? ORDER BY seq LIMIT ?", after, n)
}

// RuleFor returns the rule that applies to venue and gate among rules (the
// most specific, as the log picks it), or nil.
func RuleFor(rules []Rule, venue, gate string) *Rule { return ruleFor(rules, venue, gate) }
