package checkin

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// tamperLog writes ten decisions (the seventh rejected) with a kiosk key
// and closes the log, which signs a checkpoint over record 10.
func tamperLog(t *testing.T) (string, *issuer.Key) {
	t.Helper()
	key, err := issuer.GenerateKey(issuer.ES256)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kiosk.vplog")
	l, err := Open(path, Options{Signer: key})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		d := verifier.Decision{Accepted: i != 7, Credential: &verifier.Credential{
			Type: verifier.Ticket, Name: fmt.Sprintf("Holder %d", i), Iss: "acme", CTI: []byte(fmt.Sprintf("cti-%04d", i)),
		}}
		if i == 7 {
			d.Reason, d.Err = verifier.ReasonRevoked, verifier.ReasonRevoked
		}
		if _, err := l.Record(context.Background(), Scan{Decision: d, Venue: "arena", Gate: "1", KioskID: "k1"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyChain(path, key.Public()); err != nil {
		t.Fatalf("untouched log: %v", err)
	}
	return path, key
}

// rawDB opens the file with plain SQL and drops the append-only triggers,
// as someone with write access to the file could.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	for _, tr := range []string{"records_no_update", "records_no_delete", "records_no_replace",
		"checkpoints_no_update", "checkpoints_no_delete", "checkpoints_no_replace"} {
		exec(t, db, "DROP TRIGGER "+tr)
	}
	return db
}

