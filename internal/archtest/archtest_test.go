package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// goList returns the module's import graph as the go command sees it.
func goList(t *testing.T) []Package {
	t.Helper()
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if p, err := exec.LookPath("go"); err == nil {
		goCmd = p
	}
	cmd := exec.Command(goCmd, "list", "-e", "-f", "{{.ImportPath}}\t{{join .Imports \" \"}}\t{{join .Deps \" \"}}\t{{if .Error}}{{.Error}}{{end}}", Module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []Package
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			t.Fatalf("go list line %q", sc.Text())
		}
		if f[3] != "" {
			t.Errorf("go list: %s: %s", f[0], f[3])
		}
		pkgs = append(pkgs, Package{Path: f[0], Imports: strings.Fields(f[1]), Deps: strings.Fields(f[2])})
	}
	return pkgs
}

// TestImportRules fails when the module's real import graph has an arrow
// that docs/ARCHITECTURE.md forbids.
func TestImportRules(t *testing.T) {
	pkgs := goList(t)
	// The graph must be the real one: the packages the rules are about are
	// all there, with their imports.
	found := map[string]bool{}
	for _, p := range pkgs {
		found[p.Path] = len(p.Imports) > 0
	}
	for _, want := range []string{"verifier", "issuer", "credential", "internal/wire", "cmd/venuepass", "gui", "checkin"} {
		if !found[Module+"/"+want] {
			t.Errorf("go list shows no package %s with imports", want)
		}
	}
	for _, v := range Check(pkgs, Rules) {
		t.Errorf("forbidden arrow: %s", v)
	}
}

const m = Module + "/"

// TestCheckReportsViolations shows the checker failing on a synthetic graph
// with one violation of each rule, and passing the same graph without them.
func TestCheckReportsViolations(t *testing.T) {
	clean := []Package{
		{Path: m + "credential", Imports: []string{"crypto", "time"}, Deps: []string{"crypto", "time"}},
		{Path: m + "fileutil", Imports: []string{"os"}, Deps: []string{"os"}},
		{Path: m + "internal/wire", Imports: []string{m + "credential", m + "internal/cborx"}, Deps: []string{m + "credential", m + "internal/cborx"}},
		{Path: m + "trustlist", Imports: []string{m + "internal/wire"}, Deps: []string{m + "credential", m + "internal/cborx", m + "internal/wire"}},
		{Path: m + "verifier", Imports: []string{m + "credential", m + "internal/wire", m + "trustlist"}, Deps: []string{m + "credential", m + "internal/cborx", m + "internal/wire", m + "trustlist"}},
		{Path: m + "issuer", Imports: []string{m + "credential", m + "internal/wire"}, Deps: []string{m + "credential", m + "internal/cborx", m + "internal/wire"}},
		{Path: m + "checkin", Imports: []string{m + "verifier"}, Deps: []string{m + "verifier", m + "trustlist"}},
		{Path: m + "gui", Imports: []string{m + "verifier", m + "checkin", "fyne.io/fyne/v2"}, Deps: []string{m + "verifier", "fyne.io/fyne/v2"}},
		{Path: m + "cmd/venuepass", Imports: []string{m + "verifier", m + "issuer"}, Deps: []string{m + "verifier", m + "internal/wire"}},
	}
	if v := Check(clean, Rules); len(v) != 0 {
		t.Fatalf("clean graph reported: %v", v)
	}

	bad := []Package{
		// verifier -> qr directly, and -> gui through a library.
		{Path: m + "verifier", Imports: []string{m + "qr", m + "trustlist"}, Deps: []string{m + "qr", m + "trustlist", m + "gui/scan"}},
		// issuer -> verifier through checkin.
		{Path: m + "issuer", Imports: []string{m + "checkin"}, Deps: []string{m + "checkin", m + "verifier"}},
		// cmd -> internal/wire directly.
		{Path: m + "cmd/venuepass", Imports: []string{m + "internal/wire", m + "verifier"}},
		// a library -> gui.
		{Path: m + "trustlist", Imports: []string{m + "gui/scan"}, Deps: []string{m + "gui/scan"}},
		// the model -> another package of the module.
		{Path: m + "credential", Imports: []string{m + "internal/cborx"}},
		// the file helpers -> another package of the module.
		{Path: m + "fileutil", Imports: []string{m + "credential"}},
		// verifier -> fyne.
		{Path: m + "verifier/sub", Deps: []string{"fyne.io/fyne/v2/widget"}},
	}
	got := map[string]bool{}
	for _, v := range Check(bad, Rules) {
		got[strings.TrimPrefix(v.From, m)+" -> "+strings.TrimPrefix(v.To, m)] = true
	}
	for _, want := range []string{
		"verifier -> qr",
		"verifier -> gui/scan",
		"issuer -> verifier",
		"cmd/venuepass -> internal/wire",
		"trustlist -> gui/scan",
		"credential -> internal/cborx",
		"fileutil -> credential",
		"verifier/sub -> fyne.io/fyne/v2/widget",
	} {
		if !got[want] {
			t.Errorf("violation %s not reported; got %v", want, got)
		}
	}
	if len(got) != 8 {
		t.Errorf("got %d violations, want 8: %v", len(got), got)
	}
}
