// Package explain words verdicts for people: why a code was rejected, what
// a warning means, who the holder is, in the register of a kiosk screen
// ("Revoked by the issuer: do not admit", "Already checked in at 14:02,
// gate 3") or of a staff terminal line ("revoked: the issuer has revoked
// this credential").
//
// The texts live in a message catalogue per language, keyed by message
// (one per reason, warning and phrase, with variants for the parameters
// known) and filled with named parameters, so that another language plugs
// in by adding a Catalogue: Register(&Catalogue{Lang: "fr", ...}). English
// and Korean (For("ko")) are complete, with the same parameters in each
// message; a message a catalogue lacks falls back to English. Every
// sentence is one message with named parameters, in variants where a
// parameter may be missing ("passback.checked_in.today.gate"): code
// never joins fragments of a sentence, so a language orders its words as
// it needs ("3번 게이트에서 14:02에 이미 입장했습니다").
//
// JSON gives the same decision to programs: the verdict object of
// FORMAT.md section 6.
//
// The package is pure Go with no cgo: the CLI, the kiosk, the check-in log
// and embedders share it.
package explain

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/verifier"
)

// Key names a message of a catalogue.
type Key string

// Args are the named parameters of a message: {name} in its text.
type Args map[string]string

// A Catalogue is the messages of one language. Messages are texts with
// {name} parameters; the keys are listed in the English catalogue. Layouts
// of dates and times are messages too (LayoutDay, LayoutDayYear,
// LayoutClock), in Go's time layout syntax.
type Catalogue struct {
	// Lang is the BCP 47 tag, "en", "ko".
	Lang     string
	Messages map[Key]string
}

var (
	mu         sync.RWMutex
	catalogues = map[string]*Catalogue{"en": English, "ko": Korean}
)

// Register adds (or replaces) the catalogue of c.Lang.
func Register(c *Catalogue) {
	mu.Lock()
	defer mu.Unlock()
	catalogues[c.Lang] = c
}

