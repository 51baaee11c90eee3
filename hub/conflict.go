package hub

import (
	"fmt"
	"time"

	"github.com/venuepass/venuepass/checkin"
)

// ConflictJSON is a Conflict as one JSON object, as 'venuepass log
// conflicts --json' prints it.
type ConflictJSON struct {
	Record checkin.JSONEntry `json:"record"`
	Prior  struct {
		ID    string `json:"id"`
		Time  string `json:"time"`
		Gate  string `json:"gate"`
		Zone  string `json:"zone"`
		Kiosk string `json:"kiosk"`
	} `json:"prior"`
	Found string `json:"found"`
}

// JSON returns x for encoding/json, the record and prior times in loc.
func (x *Conflict) JSON(loc *time.Location) ConflictJSON {
	j := ConflictJSON{Record: x.Record.JSON(loc), Found: x.Found.Format(time.RFC3339Nano)}
	j.Prior.ID, j.Prior.Time, j.Prior.Gate = x.Prior.ID, x.Prior.Time.In(loc).Format(time.RFC3339Nano), x.Prior.Gate
	j.Prior.Zone, j.Prior.Kiosk = x.Prior.Zone, x.Prior.KioskID
	return j
}

// Line is x as one line for staff, times in loc.
func (x *Conflict) Line(loc *time.Location) string {
	at := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.In(loc).Format(time.RFC3339)
	}
	return fmt.Sprintf("CONFLICT  %s  %s  gate %s  record %s  conflicts with the entry of %s at gate %s (record %s)",
		at(x.Record.Time), x.Record.Name, x.Record.Gate, x.Record.ID, at(x.Prior.Time), x.Prior.Gate, x.Prior.ID)
}
