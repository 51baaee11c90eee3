package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/termtext"
)

type jsonInside struct {
	Logs   []string            `json:"logs"`
	From   *string             `json:"from"`
	Inside int                 `json:"inside"`
	ByZone []checkin.ZoneCount `json:"by_zone"`
}

func runLogInside(args []string) error {
	c := lookup("log inside")
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
	defer closeLogs(logs)
	zones, err := checkin.Inside(context.Background(), logs, lo)
	if err != nil {
		return err
	}
	return printInside(zones, pos, lo, *asJSON, false)
}

// printInside prints who is inside per zone (one JSON object with asJSON)
// counted from the logs or hub srcs; everyGate: the hub counted them.
func printInside(zones []checkin.ZoneCount, srcs []string, lo time.Time, asJSON, everyGate bool) error {
	total := 0
	for _, z := range zones {
		total += z.Inside
	}
	if asJSON {
		writeJSONLine(os.Stdout, jsonInside{Logs: srcs, From: optTime(lo), Inside: total, ByZone: zones})
		return nil
	}
	var b strings.Builder
	w := termtext.NewWriter(&b, 2)
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	fmt.Fprintf(w, "VENUE\tZONE\tINSIDE\tENTRIES\tEXITS\n")
	for _, z := range zones {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\n", dash(z.Venue), dash(z.Zone), z.Inside, z.Entries, z.Exits)
	}
	w.Flush()
	fmt.Fprintf(&b, "%d inside", total)
	if everyGate {
		b.WriteString(", every gate")
	}
	if !lo.IsZero() {
		fmt.Fprintf(&b, ", counting from %s", localTime(lo))
	}
	if !everyGate && len(srcs) > 1 {
		fmt.Fprintf(&b, ", %d logs", len(srcs))
	}
	b.WriteString("\n")
	_, err := os.Stdout.WriteString(sanitizeText(b.String()))
	return err
}
