package checkin

import (
	"fmt"
	"time"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/verifier"
)

// Mode is an anti-passback mode, as access-control systems name them.
type Mode int

// Anti-passback modes. Every mode except Off tracks presence per venue (or
// per zone, with ScopeZone): an accepted entry puts the holder inside, an
// accepted exit scan (Direction Out) puts them outside. Exits are never
// refused.
const (
	// Off: no anti-passback.
	Off Mode = iota
	// Hard refuses a second entry while the holder is inside,
	// with the reason already_checked_in. Rule.Window, when set, forgets an
	// entry after that long.
	Hard
	// Soft accepts a second entry but warns soft_passback and records the
	// override.
	Soft
	// Timed is Hard within Rule.Window of the entry only
	// (DefaultTimedWindow when the window is 0): "accepted here within the
	// configured window" (FORMAT.md section 5).
	Timed
	// SingleEntry admits a credential into the venue (or zone) once,
	// ever, exits notwithstanding: single-entry tickets. Use Rule.Types to
	// limit it to tickets.
	SingleEntry
)

// Scope is what anti-passback counts presence in.
type Scope int

const (
	// ScopeVenue, the default: a holder is inside the venue, whichever
	// gate and zone they entered by. A second entry at any gate of the
	// venue is refused (Hard) and a single-entry ticket admits once at
	// any gate, so separate gates with zones of their own do not defeat
	// anti-passback.
	ScopeVenue Scope = iota
	// ScopeZone: presence per zone, for areas inside a venue (a VIP
	// lounge inside the stadium): a holder inside zone A may enter zone
	// B (which counts as leaving A), and a single-entry ticket admits
	// once per zone.
	ScopeZone
)

func (s Scope) String() string {
	if s == ScopeZone {
		return "zone"
	}
	return "venue"
}

// ParseScope accepts "venue" (or "") and "zone".
func ParseScope(s string) (Scope, error) {
	switch s {
	case "", "venue":
		return ScopeVenue, nil
	case "zone":
		return ScopeZone, nil
	}
	return ScopeVenue, fmt.Errorf("unknown anti-passback scope %q (want venue or zone)", s)
}

// DefaultTimedWindow is the window of Timed when Rule.Window is 0.
const DefaultTimedWindow = 30 * time.Minute

func (m Mode) String() string {
	switch m {
	case Off:
		return "off"
	case Hard:
		return "hard"
	case Soft:
		return "soft"
	case Timed:
		return "timed"
	case SingleEntry:
		return "single"
	}
	return fmt.Sprintf("mode-%d", int(m))
}

// ParseMode accepts "off" (or ""), "hard", "soft", "timed" and "single"
// (or "single-entry").
func ParseMode(s string) (Mode, error) {
	switch s {
	case "", "off":
		return Off, nil
	case "hard":
		return Hard, nil
	case "soft":
		return Soft, nil
	case "timed":
		return Timed, nil
	case "single", "single-entry":
		return SingleEntry, nil
	}
	return Off, fmt.Errorf("unknown anti-passback mode %q (want off, hard, soft, timed or single)", s)
}

// Rule configures anti-passback for a venue and gate. The most specific rule
// applies: venue and gate both matching, then the venue with Gate "", then
// Venue and Gate both "".
type Rule struct {
	Venue string // "" matches every venue
	Gate  string // "" matches every gate of Venue
	Mode  Mode
	// Scope is what presence counts in: the venue (the zero value) or
	// the zone of the gate.
	Scope Scope
	// Window, for Hard, Soft and Timed, is how long an entry counts; 0
	// means until an exit scan (or DefaultTimedWindow for Timed).
	Window time.Duration
	// Types limits the rule to these credential types; nil means all.
	Types []verifier.Type
}

func (r *Rule) appliesTo(t verifier.Type) bool {
	if r.Types == nil {
		return true
	}
	for _, x := range r.Types {
		if x == t {
			return true
		}
	}
	return false
}

func (r *Rule) window() time.Duration {
	if r.Mode == Timed && r.Window <= 0 {
		return DefaultTimedWindow
	}
	return r.Window
}

// ruleFor returns the most specific rule for venue and gate, or nil.
func ruleFor(rules []Rule, venue, gate string) *Rule {
	var best *Rule
	bestScore := -1
	for i := range rules {
		r := &rules[i]
		if (r.Venue != "" && r.Venue != venue) || (r.Gate != "" && r.Gate != gate) {
			continue
		}
		score := 0
		if r.Venue != "" {
			score += 2
		}
		if r.Gate != "" {
			score++
		}
		if score > bestScore {
			best, bestScore = r, score
		}
	}
	return best
}

