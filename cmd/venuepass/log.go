package main

import (
	"bufio"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"slices"
	"strings"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/termtext"
)

func runLog(c *command, args []string) error {
	if run := hubLogCommand(args); run != nil {
		return run(args[1:])
	}
	return runSub(c, args)
}

// openLogs opens logs read-only for queries (checkin.OpenLogs).
func openLogs(paths []string) (checkin.Logs, error) {
	logs, err := checkin.OpenLogs(paths)
	if le := (*checkin.LogError)(nil); errors.As(err, &le) {
		return nil, checkin.DescribeOpenError(le.Path, le.Err)
	}
	return logs, err
}

// addLogFlag adds --log FILE, repeatable, which names the logs as the
// positional arguments do.
func addLogFlag(fl *flag.FlagSet) *stringList {
	var l stringList
	fl.Var(&l, "log", "")
	return &l
}

// logArgs returns the logs a command names with --log or as arguments:
// either way, or both when they agree.
func logArgs(c *command, flagged *stringList, pos []string) ([]string, error) {
	switch {
	case len(flagged.vals) == 0:
		return pos, nil
	case len(pos) == 0, slices.Equal(flagged.vals, pos):
		return flagged.vals, nil
	}
	return nil, usageFor(c, "name the check-in log either with --log FILE or as an argument, not both (--log %s, argument %s)", flagged.vals[0], pos[0])
}

// parseOneLog parses the flags of a command that reads one log, named by
// --log or as the argument.
func parseOneLog(c *command, fl *flag.FlagSet, args []string) (string, error) {
	flagged := addLogFlag(fl)
	pos, err := parse(c, fl, args)
	if err != nil {
		return "", err
	}
	if pos, err = logArgs(c, flagged, pos); err != nil {
		return "", err
	}
	if len(pos) != 1 {
		return "", usageFor(c, "name one check-in log file")
	}
	return pos[0], nil
}

// rangeFlags are the --log, --from, --to and --now of the log commands that
// read a span of time from several logs.
type rangeFlags struct {
	span checkin.Span
	now  nowFlag
	logs *stringList
}

// addRangeFlags adds --log, --now and, when the command takes them, --from
// and --to.
func addRangeFlags(fl *flag.FlagSet, from, to bool) *rangeFlags {
	r := &rangeFlags{logs: addLogFlag(fl)}
	if from {
		fl.StringVar(&r.span.From, "from", "", "")
	}
	if to {
		fl.StringVar(&r.span.To, "to", "", "")
	}
	fl.Var(&r.now, "now", "")
	return r
}

// open checks that pos names log files (to do what with them), reads the
// span (from def, checkin.Span.ParseOrdered) and opens the logs read-only;
// the caller closes them.
func (r *rangeFlags) open(c *command, pos []string, what string, now, def time.Time) (lo, hi time.Time, logs checkin.Logs, err error) {
	if len(pos) == 0 {
		return lo, hi, nil, usageFor(c, "name the check-in log files to %s with --log FILE or as arguments", what)
	}
	if lo, hi, err = r.span.ParseOrdered(now, def); err != nil {
		return lo, hi, nil, usageFor(c, "%v", err)
	}
	logs, err = openLogs(pos)
	return lo, hi, logs, err
}

// log verify

