package checkin

import (
	"context"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
)

// This file holds the queries over several logs (one per kiosk or gate)
// that a venue asks: stats summed over the logs, who is inside across
// them, the merged latest records, and the wording of records and chain
// reports. The CLI's 'log' commands, the kiosk and a hub share them.

// Add adds the counts of o to s (From and To are left alone). Inside is
// summed too, which is right only for logs of disjoint holders: SumStats
// counts it across the logs instead.
func (s *Stats) Add(o *Stats) {
	if s.ByType == nil {
		s.ByType = map[string]int{}
	}
	if s.ByReason == nil {
		s.ByReason = map[string]int{}
	}
	s.Decisions += o.Decisions
	s.Accepted += o.Accepted
	s.Rejected += o.Rejected
	s.Annulled += o.Annulled
	s.GateFailures += o.GateFailures
	s.SoftPassback += o.SoftPassback
	s.Overrides += o.Overrides
	s.Entries += o.Entries
	s.Exits += o.Exits
	s.Inside += o.Inside
	for k, v := range o.ByType {
		s.ByType[k] += v
	}
	for k, v := range o.ByReason {
		s.ByReason[k] += v
	}
}

// SumStats sums up the records in [from, to) of several logs. A holder may
// enter at one kiosk and leave at another: Inside counts the credentials
// whose last standing decision in the range, over all the logs, is an
// entry.
func SumStats(ctx context.Context, logs []*Log, from, to time.Time) (*Stats, error) {
	sum := &Stats{From: from, To: to, ByType: map[string]int{}, ByReason: map[string]int{}}
	for _, l := range logs {
		st, err := l.Stats(ctx, from, to)
		if err != nil {
			return nil, fmt.Errorf("reading check-in log %s: %v", l.Path(), err)
		}
		sum.Add(st)
	}
	if len(logs) > 1 {
		var err error
		if sum.Inside, err = insideAcross(ctx, logs, from, to); err != nil {
			return nil, fmt.Errorf("reading the check-in logs: %v", err)
		}
	}
	return sum, nil
}

// scan is an accepted decision that may stand, for the queries across logs.
type scan struct {
	at     time.Time
	id     string
	area   string // venue NUL zone
	holder string // venue NUL iss NUL cti, "" for a code without an id
	entry  bool
}