// ruleForType is ruleFor among the rules that apply to credential type t:
// at the same venue and gate, a rule naming types beats one for all types
// (staff badges soft or off, tickets single-entry, at one gate).
func ruleForType(rules []Rule, venue, gate string, t verifier.Type) *Rule {
	var best *Rule
	bestScore := -1
	for i := range rules {
		r := &rules[i]
		if (r.Venue != "" && r.Venue != venue) || (r.Gate != "" && r.Gate != gate) || !r.appliesTo(t) {
			continue
		}
		score := 0
		if r.Venue != "" {
			score += 4
		}
		if r.Gate != "" {
			score += 2
		}
		if r.Types != nil {
			score++
		}
		if score > bestScore {
			best, bestScore = r, score
		}
	}
	return best
}

// Prior is the earlier entry that anti-passback held against a scan.
type Prior struct {
	ID      string
	Time    time.Time
	Venue   string
	Gate    string
	Zone    string
	KioskID string
}

func priorOf(e *Entry) Prior {
	return Prior{ID: e.ID, Time: e.Time, Venue: e.Venue, Gate: e.Gate, Zone: e.Zone, KioskID: e.KioskID}
}

// presence is where a credential is, per venue.
type presence struct {
	inside bool
	entry  Prior // the entry that put it inside
}

// index is the in-memory anti-passback state, derived from the log: it is
// rebuilt on open and only the writer goroutine touches it.
type index struct {
	where     map[credKey]*presence
	used      map[credKey]map[string]Prior // zone -> first entry (SingleEntry)
	first     map[credKey]Prior            // first entry anywhere in the venue (SingleEntry)
	forgotten map[string]bool              // decision IDs annulled or whose gate did not open
}

func newIndex() *index {
	return &index{where: map[credKey]*presence{}, used: map[credKey]map[string]Prior{}, first: map[credKey]Prior{},
		forgotten: map[string]bool{}}
}

// counts reports whether e changes anti-passback state: an accepted,
// not-forgotten decision about an authenticated credential.
func (x *index) counts(e *Entry) bool {
	return e.Kind == KindDecision && e.Accepted && e.CTI != nil && !x.forgotten[e.ID]
}

// apply updates the state with a record, in log order.
func (x *index) apply(e *Entry) {
	if !x.counts(e) {
		return
	}
	k := e.key()
	if e.Direction == Out {
		if p := x.where[k]; p != nil {
			p.inside = false
		}
		return
	}
	x.where[k] = &presence{inside: true, entry: priorOf(e)}
	zones := x.used[k]
	if zones == nil {
		zones = map[string]Prior{}
		x.used[k] = zones
	}
	if _, ok := zones[e.Zone]; !ok {
		zones[e.Zone] = priorOf(e)
	}
	if _, ok := x.first[k]; !ok {
		x.first[k] = priorOf(e)
	}
}

// forget drops what is known of k, before its records are applied again.
func (x *index) forget(k credKey) {
	delete(x.where, k)
	delete(x.used, k)
	delete(x.first, k)
}

// check returns the earlier entry that rule r holds against entry e (an
// accepted In scan), or nil.
func (x *index) check(r *Rule, e *Entry) *Prior {
	if r == nil || r.Mode == Off || e.CTI == nil || e.Direction == Out || !r.appliesTo(e.Type) {
		return nil
	}
	k := e.key()
	if r.Mode == SingleEntry {
		if r.Scope == ScopeZone {
			if p, ok := x.used[k][e.Zone]; ok {
				return &p
			}
		} else if p, ok := x.first[k]; ok {
			return &p
		}
	}
	p := x.where[k]
	if p == nil || !p.inside || (r.Scope == ScopeZone && p.entry.Zone != e.Zone) {
		return nil
	}
	if w := r.window(); w > 0 && e.Time.Sub(p.entry.Time) >= w {
		return nil
	}
	prior := p.entry
	return &prior
}

// passbackText names the earlier entry for staff, in the words of package
// explain: the message ("Already checked in at 14:02, gate 3", "Ticket
// already used on 2 Jan 09:10, gate A") and where ("at 14:02, gate 3").
func passbackText(mode Mode, p *Prior, now time.Time, loc *time.Location) (msg, where string) {
	ep := explain.Prior{Time: p.Time, Gate: p.Gate, Used: mode == SingleEntry}
	g := explain.Gate{Now: now, Location: loc}
	return explain.English.Passback(ep, g), explain.English.Where(ep, g)
}
