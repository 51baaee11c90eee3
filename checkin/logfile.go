package checkin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/venuepass/venuepass/fileutil"
)

// AnnulIn annuls the last entry of a.KioskID in the log file at path, for
// a command or a desk that does not keep the log open: it opens the log
// with opts (never creating it: a missing file is a *fileutil.ReadError),
// annuls and closes it. A log that cannot be opened is worded by
// DescribeOpenError; ErrNothingToAnnul and ErrAnnulTooLate are returned as
// Annul returns them, any other failure names the log.
func AnnulIn(ctx context.Context, path string, opts Options, a Annulment) (Entry, error) {
	if _, err := os.Stat(path); err != nil {
		return Entry{}, &fileutil.ReadError{What: "check-in log", Path: path, Err: err}
	}
	l, err := Open(path, opts)
	if err != nil {
		return Entry{}, DescribeOpenError(path, err)
	}
	e, err := l.Annul(ctx, a)
	if cerr := l.Close(); err == nil && cerr != nil {
		return e, fmt.Errorf("closing check-in log %s: %w", path, cerr)
	}
	if err != nil && !errors.Is(err, ErrNothingToAnnul) && !errors.Is(err, ErrAnnulTooLate) {
		return e, fmt.Errorf("cannot annul in check-in log %s: %w", path, err)
	}
	return e, err
}

// ExportCSVFile writes the records of src in [from, to) as CSV (ExportCSV)
// into the file at path, replaced whole with mode perm once every record
// is written: a failed export leaves the file as it was. A failure to
// write the file is a *fileutil.WriteError.
func ExportCSVFile(ctx context.Context, src Source, path string, from, to time.Time, perm os.FileMode) error {
	var buf bytes.Buffer
	if err := src.ExportCSV(ctx, &buf, from, to); err != nil {
		return err
	}
	if err := fileutil.WriteAtomic(path, buf.Bytes(), perm); err != nil {
		return &fileutil.WriteError{Path: path, Err: err}
	}
	return nil
}
