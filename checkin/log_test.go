package checkin_test

import (
	"bytes"
	"crypto"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
	"github.com/venuepass/venuepass/wallet"
)

// TestConcurrentRecord: many callers at once; every record lands once, in
// one unbroken chain.
func TestConcurrentRecord(t *testing.T) {
	path := tempLog(t)
	key := kioskKey(t)
	l := open(t, path, checkin.Options{Signer: key, CheckpointEvery: 50})
	var wg sync.WaitGroup
	var mu sync.Mutex
	ids := map[string]bool{}
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				r, err := l.Record(ctx, checkin.Scan{Decision: accepted(fmt.Sprintf("g%di%d", g, i), verifier.Ticket, "T"), Venue: "arena", Gate: "1"})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if ids[r.Entry.ID] {
					t.Errorf("id %s twice", r.Entry.ID)
				}
				ids[r.Entry.ID] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	rep := verify(t, path, key.Public())
	if rep.Records != 320 || len(ids) != 320 || rep.Unsigned != 0 || rep.Checkpoints < 2 {
		t.Errorf("report %+v, %d ids", rep, len(ids))
	}
}

// TestTwoWriters: the kiosk and the CLI (or two kiosk processes) write
// the same file; the chain stays whole and anti-passback sees both.
func TestTwoWriters(t *testing.T) {
	path := tempLog(t)
	key := kioskKey(t)
	rules := []checkin.Rule{{Mode: checkin.Hard}}
	a := open(t, path, checkin.Options{Signer: key, Rules: rules})
	b := open(t, path, checkin.Options{Signer: key, Rules: rules})
	wantAccepted(t, record(t, a, checkin.Scan{Decision: accepted("alice", verifier.Ticket, "A"), Venue: "arena", Gate: "1", KioskID: "k1"}))
	r := record(t, b, checkin.Scan{Decision: accepted("alice", verifier.Ticket, "A"), Venue: "arena", Gate: "2", KioskID: "k2"})
	if r.Decision.Reason != verifier.ReasonAlreadyCheckedIn {
		t.Errorf("second writer did not see the first's entry: %+v", r.Decision)
	}
	if err := b.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	// b annuls a's decision (the CLI: venuepass log annul --kiosk k1).
	if _, err := b.Annul(ctx, checkin.Annulment{KioskID: "k1", By: "staff PIN"}); err != nil {
		t.Fatal(err)
	}
	wantAccepted(t, record(t, a, checkin.Scan{Decision: accepted("alice", verifier.Ticket, "A"), Venue: "arena", Gate: "1", KioskID: "k1"}))
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	rep := verify(t, path, key.Public())
	// a's checkpoint over the new log, b's, and a's on Close.
	if rep.Records != 4 || rep.Checkpoints != 3 || rep.Unsigned != 0 {
		t.Errorf("report %+v", rep)
	}
}

