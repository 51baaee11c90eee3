// Package testenv is for tests that need something outside Go: a program
// (openssl, pdftoppm, python3 with cryptography), pseudo-terminals, files
// made by a generator, a user other than root. Where it is missing the test
// is skipped on a developer's machine, but under CI=1 it fails: CI installs
// everything the tests need, so a skip there would hide a check that no
// longer runs.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// CI reports whether the tests run in CI (the environment sets CI, as
// .ci/run does).
func CI() bool { return os.Getenv("CI") != "" }

// Missing ends tb because something it needs is missing: a failure under
// CI=1, a skip elsewhere. The message should say how to get it.
func Missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...)
	if CI() {
		tb.Fatalf("%s (CI=1: a missing requirement fails the test)", msg)
	}
	tb.Skip(msg)
}

// LookPath returns the path of program, or ends tb through Missing with
// hint (for example "apt-get install poppler-utils").
func LookPath(tb testing.TB, program, hint string) string {
	tb.Helper()
	p, err := exec.LookPath(program)
	if err != nil {
		Missing(tb, "%s not found (%s): %v", program, hint, err)
	}
	return p
}
