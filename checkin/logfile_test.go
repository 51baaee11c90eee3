package checkin_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/verifier"
)

func TestAnnulIn(t *testing.T) {
	dir := t.TempDir()
	clk := newClock()
	path := filepath.Join(dir, "gate.vplog")
	l := open(t, path, checkin.Options{Now: clk.Now})
	record(t, l, checkin.Scan{Decision: accepted("cti-0001", verifier.Ticket, "김민지"), Venue: "arena", Gate: "1", KioskID: "k1"})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	opts := checkin.Options{Now: clk.Now}

	missing := filepath.Join(dir, "none.vplog")
	_, err := checkin.AnnulIn(ctx, missing, opts, checkin.Annulment{KioskID: "k1", By: "Jo"})
	var re *fileutil.ReadError
	if !errors.As(err, &re) || re.Path != missing {
		t.Errorf("missing log: %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("AnnulIn made the missing log %s", missing)
	}

	// Nobody named: Annul's own refusal, named by the log.
	if _, err := checkin.AnnulIn(ctx, path, opts, checkin.Annulment{KioskID: "k1"}); !errors.Is(err, checkin.ErrNoAuthoriser) ||
		!strings.HasPrefix(err.Error(), "cannot annul in check-in log "+path+": ") {
		t.Errorf("no authoriser: %v", err)
	}
	if _, err := checkin.AnnulIn(ctx, path, opts, checkin.Annulment{KioskID: "k2", By: "Jo"}); !errors.Is(err, checkin.ErrNothingToAnnul) ||
		strings.Contains(err.Error(), path) {
		t.Errorf("another kiosk: %v, want ErrNothingToAnnul as Annul words it", err)
	}
	e, err := checkin.AnnulIn(ctx, path, opts, checkin.Annulment{KioskID: "k1", Within: time.Minute, By: "Jo"})
	if err != nil || e.Kind != checkin.KindAnnul || !strings.Contains(e.AnnulNote(), "김민지") {
		t.Fatalf("AnnulIn = %+v, %v", e, err)
	}
	// The annulment is in the file.
	if _, err := checkin.AnnulIn(ctx, path, opts, checkin.Annulment{KioskID: "k1", Within: time.Minute, By: "Jo"}); !errors.Is(err, checkin.ErrNothingToAnnul) {
		t.Errorf("annulled twice: %v", err)
	}
	clk.Add(time.Hour)
	l = open(t, path, checkin.Options{Now: clk.Now})
	record(t, l, checkin.Scan{Decision: accepted("cti-0002", verifier.Ticket, "Lee"), Venue: "arena", Gate: "1", KioskID: "k1"})
	l.Close()
	clk.Add(time.Hour)
	if _, err := checkin.AnnulIn(ctx, path, opts, checkin.Annulment{KioskID: "k1", Within: time.Minute, By: "Jo"}); !errors.Is(err, checkin.ErrAnnulTooLate) {
		t.Errorf("an hour later: %v, want ErrAnnulTooLate", err)
	}

	// A file that is not a log is refused as DescribeOpenError words it.
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("some notes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := checkin.AnnulIn(ctx, text, opts, checkin.Annulment{KioskID: "k1", By: "Jo"}); !errors.Is(err, checkin.ErrNotLog) {
		t.Errorf("not a log: %v", err)
	}
}

func TestExportCSVFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gate.vplog")
	l := open(t, path, checkin.Options{Now: newClock().Now})
	record(t, l, checkin.Scan{Decision: accepted("cti-0001", verifier.Ticket, "김민지"), Venue: "arena", Gate: "1"})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	logs, err := checkin.OpenLogs([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()

	out := filepath.Join(dir, "export.csv")
	if err := checkin.ExportCSVFile(ctx, logs, out, time.Time{}, time.Time{}, 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], strings.Join(checkin.CSVHeader, ",")) || !strings.Contains(lines[1], "김민지") {
		t.Errorf("export:\n%s", data)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode: %v, %v", fi.Mode(), err)
	}

	bad := filepath.Join(dir, "no-such-folder", "export.csv")
	var we *fileutil.WriteError
	if err := checkin.ExportCSVFile(ctx, logs, bad, time.Time{}, time.Time{}, 0o600); !errors.As(err, &we) || we.Path != bad {
		t.Errorf("unwritable: %v", err)
	}
}