func exec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func readEntry(t *testing.T, db *sql.DB, seq int64) *Entry {
	t.Helper()
	e, err := scanEntry(db.QueryRow("SELECT "+entryColumns+" FROM records WHERE seq = ?", seq))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// rewriteChain renames the holder of record from to Mallory and recomputes
// the hashes of records from to to, so that the chain holds again.
func rewriteChain(t *testing.T, db *sql.DB, from, to int64) {
	t.Helper()
	var prev []byte
	for seq := from; seq <= to; seq++ {
		e := readEntry(t, db, seq)
		if seq == from {
			e.Name = "Mallory"
		} else {
			e.Prev = prev
		}
		e.Hash = e.computeHash()
		exec(t, db, "UPDATE records SET name = ?, prev = ?, hash = ? WHERE seq = ?", e.Name, e.Prev, e.Hash, seq)
		prev = e.Hash
	}
}

func insertEntry(t *testing.T, db *sql.DB, e *Entry) {
	t.Helper()
	exec(t, db, insertRecord, e.row()...)
}

// TestTamper does each kind of tampering with raw SQL and checks that
// VerifyChain (and Open) detect it and name the first bad record.
func TestTamper(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tamper  func(t *testing.T, db *sql.DB)
		seq     int64
		problem string
	}{
		{"edit name", func(t *testing.T, db *sql.DB) {
			exec(t, db, "UPDATE records SET name = 'Mallory' WHERE seq = 5")
		}, 5, "the record was altered"},
		{"edit verdict", func(t *testing.T, db *sql.DB) {
			exec(t, db, "UPDATE records SET accepted = 1, reason = '' WHERE seq = 7")
		}, 7, "the record was altered"},
		{"edit time", func(t *testing.T, db *sql.DB) {
			exec(t, db, "UPDATE records SET at_ns = at_ns - 3600000000000 WHERE seq = 2")
		}, 2, "the record was altered"},
		{"edit and rehash one record", func(t *testing.T, db *sql.DB) {
			e := readEntry(t, db, 5)
			e.Name = "Mallory"
			exec(t, db, "UPDATE records SET name = ?, hash = ? WHERE seq = 5", e.Name, e.computeHash())
		}, 6, "not linked to record 5"},
		{"insert in the middle", func(t *testing.T, db *sql.DB) {
			// Make room after record 5 and insert a well-formed record
			// linked to it, hash and all.
			exec(t, db, "UPDATE records SET seq = seq + 100 WHERE seq > 5")
			exec(t, db, "UPDATE records SET seq = seq - 99 WHERE seq > 100")
			prev := readEntry(t, db, 5)
			forged := *prev
			forged.Seq, forged.ID, forged.Name, forged.CTI = 6, newID(time.Now()), "Mallory", []byte("forged-1")
			forged.Prev = prev.Hash
			forged.Hash = forged.computeHash()
			insertEntry(t, db, &forged)
		}, 7, "not linked to record 6"},
		{"append after the end", func(t *testing.T, db *sql.DB) {
			last := readEntry(t, db, 10)
			forged := *last
			forged.Seq, forged.ID, forged.Name = 11, newID(time.Now()), "Mallory"
			forged.Prev = last.Hash
			forged.Hash = []byte("not the hash of this record......")
			insertEntry(t, db, &forged)
		}, 11, "the record was altered"},
		{"reorder", func(t *testing.T, db *sql.DB) {
			exec(t, db, "UPDATE records SET seq = 100 WHERE seq = 3")
			exec(t, db, "UPDATE records SET seq = 3 WHERE seq = 4")
			exec(t, db, "UPDATE records SET seq = 4 WHERE seq = 100")
		}, 3, "not linked to record 2"},
		{"delete in the middle", func(t *testing.T, db *sql.DB) {
			exec(t, db, "DELETE FROM records WHERE seq = 5")
		}, 5, "record is missing"},
		{"delete and renumber", func(t *testing.T, db *sql.DB) {
			exec(t, db, "DELETE FROM records WHERE seq = 5")
			exec(t, db, "UPDATE records SET seq = seq - 1 WHERE seq > 5")
		}, 5, "not linked to record 4"},
		{"delete the last record", func(t *testing.T, db *sql.DB) {
			exec(t, db, "DELETE FROM records WHERE seq = 10")
		}, 10, "records after it were deleted"},
		{"rewrite the chain", func(t *testing.T, db *sql.DB) {
			// Edit record 5 and recompute every hash after it: the chain
			// holds, the signed checkpoint does not.
			rewriteChain(t, db, 5, 10)
		}, 10, "the signed chain head does not match"},
		{"forge the checkpoint", func(t *testing.T, db *sql.DB) {
			exec(t, db, "UPDATE checkpoints SET head_seq = 9, head = (SELECT hash FROM records WHERE seq = 9)")
		}, 9, "signed content differs"},
		{"delete the checkpoint", func(t *testing.T, db *sql.DB) {
			// Append a third checkpoint row, then delete the second (the
			// first is over the empty log).
			exec(t, db, "INSERT INTO checkpoints SELECT 3, head_seq, head, at_ns, reason, pub, sig FROM checkpoints WHERE n = 2")
			exec(t, db, "DELETE FROM checkpoints WHERE n = 2")
		}, 10, "checkpoint 2 is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path, key := tamperLog(t)
			tc.tamper(t, rawDB(t, path))
			_, err := VerifyChain(path, key.Public())
			var ce *ChainError
			if !errors.As(err, &ce) || !errors.Is(err, ErrChainBroken) {
				t.Fatalf("VerifyChain: %v, want a *ChainError", err)
			}
			if ce.Seq != tc.seq || !strings.Contains(ce.Problem, tc.problem) {
				t.Errorf("VerifyChain: %v\nwant record %d: %s", err, tc.seq, tc.problem)
			}
			t.Log(err)
			// A kiosk does not open a log whose records were tampered with.
			if ce.Checkpoint == 0 {
				if l, err := Open(path, Options{Signer: key}); !errors.Is(err, ErrChainBroken) {
					if l != nil {
						l.Close()
					}
					t.Errorf("Open of a tampered log: %v", err)
				}
			}
		})
	}
}

