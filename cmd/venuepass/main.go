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
	"sort"
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

var usage = help("venuepass")

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
	name:  "version",
	usage: help("version"),
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
