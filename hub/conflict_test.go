package hub_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
)

func TestConflictWords(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	x := hub.Conflict{
		Record: checkin.Entry{ID: "g2-7", Time: t0.Add(time.Minute), Name: "Lee Ji-woo", Gate: "2"},
		Prior:  checkin.Prior{ID: "g1-3", Time: t0, Gate: "1", Zone: "NORTH", KioskID: "k1"},
		Found:  t0.Add(time.Hour),
	}
	seoul := time.FixedZone("KST", 9*3600)
	want := "CONFLICT  2026-06-01T18:01:00+09:00  Lee Ji-woo  gate 2  record g2-7  conflicts with the entry of 2026-06-01T18:00:00+09:00 at gate 1 (record g1-3)"
	if got := x.Line(seoul); got != want {
		t.Errorf("Line:\n%s\nwant\n%s", got, want)
	}
	data, err := json.Marshal(x.JSON(seoul))
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{`"prior":{"id":"g1-3","time":"2026-06-01T18:00:00+09:00","gate":"1","zone":"NORTH","kiosk":"k1"}`, `"found":"2026-06-01T10:00:00Z"`, `"id":"g2-7"`} {
		if !strings.Contains(string(data), part) {
			t.Errorf("JSON %s lacks %s", data, part)
		}
	}
	x.Prior.Time = time.Time{}
	if !strings.Contains(x.Line(seoul), "entry of - at gate 1") {
		t.Errorf("no prior time: %s", x.Line(seoul))
	}
}