// Languages returns the tags of the registered catalogues, sorted.
func Languages() []string {
	mu.RLock()
	defer mu.RUnlock()
	var tags []string
	for t := range catalogues {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	return tags
}

// For returns the catalogue of lang ("ko", or "ko-KR" for "ko"), English
// when there is none.
func For(lang string) *Catalogue {
	mu.RLock()
	defer mu.RUnlock()
	if c, ok := catalogues[lang]; ok {
		return c
	}
	if base, _, ok := strings.Cut(lang, "-"); ok {
		if c, ok := catalogues[base]; ok {
			return c
		}
	}
	return English
}

// ForLocale returns the catalogue of a POSIX locale as LANG or LC_ALL
// hold it ("ko_KR.UTF-8", "ko_KR@euro", "ko") or a BCP 47 tag ("ko-KR"):
// Korean for ko_KR.UTF-8, English for C, POSIX, "" and languages without a
// catalogue.
func ForLocale(locale string) *Catalogue {
	if i := strings.IndexAny(locale, ".@"); i >= 0 {
		locale = locale[:i]
	}
	return For(strings.ReplaceAll(strings.TrimSpace(locale), "_", "-"))
}

// Text returns message key with its parameters filled in; a message the
// catalogue lacks comes from English, and an unknown key is returned as
// it is.
func (c *Catalogue) Text(key Key, args Args) string {
	msg, ok := c.Messages[key]
	if !ok {
		if msg, ok = English.Messages[key]; !ok {
			return string(key)
		}
	}
	if len(args) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	pairs := make([]string, 0, 2*len(args))
	for k, v := range args {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// has reports whether the catalogue, or English, has key.
func (c *Catalogue) has(key Key) bool {
	if _, ok := c.Messages[key]; ok {
		return true
	}
	_, ok := English.Messages[key]
	return ok
}

// Gate describes where a verdict is shown, for the kiosk sentences.
type Gate struct {
	// Gate is its name as shown ("Gate B"); Zone the zone it guards, named
	// when Gate is empty.
	Gate string
	Zone string
	// Now is the time of the verdict, for "today"; Location the zone of
	// times shown (nil: local time).
	Now      time.Time
	Location *time.Location
	// TrustExpires and TrustNextUpdate are those of the trust list in use;
	// zero when there is none.
	TrustExpires, TrustNextUpdate time.Time
}

// Prior is the earlier entry anti-passback held against a scan.
type Prior struct {
	Time time.Time
	Gate string
	// Used is set for a single-entry credential: "Ticket already used"
	// rather than "Already checked in".
	Used bool
}

func (g Gate) loc() *time.Location {
	if g.Location == nil {
		return time.Local
	}
	return g.Location
}

// Day formats a date for people: "3 May", with the year when it is not
// the year of now.
func (c *Catalogue) Day(t time.Time, g Gate) string {
	t = t.In(g.loc())
	if t.Year() != g.Now.In(g.loc()).Year() {
		return t.Format(c.Text(LayoutDayYear, nil))
	}
	return t.Format(c.Text(LayoutDay, nil))
}

// Clock formats a time of day, with the date when it is not today.
func (c *Catalogue) Clock(t time.Time, g Gate) string {
	t = t.In(g.loc())
	if c.sameDay(t, g) {
		return t.Format(c.Text(LayoutClock, nil))
	}
	return c.dayClock(t, g)
}

// dayClock formats a date and time of day, with the year when it is not
// the year of now.
func (c *Catalogue) dayClock(t time.Time, g Gate) string {
	t = t.In(g.loc())
	if t.Year() != g.Now.In(g.loc()).Year() {
		return t.Format(c.Text(LayoutDayYearClock, nil))
	}
	return t.Format(c.Text(LayoutDayClock, nil))
}

func (c *Catalogue) sameDay(t time.Time, g Gate) bool {
	n := g.Now.In(g.loc())
	t = t.In(g.loc())
	return t.YearDay() == n.YearDay() && t.Year() == n.Year()
}

// TypeName names a credential type for a verdict screen: "Employee badge".
func (c *Catalogue) TypeName(t verifier.Type) string {
	if k := Key("type.one." + t.String()); c.has(k) {
		return c.Text(k, nil)
	}
	return c.Text("type.one.other", Args{"n": fmt.Sprint(uint64(t))})
}

// TypePlural names a credential type in the plural: "Employee badges".
func (c *Catalogue) TypePlural(t verifier.Type) string {
	if k := Key("type.many." + t.String()); c.has(k) {
		return c.Text(k, nil)
	}
	return c.Text("type.many.other", Args{"n": fmt.Sprint(uint64(t))})
}

// GateName names a gate in a sentence: "gate 3" for a number, "gate B"
// for a short code, "Gate B" or "3루 게이트" as it is for a name.
func (c *Catalogue) GateName(gate string) string {
	switch {
	case gate == "":
		return ""
	case isNumber(gate):
		return c.Text("gate.number", Args{"gate": gate})
	case isCode(gate):
		return c.Text("gate.code", Args{"gate": gate})
	}
	return c.Text("gate.named", Args{"gate": gate})
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// isCode reports a code of ASCII letters, digits and '-' ("B", "3A",
// "VIP", "North"), which reads as the name of a gate only with the word
// gate; a name starting with the word itself ("Gate B", "gate-3") or in
// another script ("3루 게이트") is used as it is.
func isCode(s string) bool {
	if len(s) >= 4 && strings.EqualFold(s[:4], "gate") {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return false
		}
	}
	return s != ""
}

// Passback names the earlier entry anti-passback held against a scan:
// "Already checked in at 14:02, gate 3", "Ticket already used on 2 Jan
// 09:10, Gate B".
func (c *Catalogue) Passback(p Prior, g Gate) string {
	key := Key("passback.checked_in")
	if p.Used {
		key = "passback.used"
	}
	return c.prior(key, p, g)
}

// Where says when and at which gate an earlier entry was: "at 14:02, gate
// 3", "on 2 Jan 09:10, Gate B".
func (c *Catalogue) Where(p Prior, g Gate) string {
	return c.prior("where", p, g)
}

// prior is message base (a sentence naming an earlier entry) in its
// variant: base.today or base.earlier, with .gate when the gate is known.
// Parameters: time (the time of day), when (date and time), gate (the
// gate's name in a sentence, GateName).
func (c *Catalogue) prior(base Key, p Prior, g Gate) string {
	key := base + ".today"
	if !c.sameDay(p.Time, g) {
		key = base + ".earlier"
	}
	if p.Gate != "" {
		key += ".gate"
	}
	return c.Text(key, Args{
		"time": p.Time.In(g.loc()).Format(c.Text(LayoutClock, nil)),
		"when": c.dayClock(p.Time, g),
		"gate": c.GateName(p.Gate),
	})
}

// Reason says why a decision is a rejection, in a sentence for the
// steward at a kiosk: every reason of FORMAT.md section 5 has one, with
// the dates, event and gate it can name. prior is the entry that
// anti-passback held against the scan, if any.
func (c *Catalogue) Reason(d verifier.Decision, prior *Prior, g Gate) string {
	cr := d.Credential
	gate := g.Gate
	if gate == "" {
		gate = g.Zone
	}
	k := "reason." + string(d.Reason)
	switch d.Reason {
	case verifier.ReasonTrustListExpired:
		if g.TrustExpires.IsZero() {
			return c.Text("reason.trust_list_expired.none", nil)
		}
		return c.Text("reason.trust_list_expired.on", Args{"day": c.Day(g.TrustExpires, g)})
	case verifier.ReasonNotYetValid:
		if cr != nil && !cr.NotBefore.IsZero() {
			return c.Text("reason.not_yet_valid.until", Args{"when": c.Clock(cr.NotBefore, g)})
		}
	case verifier.ReasonExpired:
		if cr != nil {
			return c.Text("reason.expired.on", Args{"day": c.Day(cr.Expires, g)})
		}
	case verifier.ReasonTypeNotAccepted:
		if cr != nil {
			return c.Text("reason.type_not_accepted.type", Args{"types": c.TypePlural(cr.Type)})
		}
	case verifier.ReasonWrongEvent:
		if cr != nil && cr.Event != "" {
			return c.Text("reason.wrong_event.event", Args{"event": cr.Event})
		}
	case verifier.ReasonWrongZone:
		if gate != "" {
			return c.Text("reason.wrong_zone.gate", Args{"gate": gate})
		}
	case verifier.ReasonAlreadyCheckedIn:
		if prior != nil {
			return c.Passback(*prior, g)
		}
	}
	if c.has(Key(k)) {
		return c.Text(Key(k), nil)
	}
	if d.Err != nil {
		return c.Text("reason.other.detail", Args{"detail": d.Err.Error()})
	}
	return c.Text("reason.other", nil)
}

// Warning turns warning w of decision d into a sentence for the kiosk.
func (c *Catalogue) Warning(w string, d verifier.Decision, prior *Prior, g Gate) string {
	switch {
	case w == verifier.WarnTrustListStale && !g.TrustNextUpdate.IsZero():
		return c.Text("warning.trust_list_stale.since", Args{"day": c.Day(g.TrustNextUpdate, g)})
	case w == WarnSoftPassback && prior != nil:
		return c.prior("warning.soft_passback.prior", *prior, g)
	case w == dcc.WarnUnknownValue || w == dcc.WarnUnknownVersion:
		// Each finding names the field and the value.
		if found := c.dccFindings(d, w); len(found) > 0 {
			return c.Text("warning.dcc.findings", Args{"findings": strings.Join(found, "; ")})
		}
		return c.Text("warning.dcc", nil)
	}
	if k := Key("warning." + w); c.has(k) {
		return c.Text(k, nil)
	}
	return strings.ReplaceAll(w, "_", " ")
}

// dccFindings are the findings of warning w on the decision's EU DCC, in
// plain words of c's language, each naming the field and the value.
func (c *Catalogue) dccFindings(d verifier.Decision, w string) []string {
	var found []string
	if cert := d.DCC; cert != nil && cert.Health != nil {
		for _, dw := range cert.Health.Warnings() {
			if dw.Code == w {
				found = append(found, c.dccFinding(dw))
			}
		}
	}
	return found
}

// dccFinding words one dcc.Warning (as dcc.Warning.Plain does in English).
func (c *Catalogue) dccFinding(w dcc.Warning) string {
	if w.Code == dcc.WarnUnknownVersion {
		if w.Value == "" {
			return c.Text("dcc.finding.no_version", nil)
		}
		return c.Text("dcc.finding.unknown_version", Args{"value": w.Value})
	}
	what := c.dccField(w.Field)
	if w.Value == "" {
		return c.Text("dcc.finding.empty", Args{"field": what})
	}
	return c.Text("dcc.finding.unknown_value", Args{"field": what, "value": w.Value})
}

var entryIndex = regexp.MustCompile(`\[[0-9]+\]`)

// dccField names a DCC field ("v[0].ma") in words: the message
// dcc.field.<group>.<key> ("dcc.field.t.ma", a test device), else
// dcc.field.<key>, else the field as it is.
func (c *Catalogue) dccField(field string) string {
	path := entryIndex.ReplaceAllString(field, "")
	if k := Key("dcc.field." + path); c.has(k) {
		return c.Text(k, nil)
	}
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		if k := Key("dcc.field." + path[i+1:]); c.has(k) {
			return c.Text(k, nil)
		}
	}
	return field
}

// The warnings of the check-in log (package checkin exports them as its own).
const (
	WarnSoftPassback     = "soft_passback"
	WarnPassbackOverride = "passback_override"
)

// ParseLang reads a language out of supported (two-letter codes, the
// default first), also given as a locale such as "ko_KR.UTF-8" or "en-GB".
// The empty string, C and POSIX are the default.
func ParseLang(s string, supported []string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(l, "_-.@"); i >= 0 {
		l = l[:i]
	}
	if l == "" || l == "c" || l == "posix" {
		return supported[0], nil
	}
	for _, x := range supported {
		if l == x {
			return x, nil
		}
	}
	return "", fmt.Errorf("unknown language %q (want %s)", s, strings.Join(supported, " or "))
}