// standingScans returns the accepted decisions of the logs from `from` on
// (before `to` when set) that were not annulled and whose gate did not
// fail, in time order across the logs.
func standingScans(ctx context.Context, logs []*Log, from, to time.Time) ([]scan, error) {
	var es []Entry
	for _, l := range logs {
		// Annulments and gate failures follow the decision they name, so
		// reading on past `to` finds all of them.
		err := l.Entries(ctx, from, time.Time{}, func(e *Entry) error {
			es = append(es, *e)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return standingOf(es, from, to), nil
}

// standingOf returns the accepted decisions of es (records of any number
// of gates, in any order) from `from` on (before `to` when set) that were
// not annulled and whose gate did not fail, in time order.
func standingOf(es []Entry, from, to time.Time) []scan {
	var scans []scan
	forgotten := map[string]bool{}
	for i := range es {
		e := &es[i]
		switch {
		case e.Kind == KindAnnul, e.Kind == KindGate && !e.Accepted:
			forgotten[e.Ref] = true
		case e.Kind == KindDecision && e.Accepted && (from.IsZero() || !e.Time.Before(from)) && (to.IsZero() || e.Time.Before(to)):
			holder := ""
			if e.CTI != nil {
				holder = e.Venue + "\x00" + e.Iss + "\x00" + string(e.CTI)
			}
			scans = append(scans, scan{e.Time, e.ID, e.Venue + "\x00" + e.Zone, holder, e.Direction != Out})
		}
	}
	// UUIDv7 IDs break ties between kiosks within a millisecond.
	sort.SliceStable(scans, func(i, j int) bool {
		if !scans[i].at.Equal(scans[j].at) {
			return scans[i].at.Before(scans[j].at)
		}
		return scans[i].id < scans[j].id
	})
	out := scans[:0]
	for _, s := range scans {
		if !forgotten[s.id] {
			out = append(out, s)
		}
	}
	return out
}

// insideAcross counts the credentials whose last standing decision in
// [from, to), over all the logs, is an entry: Stats.Inside, merged.
func insideAcross(ctx context.Context, logs []*Log, from, to time.Time) (int, error) {
	scans, err := standingScans(ctx, logs, from, to)
	if err != nil {
		return 0, err
	}
	inside := map[string]bool{}
	for _, s := range scans {
		if s.holder != "" {
			inside[s.holder] = s.entry
		}
	}
	n := 0
	for _, in := range inside {
		if in {
			n++
		}
	}
	return n, nil
}

// ZoneCount is who is inside one venue and zone.
type ZoneCount struct {
	Venue   string `json:"venue"`
	Zone    string `json:"zone"`
	Inside  int    `json:"inside"`
	Entries int    `json:"entries"`
	Exits   int    `json:"exits"`
}

// Inside merges the standing scans of the logs from `from` on (zero: all),
// in time order, and counts per venue and zone the entries, the exits and
// the holders inside. A holder is in one place per venue, as anti-passback
// counts them in either scope: inside if their last standing scan in the
// venue is an entry, and counted in that entry's zone (an exit at any gate
// of the venue lets them out; entering another zone moves them there).
// Entering twice without an exit counts once, an exit without an entry not
// at all. Codes without an id count per zone as entries minus exits, never
// below zero. The zones are sorted by venue, then zone.
func Inside(ctx context.Context, logs []*Log, from time.Time) ([]ZoneCount, error) {
	scans, err := standingScans(ctx, logs, from, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("reading the check-in logs: %v", err)
	}
	return insideOf(scans), nil
}

// InsideOf is Inside over records already read: es are the records of any
// number of gates (a hub's, say), in any order, with the annulments and
// gate failures that withdraw decisions.
func InsideOf(es []Entry, from time.Time) []ZoneCount {
	return insideOf(standingOf(es, from, time.Time{}))
}

func insideOf(scans []scan) []ZoneCount {
	zones := map[string]*ZoneCount{}
	where := map[string]string{} // holder -> area of their last standing scan, if an entry
	anon := map[string]int{}     // area -> entries minus exits of codes without an id
	for _, s := range scans {
		z := zones[s.area]
		if z == nil {
			venue, zone, _ := strings.Cut(s.area, "\x00")
			z = &ZoneCount{Venue: venue, Zone: zone}
			zones[s.area] = z
		}
		if s.entry {
			z.Entries++
		} else {
			z.Exits++
		}
		switch {
		case s.holder == "" && s.entry:
			anon[s.area]++
		case s.holder == "":
			if anon[s.area] > 0 {
				anon[s.area]--
			}
		case s.entry:
			where[s.holder] = s.area
		default:
			delete(where, s.holder)
		}
	}
	for _, area := range where {
		zones[area].Inside++
	}
	areas := make([]string, 0, len(zones))
	for a := range zones {
		areas = append(areas, a)
	}
	sort.Strings(areas)
	out := make([]ZoneCount, 0, len(zones))
	for _, area := range areas {
		z := zones[area]
		z.Inside += anon[area]
		out = append(out, *z)
	}
	return out
}

// Tail returns the last n records of the logs together, newest first: by
// time, then by ID (UUIDv7), so records of several kiosks interleave.
func Tail(ctx context.Context, logs []*Log, n int) ([]Entry, error) {
	var all []Entry
	for _, l := range logs {
		es, err := l.Last(ctx, n)
		if err != nil {
			return nil, fmt.Errorf("reading check-in log %s: %v", l.Path(), err)
		}
		all = append(all, es...)
	}
	if len(logs) > 1 {
		sort.SliceStable(all, func(i, j int) bool {
			if !all[i].Time.Equal(all[j].Time) {
				return all[i].Time.After(all[j].Time)
			}
			return all[i].ID > all[j].ID
		})
	}
	return all[:min(n, len(all))], nil
}

// What says what a record is, for people: ACCEPT (with its warnings),
// REJECT and the reason, ANNUL, GATE OPENED or GATE FAILED.
func (e *Entry) What() string {
	switch {
	case e.Kind == KindAnnul:
		return "ANNUL"
	case e.Kind == KindGate && e.Accepted:
		return "GATE OPENED"
	case e.Kind == KindGate:
		return "GATE FAILED"
	case e.Accepted:
		what := "ACCEPT"
		for _, w := range e.Warnings {
			what += " (" + w + ")"
		}
		return what
	}
	return "REJECT " + string(e.Reason)
}

// Line is the record on one line, times in loc: sequence number, time,
// what it is, the holder, direction, gate, zone and venue, the kiosk, the
// detail and the record it refers to. Fields are as recorded: a terminal
// should have control characters replaced.
func (e *Entry) Line(loc *time.Location) string {
	who := "-"
	if e.CTI != nil {
		who = e.Name + ", " + e.Type.String()
	}
	where := string(e.Direction)
	if e.Gate != "" {
		where += " gate " + e.Gate
	}
	if e.Zone != "" {
		where += " zone " + e.Zone
	}
	if e.Venue != "" {
		where += " venue " + e.Venue
	}
	s := fmt.Sprintf("%d  %s  %s  %s  %s  kiosk %s", e.Seq, e.Time.In(loc).Format(time.RFC3339), e.What(), who, where, e.KioskID)
	if e.Detail != "" {
		s += "  " + e.Detail
	}
	if e.By != "" {
		s += "  authorised by " + e.By
	}
	if e.Ref != "" {
		s += "  (record " + e.Ref + ")"
	}
	return s
}

// JSONEntry is a record as JSON, with the columns of CSVHeader.
type JSONEntry struct {
	ID        string   `json:"id"`
	Seq       int64    `json:"seq"`
	Kind      string   `json:"kind"`
	Time      string   `json:"time"`
	Venue     string   `json:"venue"`
	Gate      string   `json:"gate"`
	Zone      string   `json:"zone"`
	Direction string   `json:"direction"`
	Kiosk     string   `json:"kiosk"`
	CTI       string   `json:"cti"`
	Iss       string   `json:"iss"`
	Sub       string   `json:"sub"`
	Type      string   `json:"type"`
	Name      string   `json:"name"`
	Accepted  bool     `json:"accepted"`
	Reason    string   `json:"reason"`
	Warnings  []string `json:"warnings"`
	Override  bool     `json:"override"`
	Ref       string   `json:"ref"`
	Detail    string   `json:"detail"`
	Hash      string   `json:"hash"`
	// AuthorisedBy names who authorised an annulment or an override.
	AuthorisedBy string `json:"authorised_by"`
}

// JSON returns the record for encoding/json, its time in RFC 3339 in loc.
func (e *Entry) JSON(loc *time.Location) JSONEntry {
	j := JSONEntry{
		ID: e.ID, Seq: e.Seq, Kind: string(e.Kind), Time: e.Time.In(loc).Format(time.RFC3339Nano),
		Venue: e.Venue, Gate: e.Gate, Zone: e.Zone, Direction: string(e.Direction), Kiosk: e.KioskID,
		CTI: hex.EncodeToString(e.CTI), Iss: e.Iss, Sub: e.Sub, Name: e.Name, Accepted: e.Accepted,
		Reason: string(e.Reason), Warnings: e.Warnings, Override: e.Override, Ref: e.Ref, Detail: e.Detail,
		Hash: hex.EncodeToString(e.Hash), AuthorisedBy: e.By,
	}
	if e.CTI != nil {
		j.Type = e.Type.String()
	}
	if j.Warnings == nil {
		j.Warnings = []string{}
	}
	return j
}

// SafeCell defuses CSV formula injection as ExportCSV does: text starting
// with = + - @ or a tab or carriage return gets an apostrophe first.
func SafeCell(s string) string { return safeCell(s) }

// Summary words an intact chain for people: records, checkpoints and the
// records after the last checkpoint. Without checked signatures it says
// so: "...; hash chain intact; checkpoints not checked".
func (r *ChainReport) Summary() string {
	s := plural(r.Records, "record", "records") + ", "
	if !r.SignaturesChecked {
		if r.Checkpoints == 0 {
			s += "no checkpoints"
		} else {
			s += plural(r.Checkpoints, "checkpoint", "checkpoints") +
				fmt.Sprintf(", the last at record %d (%s)", r.LastCheckpoint, utcText(r.LastCheckpointTime))
		}
		return s + "; hash chain intact; checkpoints not checked"
	}
	if r.Checkpoints == 0 {
		if r.Records == 0 {
			return s + "no checkpoints"
		}
		return s + "no signed checkpoints: the hash chain alone protects them (write the log with verify --kiosk-key)"
	}
	s += plural(r.Checkpoints, "checkpoint", "checkpoints") +
		fmt.Sprintf(" signed by the kiosk key, the last at record %d (%s)", r.LastCheckpoint, utcText(r.LastCheckpointTime))
	if r.Unsigned > 0 {
		s += fmt.Sprintf("; %s after it protected by the hash chain only", plural(r.Unsigned, "record", "records"))
	}
	return s
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func utcText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
