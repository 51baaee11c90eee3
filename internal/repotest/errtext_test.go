package repotest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// errText matches a strings function applied to an error's text:
// strings.TrimPrefix(err.Error(), ...), strings.Contains(d.Err.Error(), ...),
// strings.TrimPrefix(e.Error(), ...).
// Errors carry their detail in types (errors.As), never in text to be cut.
var errText = regexp.MustCompile(`strings\.\w+\([\w.]*\.Error\(\)`)

// errTextExceptions are files that still parse error text, each a
// documented temporary exception. It is empty: the CLI's "qr: " trims and
// its rollback message now take typed errors (qr.Error, qr.FileError,
// trustlist.RollbackError). A file listed here that no longer matches is
// reported, so the entry can go.
var errTextExceptions = map[string]bool{}

// TestNoErrorTextParsing fails when non-test Go code applies a strings
// function to an error's text.
func TestNoErrorTextParsing(t *testing.T) {
	root, files := trackedFiles(t)
	var found []string
	matched := map[string]bool{}
	checked := 0
	for _, f := range files {
		if !strings.HasSuffix(f, ".go") || strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for n, line := range lines(data) {
			if errText.MatchString(line) {
				matched[f] = true
				if !errTextExceptions[f] {
					found = append(found, fmt.Sprintf("%s:%d: %s", f, n+1, strings.TrimSpace(line)))
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("checked %d Go files; the repository has more", checked)
	}
	for _, f := range found {
		t.Errorf("error text parsed (carry the detail in an error type, take it with errors.As): %s", f)
	}
	var stale []string
	for f := range errTextExceptions {
		if !matched[f] {
			stale = append(stale, f)
		}
	}
	sort.Strings(stale)
	for _, f := range stale {
		t.Logf("%s no longer parses error text: remove it from errTextExceptions", f)
	}
}

func lines(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// The pattern catches the forms the code used to have and leaves alone
// what merely shows an error.
func TestErrTextPattern(t *testing.T) {
	for _, s := range []string{
		`msg := strings.TrimPrefix(err.Error(), "qr: ")`,
		`if detail, ok := strings.CutPrefix(d.Err.Error(), sentinel.Error()+": "); ok {`,
		`strings.Contains(openErr.Error(), "timeout")`,
		`return strings.TrimPrefix(e.Error(), ErrChainBroken.Error()+": ")`,
	} {
		if !errText.MatchString(s) {
			t.Errorf("not caught: %s", s)
		}
	}
	for _, s := range []string{
		`e.Detail = d.Err.Error()`,
		`fmt.Errorf("cert: %v", certProblem(err))`,
		`strings.TrimSpace(string(out))`,
	} {
		if errText.MatchString(s) {
			t.Errorf("caught, but is no parsing: %s", s)
		}
	}
}
