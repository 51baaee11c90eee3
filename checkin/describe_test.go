package checkin_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/verifier"
)

// logWithRecords makes a closed log at path with a few records.
func logWithRecords(t *testing.T, path string) {
	t.Helper()
	l := open(t, path, checkin.Options{Now: newClock().Now})
	for _, cti := range []string{"cti-0001", "cti-0002", "cti-0003"} {
		record(t, l, checkin.Scan{Decision: accepted(cti, verifier.Ticket, "Kim"), Venue: "arena", Gate: "1"})
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
}

// sqlExec runs statements on the log file with plain SQL, as someone with
// write access to the file could.
func sqlExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestDescribeOpenError(t *testing.T) {
	dir := t.TempDir()

	missing := filepath.Join(dir, "missing.vplog")
	_, err := checkin.Verify(missing, checkin.VerifyOptions{})
	err = checkin.DescribeOpenError(missing, err)
	var re *fileutil.ReadError
	if !errors.As(err, &re) || err.Error() != "check-in log "+missing+" does not exist; check the path" {
		t.Errorf("missing: %v", err)
	}

	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a log at all, just some text\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = checkin.Open(text, checkin.Options{})
	var fe *checkin.FileError
	if got := checkin.DescribeOpenError(text, err); got != err || !errors.As(got, &fe) || !errors.Is(got, checkin.ErrNotLog) {
		t.Errorf("not a SQLite file: %v, want Open's own error %v", got, err)
	}

	newer := filepath.Join(dir, "newer.vplog")
	logWithRecords(t, newer)
	sqlExec(t, newer, "PRAGMA user_version = 9999")
	_, err = checkin.Open(newer, checkin.Options{})
	if got := checkin.DescribeOpenError(newer, err); got == nil || got.Error() != "check-in log "+newer+" was written by a newer venuepass; upgrade venuepass" {
		t.Errorf("newer schema: %v (from %v)", got, err)
	}

	broken := filepath.Join(dir, "broken.vplog")
	logWithRecords(t, broken)
	sqlExec(t, broken, "DROP TRIGGER records_no_update", "UPDATE records SET name = 'Mallory' WHERE seq = 2")
	_, err = checkin.Open(broken, checkin.Options{})
	got := checkin.DescribeOpenError(broken, err)
	if got == nil || !strings.HasPrefix(got.Error(), "check-in log "+broken+" is broken (") ||
		!strings.HasSuffix(got.Error(), "keep it as evidence, check it with 'venuepass log verify --key KIOSK.pub "+broken+"' and start a new log file") {
		t.Errorf("broken chain: %v (from %v)", got, err)
	}

	// Another cause is told after the log's name, once.
	cause := errors.New("disk on fire")
	if got := checkin.DescribeOpenError("k.vplog", &checkin.OpenError{Path: "k.vplog", Err: cause}); got.Error() != "cannot open check-in log k.vplog: disk on fire" {
		t.Errorf("other cause: %v", got)
	}
}
