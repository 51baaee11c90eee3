// Package archtest holds the import rules of docs/ARCHITECTURE.md and the
// checker that applies them to an import graph. Its test runs the checker
// on the module's real graph (from `go list`), so that a forbidden arrow
// fails `go test ./...`.
package archtest

import (
	"fmt"
	"sort"
	"strings"
)

// Module is the import path of the venuepass module.
const Module = "github.com/venuepass/venuepass"

// Package is one node of an import graph.
type Package struct {
	// Path is the full import path.
	Path string
	// Imports are the direct imports (tests excluded).
	Imports []string
	// Deps are all transitive dependencies (tests excluded).
	Deps []string
}

// Libraries stands for every package of the module outside gui/ and cmd/
// in Rule.From.
const Libraries = "<libraries>"

// A Rule forbids arrows from the packages From names to the packages To
// names. Names are module-relative ("verifier" means the package and every
// package below it) or, when they contain a dot in their first element,
// full import paths of other modules ("fyne.io/fyne/v2").
type Rule struct {
	From string
	To   []string
	// Transitive rules also catch an arrow through other packages.
	Transitive bool
	Why        string
}

// Rules are the import rules of docs/ARCHITECTURE.md.
var Rules = []Rule{
	{From: "verifier", To: []string{"gui", "cmd", "qr", "issuer", "checkin", "printing", "wallet", "demo", "input", "fyne.io"}, Transitive: true,
		Why: "the verifier is the embeddable core: no GUI, no CLI, no QR imaging, no signing, no gate log"},
	{From: "issuer", To: []string{"verifier"}, Transitive: true,
		Why: "issuer and verifier share the model of package credential, not each other"},
	{From: "credential", To: []string{""},
		Why: "the credential model imports only the standard library"},
	{From: "fileutil", To: []string{""},
		Why: "the file helpers import only the standard library"},
	{From: "cmd", To: []string{"internal"},
		Why: "the mains are flags and output over public library APIs"},
	{From: Libraries, To: []string{"gui", "cmd"},
		Why: "arrows run one way: cmd and gui depend on libraries, never the reverse"},
}

// Violation is one forbidden arrow.
type Violation struct {
	From, To string
	Rule     Rule
}

func (v Violation) String() string {
	kind := "imports"
	if v.Rule.Transitive {
		kind = "depends on"
	}
	return fmt.Sprintf("%s %s %s: %s", v.From, kind, v.To, v.Rule.Why)
}

// rel returns the module-relative path of p, and whether p is in the module
// ("" for the module root).
func rel(p string) (string, bool) {
	if p == Module {
		return "", true
	}
	if strings.HasPrefix(p, Module+"/") {
		return p[len(Module)+1:], true
	}
	return "", false
}

// under reports whether path (module-relative when inModule, else full)
// is name or below it. The name "" matches every module package.
func under(path string, inModule bool, name string) bool {
	external := strings.Contains(strings.SplitN(name, "/", 2)[0], ".")
	if external == inModule {
		return false
	}
	if name == "" {
		return true
	}
	return path == name || strings.HasPrefix(path, name+"/")
}

func isLibrary(relPath string) bool {
	return !under(relPath, true, "gui") && !under(relPath, true, "cmd")
}

// Check returns every arrow of pkgs that a rule forbids, sorted.
func Check(pkgs []Package, rules []Rule) []Violation {
	var out []Violation
	for _, p := range pkgs {
		from, ok := rel(p.Path)
		if !ok {
			continue
		}
		for _, r := range rules {
			if r.From == Libraries {
				if !isLibrary(from) {
					continue
				}
			} else if !under(from, true, r.From) {
				continue
			}
			targets := p.Imports
			if r.Transitive {
				targets = p.Deps
			}
			for _, t := range targets {
				tr, inModule := rel(t)
				if !inModule {
					tr = t
				}
				if inModule && tr == from {
					continue
				}
				for _, name := range r.To {
					if under(tr, inModule, name) {
						out = append(out, Violation{From: p.Path, To: t, Rule: r})
						break
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].From != out[j].From {
			return out[i].From < out[j].From
		}
		return out[i].To < out[j].To
	})
	return out
}
