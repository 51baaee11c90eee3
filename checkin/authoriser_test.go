package checkin

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// goldenEntryV2 is a staff override with every hashed field set, the
// authoriser (By) included.
func goldenEntryV2() Entry {
	e := goldenEntry()
	e.Detail, e.By = "override: lost ticket, identity checked", "staff badge 김민준 (acme/S-7)"
	return e
}

// goldenHashV2 is the SHA-256 of goldenEntryV2's canonical encoding: the
// encoding of records with an authoriser, added with schema version 2.
// goldenHash (records without one) did not change with it, so logs
// written before still verify. Both were checked against an independent
// implementation of the encoding (a Python script, December 2026).
const goldenHashV2 = "352f6d9ac63c6f257599d2828813088dfcf4d0900cc428b0edb7a47e207cf880"

func TestCanonicalGoldenV2(t *testing.T) {
	e := goldenEntryV2()
	if got := hex.EncodeToString(e.computeHash()); got != goldenHashV2 {
		t.Errorf("hash of the golden override is %s, want %s\n(changing the canonical encoding breaks every existing log)", got, goldenHashV2)
	}
	c := e.canonical()
	if !strings.HasPrefix(string(c), "venuepass-log-v2\x00") {
		t.Errorf("canonical encoding starts %q", c[:min(len(c), 20)])
	}
	// The authoriser is encoded after Detail, before Prev.
	if !bytes.Contains(c, append([]byte(e.Detail), byte(len(e.By)))) {
		t.Errorf("By is not encoded right after Detail")
	}
	// Without an authoriser the record encodes as before By existed.
	e.By = ""
	if !strings.HasPrefix(string(e.canonical()), "venuepass-log-v1\x00") {
		t.Errorf("a record without By is not encoded as v1")
	}
}

