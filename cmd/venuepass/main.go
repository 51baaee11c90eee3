// Command venuepass issues and verifies offline QR credentials: employee
// badges, membership cards, tickets and certificates signed by issuers that a
// signed trust list names.
//
// Run `venuepass help` for the usage text, or `venuepass demo` for a tour.
package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// The usage texts of the commands are help/COMMAND.txt (spaces as
// dashes), embedded.
//
//go:embed help/*.txt
var helpFiles embed.FS

// help returns the usage text of a command.
func help(name string) string {
	data, err := helpFiles.ReadFile("help/" + strings.ReplaceAll(name, " ", "-") + ".txt")
	if err != nil {
		panic(err) // every command has one; the usage test reads them all
	}
	return string(data)
}

// Exit codes, as the usage text documents them.
const (
	exitOK       = 0
	exitRejected = 1
	exitError    = 2
)

// command is a row of the command table: its name ("trust add-issuer"),
// its summary in the usage's command list (top-level commands only), the
// function that runs it and its usage text (help/NAME.txt unless set).
// Unlisted subcommands are not named in their parent's "want ..." message;
// venueWide log commands answer for every gate with --hub (runLogHub).
type command struct {
	name      string
	summary   string
	run       func(c *command, args []string) error
	usage     string
	unlisted  bool
	venueWide bool
}

// commandTable is the one list of commands: it drives dispatch, help, the
// usage's command list and the subcommand messages.
func commandTable() []*command {
	return []*command{
		{name: "keygen", run: runKeygen, summary: "make an issuer or trust anchor key pair"},
		{name: "pubkey", run: runPubkey, summary: "print the public key of a key file and its kid"},
		{name: "issue", run: runIssue, summary: "sign one credential from flags, or many from a CSV or JSON file;\noptionally on a status list, or replacing a lost one"},
		{name: "trust", run: runSub, summary: "edit a trust list draft (issuers, EU DCC document signers,\nrevocations, status lists), sign it with the anchor key, show\na list"},
		{name: "trust init", run: runTrustInit},
		{name: "trust add-issuer", run: runTrustAddIssuer},
		{name: "trust add-dsc", run: runTrustAddDSC},
		{name: "trust revoke", run: runTrustRevoke},
		{name: "trust status", run: runSub},
		{name: "trust status new", run: runTrustStatusNew},
		{name: "trust status set", run: runTrustStatusSet},
		{name: "trust sign", run: runTrustSign},
		{name: "trust show", run: runTrustShow},
		{name: "trust publish", run: runTrustPublish, unlisted: true},
		{name: "verify", run: runVerify, summary: "verify QR texts, lines on stdin (scanners), or QR images:\ncredentials, wallet presentations and EU DCCs; with --log,\nrecord each decision, apply anti-passback and open a gate"},
		{name: "log", run: runLog, summary: "check a check-in log for tampering, sum up today, show its\nlast records and who is inside, export it as CSV, annul an\nentry"},
		{name: "log verify", run: runLogVerify},
		{name: "log stats", run: runLogQuery, venueWide: true},
		{name: "log last", run: logTail, venueWide: true, usage: tailUsage("last")},
		{name: "log export", run: runLogQuery, venueWide: true},
		{name: "log annul", run: runLogAnnul},
		{name: "log today", run: runLogQuery, venueWide: true},
		{name: "log tail", run: logTail, venueWide: true, usage: tailUsage("tail")},
		{name: "log inside", run: runLogQuery, venueWide: true},
		{name: "log conflicts", run: runLogConflicts, unlisted: true},
		{name: "hub", run: runHub, summary: "run the on-site hub that the gates of a venue share:\nanti-passback, every decision, the trust list (NATS\nJetStream); add gate credentials"},
		{name: "hub add-gate", run: runHubAddGate},
		{name: "hub init", run: runHubInit},
		{name: "wallet", run: runSub, summary: "the holder's side of a holder-bound credential: a device key\nand a rotating presentation code"},
		{name: "wallet keygen", run: runWalletKeygen},
		{name: "wallet add", run: runWalletAdd},
		{name: "wallet show", run: runWalletShow},
		{name: "photos", run: runSub, summary: "put holders' photos on the venue's hub, for the kiosks to show\nbeside the name"},
		{name: "photos publish", run: runPhotosPublish},
		{name: "print", run: runPrint, summary: "lay out credentials as a print-ready PDF: badges, membership\ncards, tickets (card printers, A4 or Letter) or sheets of\ncodes with names for check-in desks"},
		{name: "render", run: runRender, summary: "draw QR text as PNG, SVG or terminal blocks"},
		{name: "scan", run: runScan, summary: "print the text of every QR code in images, without verifying"},
		{name: "demo", run: runDemo, summary: "build a throwaway anchor, issuers, trust list and credentials\nin ./venuepass-demo, then scan and verify them"},
		{name: "version", run: runVersion, summary: "print the version"},
	}
}

var commands []*command

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usage is the top-level usage text: help/venuepass.txt with the summaries
// of the command table in place of its {{commands}} line.
func usage() string {
	var b strings.Builder
	for _, c := range commands {
		for i, line := range strings.Split(c.summary, "\n") {
			if c.summary == "" {
				break
			}
			name := ""
			if i == 0 {
				name = c.name
			}
			fmt.Fprintf(&b, "    %-8s %s\n", name, line)
		}
	}
	return strings.Replace(help("venuepass"), "{{commands}}\n", b.String(), 1)
}