func TestCheckpoints(t *testing.T) {
	path := tempLog(t)
	key := kioskKey(t)
	// An interval too long to fire here: only the count and Close sign.
	l := open(t, path, checkin.Options{Signer: key, CheckpointEvery: 5, CheckpointInterval: time.Hour})
	for i := 0; i < 12; i++ {
		record(t, l, checkin.Scan{Decision: accepted(fmt.Sprint(i), verifier.Ticket, "T")})
	}
	rep := verify(t, path, key.Public())
	// One over the new, empty log, then one every five records.
	if rep.Checkpoints != 3 || rep.LastCheckpoint != 10 || rep.Unsigned != 2 {
		t.Errorf("after 12 records: %+v", rep)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if rep = verify(t, path, key.Public()); rep.Checkpoints != 4 || rep.LastCheckpoint != 12 || rep.Unsigned != 0 {
		t.Errorf("Close did not sign the rest: %+v", rep)
	}
	if err := l.Close(); !errors.Is(err, checkin.ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
	if _, err := l.Record(ctx, checkin.Scan{}); !errors.Is(err, checkin.ErrClosed) {
		t.Errorf("Record after Close: %v", err)
	}
}

// TestCheckpointInterval: the interval checkpoint covers the records
// without a Close, and Close then signs no empty one. (How many interval
// checkpoints fall among the records depends on the machine's speed, so
// the test counts none of them.)
func TestCheckpointInterval(t *testing.T) {
	path := tempLog(t)
	key := kioskKey(t)
	l := open(t, path, checkin.Options{Signer: key, CheckpointEvery: 1000, CheckpointInterval: 100 * time.Millisecond})
	for i := 0; i < 3; i++ {
		record(t, l, checkin.Scan{Decision: accepted(fmt.Sprint(i), verifier.Ticket, "T")})
	}
	rep := verify(t, path, key.Public())
	for deadline := time.Now().Add(10 * time.Second); rep.Unsigned != 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		rep = verify(t, path, key.Public())
	}
	if rep.Unsigned != 0 || rep.LastCheckpoint != 3 || rep.Checkpoints < 2 {
		t.Fatalf("after the interval: %+v", rep)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if after := verify(t, path, key.Public()); after.Checkpoints != rep.Checkpoints {
		t.Errorf("Close signed an empty checkpoint: %+v, was %+v", after, rep)
	}
}

func TestReadOnly(t *testing.T) {
	path := tempLog(t)
	if _, err := checkin.Open(path, checkin.Options{ReadOnly: true}); err == nil {
		t.Fatal("read-only open of a missing file")
	}
	w := open(t, path, checkin.Options{})
	record(t, w, checkin.Scan{Decision: accepted("a", verifier.Ticket, "A"), Gate: "1"})
	r := open(t, path, checkin.Options{ReadOnly: true})
	if _, err := r.Record(ctx, checkin.Scan{}); !errors.Is(err, checkin.ErrReadOnly) {
		t.Errorf("Record on a read-only log: %v", err)
	}
	last, err := r.Last(ctx, 5)
	if err != nil || len(last) != 1 || last[0].Name != "A" {
		t.Errorf("Last: %+v, %v", last, err)
	}
}

func TestStatsAndExport(t *testing.T) {
	c := newClock()
	loc := time.FixedZone("KST", 9*3600)
	l := open(t, tempLog(t), checkin.Options{Now: c.Now, Location: loc, Rules: []checkin.Rule{{Mode: checkin.Hard}}})
	scan := func(d verifier.Decision, dir checkin.Direction) checkin.Result {
		return record(t, l, checkin.Scan{Decision: d, Venue: "arena", Gate: "1", Direction: dir, KioskID: "k1", Time: c.Now()})
	}
	// Yesterday (KST): one entry.
	scan(accepted("old", verifier.Ticket, "Yesterday"), checkin.In)
	c.Add(12 * time.Hour) // 2026-06-14 02:02 UTC = 11:02 KST
	startToday := c.Now()
	scan(accepted("t1", verifier.Ticket, "=HYPERLINK(\"http://evil\")"), checkin.In)
	scan(accepted("t2", verifier.Ticket, "Bob"), checkin.In)
	scan(accepted("t2", verifier.Ticket, "Bob"), checkin.Out)
	scan(accepted("t3", verifier.Ticket, "Carol"), checkin.In)
	scan(accepted("t3", verifier.Ticket, "Carol"), checkin.In) // already_checked_in
	scan(accepted("e1", verifier.Employee, "Dan"), checkin.In)
	scan(rejected(verifier.ReasonBadSignature), checkin.In)
	r := scan(func() verifier.Decision {
		d := accepted("t4", verifier.Ticket, "Eve")
		d.Accepted, d.Reason, d.Err = false, verifier.ReasonRevoked, verifier.ReasonRevoked
		return d
	}(), checkin.In)
	if r.Entry.Accepted {
		t.Fatal("revoked accepted")
	}
	scan(accepted("e2", verifier.Employee, "Fay"), checkin.In)
	if _, err := l.Annul(ctx, checkin.Annulment{KioskID: "k1", By: "staff PIN"}); err != nil { // Fay did not pass
		t.Fatal(err)
	}
	st, err := l.Today(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := checkin.Stats{Decisions: 9, Accepted: 6, Rejected: 3, Annulled: 1, Entries: 4, Exits: 1, Inside: 3}
	if st.Decisions != want.Decisions || st.Accepted != want.Accepted || st.Rejected != want.Rejected ||
		st.Annulled != want.Annulled || st.Entries != want.Entries || st.Exits != want.Exits || st.Inside != want.Inside {
		t.Errorf("today: %+v\nwant %+v", st, want)
	}
	if st.ByType["ticket"] != 6 || st.ByType["employee"] != 2 || st.ByType["unknown"] != 1 {
		t.Errorf("by type %v", st.ByType)
	}
	if st.ByReason["already_checked_in"] != 1 || st.ByReason["bad_signature"] != 1 || st.ByReason["revoked"] != 1 {
		t.Errorf("by reason %v", st.ByReason)
	}
	last, err := l.Last(ctx, 2)
	if err != nil || len(last) != 2 || last[0].Kind != checkin.KindAnnul || last[1].Name != "Fay" {
		t.Errorf("last 2: %+v, %v", last, err)
	}

	var buf bytes.Buffer
	if err := l.ExportCSV(ctx, &buf, startToday, startToday.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 11 || strings.Join(rows[0], ",") != strings.Join(checkin.CSVHeader, ",") {
		t.Fatalf("%d rows, header %q", len(rows), rows[0])
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	first := rows[1]
	if first[col["name"]] != `'=HYPERLINK("http://evil")` || first[col["time"]] != "2026-06-14T11:02:00.000+09:00" ||
		first[col["cti"]] != hex.EncodeToString([]byte("t1      ")) || first[col["accepted"]] != "true" || first[col["type"]] != "ticket" {
		t.Errorf("first row %q", first)
	}
	if carol := rows[5]; carol[col["reason"]] != "already_checked_in" || carol[col["detail"]] != "Already checked in at 11:02, gate 1" {
		t.Errorf("passback row %q", carol)
	}
	if rows[10][col["kind"]] != "annul" || rows[10][col["ref"]] != rows[9][col["id"]] {
		t.Errorf("annul row %q", rows[10])
	}
}

func TestVerdictJSON(t *testing.T) {
	l := open(t, tempLog(t), checkin.Options{Rules: []checkin.Rule{{Mode: checkin.Soft}}})
	s := checkin.Scan{Decision: accepted("a", verifier.Ticket, "Kim Min-jun"), Venue: "arena", Gate: "3", KioskID: "k1"}
	record(t, l, s)
	r := record(t, l, s)
	got := string(r.VerdictJSON())
	for _, want := range []string{`"accepted":true`, `"reason":null`, `"warnings":["soft_passback"]`, `"profile":"vp"`,
		`"type":"ticket"`, `"name":"Kim Min-jun"`, `"org":""`, `"zones":[]`,
		`"record":"` + r.Entry.ID + `"`, `"gate":"3"`, `"direction":"in"`} {
		if !strings.Contains(got, want) {
			t.Errorf("verdict %s lacks %s", got, want)
		}
	}
	if strings.Contains(got, "\n") {
		t.Error("verdict is not one line")
	}
}

// TestReplayGuard: the log as the verifier's replay guard, with real
// credentials and presentations; a replayed code stays refused after a
// restart.
func TestReplayGuard(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	iss, err := issuer.GenerateKey(issuer.ES256)
	if err != nil {
		t.Fatal(err)
	}
	anchor := kioskKey(t)
	holder := kioskKey(t)
	data, err := trustlist.Sign(&trustlist.Contents{Seq: 1, IssuedAt: now, NextUpdate: now.Add(time.Hour), Expires: now.Add(2 * time.Hour),
		Issuers: []*trustlist.Issuer{{Kid: iss.KeyID(), Key: iss.Public(), Iss: "acme", Name: "ACME"}}}, anchor)
	if err != nil {
		t.Fatal(err)
	}
	list, err := trustlist.Parse(data, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		t.Fatal(err)
	}
	cred, err := iss.Issue(&verifier.Credential{Type: verifier.Membership, Iss: "acme", Sub: "M-1", Name: "Kim",
		IssuedAt: now.Add(-time.Hour), Expires: now.Add(24 * time.Hour), HolderKey: holder.Public()})
	if err != nil {
		t.Fatal(err)
	}
	code, err := wallet.Present(holder, cred, now, "arena")
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }

	path := tempLog(t)
	l := open(t, path, checkin.Options{Now: clock})
	v := verifier.New(list, verifier.Config{Now: clock, Venue: "arena", Replay: l})
	d := v.Verify(code)
	if !d.Accepted {
		t.Fatalf("presentation rejected: %v", d.Err)
	}
	if r := record(t, l, checkin.Scan{Decision: d, Venue: "arena", Gate: "1"}); !r.Decision.Accepted {
		t.Fatal("recorded as rejected")
	}
	if d := v.Verify(code); d.Reason != verifier.ReasonReplay {
		t.Fatalf("replay: %+v", d)
	}
	l.Close()

	l = open(t, path, checkin.Options{Now: clock})
	v = verifier.New(list, verifier.Config{Now: clock, Venue: "arena", Replay: l})
	if d := v.Verify(code); d.Reason != verifier.ReasonReplay {
		t.Fatalf("replay after restart: %+v", d)
	}
	fresh, err := wallet.Present(holder, cred, now.Add(-time.Second), "arena")
	if err != nil {
		t.Fatal(err)
	}
	if d := v.Verify(fresh); !d.Accepted {
		t.Fatalf("fresh code after restart: %v", d.Err)
	}
	// A guard that cannot record fails closed.
	l.Close()
	if !l.Seen([]byte("cti-0001"), now.Unix(), now) {
		t.Error("closed log reported a pair unseen")
	}
}
