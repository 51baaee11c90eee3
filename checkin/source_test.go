package checkin_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
)

// The logs of two gates and the same records gathered in one list (as a
// hub holds them) answer every question alike.
func TestSourcesAnswerAlike(t *testing.T) {
	logs, clk := twoGates(t)
	var es []checkin.Entry
	for _, l := range logs {
		if err := l.Entries(ctx, time.Time{}, time.Time{}, func(e *checkin.Entry) error {
			es = append(es, *e)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	slices.Reverse(es) // any order: NewRecords sorts them
	sources := map[string]checkin.Source{"logs": checkin.Logs(logs), "records": checkin.NewRecords(es, time.UTC)}
	from := clk.Now().Add(-time.Hour)

	answers := map[string][]string{}
	for name, src := range sources {
		st, err := src.Stats(ctx, from, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		stats, _ := json.Marshal(st.JSON(nil))
		zones, err := src.Inside(ctx, from)
		if err != nil {
			t.Fatal(err)
		}
		inside, _ := json.Marshal(zones)
		tail, err := src.Tail(ctx, 3)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for i := range tail {
			lines = append(lines, tail[i].Line(time.UTC))
		}
		var csv bytes.Buffer
		if err := src.ExportCSV(ctx, &csv, time.Time{}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		// The logs export log by log, the records in time order: the
		// rows are the same.
		rows := strings.Split(strings.TrimSuffix(csv.String(), "\n"), "\n")
		slices.Sort(rows[1:])
		answers[name] = []string{string(stats), string(inside), strings.Join(lines, "\n"), strings.Join(rows, "\n")}
	}
	what := []string{"stats", "inside", "tail", "csv"}
	for i := range what {
		if answers["logs"][i] != answers["records"][i] {
			t.Errorf("%s differs:\nlogs:    %s\nrecords: %s", what[i], answers["logs"][i], answers["records"][i])
		}
	}
	// The answers are the records of twoGates: Lee is inside, 3 lines of
	// tail newest first, a header and the 9 records in the CSV.
	if !strings.Contains(answers["logs"][0], `"inside":1`) || strings.Count(answers["logs"][2], "\n") != 2 ||
		strings.Count(answers["logs"][3], "\n") != len(es) {
		t.Errorf("unexpected answers: %q", answers["logs"])
	}
	if tail, _ := sources["records"].Tail(ctx, 100); len(tail) != len(es) || tail[0].Time.Before(tail[len(tail)-1].Time) {
		t.Errorf("Records.Tail(100): %d records, want all %d newest first", len(tail), len(es))
	}
}

func TestOpenLogs(t *testing.T) {
	good := tempLog(t)
	l := open(t, good, checkin.Options{})
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	logs, err := checkin.OpenLogs([]string{good, good})
	if err != nil || len(logs) != 2 {
		t.Fatalf("OpenLogs: %d logs, %v", len(logs), err)
	}
	if err := logs.Close(); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.vplog")
	logs, err = checkin.OpenLogs([]string{good, missing})
	var le *checkin.LogError
	if logs != nil || !errors.As(err, &le) || le.Path != missing || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("OpenLogs with a missing log: %v, %v; want a *LogError naming %s", logs, err, missing)
	}
}
