package checkin

import (
	"errors"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DiskFull reports whether err, from Record or Open, failed because the
// disk holding the log is full: the file system's ENOSPC, or SQLite's
// SQLITE_FULL (which is how a full disk reaches a write inside SQLite).
func DiskFull(err error) bool {
	var se *sqlite.Error
	return errors.Is(err, syscall.ENOSPC) || (errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL)
}
