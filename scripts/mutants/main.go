// Command mutants applies each security-relevant mutation of the list in
// mutants.go, one at a time, to a scratch copy of the repository and runs the
// owning package's tests. A mutant the tests do not fail on survives, and
// the command fails. A patch whose target text is not found exactly once is
// an error too, so the list cannot rot silently when the code moves.
//
//	go run ./scripts/mutants            # all
//	go run ./scripts/mutants -run passback
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// mutant is one deliberate bug: in File, Old (exactly once) becomes New;
// then `go test -count=1 -run Run Pkg` must fail.
type mutant struct {
	Name, File, Old, New, Pkg, Run string
}

func main() {
	only := flag.String("run", "", "only the mutants whose name matches this regexp")
	flag.Parse()
	re := regexp.MustCompile(*only)
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	check(err)
	src := strings.TrimSpace(string(root))
	scratch, err := os.MkdirTemp("", "vp-mutants-")
	check(err)
	defer os.RemoveAll(scratch)
	files, err := exec.Command("git", "-C", src, "ls-files", "--cached", "--others", "--exclude-standard").Output()
	check(err)
	for _, f := range strings.Split(strings.TrimSpace(string(files)), "\n") {
		if _, err := os.Stat(filepath.Join(src, f)); err != nil {
			continue // deleted in the working tree
		}
		check(copyFile(filepath.Join(src, f), filepath.Join(scratch, f)))
	}
	var survived, broken int
	fmt.Printf("%-44s %-22s %-9s %s\n", "mutant", "package", "result", "time")
	for _, m := range mutants {
		if !re.MatchString(m.Name) {
			continue
		}
		res, d := run(scratch, m)
		switch res {
		case "SURVIVED":
			survived++
		case "killed":
		default:
			broken++
		}
		fmt.Printf("%-44s %-22s %-9s %.1fs\n", m.Name, m.Pkg, res, d.Seconds())
	}
	if survived+broken > 0 {
		fmt.Printf("FAIL: %d mutants survived, %d could not be applied or built\n", survived, broken)
		os.Exit(1)
	}
	fmt.Println("every mutant was killed")
}

func run(dir string, m mutant) (string, time.Duration) {
	start := time.Now()
	path := filepath.Join(dir, m.File)
	orig, err := os.ReadFile(path)
	if err != nil {
		return "NO-FILE", 0
	}
	if n := strings.Count(string(orig), m.Old); n != 1 {
		fmt.Fprintf(os.Stderr, "%s: target text found %d times in %s (want once):\n%s\n", m.Name, n, m.File, m.Old)
		return "NO-TARGET", 0
	}
	check(os.WriteFile(path, []byte(strings.Replace(string(orig), m.Old, m.New, 1)), 0o644))
	defer func() { check(os.WriteFile(path, orig, 0o644)) }()
	args := []string{"test", "-count=1", "-timeout", "5m"}
	if m.Run != "" {
		args = append(args, "-run", m.Run)
	}
	cmd := exec.Command("go", append(args, strings.Fields(m.Pkg)...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	switch {
	case strings.Contains(string(out), "[build failed]") || strings.Contains(string(out), "[setup failed]"):
		fmt.Fprintf(os.Stderr, "%s does not build:\n%s\n", m.Name, out)
		return "NO-BUILD", d
	case err == nil:
		return "SURVIVED", d
	}
	return "killed", d
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutants:", err)
		os.Exit(2)
	}
}
