package main

import (
	"strings"
	"testing"
)

// TestCommandTable: the one command table has unique names, a run
// function and a usage text for each row, a parent row for every
// subcommand, a summary exactly for the top-level commands, and every
// summary in the usage text (no {{commands}} left).
func TestCommandTable(t *testing.T) {
	commands = commandTable()
	seen := map[string]bool{}
	for _, c := range commands {
		if seen[c.name] {
			t.Errorf("%q is in the table twice", c.name)
		}
		seen[c.name] = true
		if c.run == nil {
			t.Errorf("%q has no run function", c.name)
		}
		if c.usage == "" && !strings.Contains(help(c.name), "venuepass "+c.name) { // help panics without a file
			t.Errorf("%q: help/%s.txt does not show the command", c.name, strings.ReplaceAll(c.name, " ", "-"))
		}
		parent := c.name[:max(strings.LastIndex(c.name, " "), 0)]
		if strings.Contains(c.name, " ") && lookup(parent) == nil {
			t.Errorf("%q has no parent row %q", c.name, parent)
		}
		if top := !strings.Contains(c.name, " "); top != (c.summary != "") {
			t.Errorf("%q: top-level %v, summary %q", c.name, top, c.summary)
		}
	}
	u := usage()
	if strings.Contains(u, "{{commands}}") {
		t.Error("the usage text still holds {{commands}}")
	}
	for _, c := range commands {
		first, _, _ := strings.Cut(c.summary, "\n")
		if c.summary != "" && !strings.Contains(u, "    "+c.name+strings.Repeat(" ", 9-len(c.name))+first+"\n") {
			t.Errorf("the usage text lacks %q's summary %q", c.name, first)
		}
	}
	if got, want := subcommands(lookup("wallet")), "keygen, add or show"; got != want {
		t.Errorf("wallet subcommands %q, want %q", got, want)
	}
	if got, want := subcommands(lookup("photos")), "publish"; got != want {
		t.Errorf("photos subcommands %q, want %q", got, want)
	}
	if got := subcommands(lookup("trust")); strings.Contains(got, "publish") || strings.Contains(got, "new") {
		t.Errorf("trust subcommands %q name an unlisted or nested one", got)
	}
}