func TestVerifyChainKey(t *testing.T) {
	path, _ := tamperLog(t)
	other, _, _ := ed25519.GenerateKey(rand.Reader)
	_, err := VerifyChain(path, other)
	if !errors.Is(err, ErrChainBroken) || !strings.Contains(err.Error(), "signed by another key") {
		t.Errorf("wrong key: %v", err)
	}
	rep, err := VerifyChain(path, nil)
	if err != nil || rep.SignaturesChecked || rep.Records != 10 || rep.Checkpoints != 2 {
		t.Errorf("no key: %+v, %v", rep, err)
	}
}

// TestAppendOnly: the triggers refuse to change or delete anything.
func TestAppendOnly(t *testing.T) {
	path, _ := tamperLog(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"UPDATE records SET name = 'Mallory' WHERE seq = 5",
		"DELETE FROM records WHERE seq = 5",
		"DELETE FROM records",
		"UPDATE checkpoints SET reason = 'x'",
		"DELETE FROM checkpoints",
		"INSERT OR REPLACE INTO records SELECT * FROM records WHERE seq = 1",
		"REPLACE INTO checkpoints SELECT * FROM checkpoints",
	} {
		_, err := db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
}

// TestDurabilitySettings: WAL, synchronous=NORMAL with the writer syncing
// the WAL file itself after every commit, schema version.
func TestDurabilitySettings(t *testing.T) {
	l, err := Open(filepath.Join(t.TempDir(), "k.vplog"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var mode string
	var sync, ver int
	c := l.conn
	if err := c.QueryRowContext(context.Background(), "PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	c.QueryRowContext(context.Background(), "PRAGMA synchronous").Scan(&sync)
	c.QueryRowContext(context.Background(), "PRAGMA user_version").Scan(&ver)
	if mode != "wal" || sync != 1 || ver != SchemaVersion || len(migrations) != SchemaVersion {
		t.Errorf("journal_mode %s, synchronous %d, user_version %d", mode, sync, ver)
	}
	before := l.walSyncs
	for i := range 3 {
		if _, err := l.Record(context.Background(), Scan{Decision: verifier.Decision{Accepted: true,
			Credential: &verifier.Credential{CTI: []byte(fmt.Sprintf("sync-%010d", i)), Iss: "acme", Type: verifier.Employee}}}); err != nil {
			t.Fatal(err)
		}
	}
	walInfo, err := os.Stat(l.path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	held, err := l.wal.Stat()
	if err != nil {
		t.Fatal(err)
	}
	// Each Record waited for its own commit, so three commits, three syncs,
	// of the log's own WAL.
	if l.walSyncs-before != 3 || !os.SameFile(walInfo, held) {
		t.Errorf("%d WAL syncs for 3 records; synced the WAL: %v", l.walSyncs-before, os.SameFile(walInfo, held))
	}
}

func TestNewID(t *testing.T) {
	now := time.Date(2026, 6, 13, 14, 2, 0, 0, time.UTC)
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := newID(now)
		if len(id) != 36 || id[14] != '7' || !strings.ContainsRune("89ab", rune(id[19])) || seen[id] {
			t.Fatalf("bad or repeated UUIDv7 %s", id)
		}
		seen[id] = true
	}
	if a, b := newID(now), newID(now.Add(time.Millisecond)); a[:13] >= b[:13] {
		t.Errorf("ids do not sort by time: %s %s", a, b)
	}
}

// Queries must not report what a tamperer wrote: a read-only open checks
// the chain too.
func TestReadOnlyOpenChecksChain(t *testing.T) {
	path, _ := tamperLog(t)
	if l, err := Open(path, Options{ReadOnly: true}); err != nil {
		t.Fatalf("untouched log, read-only: %v", err)
	} else {
		l.Close()
	}
	db := rawDB(t, path)
	exec(t, db, "UPDATE records SET name = 'Mallory' WHERE seq = 4")
	db.Close()
	_, err := Open(path, Options{ReadOnly: true})
	var ce *ChainError
	if !errors.As(err, &ce) || ce.Seq != 4 {
		t.Fatalf("read-only open of an edited log: %v", err)
	}
}
