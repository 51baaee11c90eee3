package checkin

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotSQLite: SQLite itself says the file is not a database
// (SQLITE_NOTADB). A *FileError of Open wraps it; it wraps ErrCorrupt.
var ErrNotSQLite = fmt.Errorf("%w: SQLite reports that it is not a database", ErrCorrupt)

// NotLogError is VerifyChain's (Verify's) word for a SQLite file that is not
// a check-in log: no schema version, or none readable (Err).
type NotLogError struct {
	Path string
	Err  error // nil: the file has no schema version
}

func (e *NotLogError) Error() string {
	if e.Err == nil {
		return e.Path + " is not a check-in log"
	}
	return fmt.Sprintf("%s is not a check-in log: %v", e.Path, e.Err)
}

func (e *NotLogError) Unwrap() error { return e.Err }

// NotSQLite reports whether err, from Open or Verify, says that the file
// is not a SQLite database at all.
func NotSQLite(err error) bool {
	var se *sqlite.Error
	return errors.Is(err, ErrNotSQLite) || (errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB)
}
