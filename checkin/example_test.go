package checkin_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/verifier"
)

func Example() {
	dir, err := os.MkdirTemp("", "venuepass")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	now := time.Date(2026, 6, 13, 14, 2, 0, 0, time.UTC)
	l, err := checkin.Open(filepath.Join(dir, "kiosk-3.vplog"), checkin.Options{
		Rules:    []checkin.Rule{{Mode: checkin.Hard}},
		Location: time.UTC,
		Now:      func() time.Time { return now },
	})
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()

	// What verifier.Verify returns for a valid badge.
	d := verifier.Decision{Accepted: true, Credential: &verifier.Credential{
		Type: verifier.Employee, Iss: "acme-corp", Sub: "E-1042", Name: "Kim Min-jun", CTI: []byte("\x5f\x0c\x4b\xe2\xa1\xd3\x9e\x77"),
	}}
	for _, gate := range []string{"3", "5"} {
		r, err := l.Record(context.Background(), checkin.Scan{Decision: d, Venue: "hq", Gate: gate, KioskID: "kiosk-" + gate})
		if err != nil {
			log.Fatal(err) // not recorded: keep the gate closed
		}
		if r.Decision.Accepted {
			fmt.Printf("gate %s: welcome, %s\n", gate, r.Entry.Name)
		} else {
			fmt.Printf("gate %s: %s: %s\n", gate, r.Decision.Reason, r.Message)
		}
	}
	// Output:
	// gate 3: welcome, Kim Min-jun
	// gate 5: already_checked_in: Already checked in at 14:02, gate 3
}
