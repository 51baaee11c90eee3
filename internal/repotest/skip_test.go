package repotest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var skipCall = regexp.MustCompile(`\.Skip(f|Now)?\(`)

// skipGuards are what may stand just above a skip: -short, asked for, or a
// condition that is false under CI=1.
var skipGuards = []string{"testing.Short()", `Getenv("CI")`}

// TestNoSilentSkip fails on a test that skips for any other reason than
// -short: a test that needs something missing goes through
// internal/testenv (testenv.Missing, testenv.LookPath), which fails under
// CI=1 instead of skipping, so that CI never drops a check without saying.
func TestNoSilentSkip(t *testing.T) {
	root, files := trackedFiles(t)
	checked := 0
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") || strings.HasPrefix(f, "internal/testenv/") || f == "internal/repotest/skip_test.go" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ls := lines(data)
		for n, line := range ls {
			if !skipCall.MatchString(line) || strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			above := strings.Join(ls[max(0, n-3):n], "\n")
			guarded := false
			for _, g := range skipGuards {
				guarded = guarded || strings.Contains(above, g)
			}
			if !guarded {
				t.Errorf("%s: skips other than for -short; use testenv.Missing so that CI=1 fails", fmt.Sprintf("%s:%d: %s", f, n+1, strings.TrimSpace(line)))
			}
		}
	}
	if checked < 50 {
		t.Fatalf("checked %d test files; the repository has more", checked)
	}
}
