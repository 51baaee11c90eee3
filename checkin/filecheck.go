package checkin

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ApplicationID is the PRAGMA application_id of a check-in log ("VPCL"):
// it tells a venuepass check-in log from any other SQLite database.
const ApplicationID = 0x5650434C

// logTables are the tables of a check-in log. A file of schema version 1
// written before logs carried ApplicationID is recognised by them.
var logTables = []string{"checkpoints", "presentations", "records"}

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// Errors about the file itself, wrapped by a *FileError. Open and
// VerifyChain never write to a file they report with one of these.
var (
	// ErrNotLog: the file is not a SQLite database at all (or is too
	// short to be one).
	ErrNotLog = errors.New("not a venuepass check-in log")
	// ErrForeign: the file is a SQLite database of another application.
	ErrForeign = errors.New("SQLite database of another application")
	// ErrCorrupt: the file is a check-in log (or claims to be) but is
	// damaged: truncated, or failing PRAGMA integrity_check.
	ErrCorrupt = errors.New("check-in log is corrupt")
)

// OpenError is a log that Open could not open for a cause other than its
// file (a *FileError is returned as it is): Err is the cause, without the
// "opening check-in log PATH: " of the error's text.
type OpenError struct {
	Path string
	Err  error
}

func (e *OpenError) Error() string { return "opening check-in log " + e.Path + ": " + e.Err.Error() }
func (e *OpenError) Unwrap() error { return e.Err }

// FileError says why a file cannot be used as a check-in log. Err is
// ErrNotLog, ErrForeign, ErrCorrupt or ErrNotSQLite (which wraps
// ErrCorrupt).
type FileError struct {
	Path   string
	Err    error
	Detail string
}

func (e *FileError) Error() string {
	switch e.Err {
	case ErrNotLog:
		s := e.Path + " is not a venuepass check-in log (not a SQLite database)"
		if e.Detail != "" {
			s += ": " + e.Detail
		}
		return s
	case ErrForeign:
		s := e.Path + " is a SQLite database of another application; refusing to touch it"
		if e.Detail != "" {
			s += " (" + e.Detail + ")"
		}
		return s
	default:
		return e.Path + " is corrupt: " + e.Detail
	}
}

func (e *FileError) Unwrap() error { return e.Err }

// checkFile makes sure that the file at path, if it exists and is not
// empty, is an intact check-in log (or one written before logs carried
// ApplicationID, or a SQLite file with nothing in it yet: what a first
// Open leaves when it dies before its first migration commits). It only
// reads: it runs before anything opens the file for writing.
func checkFile(ctx context.Context, path string) error {
	return checkFileJournal(ctx, path, true)
}

// checkFileJournal is checkFile; recover says whether a rollback journal
// may be recovered (false: once done, or on the copy that decides it).
func checkFileJournal(ctx context.Context, path string, recover bool) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return &FileError{path, ErrNotLog, "it is a directory"}
	}
	if fi.Size() == 0 {
		return nil
	}
	hdr := make([]byte, 100)
	n, err := io.ReadFull(f, hdr)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return err
	}
	if n < len(sqliteMagic) || string(hdr[:len(sqliteMagic)]) != sqliteMagic {
		return &FileError{path, ErrNotLog, ""}
	}
	if n < len(hdr) {
		return &FileError{path, ErrNotLog, fmt.Sprintf("%d bytes, shorter than a SQLite header", n)}
	}
	if err := checkHeader(path, hdr, fi.Size()); err != nil {
		return err
	}
	f.Close()
	if j, err := os.Stat(path + "-journal"); recover && err == nil && j.Size() > 0 {
		// A rollback journal left by a crash: SQLite must roll the file
		// back before anyone reads it, which a read-only open cannot do.
		if err := recoverJournal(ctx, path); err != nil {
			return err
		}
		return checkFileJournal(ctx, path, false)
	}

	d, err := dsn(path, true)
	if err != nil {
		return err
	}
	if !exists(path+"-wal") && !exists(path+"-journal") {
		// Nothing but the file holds the database: read it as immutable,
		// so that SQLite does not leave a -wal and a -shm file beside a
		// WAL-mode database it is about to be refused. (With a -wal, the
		// pages in it must be read, and the -shm is there already.)
		d += "&immutable=1"
	}
	db, err := sql.Open("sqlite", d)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return sqliteErr(path, err)
	}
	defer tx.Rollback()
	if err := checkOwner(ctx, tx, path); err != nil {
		return err
	}
	return checkIntegrity(ctx, tx, path)
}

// checkOwner refuses a database that is not a check-in log: one of another
// application, or without an application_id one that is neither empty nor
// a log of schema version 1 written before logs carried ApplicationID.
func checkOwner(ctx context.Context, tx *sql.Tx, path string) error {
	var app, ver int64
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return sqliteErr(path, err)
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
		return sqliteErr(path, err)
	}
	switch app {
	case ApplicationID:
		return nil
	case 0:
	default:
		return &FileError{path, ErrForeign, fmt.Sprintf("application_id %#x", uint32(app))}
	}
	tables, objects, err := schemaOf(ctx, tx)
	if err != nil {
		return sqliteErr(path, err)
	}
	empty := objects == 0 && ver == 0
	legacy := ver == 1 && slices.Equal(tables, logTables)
	if legacy {
		// Our table names are not enough: before anything is
		// stamped or switched to WAL, the schema must be ours.
		same, err := sameSchema(ctx, tx)
		if err != nil {
			return sqliteErr(path, err)
		}
		legacy = same
	}
	if !empty && !legacy {
		detail := fmt.Sprintf("user_version %d", ver)
		if len(tables) > 0 {
			detail += ", tables " + strings.Join(tables, ", ")
		}
		return &FileError{path, ErrForeign, detail}
	}
	return nil
}

