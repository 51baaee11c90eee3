// Command venuepass issues and verifies offline QR credentials: employee
// badges, membership cards, tickets and certificates signed by issuers that a
// signed trust list names.
//
// Run `venuepass help` for the usage text, or `venuepass demo` for a tour.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
)

const usage = `venuepass issues and verifies offline QR credentials.

Usage:
    venuepass keygen [--alg ALG] [-o FILE]
    venuepass pubkey [--kid] KEYFILE
    venuepass issue --key KEY --iss ID --type TYPE --name NAME --expires WHEN [options]
    venuepass issue --key KEY --iss ID --batch FILE.csv|FILE.json [--out DIR [--png] [--svg]]
    venuepass trust init|add-issuer|add-dsc|revoke|status|sign|show [--draft DRAFT.json] [options] [ARG...]
    venuepass verify --trust LIST.vptl --anchor ANCHOR.pub [options] INPUT...
    venuepass verify ... --log FILE.db --venue ID --gate G [--direction in|out] INPUT...
    venuepass log today|tail|inside|annul|verify|export [options] --log FILE.db
    venuepass log verify|stats|last|export|annul [options] LOG...
    venuepass hub --store DIR --listen HOST:PORT
    venuepass verify ... --log FILE.db --venue ID --gate G --hub URL INPUT...
    venuepass wallet keygen|add|show [--wallet DIR] [options]
    venuepass print -o OUT.pdf [options] TEXT...|-|--manifest FILE|--batch FILE
    venuepass render [-o OUT.png|OUT.svg] [TEXT|-]
    venuepass scan IMAGE...
    venuepass demo [--dir DIR]
    venuepass version

Commands:
    keygen   make an issuer or trust anchor key pair
    pubkey   print the public key of a key file and its kid
    issue    sign one credential from flags, or many from a CSV or JSON file;
             optionally on a status list, or replacing a lost one
    trust    edit a trust list draft (issuers, EU DCC document signers,
             revocations, status lists), sign it with the anchor key, show
             a list
    verify   verify QR texts, lines on stdin (scanners), or QR images:
             credentials, wallet presentations and EU DCCs; with --log,
             record each decision, apply anti-passback and open a gate
    log      check a check-in log for tampering, sum up today, show its
             last records and who is inside, export it as CSV, annul an
             entry
    hub      run the on-site hub that the gates of a venue share:
             anti-passback, every decision, the trust list (NATS
             JetStream); add gate credentials
    wallet   the holder's side of a holder-bound credential: a device key
             and a rotating presentation code
    print    lay out credentials as a print-ready PDF: badges, membership
             cards, tickets (card printers, A4 or Letter) or sheets of
             codes with names for check-in desks
    render   draw QR text as PNG, SVG or terminal blocks
    scan     print the text of every QR code in images, without verifying
    demo     build a throwaway anchor, issuers, trust list and credentials
             in ./venuepass-demo, then scan and verify them
    version  print the version

Run 'venuepass help COMMAND' or 'venuepass COMMAND -h' for a command's
options. Flags take one or two dashes (-o or --out) and may follow arguments.
Times are RFC 3339 (2026-12-31T00:00:00Z), a date (2026-12-31), or a
duration from now (90m, 36h, 30d, 2w, 1y; -7d for the past).

Examples:
    $ venuepass demo
    $ venuepass keygen -o anchor.key
    $ venuepass keygen --alg EdDSA -o acme.key
    $ venuepass trust init
    $ venuepass trust add-issuer --key acme.key.pub --iss acme-corp --name "ACME Corporation" --types employee
    $ venuepass trust sign --key anchor.key --next-update 7d --expires 30d
    $ venuepass trust init trust.json
    $ venuepass trust add-issuer trust.json --key acme.key.pub --iss acme-corp --name "ACME Corporation" --types employee
    $ venuepass trust sign trust.json --key anchor.key -o trust.vptl
    $ venuepass issue --key acme.key --iss acme-corp --type employee --name "Kim Min-jun" --zone HQ-MAIN --expires 365d
    $ venuepass issue --key acme.key --iss acme-corp --type employee --batch staff.csv --out badges --png
    $ venuepass print --trust trust.vptl --anchor anchor.key.pub --manifest badges/manifest.csv -o badges.pdf
    $ venuepass verify --trust trust.vptl --anchor anchor.key.pub badges/*.png
    $ scanner-input | venuepass verify --trust trust.vptl --anchor anchor.key.pub --json -
    $ scanner-input | venuepass verify --trust trust.vptl --anchor anchor.key.pub \
        --log kiosk-1.vplog --kiosk-key kiosk-1.key --kiosk-id kiosk-1 --gate 1 --passback hard -
    $ venuepass verify --trust trust.vptl --anchor anchor.key.pub --log kiosk-1.db --venue HQ --gate 1 -
    $ venuepass log today --log kiosk-1.db
    $ venuepass log verify --key kiosk-1.key.pub kiosk-1.vplog

Exit status:
    0  success; for verify, every input was accepted
    1  verify: an input was rejected; scan: an image holds no QR code;
       demo: a verdict differed from its expectation; log verify: a log
       was tampered with; log annul: nothing to annul
    2  usage error, or an input/output error (missing or unreadable file,
       trust list not signed by a pinned anchor, rolled back or malformed,
       an image that cannot be decoded, no QR text on stdin, a check-in
       log that cannot be written, a gate that did not open)
`

// Exit codes, as the usage text documents them.
const (
	exitOK       = 0
	exitRejected = 1
	exitError    = 2
)

// command is a subcommand: its usage text and the function that runs it.
type command struct {
	name  string
	usage string
	run   func(args []string) error
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

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	commands = []*command{keygenCmd, pubkeyCmd, issueCmd, trustCmd, verifyCmd, logCmd, walletCmd, printCmd, renderCmd, scanCmd, demoCmd, versionCmd}
	commands = append(commands, trustCommands...)
	commands = append(commands, walletCommands...)
	commands = append(commands, logCommands...)
	commands = append(append(commands, hubCmd), hubCommands...)
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
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
		fmt.Fprint(os.Stdout, usage)
		return exitOK
	case "-version", "--version":
		args = []string{"version"}
	}
	c := lookup(args[0])
	if c == nil || strings.Contains(args[0], " ") {
		return report(usageErrorf("unknown command %q; run 'venuepass help' for the list", args[0]))
	}
	err := c.run(args[1:])
	if errors.Is(err, flag.ErrHelp) {
		var h *helpError
		if errors.As(err, &h) {
			fmt.Fprint(os.Stdout, h.usage)
		}
		return exitOK
	}
	return report(err)
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
			return nil, &usageError{cmd: c.name, msg: c.name + ": " + err.Error()}
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

// runSub runs the subcommand of parent that args[0] names; want lists the
// subcommands for the messages ("keygen, add or show").
func runSub(parent *command, args []string, want string) error {
	noun := parent.name[strings.LastIndex(parent.name, " ")+1:]
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
	return c.run(args[1:])
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

var versionCmd = &command{
	name: "version",
	usage: `Usage:
    venuepass version

Prints the version of venuepass, from the module build information.
`,
}

func init() { versionCmd.run = runVersion }

func runVersion(args []string) error {
	fl := newFlags(versionCmd)
	pos, err := parse(versionCmd, fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageFor(versionCmd, "takes no arguments")
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
