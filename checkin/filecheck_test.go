package checkin

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/verifier"
)

// fileState is what must not change when Open refuses a file: its bytes,
// its modification time and the files beside it (no -wal, -shm or
// -journal left behind).
type fileState struct {
	data  []byte
	mtime time.Time
	dir   []string
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var dir []string
	for _, e := range ents {
		dir = append(dir, e.Name())
	}
	return fileState{data, fi.ModTime(), dir}
}

// same says whether the file is as it was; with dir, whether no file
// appeared or disappeared beside it either.
func (s fileState) same(o fileState, dir bool) bool {
	return bytes.Equal(s.data, o.data) && s.mtime.Equal(o.mtime) && (!dir || slices.Equal(s.dir, o.dir))
}

// refuses opens path read-write and read-only and verifies its chain, and
// checks that each is refused with an error matching ok and that the file
// is left as it was. A file refused with a *FileError was not opened by
// SQLite at all: nothing may appear beside it. (A read-only SQLite
// connection to a WAL-mode log, whose chain is then found broken, leaves
// an empty -wal and a -shm file, as any read-only open does.)
func refuses(t *testing.T, path string, ok func(error) bool) {
	t.Helper()
	before := stateOf(t, path)
	// Let a write show in the modification time even on coarse clocks.
	time.Sleep(10 * time.Millisecond)
	for _, try := range []struct {
		name string
		do   func() error
	}{
		{"Open", func() error {
			l, err := Open(path, Options{})
			if err == nil {
				l.Close()
			}
			return err
		}},
		{"Open read-only", func() error {
			l, err := Open(path, Options{ReadOnly: true})
			if err == nil {
				l.Close()
			}
			return err
		}},
		{"VerifyChain", func() error {
			_, err := VerifyChain(path, nil)
			return err
		}},
	} {
		err := try.do()
		if err == nil || !ok(err) {
			t.Errorf("%s: %v", try.name, err)
		} else {
			t.Logf("%s: %v", try.name, err)
		}
		var fe *FileError
		if after := stateOf(t, path); !before.same(after, errors.As(err, &fe) || try.name == "Open") {
			t.Fatalf("%s changed the file (or left files beside it: %q, was %q)", try.name, after.dir, before.dir)
		}
	}
}

func isFileError(target error, msg string) func(error) bool {
	return func(err error) bool {
		var fe *FileError
		return errors.Is(err, target) && errors.As(err, &fe) && strings.HasPrefix(err.Error(), msg)
	}
}

func TestForeignDatabase(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup []string
	}{
		{"other tables", []string{
			"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
			"CREATE INDEX users_name ON users(name)",
			"INSERT INTO users (name) VALUES ('ada'), ('grace'), ('edsger')",
		}},
		{"other application id", []string{
			"PRAGMA application_id = 42",
		}},
		{"other application id and our tables", []string{
			"PRAGMA application_id = 42",
			"CREATE TABLE records (seq INTEGER PRIMARY KEY)",
			"CREATE TABLE checkpoints (n INTEGER PRIMARY KEY)",
			"CREATE TABLE presentations (cti BLOB)",
			"PRAGMA user_version = 1",
		}},
		{"our tables and one more", []string{
			"CREATE TABLE records (seq INTEGER PRIMARY KEY)",
			"CREATE TABLE checkpoints (n INTEGER PRIMARY KEY)",
			"CREATE TABLE presentations (cti BLOB)",
			"CREATE TABLE settings (k TEXT, v TEXT)",
			"PRAGMA user_version = 1",
		}},
		// Issue 14: a database with exactly our table names and schema
		// version, but other columns, got application_id stamped and WAL
		// switched on before it was refused.
		{"our table names and version, other columns", []string{
			"CREATE TABLE records (seq INTEGER PRIMARY KEY)",
			"CREATE TABLE checkpoints (n INTEGER PRIMARY KEY)",
			"CREATE TABLE presentations (cti BLOB)",
			"INSERT INTO records (seq) VALUES (1)",
			"PRAGMA user_version = 1",
		}},
		{"no schema version", []string{
			"CREATE TABLE records (seq INTEGER PRIMARY KEY)",
		}},
		{"wal mode", []string{
			"PRAGMA journal_mode = WAL",
			"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
			"INSERT INTO users (name) VALUES ('ada')",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "other.db")
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			for _, q := range tc.setup {
				exec(t, db, q)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			refuses(t, path, isFileError(ErrForeign, path+" is a SQLite database of another application; refusing to touch it"))
		})
	}
}

