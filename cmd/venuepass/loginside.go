package main

import (
	"context"
	"os"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/termtext"
)

func runLogInside(c *command, args []string) error {
	fl := newFlags(c)
	rf := &rangeFlags{from: fl.String("from", "", ""), to: new(string), logs: addLogFlag(fl)}
	fl.Var(&rf.now, "now", "")
	asJSON := fl.Bool("json", false, "")
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	if pos, err = logArgs(c, rf.logs, pos); err != nil {
		return err
	}
	lo, _, logs, err := rf.open(c, pos, "count", rf.now.now(), time.Time{})
	if err != nil {
		return err
	}
	defer logs.Close()
	return printInside(logs, pos, lo, *asJSON, false)
}

// printInside prints who is inside per zone (one JSON object with asJSON)
// counted by src, named srcs (the logs or the hub); everyGate: the hub
// counted them.
func printInside(src checkin.Source, srcs []string, lo time.Time, asJSON, everyGate bool) error {
	zones, err := src.Inside(context.Background(), lo)
	if err != nil {
		return err
	}
	r := checkin.NewInsideReport(zones, srcs, lo, everyGate)
	if asJSON {
		writeJSONLine(os.Stdout, r)
		return nil
	}
	_, err = os.Stdout.WriteString(termtext.SanitizeLines(r.Text(time.Local)))
	return err
}
