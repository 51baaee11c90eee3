package repotest

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/internal/testenv"
)

// outside matches a reference to the shared folder that sits beside the
// repository on the development machine and does not exist in a clone: a
// relative path to it, the absolute one, or the same path built with
// filepath.Join. The patterns are assembled so that this file does not match
// them itself.
var outside = regexp.MustCompile(strings.Join([]string{
	`\.\./` + `shared\b`,
	`/work/` + `shared\b`,
	`"\.\."\s*,\s*(?:"\.\."\s*,\s*)*"` + `shared"`,
}, "|"))

// trackedFiles returns the repository root and its tracked files that are
// in the work tree (one deleted but not yet committed is left out). Outside a
// git checkout (an unpacked module, no git binary) the test is skipped, but
// under CI=1 that is a failure: CI always runs in a checkout.
func trackedFiles(t *testing.T) (string, []string) {
	t.Helper()
	skip := func(format string, args ...any) {
		t.Helper()
		testenv.Missing(t, format, args...)
	}
	if _, err := exec.LookPath("git"); err != nil {
		skip("git not found: %v", err)
	}
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		skip("not in a git checkout: %v", err)
	}
	root := strings.TrimSpace(string(out))
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = root
	out, err = cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f == "" {
			continue
		}
		if _, err := os.Lstat(filepath.Join(root, f)); errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the work tree, not yet committed
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatal("git ls-files lists no files")
	}
	return root, files
}

// TestNoReferenceOutsideRepository fails if any tracked file names the
// shared folder beside the repository: the specification, vectors and test
// data a clone needs are committed (docs/FORMAT.md, testdata/).
func TestNoReferenceOutsideRepository(t *testing.T) {
	root, files := trackedFiles(t)
	var read int
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		read++
		// The cheap test first: most files never say "shared" at all.
		if !bytes.Contains(data, []byte("shared")) || !outside.Match(data) {
			continue
		}
		for i, line := range bytes.Split(data, []byte("\n")) {
			if m := outside.Find(line); m != nil {
				t.Errorf("%s:%d: %q refers outside the repository; use the copy in docs/ or testdata/", f, i+1, m)
			}
		}
	}
	t.Logf("%d tracked files checked", read)
}

// TestPattern keeps the pattern honest: it must catch each form it is meant
// for and leave ordinary text alone.
func TestPattern(t *testing.T) {
	for _, s := range []string{
		"see " + "../" + "shared/spec/FORMAT.md",
		"(" + "../../" + "shared/dcc-testdata)",
		"/work/" + "shared/spec/vectors",
		`filepath.Join("..", "..", "` + `shared", "dcc-testdata")`,
		`filepath.Join("..", "` + `shared")`,
	} {
		if !outside.MatchString(s) {
			t.Errorf("not caught: %s", s)
		}
	}
	for _, s := range []string{
		"docs/FORMAT.md section 4",
		"the replay guard is shared",
		"../testdata/interop",
		`filepath.Join("..", "testdata", "dgc")`,
		"a shared kid",
	} {
		if outside.MatchString(s) {
			t.Errorf("caught by mistake: %s", s)
		}
	}
}
