package checkin

import (
	"errors"
	"fmt"
	"os"

	"github.com/venuepass/venuepass/fileutil"
)

// DescribeOpenError words for people a failure of Open (or Verify, or one
// log of OpenLogs) on the log at path, saying what to do: a broken hash
// chain asks to keep the file as evidence, check it with 'venuepass log
// verify' and start a new one; a log of a newer schema to upgrade; a
// missing file to check the path (a *fileutil.ReadError); a file that is
// not a SQLite file to name the log. A *FileError of ErrNotLog and a
// *NotLogError of path already say so and are returned as they are; any
// other cause is told after "cannot open check-in log PATH".
func DescribeOpenError(path string, err error) error {
	var ce *ChainError
	switch {
	case errors.As(err, &ce):
		return fmt.Errorf("check-in log %s is broken (%s) and is not written to; keep it as evidence, check it with 'venuepass log verify --key KIOSK.pub %s' and start a new log file",
			path, ce.Describe(), path)
	case errors.Is(err, ErrNewerSchema):
		return fmt.Errorf("check-in log %s was written by a newer venuepass; upgrade venuepass", path)
	case errors.Is(err, os.ErrNotExist):
		return &fileutil.ReadError{What: "check-in log", Path: path, Err: err}
	}
	var oe *OpenError
	var nl *NotLogError
	switch {
	case errors.Is(err, ErrNotLog), errors.As(err, &nl) && nl.Path == path:
		return err
	case NotSQLite(err):
		return fmt.Errorf("%s is not a check-in log (not a SQLite file); name the file verify --log writes", path)
	case errors.As(err, &oe):
		err = oe.Err
	}
	return fmt.Errorf("cannot open check-in log %s: %v", path, err)
}
