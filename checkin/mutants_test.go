package checkin

import (
	"crypto"
	"database/sql"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/verifier"
)

// Tests written against deliberate bugs (scripts/mutants): each one fails
// when a security check of the log is removed or weakened.

// goldenEntry has every one of the 21 hashed fields set to a value other
// than its zero value.
func goldenEntry() Entry {
	return Entry{
		Seq: 42, ID: "0190f0a0-0000-7000-8000-000000000001", Kind: KindDecision,
		Time: time.Date(2026, 6, 13, 14, 2, 3, 456789, time.UTC), Venue: "arena", Gate: "north-3", Zone: "floor",
		Direction: Out, KioskID: "kiosk-7", CTI: []byte("cti-0042"), Iss: "acme", Sub: "S-42",
		Type: verifier.Ticket, Name: "김민준 Kim", Accepted: true, Reason: verifier.ReasonRevoked,
		Warnings: []string{"soft_passback", "stale_trust_list"}, Override: true, Ref: "0190f0a0-0000-7000-8000-000000000000",
		Detail: "already inside", Prev: []byte("0123456789abcdef0123456789abcdef"),
	}
}

// goldenHash is the SHA-256 of goldenEntry's canonical encoding. It must
// never change: logs written by earlier versions are verified against it.
const goldenHash = "8d39b07db692f75c10275ccb1d0d9a8a32abef2d67a53f051f08738139a916be"

// TestCanonicalGolden pins the hash chain's encoding.
func TestCanonicalGolden(t *testing.T) {
	e := goldenEntry()
	if got := hex.EncodeToString(e.computeHash()); got != goldenHash {
		t.Errorf("hash of the golden entry is %s, want %s\n(changing the canonical encoding breaks every existing log)", got, goldenHash)
	}
	if c := e.canonical(); !strings.HasPrefix(string(c), "venuepass-log-v1\x00") {
		t.Errorf("canonical encoding starts %q", c[:min(len(c), 20)])
	}
}

// hashedFields changes each field the hash chain covers (all of Entry but
// Hash) to another value.
var hashedFields = map[string]func(e *Entry){
	"Seq":       func(e *Entry) { e.Seq++ },
	"ID":        func(e *Entry) { e.ID = "0190f0a0-0000-7000-8000-000000000002" },
	"Kind":      func(e *Entry) { e.Kind = KindAnnul },
	"Time":      func(e *Entry) { e.Time = e.Time.Add(time.Nanosecond) },
	"Venue":     func(e *Entry) { e.Venue = "arena2" },
	"Gate":      func(e *Entry) { e.Gate = "north-4" },
	"Zone":      func(e *Entry) { e.Zone = "vip" },
	"Direction": func(e *Entry) { e.Direction = In },
	"KioskID":   func(e *Entry) { e.KioskID = "kiosk-8" },
	"CTI":       func(e *Entry) { e.CTI = []byte("cti-0043") },
	"Iss":       func(e *Entry) { e.Iss = "acme2" },
	"Sub":       func(e *Entry) { e.Sub = "S-43" },
	"Type":      func(e *Entry) { e.Type = verifier.Membership },
	"Name":      func(e *Entry) { e.Name = "Mallory" },
	"Accepted":  func(e *Entry) { e.Accepted = false },
	"Reason":    func(e *Entry) { e.Reason = verifier.ReasonExpired },
	"Warnings":  func(e *Entry) { e.Warnings = e.Warnings[:1] },
	"Override":  func(e *Entry) { e.Override = false },
	"Ref":       func(e *Entry) { e.Ref = "" },
	"Detail":    func(e *Entry) { e.Detail = "" },
	"By":        func(e *Entry) { e.By = "staff badge Mallory (evil/S-1)" },
	"Prev":      func(e *Entry) { e.Prev = make([]byte, 32) },
}

// TestCanonicalCoversEveryField: changing any one field changes the hash,
// and the list above names every field of Entry but Hash.
func TestCanonicalCoversEveryField(t *testing.T) {
	typ := reflect.TypeFor[Entry]()
	for i := range typ.NumField() {
		name := typ.Field(i).Name
		if _, ok := hashedFields[name]; !ok && name != "Hash" {
			t.Errorf("Entry.%s is not in hashedFields: is it in the hash chain?", name)
		}
	}
	if len(hashedFields) != 22 {
		t.Errorf("%d hashed fields, want 22", len(hashedFields))
	}
	// Both encodings: without an authoriser (v1) and with one (v2).
	for _, golden := range []func() Entry{goldenEntry, goldenEntryV2} {
		base := golden()
		want := base.computeHash()
		for name, change := range hashedFields {
			e := golden()
			change(&e)
			if reflect.DeepEqual(e, base) {
				t.Errorf("%s: the change changed nothing", name)
			}
			if got := e.computeHash(); string(got) == string(want) {
				t.Errorf("By %q: changing %s does not change the record's hash", base.By, name)
			}
		}
	}
}

