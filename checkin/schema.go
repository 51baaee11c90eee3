package checkin

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// migrations bring a log file from PRAGMA user_version i to i+1. They are
// only ever appended to: a released migration is never edited.
var migrations = []string{
	// 1: records, checkpoints and presentations, all append-only.
	`
CREATE TABLE records (
	seq       INTEGER PRIMARY KEY,
	id        TEXT    NOT NULL UNIQUE,
	kind      TEXT    NOT NULL,
	at_ns     INTEGER NOT NULL,
	venue     TEXT    NOT NULL,
	gate      TEXT    NOT NULL,
	zone      TEXT    NOT NULL,
	direction TEXT    NOT NULL,
	kiosk     TEXT    NOT NULL,
	cti       BLOB,
	iss       TEXT    NOT NULL,
	sub       TEXT    NOT NULL,
	type      INTEGER NOT NULL,
	name      TEXT    NOT NULL,
	accepted  INTEGER NOT NULL,
	reason    TEXT    NOT NULL,
	warnings  TEXT    NOT NULL,
	override  INTEGER NOT NULL,
	ref       TEXT    NOT NULL,
	detail    TEXT    NOT NULL,
	prev      BLOB    NOT NULL,
	hash      BLOB    NOT NULL
);
CREATE INDEX records_cti ON records(cti) WHERE cti IS NOT NULL;
CREATE INDEX records_at ON records(at_ns);
CREATE INDEX records_kiosk ON records(kiosk, seq);

CREATE TABLE checkpoints (
	n        INTEGER PRIMARY KEY,
	head_seq INTEGER NOT NULL,
	head     BLOB    NOT NULL,
	at_ns    INTEGER NOT NULL,
	reason   TEXT    NOT NULL,
	pub      BLOB    NOT NULL,
	sig      BLOB    NOT NULL
);

CREATE TABLE presentations (
	cti   BLOB    NOT NULL,
	t     INTEGER NOT NULL,
	at_ns INTEGER NOT NULL,
	PRIMARY KEY (cti, t)
) WITHOUT ROWID;

CREATE TRIGGER records_no_update BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'the check-in log is append-only'); END;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'the check-in log is append-only'); END;
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'the check-in log is append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'the check-in log is append-only'); END;
-- REPLACE deletes the row it conflicts with without firing delete
-- triggers (unless recursive_triggers is on), so refuse the conflict first.
CREATE TRIGGER records_no_replace BEFORE INSERT ON records
WHEN EXISTS (SELECT 1 FROM records WHERE seq = NEW.seq OR id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the check-in log is append-only'); END;
CREATE TRIGGER checkpoints_no_replace BEFORE INSERT ON checkpoints
WHEN EXISTS (SELECT 1 FROM checkpoints WHERE n = NEW.n)
BEGIN SELECT RAISE(ABORT, 'the check-in log is append-only'); END;
CREATE TRIGGER presentations_no_replace BEFORE INSERT ON presentations
WHEN EXISTS (SELECT 1 FROM presentations WHERE cti = NEW.cti AND t = NEW.t)
BEGIN SELECT RAISE(IGNORE); END;
CREATE TRIGGER presentations_no_update BEFORE UPDATE ON presentations
BEGIN SELECT RAISE(ABORT, 'the check-in log is append-only'); END;
CREATE TRIGGER presentations_no_delete BEFORE DELETE ON presentations
BEGIN SELECT RAISE(ABORT, 'the check-in log is append-only'); END;
` +
		// Mark the file as a check-in log (ApplicationID). Logs migrated
		// before this line was added are stamped by adopt.
		`PRAGMA application_id = 1448100684;
`,
	// 2: who authorised an annulment or a staff override (Entry.By).
	// Records of version 1 read as "" and keep their hashes.
	`ALTER TABLE records ADD COLUMN authorised_by TEXT NOT NULL DEFAULT '';`,
}

// SchemaVersion is the PRAGMA user_version of a log file this version
// writes: the number of migrations.
const SchemaVersion = 2

