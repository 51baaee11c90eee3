package checkin_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
)

func TestInsideReport(t *testing.T) {
	zones := []checkin.ZoneCount{{Venue: "STADIUM", Zone: "NORTH", Inside: 3, Entries: 5, Exits: 2}, {Inside: 1, Entries: 1}}
	from := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	r := checkin.NewInsideReport(zones, []string{"a.db", "b.db"}, from, false)
	want := "VENUE    ZONE   INSIDE  ENTRIES  EXITS\n" +
		"STADIUM  NORTH  3       5        2\n" +
		"-        -      1       1        0\n" +
		"4 inside, counting from 2026-06-01T10:00:00+02:00, 2 logs\n"
	if got := r.Text(time.FixedZone("CEST", 2*3600)); got != want {
		t.Errorf("Text:\n%s\nwant:\n%s", got, want)
	}
	data, _ := json.Marshal(r)
	if string(data) != `{"logs":["a.db","b.db"],"from":"2026-06-01T08:00:00Z","inside":4,"by_zone":[{"venue":"STADIUM","zone":"NORTH","inside":3,"entries":5,"exits":2},{"venue":"","zone":"","inside":1,"entries":1,"exits":0}]}` {
		t.Errorf("JSON: %s", data)
	}
	hub := checkin.NewInsideReport(nil, []string{"nats://hub:4222"}, time.Time{}, true)
	if got := hub.Text(time.UTC); !strings.HasSuffix(got, "\n0 inside, every gate\n") {
		t.Errorf("every gate, nothing inside: %q", got)
	}
	if data, _ := json.Marshal(hub); !strings.Contains(string(data), `"from":null`) {
		t.Errorf("JSON without from: %s", data)
	}
}

func TestWriteCSV(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	es := []checkin.Entry{
		{ID: "r1", Seq: 1, Time: t0, Name: "=cmd()", Gate: "1"},
		{ID: "r2", Seq: 2, Time: t0.Add(time.Hour), Name: "Kim", Gate: "2"},
		{ID: "r3", Seq: 3, Time: t0.Add(2 * time.Hour), Name: "Lee", Gate: "3"},
	}
	var b bytes.Buffer
	if err := checkin.WriteCSV(&b, es, t0, t0.Add(2*time.Hour), time.UTC); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(checkin.CSVHeader, ",") {
		t.Fatalf("rows %q", rows)
	}
	if rows[1][0] != "r1" || rows[2][0] != "r2" {
		t.Errorf("ids %s %s, want r1 r2 (r3 is at the end of the range, excluded)", rows[1][0], rows[2][0])
	}
	if !strings.Contains(strings.Join(rows[1], ","), "'=cmd()") {
		t.Errorf("a formula is not defused: %q", rows[1])
	}
}
