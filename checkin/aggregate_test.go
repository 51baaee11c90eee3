package checkin_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/verifier"
)

// twoGates writes two real logs, one per gate, sharing a clock: Kim
// enters at gate 1 and leaves at gate 2, Lee enters at gate 2, Ana enters
// at gate 1 but the gate fails, Max is annulled, and a forged code is
// rejected at gate 2. It returns the logs reopened read-only, and the clock.
func twoGates(t *testing.T) ([]*checkin.Log, *clock) {
	t.Helper()
	dir := t.TempDir()
	clk := newClock()
	paths := []string{filepath.Join(dir, "gate1.vplog"), filepath.Join(dir, "gate2.vplog")}
	g1 := open(t, paths[0], checkin.Options{Now: clk.Now, Location: time.UTC})
	g2 := open(t, paths[1], checkin.Options{Now: clk.Now, Location: time.UTC})
	scan := func(l *checkin.Log, d verifier.Decision, gate string, dir checkin.Direction) checkin.Result {
		clk.Add(time.Minute)
		return record(t, l, checkin.Scan{Decision: d, Venue: "arena", Gate: gate, Zone: "B", Direction: dir, KioskID: "k" + gate})
	}
	scan(g1, accepted("kim", verifier.Employee, "Kim"), "1", checkin.In)
	scan(g2, accepted("lee", verifier.Ticket, "Lee"), "2", checkin.In)
	ana := scan(g1, accepted("ana", verifier.Ticket, "Ana"), "1", checkin.In)
	if _, err := g1.RecordGate(ctx, ana.Entry.ID, errGate); err != nil {
		t.Fatal(err)
	}
	scan(g2, accepted("kim", verifier.Employee, "Kim"), "2", checkin.Out)
	scan(g1, accepted("max", verifier.Ticket, "Max"), "1", checkin.In)
	clk.Add(time.Second)
	if _, err := g1.Annul(ctx, checkin.Annulment{KioskID: "k1", Within: time.Minute, By: "staff PIN"}); err != nil {
		t.Fatal(err)
	}
	scan(g2, rejected(verifier.ReasonBadSignature), "2", checkin.In)
	if err := g1.Close(); err != nil {
		t.Fatal(err)
	}
	if err := g2.Close(); err != nil {
		t.Fatal(err)
	}
	var logs []*checkin.Log
	for _, p := range paths {
		logs = append(logs, open(t, p, checkin.Options{ReadOnly: true, Location: time.UTC}))
	}
	return logs, clk
}

type gateError string

func (e gateError) Error() string { return string(e) }

const errGate = gateError("relay did not answer")