func TestNotSQLite(t *testing.T) {
	real, _ := tamperLog(t)
	head, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 16384)
	for i := range random {
		random[i] = byte(rand.IntN(256))
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"random bytes", random},
		{"text", []byte("kiosk 1, gate 3\n")},
		{"truncated header", head[:50]},
		{"one byte", []byte{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.vplog")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			refuses(t, path, isFileError(ErrNotLog, path+" is not a venuepass check-in log (not a SQLite database)"))
		})
	}
	t.Run("directory", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := Open(dir, Options{}); !errors.Is(err, ErrNotLog) {
			t.Errorf("Open of a directory: %v", err)
		}
	})
}

// bigLog writes n decisions to a new log and closes it.
func bigLog(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kiosk.vplog")
	l, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < n; i += 8 {
				d := verifier.Decision{Accepted: true, Credential: &verifier.Credential{
					Type: verifier.Ticket, Name: fmt.Sprintf("Holder %d", i), Iss: "acme", CTI: []byte(fmt.Sprintf("cti-%06d", i)),
				}}
				if _, err := l.Record(context.Background(), Scan{Decision: d, Venue: "arena", Gate: "1", KioskID: "k1"}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTruncatedLog(t *testing.T) {
	path := bigLog(t, 400)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.vplog")
	if err := os.WriteFile(cut, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	refuses(t, cut, isFileError(ErrCorrupt, cut+" is corrupt: the file is truncated"))
}

// TestCorruptPages damages a log the way a failing disk or a stray write
// would: page headers, whole pages, and one byte of each copy of a value of
// record 200 (its row, its index entries, and stale copies in unused space
// that hold nothing), and checks that the log is reported corrupt, or its
// chain broken, and never written to.
func TestCorruptPages(t *testing.T) {
	orig := bigLog(t, 400)
	data, err := os.ReadFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	pages := len(data) / pageSize
	if pages < 8 || len(data)%pageSize != 0 {
		t.Fatalf("log of %d bytes", len(data))
	}
	l, err := Open(orig, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var e Entry
	err = l.Entries(context.Background(), time.Time{}, time.Time{}, func(x *Entry) error {
		if x.Seq == 200 {
			e = *x
		}
		return nil
	})
	l.Close()
	if err != nil || e.Seq != 200 {
		t.Fatalf("record 200: %+v, %v", e, err)
	}
	type change struct {
		at   int
		with []byte
	}
	var mu sync.Mutex
	refused := map[string]int{}
	cases := []struct {
		name  string
		c     change
		value bool
	}{
		{"page header", change{pages / 2 * pageSize, bytes.Repeat([]byte{0xff}, 16)}, false},
		{"page zeroed", change{(pages/2 + 1) * pageSize, make([]byte, pageSize)}, false},
		{"last page zeroed", change{(pages - 1) * pageSize, make([]byte, pageSize)}, false},
	}
	// Every copy of a value: the row in the records table and the entries
	// of its indexes.
	for _, v := range []struct{ what, old string }{
		{"name", e.Name},
		{"cti", string(e.CTI)},
		{"id", e.ID},
	} {
		n := 0
		for off := 0; ; {
			i := bytes.Index(data[off:], []byte(v.old))
			if i < 0 {
				break
			}
			n++
			at := off + i + len(v.old) - 1
			cases = append(cases, struct {
				name  string
				c     change
				value bool
			}{fmt.Sprintf("%s copy %d", v.what, n), change{at, []byte{data[at] ^ 0x01}}, true})
			off = at + 1
		}
		if n == 0 {
			t.Fatalf("%s %q not found in the file", v.what, v.old)
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.vplog")
			bad := slices.Clone(data)
			copy(bad[tc.c.at:], tc.c.with)
			if err := os.WriteFile(path, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.value {
				// A stale copy in a page's unused space holds nothing:
				// the log opens, whole.
				if l, err := Open(path, Options{}); err == nil {
					l.Close()
					if rep, err := VerifyChain(path, nil); err != nil || rep.Records != 400 {
						t.Fatalf("log opened, but VerifyChain: %+v, %v", rep, err)
					}
					if !bytes.Equal(stateOf(t, path).data, bad) {
						t.Fatal("Open changed the file")
					}
					t.Logf("byte %d is unused space", tc.c.at)
					return
				}
				mu.Lock()
				refused[tc.name[:strings.IndexByte(tc.name, ' ')]]++
				mu.Unlock()
			}
			refuses(t, path, func(err error) bool {
				return isFileError(ErrCorrupt, path+" is corrupt: ")(err) || errors.Is(err, ErrChainBroken)
			})
		})
	}
	for _, v := range []string{"name", "cti", "id"} {
		if refused[v] == 0 {
			t.Errorf("no change to the %s of record 200 was found", v)
		}
	}
}

// TestCreate: a missing file, an empty file and a SQLite file with nothing
// in it (what a first Open that died before its first migration leaves)
// become new logs carrying ApplicationID.
func TestCreate(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.vplog")
	empty := filepath.Join(dir, "empty.vplog")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(dir, "bare.vplog")
	db, err := sql.Open("sqlite", bare)
	if err != nil {
		t.Fatal(err)
	}
	exec(t, db, "PRAGMA journal_mode = WAL")
	db.Close()
	if fi, err := os.Stat(bare); err != nil || fi.Size() == 0 {
		t.Fatalf("bare SQLite file: %v, %v", fi, err)
	}
	for _, path := range []string{missing, empty, bare} {
		l, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(path), err)
		}
		var app int64
		if err := l.conn.QueryRowContext(context.Background(), "PRAGMA application_id").Scan(&app); err != nil || app != ApplicationID {
			t.Errorf("%s: application_id %#x, %v", filepath.Base(path), app, err)
		}
		l.Close()
		if _, err := VerifyChain(path, nil); err != nil {
			t.Errorf("%s: %v", filepath.Base(path), err)
		}
	}
}

// TestAdoptLegacyLog: a log of schema version 1 written before logs carried
// ApplicationID opens read-only as it is, and the first read-write Open
// stamps it.
func TestAdoptLegacyLog(t *testing.T) {
	path, key := tamperLog(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// Back to what such a log was: schema version 1 (no authorised_by
	// column), no application_id.
	exec(t, db, "ALTER TABLE records DROP COLUMN authorised_by")
	exec(t, db, "PRAGMA user_version = 1")
	exec(t, db, "PRAGMA application_id = 0")
	db.Close()
	appID := func() int64 {
		db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var app int64
		if err := db.QueryRow("PRAGMA application_id").Scan(&app); err != nil {
			t.Fatal(err)
		}
		return app
	}
	if app := appID(); app != 0 {
		t.Fatalf("application_id %#x after clearing it", app)
	}
	if _, err := VerifyChain(path, key.Public()); err != nil {
		t.Fatalf("VerifyChain of a legacy log: %v", err)
	}
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a legacy log: %v", err)
	}
	r.Close()
	if app := appID(); app != 0 {
		t.Errorf("read-only open wrote application_id %#x", app)
	}
	l, err := Open(path, Options{Signer: key})
	if err != nil {
		t.Fatalf("open of a legacy log: %v", err)
	}
	last, err := l.Last(context.Background(), 20)
	l.Close()
	if err != nil || len(last) != 10 {
		t.Errorf("Last: %d entries, %v", len(last), err)
	}
	if app := appID(); app != ApplicationID {
		t.Errorf("application_id %#x after a read-write open, want %#x", app, ApplicationID)
	}
	if _, err := VerifyChain(path, key.Public()); err != nil {
		t.Errorf("VerifyChain after adoption: %v", err)
	}
}

// TestApplicationIDInMigration: the number written by migration 1 is
// ApplicationID.
func TestApplicationIDInMigration(t *testing.T) {
	if !strings.Contains(migrations[0], fmt.Sprintf("PRAGMA application_id = %d;", ApplicationID)) {
		t.Errorf("migration 1 does not set application_id %d", ApplicationID)
	}
}
