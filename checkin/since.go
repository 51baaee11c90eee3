package checkin

import (
	"context"

	"github.com/venuepass/venuepass/verifier"
)

// Since returns up to n records whose seq is above after, in log order: a
// reader that remembers the last seq it handled (an outbox) goes on from
// there.
func (l *Log) Since(ctx context.Context, after int64, n int) ([]Entry, error) {
	return l.records(ctx, "WHERE seq > ? ORDER BY seq LIMIT ?", after, n)
}

// RuleFor returns the rule that applies to venue and gate among rules (the
// most specific, as the log picks it), or nil.
func RuleFor(rules []Rule, venue, gate string) *Rule { return ruleFor(rules, venue, gate) }

// RuleForType returns the rule the log applies to a credential of type t at
// venue and gate (a rule naming t beats one for all types), or nil when no
// rule applies to t: the rule an entry was decided under.
func RuleForType(rules []Rule, venue, gate string, t verifier.Type) *Rule {
	return ruleForType(rules, venue, gate, t)
}
