package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// readmeChecks are assertions run after the README command that contains
// the key; a key no longer found in the README fails the test.
var readmeChecks = map[string]string{
	"trust sign trust.json":  `exists trust.vptl`,
	"--batch staff.csv":      `exists badges/manifest.csv badges/0001-E-1042.png`,
	"--batch tickets.csv":    `exists tickets/manifest.csv`,
	"badges/*.png":           `stdout -count=3 '^ACCEPT  '`,
	"--json -":               `stdout -count=3 '^\{"accepted":true,'`,
	"-o badges.pdf":          `exists badges.pdf`,
	"--paper a4 -o tickets":  `exists tickets.pdf`,
	"-o tickets-ko.pdf":      `exists tickets-ko.pdf`,
	"--name \"Kim Min-jun\"": `stdout '^VP1:'`,
}

// TestReadme runs the shell blocks of README.md's "Using it" and
// "Printing" sections, every command in order in one folder, as a new user
// would after cloning: with the sample batch files of docs/examples and a
// 'scanner' that types the badges' codes. Every command must succeed; the
// README's own words are run, so an example that drifts from the CLI
// fails here.
func TestReadme(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	script.WriteString("# generated from README.md by TestReadme\nenv PATH=$WORK/bin${:}$PATH\nchmod 0755 bin/scanner\n")
	seen := map[string]bool{}
	for _, section := range []string{"## Using it", "## Printing"} {
		block := shellBlock(t, string(readme), section)
		for _, cmd := range block {
			if strings.HasPrefix(cmd, "go install ") {
				continue // venuepass is this test's binary
			}
			fmt.Fprintf(&script, "\n# README: %s\nexec sh -c %s\n", cmd, quoteScript(cmd))
			for key, check := range readmeChecks {
				if strings.Contains(cmd, key) {
					script.WriteString(check + "\n")
					seen[key] = true
				}
			}
		}
	}
	for key := range readmeChecks {
		if !seen[key] {
			t.Errorf("README.md has no command with %q any more; update readmeChecks", key)
		}
	}
	script.WriteString("-- bin/scanner --\n#!/bin/sh\n# a USB scanner, typing the codes of the badges\ncat badges/*.txt\n")
	for _, name := range []string{"staff.csv", "tickets.csv"} {
		data, err := os.ReadFile(filepath.Join("../../docs/examples", name))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&script, "-- docs/examples/%s --\n%s", name, data)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "readme.txtar"), []byte(script.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{Dir: dir})
}

// shellBlock returns the commands of the first ```sh block after the
// heading, continuation lines joined.
func shellBlock(t *testing.T, readme, heading string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(readme, "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no %q section", heading)
	}
	if next := strings.Index(rest, "\n## "); next >= 0 {
		rest = rest[:next]
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	if !ok {
		t.Fatalf("README.md section %q has no sh block", heading)
	}
	body, _, _ := strings.Cut(rest, "```")
	var cmds []string
	cur := ""
	for _, line := range strings.Split(body, "\n") {
		if c, ok := strings.CutSuffix(line, "\\"); ok {
			cur += c
			continue
		}
		cur += line
		if strings.TrimSpace(cur) != "" {
			cmds = append(cmds, strings.TrimSpace(cur))
		}
		cur = ""
	}
	if len(cmds) == 0 {
		t.Fatalf("README.md section %q: empty sh block", heading)
	}
	return cmds
}

// quoteScript quotes s as one testscript argument.
func quoteScript(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