// checkIntegrity refuses a database that fails PRAGMA integrity_check.
func checkIntegrity(ctx context.Context, tx *sql.Tx, path string) error {
	// integrity_check rather than quick_check: it also finds index
	// entries that do not match their rows, for a fraction of the time
	// the chain check takes.
	rows, err := tx.QueryContext(ctx, "PRAGMA integrity_check(10)")
	if err != nil {
		return sqliteErr(path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return sqliteErr(path, err)
		}
		for _, line := range strings.Split(s, "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "*** in database") {
				problems = append(problems, line)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return sqliteErr(path, err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return &FileError{path, ErrCorrupt, strings.Join(problems, "; ")}
	}
	return nil
}

// checkHeader checks the page size in a SQLite header and, when no journal
// or WAL may hold part of the database, that the file is as long as its
// header says. (A checkpoint that a crash interrupted can leave the file
// shorter than its new header: the WAL still holds the pages then.)
func checkHeader(path string, hdr []byte, size int64) error {
	pageSize := int64(binary.BigEndian.Uint16(hdr[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return &FileError{path, ErrCorrupt, fmt.Sprintf("invalid page size %d in the SQLite header", pageSize)}
	}
	pages := int64(binary.BigEndian.Uint32(hdr[28:32]))
	if pages == 0 || !bytes.Equal(hdr[24:28], hdr[92:96]) {
		return nil // the size in the header is not valid: SQLite ignores it
	}
	if exists(path+"-wal") || exists(path+"-journal") {
		return nil
	}
	if size < pages*pageSize {
		return &FileError{path, ErrCorrupt, fmt.Sprintf("the file is truncated: %d bytes, its header says %d pages of %d bytes (%d bytes)", size, pages, pageSize, pages*pageSize)}
	}
	return nil
}

// schemaOf returns the sorted names of the tables of the database and the
// number of schema objects of any kind, SQLite's own left out.
func schemaOf(ctx context.Context, tx *sql.Tx) (tables []string, objects int, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var typ, name string
		if err := rows.Scan(&typ, &name); err != nil {
			return nil, 0, err
		}
		objects++
		if typ == "table" {
			tables = append(tables, name)
		}
	}
	return tables, objects, rows.Err()
}

// sqliteErr turns SQLite's "database disk image is malformed" and "file is
// not a database" into a *FileError; other errors (a locked or unreadable
// file) are returned as they are.
func sqliteErr(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB:
			return &FileError{path, ErrNotSQLite, err.Error()}
		case sqlite3.SQLITE_CORRUPT:
			return &FileError{path, ErrCorrupt, err.Error()}
		}
	}
	return fmt.Errorf("checking %s: %w", path, err)
}

// exists says whether there may be a file at path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// recoverJournal rolls back the transaction a crash left in the rollback
// journal beside the file at path, if the file is a check-in log: it rolls
// back a copy of the file and its journal first and checks the copy, so
// that another application's database is refused untouched (a *FileError
// naming path). The log itself is then opened read-write once, which rolls
// it back (SQLite does that on the first read of a read-write connection).
func recoverJournal(ctx context.Context, path string) error {
	dir, err := os.MkdirTemp("", "venuepass-journal-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cp := filepath.Join(dir, "log")
	if err := copyFile(path, cp); err != nil {
		return fmt.Errorf("checking %s and its rollback journal: %w", path, err)
	}
	if err := copyFile(path+"-journal", cp+"-journal"); err != nil {
		return fmt.Errorf("checking %s and its rollback journal: %w", path, err)
	}
	if err := rollBack(ctx, cp); err != nil {
		return sqliteErr(path, err)
	}
	if err := checkFileJournal(ctx, cp, false); err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.Path = path
			if fe.Detail != "" {
				fe.Detail += "; "
			}
			fe.Detail += "a rollback journal beside it was left as it is"
			return fe
		}
		return err
	}
	if err := rollBack(ctx, path); err != nil {
		return fmt.Errorf("rolling back the transaction a crash left in %s-journal: %w", path, err)
	}
	return nil
}

// rollBack opens the database at path read-write, without changing its
// journal mode, and reads it: SQLite rolls back a hot journal then.
func rollBack(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "_pragma=busy_timeout(10000)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	return db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// logSchema is the sqlite_schema of a log of schema version 1, made once.
var logSchema = sync.OnceValues(func() ([]string, error) {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(migrations[0]); err != nil {
		return nil, err
	}
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return schemaSQL(context.Background(), tx)
})

// schemaSQL lists every schema object with its SQL text.
func schemaSQL(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var typ, name, tbl, text string
		if err := rows.Scan(&typ, &name, &tbl, &text); err != nil {
			return nil, err
		}
		out = append(out, typ+"\x00"+name+"\x00"+tbl+"\x00"+text)
	}
	return out, rows.Err()
}

// sameSchema says whether the database has exactly the schema of a log of
// schema version 1.
func sameSchema(ctx context.Context, tx *sql.Tx) (bool, error) {
	want, err := logSchema()
	if err != nil {
		return false, err
	}
	got, err := schemaSQL(ctx, tx)
	if err != nil {
		return false, err
	}
	return slices.Equal(got, want), nil
}