// subcommands names the listed subcommands of parent for a message:
// "keygen, add or show".
func subcommands(parent *command) string {
	var names []string
	for _, c := range commands {
		rest, ok := strings.CutPrefix(c.name, parent.name+" ")
		if ok && !c.unlisted && !strings.Contains(rest, " ") {
			names = append(names, rest)
		}
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	commands = commandTable()
	for _, c := range commands {
		if c.usage == "" {
			c.usage = help(c.name)
		}
	}
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage())
		return exitError
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			name := strings.Join(args[1:], " ")
			c := lookup(name)
			if c == nil {
				return report(usageErrorf("unknown command %q; run 'venuepass help' for the list", name))
			}
			fmt.Fprint(os.Stdout, c.usage)
			return exitOK
		}
		fmt.Fprint(os.Stdout, usage())
		return exitOK
	case "-version", "--version":
		args = []string{"version"}
	}
	c := lookup(args[0])
	if c == nil || strings.Contains(args[0], " ") {
		return report(usageErrorf("unknown command %q; run 'venuepass help' for the list", args[0]))
	}
	err := c.run(c, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		var h *helpError
		if errors.As(err, &h) {
			fmt.Fprint(os.Stdout, h.usage)
		}
		return exitOK
	}
	return report(err)
}

// selfCommand is how the user ran this program, for hints that name a
// command: "go run ./cmd/venuepass" when args0 is a binary go run built
// (in its go-build work folder, or cached in the build cache as
// GOCACHE/xx/HASH-d/venuepass from the second run on), else "venuepass".
func selfCommand(args0 string) string {
	dir := filepath.ToSlash(filepath.Dir(args0))
	if strings.HasSuffix(dir, "/exe") && strings.Contains(dir, "/go-build") {
		return "go run ./cmd/venuepass"
	}
	cache := os.Getenv("GOCACHE")
	if cache == "" {
		if d, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(d, "go-build")
		}
	}
	if cache != "" && strings.HasPrefix(dir, filepath.ToSlash(cache)+"/") && strings.HasSuffix(dir, "-d") {
		return "go run ./cmd/venuepass"
	}
	return "venuepass"
}

// report prints err as one line on stderr and returns the exit code.
func report(err error) int {
	var x exitStatus
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &x):
		return int(x)
	}
	msg := err.Error()
	var u *usageError
	if errors.As(err, &u) && u.cmd != "" {
		msg += fmt.Sprintf(" (see 'venuepass %s -h')", u.cmd)
	}
	fmt.Fprintf(os.Stderr, "venuepass: %s\n", msg)
	return exitError
}

// exitStatus ends the command with a status; whatever had to be said has
// been said.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// usageError is a mistake in the command line.
type usageError struct {
	cmd string
	msg string
}

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

type helpError struct{ usage string }

func (e *helpError) Error() string { return flag.ErrHelp.Error() }
func (e *helpError) Unwrap() error { return flag.ErrHelp }

// notef prints a note for the user on stderr.
func notef(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "venuepass: "+format+"\n", args...)
}

// newFlags returns a flag set that reports errors instead of printing them.
func newFlags(c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses flags that may appear before, between and after positional
// arguments; "--" ends the flags.
func parse(c *command, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &helpError{usage: c.usage}
			}
			msg := c.name + ": " + err.Error()
			if near := nearFlag(fs, args); near != "" {
				msg += "; did you mean --" + near + "?"
			}
			return nil, &usageError{cmd: c.name, msg: msg}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// nearFlag finds the first flag in args that fs does not define and
// returns the defined flag within edit distance 2 of it (the closest, the
// first in order on a tie), or "".
func nearFlag(fs *flag.FlagSet, args []string) string {
	for _, a := range args {
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "" || fs.Lookup(name) != nil {
			continue
		}
		best, bestDist := "", 3
		fs.VisitAll(func(f *flag.Flag) {
			if d := editDistance(name, f.Name); d < bestDist {
				best, bestDist = f.Name, d
			}
		})
		return best
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// runSub runs the subcommand of parent that args[0] names.
func runSub(parent *command, args []string) error {
	noun := parent.name[strings.LastIndex(parent.name, " ")+1:]
	want := subcommands(parent)
	if len(args) == 0 {
		return usageFor(parent, "name a %s command: %s", noun, want)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		return &helpError{usage: parent.usage}
	}
	c := lookup(parent.name + " " + args[0])
	if c == nil || strings.Contains(args[0], " ") {
		return usageFor(parent, "unknown command %q; want %s", args[0], want)
	}
	return c.run(c, args[1:])
}

// parseNone parses the flags of a command that takes no positional
// arguments; hint says where what was passed belongs.
func parseNone(c *command, fs *flag.FlagSet, args []string, hint string) error {
	pos, err := parse(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageFor(c, "unexpected argument %q; %s", pos[0], hint)
	}
	return nil
}

// parseOne parses the flags of a command that takes one positional
// argument and returns it; missing is the message when there is not one.
func parseOne(c *command, fs *flag.FlagSet, args []string, missing string) (string, error) {
	pos, err := parse(c, fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		return "", usageFor(c, "%s", missing)
	}
	return pos[0], nil
}

func usageFor(c *command, format string, args ...any) error {
	return &usageError{cmd: c.name, msg: c.name + ": " + fmt.Sprintf(format, args...)}
}

// stringList is a repeatable flag; values may also be comma separated when
// split is set.
type stringList struct {
	vals  []string
	split bool
}

func (l *stringList) String() string { return strings.Join(l.vals, ",") }

func (l *stringList) Set(s string) error {
	if !l.split {
		l.vals = append(l.vals, s)
		return nil
	}
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			l.vals = append(l.vals, v)
		}
	}
	return nil
}

func runVersion(c *command, args []string) error {
	fl := newFlags(c)
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageFor(c, "takes no arguments")
	}
	fmt.Println("venuepass " + version())
	return nil
}

func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	if v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		return v + " " + rev + modified
	}
	return v
}