// Annul names who authorised it and why, in the hashed record: log tail
// (Line, JSON) and log export (CSV) show it, and editing it in the file
// breaks the chain.
func TestAnnulAuthoriser(t *testing.T) {
	ctx := context.Background()
	key, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 13, 14, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "k1.vplog")
	l, err := Open(path, Options{Signer: key, Rules: []Rule{{Mode: Hard}}, Location: time.UTC, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	d := verifier.Decision{Accepted: true, Credential: &verifier.Credential{Type: verifier.Ticket, Iss: "acme", Name: "Ann", CTI: []byte("cti-ann")}}
	if _, err := l.Record(ctx, Scan{Decision: d, Gate: "1", KioskID: "k1", Time: now}); err != nil {
		t.Fatal(err)
	}
	for _, by := range []string{"", "  "} {
		if _, err := l.Annul(ctx, Annulment{KioskID: "k1", By: by}); !errors.Is(err, ErrNoAuthoriser) {
			t.Fatalf("annul by %q: %v, want ErrNoAuthoriser", by, err)
		}
	}
	a, err := l.Annul(ctx, Annulment{KioskID: "k1", By: "=Jo (supervisor)", Reason: "the turnstile jammed"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != KindAnnul || a.By != "=Jo (supervisor)" || a.Detail != "annulled: the turnstile jammed" || a.Seq != 2 {
		t.Fatalf("annul record: %+v", a)
	}
	if line := a.Line(time.UTC); !strings.Contains(line, "annulled: the turnstile jammed  authorised by =Jo (supervisor)") {
		t.Errorf("tail line: %s", line)
	}
	if j := a.JSON(time.UTC); j.AuthorisedBy != "=Jo (supervisor)" {
		t.Errorf("JSON: %+v", j)
	}
	var b bytes.Buffer
	if err := l.ExportCSV(ctx, &b, time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][len(rows[0])-1] != "authorised_by" || rows[1][len(rows[1])-1] != "" ||
		rows[2][len(rows[2])-1] != "'=Jo (supervisor)" {
		t.Errorf("CSV: %q", rows)
	}
	// Anti-passback forgot the entry: Ann may scan again.
	if r, err := l.Record(ctx, Scan{Decision: d, Gate: "1", KioskID: "k1", Time: now}); err != nil || !r.Decision.Accepted {
		t.Fatalf("after the annulment: %v %v", r.Decision.Reason, err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyChain(path, key.Public()); err != nil {
		t.Fatal(err)
	}
	// Removing or changing the authoriser is tampering.
	for _, set := range []string{"''", "'staff PIN'"} {
		tampered := filepath.Join(t.TempDir(), "tampered.vplog")
		copyTestFile(t, path, tampered)
		db := rawDB(t, tampered)
		exec(t, db, "UPDATE records SET authorised_by = "+set+" WHERE seq = 2")
		db.Close()
		_, err := VerifyChain(tampered, key.Public())
		var ce *ChainError
		if !errors.As(err, &ce) || ce.Seq != 2 || !strings.Contains(ce.Problem, "the record was altered") {
			t.Errorf("authorised_by set to %s: VerifyChain %v, want record 2 altered", set, err)
		}
	}
}

func copyTestFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A log written by the code before annulments named their authoriser
// (schema version 1, testdata/v1.vplog, see testdata/README.md) is read
// as it is when opened read-only, verifies with its kiosk key, and is
// migrated to version 2 when opened for writing: its records and their
// hashes unchanged, anti-passback rebuilt from them, new annulments
// naming who authorised them.
func TestOpenSchemaV1Log(t *testing.T) {
	ctx := context.Background()
	pub, err := issuer.LoadPublicKey(filepath.Join("testdata", "v1.vplog.pub"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.vplog")
	copyTestFile(t, filepath.Join("testdata", "v1.vplog"), path)
	version := func() int {
		t.Helper()
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var v int
		if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := version(); v != 1 {
		t.Fatalf("testdata/v1.vplog has schema version %d", v)
	}
	rep, err := VerifyChain(path, pub)
	if err != nil || rep.Records != 5 || rep.Checkpoints == 0 {
		t.Fatalf("VerifyChain of the old log: %+v %v", rep, err)
	}
	read := func() []Entry {
		t.Helper()
		l, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		es, err := Tail(ctx, []*Log{l}, 100)
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(es) // oldest first
		return es
	}
	old := read()
	if v := version(); v != 1 || len(old) != 5 {
		t.Fatalf("read-only: schema version %d after, %d records", v, len(old))
	}
	if a := old[4]; a.Kind != KindAnnul || a.Name != "Ben" || a.By != "" || a.Detail != "annulled: the holder did not pass" {
		t.Fatalf("old annulment: %+v", a)
	}

	now := time.Date(2026, 6, 13, 14, 1, 0, 0, time.UTC)
	l, err := Open(path, Options{Rules: []Rule{{Mode: Hard}}, Location: time.UTC, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if v := version(); v != SchemaVersion || SchemaVersion != 2 {
		t.Fatalf("schema version %d after opening for writing, want 2", v)
	}
	cred := func(name string) verifier.Decision {
		return verifier.Decision{Accepted: true, Credential: &verifier.Credential{Type: verifier.Ticket, Iss: "acme", Sub: name, Name: name, CTI: []byte("cti-" + strings.ToLower(name))}}
	}
	// Ann is inside (hard anti-passback from the old records); Ben's
	// entry was annulled, so he may come in.
	for _, c := range []struct {
		name string
		in   bool
	}{{"Ann", false}, {"Ben", true}} {
		r, err := l.Record(ctx, Scan{Decision: cred(c.name), Venue: "arena", Gate: "1", KioskID: "k1", Time: now})
		if err != nil || r.Decision.Accepted != c.in {
			t.Fatalf("%s after the migration: accepted %v (%v), want %v", c.name, r.Decision.Accepted, err, c.in)
		}
	}
	if _, err := l.Annul(ctx, Annulment{KioskID: "k1", By: "staff PIN"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if rep, err := VerifyChain(path, pub); err != nil || rep.Records != 8 {
		t.Fatalf("VerifyChain after the migration: %+v %v", rep, err)
	}
	after := read()
	if len(after) != 8 {
		t.Fatalf("%d records", len(after))
	}
	for i := range old {
		if after[i].ID != old[i].ID || !bytes.Equal(after[i].Hash, old[i].Hash) || after[i].By != "" {
			t.Errorf("record %d changed by the migration", i+1)
		}
	}
	if a := after[7]; a.Kind != KindAnnul || a.Name != "Ben" || a.By != "staff PIN" {
		t.Errorf("new annulment: %+v", a)
	}
}