func TestSumStatsAcrossLogs(t *testing.T) {
	logs, _ := twoGates(t)
	sum, err := checkin.SumStats(ctx, logs, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := checkin.Stats{Decisions: 6, Accepted: 5, Rejected: 1, Annulled: 1, GateFailures: 1, Entries: 2, Exits: 1, Inside: 1}
	got := *sum
	got.ByType, got.ByReason = nil, nil
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("stats\n got %+v\nwant %+v", got, want)
	}
	// Each log alone thinks Kim is still inside (gate 1) or never came
	// (gate 2): only the logs together know he left.
	one, err := logs[0].Stats(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if one.Inside != 1 {
		t.Errorf("gate 1 alone: inside %d, want 1 (Kim)", one.Inside)
	}
	if sum.ByType["ticket"] != 3 || sum.ByType["employee"] != 2 || sum.ByType["unknown"] != 1 || sum.ByReason["bad_signature"] != 1 {
		t.Errorf("by type %v, by reason %v", sum.ByType, sum.ByReason)
	}
	// A range that ends before Kim left: he and Lee are inside.
	first, _ := logs[0].Last(ctx, 100)
	kimIn := first[len(first)-1].Time
	sum, err = checkin.SumStats(ctx, logs, time.Time{}, kimIn.Add(90*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inside != 2 || sum.Decisions != 2 {
		t.Errorf("until after Lee entered: inside %d, decisions %d; want 2, 2", sum.Inside, sum.Decisions)
	}
}

func TestInsideByZone(t *testing.T) {
	logs, _ := twoGates(t)
	zones, err := checkin.Inside(ctx, logs, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := []checkin.ZoneCount{{Venue: "arena", Zone: "B", Inside: 1, Entries: 2, Exits: 1}}
	if len(zones) != 1 || zones[0] != want[0] {
		t.Fatalf("zones %+v, want %+v", zones, want)
	}
	// One log alone: Kim's exit is elsewhere.
	zones, err = checkin.Inside(ctx, logs[:1], time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if zones[0].Inside != 1 || zones[0].Entries != 1 || zones[0].Exits != 0 {
		t.Fatalf("gate 1 alone: %+v", zones[0])
	}
	zones, err = checkin.Inside(ctx, logs, time.Now().Add(24*365*time.Hour))
	if err != nil || len(zones) != 0 {
		t.Fatalf("from the future: %+v, %v", zones, err)
	}
}

func TestTailMergesLogs(t *testing.T) {
	logs, _ := twoGates(t)
	es, err := checkin.Tail(ctx, logs, 4)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range es {
		got = append(got, es[i].What()+" "+es[i].Gate)
	}
	want := "REJECT bad_signature 2|ANNUL 1|ACCEPT 1|ACCEPT 2"
	if strings.Join(got, "|") != want {
		t.Fatalf("tail %q, want %q", strings.Join(got, "|"), want)
	}
	for i := 1; i < len(es); i++ {
		if es[i].Time.After(es[i-1].Time) {
			t.Fatalf("tail not newest first at %d", i)
		}
	}
	line := es[2].Line(time.UTC)
	if !strings.Contains(line, "ACCEPT  Max, ticket  in gate 1 zone B venue arena  kiosk k1") {
		t.Errorf("line %q", line)
	}
	data, err := json.Marshal(es[0].JSON(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"reason":"bad_signature"`) || !strings.Contains(string(data), `"warnings":[]`) {
		t.Errorf("json %s", data)
	}
}

func TestChainSummary(t *testing.T) {
	path := tempLog(t)
	clk := newClock()
	l := open(t, path, checkin.Options{Now: clk.Now, Signer: kioskKey(t)})
	record(t, l, checkin.Scan{Decision: accepted("kim", verifier.Employee, "Kim"), KioskID: "k"})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := checkin.VerifyChain(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Summary(); got != "1 record, 2 checkpoints, the last at record 1 (2026-06-13T14:02:00Z); hash chain intact; checkpoints not checked" {
		t.Errorf("unchecked: %q", got)
	}
	rep.SignaturesChecked, rep.Unsigned, rep.Records = true, 2, 3
	if got := rep.Summary(); got != "3 records, 2 checkpoints signed by the kiosk key, the last at record 1 (2026-06-13T14:02:00Z); 2 records after it protected by the hash chain only" {
		t.Errorf("checked: %q", got)
	}
	ce := &checkin.ChainError{Seq: 7, ID: "x", Problem: "its hash does not match"}
	if got := ce.Describe(); strings.Contains(got, checkin.ErrChainBroken.Error()) || !strings.Contains(got, "record 7 (x)") {
		t.Errorf("Describe %q", got)
	}
}

func TestReports(t *testing.T) {
	logs, _ := twoGates(t)
	sum, err := checkin.SumStats(ctx, logs, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	text := sum.Text(2, time.UTC)
	for _, want := range []string{"Check-ins from - on, 2 logs\n", "    inside                       1  last scan in the range is an entry\n",
		"Rejected by reason:\n    bad_signature                1  the signature does not match: the code was altered or forged\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	data, _ := json.Marshal(sum.JSON([]string{"a", "b"}))
	if !strings.HasPrefix(string(data), `{"from":null,"to":null,"logs":["a","b"],"decisions":6,"accepted":5,"rejected":1,"entries":2,"exits":1,"inside":1,`) {
		t.Errorf("json %s", data)
	}
	var b strings.Builder
	if err := checkin.ExportCSVAll(ctx, &b, logs, time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	// One header, then gate 1's 5 records and gate 2's 3.
	if len(lines) != 9 || !strings.HasPrefix(lines[0], "id,seq,kind") || strings.Count(b.String(), "id,seq,kind") != 1 {
		t.Fatalf("export: %d lines\n%s", len(lines), b.String())
	}
}

// TestStartOfDay: midnight of the day in the given zone, not in UTC: 01:30
// in Seoul is 16:30 UTC the day before.
func TestStartOfDay(t *testing.T) {
	seoul := time.FixedZone("KST", 9*3600)
	at := time.Date(2026, 12, 4, 16, 30, 0, 0, time.UTC) // 2026-12-05 01:30 KST
	got := checkin.StartOfDay(at, seoul)
	if want := time.Date(2026, 12, 5, 0, 0, 0, 0, seoul); !got.Equal(want) {
		t.Errorf("StartOfDay in Seoul = %v, want %v", got, want)
	}
	if got := checkin.StartOfDay(at, time.UTC); !got.Equal(time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("StartOfDay in UTC = %v", got)
	}
}

// TestInsideOnePlacePerVenue: a holder is counted in one zone of a venue,
// as anti-passback counts them. An exit at another gate's zone lets them
// out (it counted them inside NORTH for ever), and moving from zone to zone
// moves them (it counted one person in both).
func TestInsideOnePlacePerVenue(t *testing.T) {
	t0 := time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)
	scan := func(min int, who, zone string, dir checkin.Direction) checkin.Entry {
		return checkin.Entry{Kind: checkin.KindDecision, Accepted: true, ID: fmt.Sprintf("id-%02d", min), Time: t0.Add(time.Duration(min) * time.Minute),
			Venue: "HQ", Zone: zone, Iss: "acme", CTI: []byte(who), Direction: dir}
	}
	got := checkin.InsideOf([]checkin.Entry{
		scan(0, "cat", "NORTH", checkin.In),
		scan(1, "cat", "SOUTH", checkin.Out), // out of the venue by another gate
		scan(2, "dan", "NORTH", checkin.In),
		scan(3, "dan", "SOUTH", checkin.In), // moved into SOUTH (zone scope)
		scan(4, "eve", "SOUTH", checkin.In),
	}, time.Time{})
	want := []checkin.ZoneCount{
		{Venue: "HQ", Zone: "NORTH", Inside: 0, Entries: 2},
		{Venue: "HQ", Zone: "SOUTH", Inside: 2, Entries: 2, Exits: 1},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("inside\n got %+v\nwant %+v", got, want)
	}
}