// TestTamperEveryColumn edits one stored column of record 5 at a time with
// raw SQL: VerifyChain names record 5 as altered. (seq and prev are covered
// by the reorder, delete and insert cases of TestTamper.)
func TestTamperEveryColumn(t *testing.T) {
	for _, tc := range []struct{ column, set string }{
		{"id", "'0190f0a0-0000-7000-8000-00000000beef'"},
		{"kind", "'annul'"},
		{"at_ns", "at_ns + 1"},
		{"venue", "'stadium'"},
		{"gate", "'2'"},
		{"zone", "'vip'"},
		{"direction", "'out'"},
		{"kiosk", "'k2'"},
		{"cti", "X'6374692d39393939'"},
		{"iss", "'evil'"},
		{"sub", "'S-evil'"},
		{"type", "type + 1"},
		{"name", "'Mallory'"},
		{"accepted", "1 - accepted"},
		{"reason", "'revoked'"},
		{"warnings", "'soft_passback'"},
		{"override", "1 - override"},
		{"ref", "'0190f0a0-0000-7000-8000-000000000000'"},
		{"detail", "'let in by staff'"},
		{"authorised_by", "'staff PIN'"},
	} {
		t.Run(tc.column, func(t *testing.T) {
			t.Parallel()
			path, key := tamperLog(t)
			db := rawDB(t, path)
			before := readEntry(t, db, 5)
			exec(t, db, "UPDATE records SET "+tc.column+" = "+tc.set+" WHERE seq = 5")
			if after := readEntry(t, db, 5); reflect.DeepEqual(before, after) {
				t.Fatalf("the update changed nothing")
			}
			_, err := VerifyChain(path, key.Public())
			var ce *ChainError
			if !errors.As(err, &ce) || ce.Seq != 5 || !strings.Contains(ce.Problem, "the record was altered") {
				t.Fatalf("VerifyChain: %v, want record 5 altered", err)
			}
		})
	}
}

// flipLastByte returns b with its last byte changed.
func flipLastByte(b []byte) []byte {
	c := append([]byte(nil), b...)
	c[len(c)-1] ^= 0x01
	return c
}

// TestForgedCheckpointSignature: a checkpoint with the right kid, algorithm
// and payload but a signature that does not verify is refused (the chain
// head it names is the true one, so only the signature check can refuse it).
func TestForgedCheckpointSignature(t *testing.T) {
	path, key := tamperLog(t)
	db := rawDB(t, path)
	n := lastCheckpoint(t, db)
	var sig []byte
	if err := db.QueryRow("SELECT sig FROM checkpoints WHERE n = ?", n).Scan(&sig); err != nil {
		t.Fatal(err)
	}
	exec(t, db, "UPDATE checkpoints SET sig = ? WHERE n = ?", flipLastByte(sig), n)
	_, err := VerifyChain(path, key.Public())
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Checkpoint != n || ce.Problem != "signature does not verify" {
		t.Fatalf("VerifyChain: %v, want checkpoint %d: signature does not verify", err, n)
	}
	// Without the key the signatures are not checked, and the report says so.
	rep, err := VerifyChain(path, nil)
	if err != nil || rep.SignaturesChecked {
		t.Fatalf("no key: %+v, %v", rep, err)
	}
}

// lastCheckpoint returns the number of the last checkpoint.
func lastCheckpoint(t *testing.T, db *sql.DB) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow("SELECT max(n) FROM checkpoints").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// addCheckpoint appends checkpoint n over record headSeq, well signed by
// the kiosk key.
func addCheckpoint(t *testing.T, db *sql.DB, key crypto.Signer, headSeq int64) (n int64) {
	t.Helper()
	n = lastCheckpoint(t, db) + 1
	e := readEntry(t, db, headSeq)
	at := time.Date(2026, 6, 13, 15, 0, 0, 0, time.UTC)
	sig, pub, err := signCheckpoint(key, checkpointPayload(n, headSeq, e.Hash, at, "close"))
	if err != nil {
		t.Fatal(err)
	}
	exec(t, db, "INSERT INTO checkpoints (n, head_seq, head, at_ns, reason, pub, sig) VALUES (?, ?, ?, ?, 'close', ?, ?)",
		n, headSeq, e.Hash, at.UnixNano(), pub, sig)
	return n
}

// TestCheckpointsOutOfOrder: a second checkpoint, well signed by the kiosk
// key, over an earlier record than the first is refused; over the same
// record (the control) it is good.
func TestCheckpointsOutOfOrder(t *testing.T) {
	path, key := tamperLog(t)
	n := addCheckpoint(t, rawDB(t, path), key, 10)
	if rep, err := VerifyChain(path, key.Public()); err != nil || rep.Checkpoints != n || rep.LastCheckpoint != 10 {
		t.Fatalf("control: %+v, %v", rep, err)
	}

	path, key = tamperLog(t)
	n = addCheckpoint(t, rawDB(t, path), key, 5)
	_, err := VerifyChain(path, key.Public())
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Checkpoint != n || !strings.Contains(ce.Problem, "checkpoints out of order") {
		t.Fatalf("VerifyChain: %v, want checkpoint %d out of order", err, n)
	}
}