func runLogVerify(c *command, args []string) error {
	fl := newFlags(c)
	keyPath := fl.String("key", "", "")
	witness := fl.String("witness", "", "")
	hw := addOfficeFlags(fl)
	hwGate := fl.String("gate", "", "")
	every := fl.Int("checkpoint-every", checkin.DefaultCheckpointEvery, "")
	interval := fl.Duration("checkpoint-interval", checkin.DefaultCheckpointInterval, "")
	asJSON := fl.Bool("json", false, "")
	flagged := addLogFlag(fl)
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	if pos, err = logArgs(c, flagged, pos); err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageFor(c, "name the check-in log files to verify with --log FILE or as arguments")
	}
	if *every <= 0 || *interval <= 0 {
		return usageFor(c, "--checkpoint-every and --checkpoint-interval must be positive")
	}
	if *witness != "" && (*keyPath == "" || len(pos) != 1) {
		return usageFor(c, "--witness needs --key KIOSK.pub and one log: the witness file of one log, signed by its kiosk key")
	}
	if hw.URL != "" && (*keyPath == "" || len(pos) != 1) {
		return usageFor(c, "--hub needs --key KIOSK.pub and one log: the hub witnesses the checkpoints the kiosk key signed")
	}
	// Without the kiosk key the chain is checked, the signatures are not.
	opts := checkin.VerifyOptions{CheckpointEvery: *every, CheckpointInterval: *interval}
	var pub crypto.PublicKey
	if *keyPath != "" {
		if pub, err = loadPublicKey(*keyPath, "kiosk key"); err != nil {
			return err
		}
		opts.Key = pub
	}
	if *witness != "" {
		var pe *fs.PathError
		if opts.Witness, err = checkin.ReadWitness(*witness); errors.As(err, &pe) {
			return &fileutil.ReadError{What: "witness file", Path: *witness, Err: err}
		} else if err != nil {
			return err // names the file and the line
		}
	}
	if hw.URL != "" {
		if opts.Witness, err = hubWitnessed(hw, *hwGate, pub, opts.Witness); err != nil {
			return err
		}
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	broken, failed := false, false
	for _, p := range pos {
		rep, err := checkin.Verify(p, opts)
		var ce *checkin.ChainError
		switch {
		case err == nil && *asJSON:
			writeJSONLine(out, rep.JSON(p))
		case err == nil && !rep.SignaturesChecked:
			fmt.Fprintln(out, rep.Line(p, false)+": pass --key KIOSK.pub")
		case err == nil:
			fmt.Fprintln(out, rep.Line(p, *witness != "" || hw.URL != ""))
		case errors.As(err, &ce) && *asJSON:
			broken = true
			writeJSONLine(out, ce.JSON(p))
		case errors.As(err, &ce):
			broken = true
			fmt.Fprintln(out, termtext.Sanitize(ce.Line(p)))
		default:
			out.Flush()
			notef("%v", checkin.DescribeOpenError(p, err))
			failed = true
		}
	}
	out.Flush()
	switch {
	case failed:
		return exitStatus(exitError)
	case broken:
		return exitStatus(exitRejected)
	}
	return nil
}

// writeJSONLine writes v as one line of JSON: a verdict, a report or a
// record, all strings, numbers and maps of them.
func writeJSONLine(w io.Writer, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		// Only invalid UTF-8 could get here, and encoding/json replaces it.
		panic(err)
	}
	w.Write(append(data, '\n'))
}

// log stats, today, inside and export

