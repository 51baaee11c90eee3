package checkin

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	osexec "os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	journalEnvPath = "VENUEPASS_CHECKIN_JOURNAL_PATH"
	journalEnvKind = "VENUEPASS_CHECKIN_JOURNAL_KIND"
)

// journalChild makes a database in rollback-journal mode (a log, or a
// foreign one), then inserts 100 rows in one transaction with a one-page
// cache, so that SQLite writes pages to the file before the commit, and
// dies before committing: a hot journal stays behind.
func journalChild() {
	path := os.Getenv(journalEnvPath)
	q := url.Values{}
	q.Add("_pragma", "journal_mode(DELETE)")
	q.Add("_pragma", "cache_size(1)")
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}).String())
	must := func(err error) {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
	must(err)
	db.SetMaxOpenConns(1)
	insert := `INSERT INTO presentations (cti, t, at_ns) VALUES (?, ?, 0)`
	if os.Getenv(journalEnvKind) == "foreign" {
		_, err = db.Exec(`CREATE TABLE notes (cti BLOB, t INTEGER); PRAGMA user_version = 7`)
		insert = `INSERT INTO notes (cti, t) VALUES (?, ?)`
	} else {
		_, err = db.Exec(migrations[0] + "PRAGMA user_version = 1;")
	}
	must(err)
	tx, err := db.Begin()
	must(err)
	for i := 0; i < 100; i++ {
		_, err := tx.Exec(insert, bytes.Repeat([]byte{byte(i)}, 900), i)
		must(err)
	}
	os.Exit(0) // before COMMIT
}

func hotJournal(t *testing.T, kind string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.db")
	cmd := osexec.Command(os.Args[0], "-test.run=^TestHotJournal$", "-test.count=1")
	cmd.Env = append(os.Environ(), journalEnvPath+"="+path, journalEnvKind+"="+kind)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if fi, err := os.Stat(path + "-journal"); err != nil || fi.Size() == 0 {
		t.Fatalf("no hot journal: %v", err)
	}
	return path
}

// TestHotJournal is issue 14's reproduction: a crash in mid-transaction on
// a log in rollback-journal mode left a hot journal that the read-only
// check before opening cannot roll back, so every later open failed with
// "attempt to write a readonly database". A log's hot journal is recovered;
// another application's database is still refused, file and journal
// untouched.
func TestHotJournal(t *testing.T) {
	if os.Getenv(journalEnvPath) != "" {
		journalChild()
		return
	}
	t.Run("log", func(t *testing.T) {
		path := hotJournal(t, "log")
		rep, err := VerifyChain(path, nil)
		if err != nil || rep.Records != 0 {
			t.Fatalf("VerifyChain after the crash: %+v, %v", rep, err)
		}
		if _, err := os.Stat(path + "-journal"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the journal is still there: %v", err)
		}
		l, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("Open after the crash: %v", err)
		}
		defer l.Close()
		var n int
		if err := l.db.QueryRow("SELECT count(*) FROM presentations").Scan(&n); err != nil || n != 0 {
			t.Errorf("presentations after the rollback: %d, %v", n, err)
		}
		if _, err := l.Record(context.Background(), Scan{}); err != nil {
			t.Error(err)
		}
	})
	t.Run("log read-only first", func(t *testing.T) {
		path := hotJournal(t, "log")
		l, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("read-only Open after the crash: %v", err)
		}
		l.Close()
	})
	t.Run("foreign", func(t *testing.T) {
		path := hotJournal(t, "foreign")
		before, _ := os.ReadFile(path)
		journal, _ := os.ReadFile(path + "-journal")
		for _, open := range []func() error{
			func() error { _, err := Open(path, Options{}); return err },
			func() error { _, err := VerifyChain(path, nil); return err },
		} {
			err := open()
			var fe *FileError
			if !errors.As(err, &fe) || !errors.Is(err, ErrForeign) || fe.Path != path || !strings.Contains(err.Error(), "notes") {
				t.Errorf("foreign database with a hot journal: %v", err)
			}
		}
		after, _ := os.ReadFile(path)
		journal2, _ := os.ReadFile(path + "-journal")
		if !bytes.Equal(before, after) || !bytes.Equal(journal, journal2) {
			t.Error("the foreign database or its journal was changed")
		}
	})
}