// dsn builds the connection string. Durability: WAL with
// synchronous=NORMAL, and the writer syncs the WAL itself after each commit
// (syncWAL), before Record returns: every acknowledged decision is on disk,
// as with synchronous=FULL, but with fdatasync where SQLite (as modernc
// builds it) calls fsync. fsync also writes the file's new modification
// time, a journal commit of the file system per decision, and that commit
// is what sixteen gates on one disk queued behind (BenchmarkDecisions in
// package hub). NORMAL alone would sync only at WAL checkpoints and could
// lose the last acknowledged decisions on power loss.
// busy_timeout lets a second process (the CLI reading or annulling while the
// kiosk runs) wait for the write lock instead of failing.
func dsn(path string, readOnly bool) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	if readOnly {
		q.Set("mode", "ro")
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String(), nil
}

// migrate brings the file to SchemaVersion, one transaction per migration,
// and stamps a log written before logs carried ApplicationID. checkFile has
// vetted the file; migrate checks again under the write lock that it does
// not create tables in a database that has some already.
func migrate(ctx context.Context, conn *sql.Conn) error {
	var v int
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("%w: schema version %d, this venuepass knows up to %d; upgrade venuepass", ErrNewerSchema, v, len(migrations))
	}
	for ; v < len(migrations); v++ {
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			return err
		}
		// Another process may have migrated meanwhile.
		var cur int
		err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur)
		if err == nil && cur == 0 && v == 0 {
			err = checkEmpty(ctx, conn)
		}
		if err == nil && cur == v {
			if _, err = conn.ExecContext(ctx, migrations[v]); err == nil {
				_, err = conn.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1))
			}
		}
		if err != nil {
			conn.ExecContext(ctx, "ROLLBACK")
			return fmt.Errorf("migrating the log to schema version %d: %w", v+1, err)
		}
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			return err
		}
		if cur > v {
			v = cur - 1
		}
	}
	return adopt(ctx, conn)
}

// checkEmpty refuses a database that has schema objects but no schema
// version: not a check-in log, so no tables are added to it.
func checkEmpty(ctx context.Context, conn *sql.Conn) error {
	var app, n int64
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return err
	}
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'`).Scan(&n); err != nil {
		return err
	}
	if app != 0 || n != 0 {
		return fmt.Errorf("%w: schema version 0 with application_id %#x and %d schema objects; refusing to touch it", ErrForeign, uint32(app), n)
	}
	return nil
}

// adopt stamps ApplicationID on a log of schema version 1 written before
// logs carried it (checkFile recognised it by its tables).
func adopt(ctx context.Context, conn *sql.Conn) error {
	var app int64
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return err
	}
	switch app {
	case ApplicationID:
		return nil
	case 0:
	default:
		return fmt.Errorf("%w: application_id %#x", ErrForeign, uint32(app))
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID))
	if err != nil {
		conn.ExecContext(ctx, "ROLLBACK")
		return fmt.Errorf("stamping the log's application_id: %w", err)
	}
	_, err = conn.ExecContext(ctx, "COMMIT")
	return err
}

// openReadOnly opens the log at path for reading and makes sure SQLite can
// read it. A WAL-mode file in a directory the user cannot write, with no
// -wal beside it, cannot be opened read-only the usual way (SQLite wants to
// create the -shm): it is then read as immutable, which is safe because no
// writer can be at work in that directory without a -wal file.
func openReadOnly(path string) (*sql.DB, error) {
	d, err := dsn(path, true)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", d)
	if err != nil {
		return nil, err
	}
	var v int
	err = db.QueryRow("PRAGMA user_version").Scan(&v)
	if err == nil {
		return db, nil
	}
	db.Close()
	var se *sqlite.Error
	if !errors.As(err, &se) || exists(path+"-wal") {
		return nil, err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN:
	default:
		return nil, err
	}
	db, err = sql.Open("sqlite", d+"&immutable=1")
	if err != nil {
		return nil, err
	}
	return db, nil
}

// openWriter opens the log at path for writing, creating it with mode 0600
// (it holds holders' names; SQLite gives the -wal and -shm files the mode
// of the database). An existing file that this user cannot write is refused
// now, not at the first scan.
func openWriter(path string) (*sql.DB, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("the log must be writable: %w", err)
	}
	// An empty file (made by touch, say) becomes a new log: it will hold
	// names, so it gets a new log's mode, whatever it was made with.
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		err = f.Chmod(0o600)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("making the new log private (mode 0600): %w", err)
		}
	}
	f.Close()
	d, err := dsn(path, false)
	if err != nil {
		return nil, err
	}
	return sql.Open("sqlite", d)
}