// runLogQuery answers log stats (today's by default), today (stats
// without --from and --to), inside (with --from only) and export over
// local logs.
func runLogQuery(c *command, args []string) error {
	name := strings.TrimPrefix(c.name, "log ")
	fl := newFlags(c)
	rf := addRangeFlags(fl, name != "today", name == "stats" || name == "export")
	asJSON, outPath := new(bool), new(string)
	if name == "export" {
		fl.StringVar(outPath, "o", "", "")
		fl.StringVar(outPath, "out", "", "")
	} else {
		fl.BoolVar(asJSON, "json", false, "")
	}
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	if pos, err = logArgs(c, rf.logs, pos); err != nil {
		return err
	}
	t, def, what := rf.now.now(), time.Time{}, name
	switch name {
	case "stats", "today":
		t = t.In(time.Local)
		def, what = checkin.StartOfDay(t, time.Local), "sum up"
	case "inside":
		what = "count"
	}
	lo, hi, logs, err := rf.open(c, pos, what, t, def)
	if err != nil {
		return err
	}
	defer logs.Close()
	switch name {
	case "inside":
		return printInside(logs, pos, lo, *asJSON, false)
	case "export":
		return exportCSV(logs, lo, hi, *outPath, 0o600)
	}
	return printStats(logs, pos, lo, hi, *asJSON)
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

// printStats sums up the records of src in [lo, hi) (one JSON object with
// asJSON); srcs name the logs or the hub.
func printStats(src checkin.Source, srcs []string, lo, hi time.Time, asJSON bool) error {
	sum, err := src.Stats(context.Background(), lo, hi)
	if err != nil {
		return err
	}
	if asJSON {
		writeJSONLine(os.Stdout, sum.JSON(srcs))
		return nil
	}
	_, err = io.WriteString(os.Stdout, termtext.SanitizeLines(sum.Text(len(srcs), time.Local)))
	return err
}

// log last

// tailUsage is the usage of log tail and of its other name, log last.
func tailUsage(name string) string {
	return strings.ReplaceAll(help("log NAME"), "NAME", name)
}

func logTail(c *command, args []string) error {
	fl := newFlags(c)
	n := fl.Int("n", 20, "")
	asJSON := fl.Bool("json", false, "")
	path, err := parseOneLog(c, fl, args)
	if err != nil {
		return err
	}
	if *n < 1 {
		return usageFor(c, "-n must be at least 1")
	}
	logs, err := openLogs([]string{path})
	if err != nil {
		return err
	}
	defer logs.Close()
	return printTail(logs, *n, *asJSON)
}

// printTail prints the last n records of src, newest first.
func printTail(src checkin.Source, n int, asJSON bool) error {
	entries, err := src.Tail(context.Background(), n)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(os.Stdout)
	for i := range entries {
		if asJSON {
			writeJSONLine(out, entries[i].JSON(time.Local))
		} else {
			fmt.Fprintln(out, termtext.Sanitize(entries[i].Line(time.Local)))
		}
	}
	return out.Flush()
}

// exportCSV writes the records of src in [lo, hi) as CSV to stdout, or to
// outPath (replaced whole, with mode perm).
func exportCSV(src checkin.Source, lo, hi time.Time, outPath string, perm os.FileMode) error {
	if outPath != "" {
		return checkin.ExportCSVFile(context.Background(), src, outPath, lo, hi, perm)
	}
	out := bufio.NewWriter(os.Stdout)
	err := src.ExportCSV(context.Background(), out, lo, hi)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return err
}

// log annul

func runLogAnnul(c *command, args []string) error {
	fl := newFlags(c)
	kiosk := fl.String("kiosk", "", "")
	within := fl.Duration("within", checkin.DefaultAnnulWindow, "")
	keyPath := fl.String("kiosk-key", "", "")
	by := fl.String("by", "", "")
	var now nowFlag
	fl.Var(&now, "now", "")
	path, err := parseOneLog(c, fl, args)
	if err != nil {
		return err
	}
	if *within <= 0 {
		return usageFor(c, "--within must be positive")
	}
	if *kiosk == "" {
		*kiosk = checkin.HostKioskID()
	}
	if *by == "" {
		if u, err := user.Current(); err == nil {
			*by = u.Username
		}
		if *by == "" {
			return usageFor(c, "name who authorised the annulment with --by NAME")
		}
	}
	// A missing log is named before the key is read (checkin.AnnulIn
	// never creates one).
	if _, err := os.Stat(path); err != nil {
		return &fileutil.ReadError{What: "check-in log", Path: path, Err: err}
	}
	opts := checkin.Options{}
	if *keyPath != "" {
		k, err := loadPrivateKey(*keyPath, "--kiosk-key")
		if err != nil {
			return err
		}
		opts.Signer = k
	}
	if !now.t.IsZero() {
		opts.Now = func() time.Time { return now.t }
	}
	e, err := checkin.AnnulIn(context.Background(), path, opts, checkin.Annulment{KioskID: *kiosk, Within: *within, By: *by})
	switch {
	case errors.Is(err, checkin.ErrNothingToAnnul):
		notef("%v", err)
		return exitStatus(exitRejected)
	case errors.Is(err, checkin.ErrAnnulTooLate):
		notef("%v; pass a longer --within if the holder really did not pass", err)
		return exitStatus(exitRejected)
	case err != nil:
		return err
	}
	notef("%s", termtext.Sanitize(e.AnnulNote()))
	return nil
}
