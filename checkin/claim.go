package checkin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/venuepass/venuepass/verifier"
)

// WarnOffline is added to a decision taken while the venue's hub
// (Options.Claimer) did not answer in time: anti-passback then held on this
// gate's own log only.
const WarnOffline = "offline"

// Offline policies: what a gate with a Claimer does when the hub does not
// answer in time.
const (
	// OfflineLocal decides from the gate's own log (the default).
	OfflineLocal = "local"
	// OfflineRefuse refuses every entry anti-passback applies to.
	OfflineRefuse = "refuse"
)

// SharedState is the anti-passback state of one credential in one venue as
// the gates of the venue share it (package hub keeps it in a replicated
// key-value bucket). It is what the log's own index keeps per credential.
type SharedState struct {
	// Inside is set when the holder's last standing scan was an entry,
	// which Entry is.
	Inside bool   `json:"inside"`
	Entry  *Prior `json:"entry,omitempty"`
	// Used holds the first entry into each zone ("" is the venue), and
	// First the first entry anywhere in the venue, for single-entry
	// tickets (ScopeZone and ScopeVenue).
	Used  map[string]Prior `json:"used,omitempty"`
	First *Prior           `json:"first,omitempty"`
}

// Claim is one anti-passback question put to the shared state: may the
// decision Entry (accepted by the verifier, its ID already chosen) stand?
type Claim struct {
	// Key names the credential in the venue (ClaimKey).
	Key   string
	Entry Entry
	Rule  Rule
}

// Claimer shares anti-passback between the gates of a venue. Claim reads
// the shared state of c.Key, calls decide with it (nil when there is none)
// and, when decide returns a new state, stores it only if nobody changed the
// key meanwhile (compare-and-set), calling decide again with the newer
// state when somebody did. An error means the shared state could not be
// reached within ctx: the gate then decides offline (Options.Offline).
type Claimer interface {
	Claim(ctx context.Context, c Claim, decide func(prior *SharedState) *SharedState) error
}

// ClaimKey returns the key of a credential's shared state in a venue: the
// hex SHA-256 of venue, issuer and cti (the certificate id's hash for an EU
// DCC), usable as a NATS key-value key.
func ClaimKey(venue, iss string, cti []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s%d:%s", len(venue), venue, len(iss), iss)
	h.Write(cti)
	return hex.EncodeToString(h.Sum(nil))
}

// Decide applies rule r to entry e (an accepted decision) given the shared
// state prior: it returns the earlier entry held against e (nil if none),
// and the state after e when e stands (refused is false), or nil when e is
// refused. Soft anti-passback and staff overrides let e stand with the
// prior returned. It is the log's own anti-passback rule, on shared state.
func Decide(r *Rule, e *Entry, prior *SharedState, override bool) (p *Prior, next *SharedState, refused bool) {
	x := newIndex()
	k := e.key()
	if prior != nil {
		if prior.Entry != nil {
			x.where[k] = &presence{inside: prior.Inside, entry: *prior.Entry}
		}
		if len(prior.Used) > 0 {
			x.used[k] = map[string]Prior{}
			for z, u := range prior.Used {
				x.used[k][z] = u
			}
		}
		if prior.First != nil {
			x.first[k] = *prior.First
		}
	}
	p = x.check(r, e)
	if p != nil && r.Mode != Soft && !override {
		return p, nil, true
	}
	x.apply(e)
	next = &SharedState{Used: x.used[k]}
	if f, ok := x.first[k]; ok {
		next.First = &f
	}
	if w := x.where[k]; w != nil {
		entry := w.entry
		next.Inside, next.Entry = w.inside, &entry
	}
	return p, next, false
}

// Release returns the shared state after the decision with ID id is
// withdrawn (annulled, or the gate did not open): the holder is no longer
// inside by it, and a zone first entered by it is free again.
func (s *SharedState) Release(id string) *SharedState {
	if s == nil {
		return nil
	}
	n := &SharedState{Inside: s.Inside, Entry: s.Entry}
	if s.Entry != nil && s.Entry.ID == id {
		n.Inside, n.Entry = false, nil
	}
	released := s.First != nil && s.First.ID == id
	if !released {
		n.First = s.First
	}
	for z, u := range s.Used {
		if u.ID == id {
			continue
		}
		if n.Used == nil {
			n.Used = map[string]Prior{}
		}
		n.Used[z] = u
		// The venue's first entry is then the earliest left.
		if released && (n.First == nil || u.Time.Before(n.First.Time)) {
			first := u
			n.First = &first
		}
	}
	return n
}

// Holds reports whether the state already records decision id (a replayed
// reconciliation).
func (s *SharedState) Holds(id string) bool {
	if s == nil {
		return false
	}
	if (s.Entry != nil && s.Entry.ID == id) || (s.First != nil && s.First.ID == id) {
		return true
	}
	for _, u := range s.Used {
		if u.ID == id {
			return true
		}
	}
	return false
}

// passback returns the earlier entry anti-passback holds against the
// accepted decision probe under rule r, from the shared state when the log
// has a Claimer and the hub answers, else from the log's own index.
// refusal is set (the message for staff) when the gate refuses because its
// hub did not answer (OfflineRefuse); d then is the refusal. A decision
// taken without the hub carries WarnOffline.
func (l *Log) passback(ctx context.Context, r *Rule, probe *Entry, override bool, d *verifier.Decision) (p *Prior, refusal string) {
	if l.opts.Claimer == nil {
		return l.idx.check(r, probe), ""
	}
	if r == nil || r.Mode == Off || probe.CTI == nil || !r.appliesTo(probe.Type) {
		if o, ok := l.opts.Claimer.(interface{ Offline() bool }); ok && o.Offline() {
			d.Warnings = append(d.Warnings, WarnOffline)
		}
		return l.idx.check(r, probe), ""
	}
	c := Claim{Key: ClaimKey(probe.Venue, probe.Iss, probe.CTI), Entry: *probe, Rule: *r}
	err := l.journal.add(probe.ID, c.Key)
	if err == nil {
		err = l.opts.Claimer.Claim(ctx, c, func(prior *SharedState) *SharedState {
			var next *SharedState // nil when probe is refused
			p, next, _ = Decide(r, probe, prior, override)
			return next
		})
	}
	if err == nil {
		return p, ""
	}
	d.Warnings = append(d.Warnings, WarnOffline)
	if l.opts.Offline == OfflineRefuse && probe.Direction != Out {
		d.Refuse(verifier.Reject(verifier.ReasonAlreadyCheckedIn, "cannot check with the venue's hub; entry refused while offline"))
		return nil, "Hub unreachable: entry refused until it answers"
	}
	return l.idx.check(r, probe), ""
}

// releaseShared tells the shared state that decision t no longer stands
// (annulled, or the gate did not open). Without an answer from the hub the
// shared state keeps the entry: the holder then needs staff (an override)
// at another gate.
func (l *Log) releaseShared(ctx context.Context, t *Entry) {
	if l.opts.Claimer == nil || t.CTI == nil || !t.Accepted {
		return
	}
	c := Claim{Key: ClaimKey(t.Venue, t.Iss, t.CTI), Entry: *t}
	l.opts.Claimer.Claim(ctx, c, func(prior *SharedState) *SharedState {
		if !prior.Holds(t.ID) {
			return nil
		}
		return prior.Release(t.ID)
	})
}
