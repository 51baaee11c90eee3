package gui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parseGUI parses the non-test Go files of package gui.
func parseGUI(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) < 10 {
		t.Fatalf("only %d files of package gui found", len(files))
	}
	return fset, files
}

// TestOneAntiPassback: anti-passback lives in package checkin only. The
// kiosk has no log of its own (no MemoryLog), no type of gui records
// decisions but the wrapper of the check-in log, and no code of gui refuses
// a holder as already checked in or lets one in on soft anti-passback
// itself: those verdicts come from checkin.
func TestOneAntiPassback(t *testing.T) {
	fset, files := parseGUI(t)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if strings.Contains(n.Name, "MemoryLog") {
					t.Errorf("%s: %s: the kiosk's tests use the real check-in log", fset.Position(n.Pos()), n.Name)
				}
			case *ast.SelectorExpr:
				switch n.Sel.Name {
				case "ReasonAlreadyCheckedIn", "ErrAlreadyCheckedIn", "WarnSoftPassback", "NewMemoryReplayGuard":
					t.Errorf("%s: %s: anti-passback and replay are decided by package checkin, not gui",
						fset.Position(n.Pos()), n.Sel.Name)
				}
			case *ast.FuncDecl:
				if n.Recv == nil || n.Name.Name != "Record" {
					return true
				}
				typ := n.Recv.List[0].Type
				if s, ok := typ.(*ast.StarExpr); ok {
					typ = s.X
				}
				if id, ok := typ.(*ast.Ident); !ok || !strings.EqualFold(id.Name, "checkinLog") {
					t.Errorf("%s: a second log type records decisions", fset.Position(n.Pos()))
				}
			case *ast.BasicLit:
				if strings.Contains(n.Value, "already_checked_in") || strings.Contains(n.Value, "soft_passback") {
					t.Errorf("%s: %s: anti-passback reasons come from package checkin", fset.Position(n.Pos()), n.Value)
				}
			}
			return true
		})
	}
}

// TestExports: package gui exports what cmd/venuepass-kiosk needs and no
// more: Run with its Options, the scans given at start, and the demo with
// the settings it seeds (whose fields are the JSON of the settings file).
func TestExports(t *testing.T) {
	want := map[string]bool{"Run": true, "Options": true, "StartScan": true, "NewDemo": true, "Demo": true, "Settings": true,
		"HubOptions": true, "ParseLang": true}
	fields := map[string][]string{
		"Options":    {"ConfigDir", "LogPath", "Demo", "Frames", "Show", "Lang", "Scans", "Hub", "Stop"},
		"HubOptions": {"URL", "Creds", "Timeout", "Venue"},
		"Demo":       {"TrustList", "Settings"},
	}
	_, files := parseGUI(t)
	got := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() {
					got[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							got[s.Name.Name] = true
						}
						st, ok := s.Type.(*ast.StructType)
						if !ok || fields[s.Name.Name] == nil {
							continue
						}
						var exported []string
						for _, fl := range st.Fields.List {
							for _, n := range fl.Names {
								if n.IsExported() {
									exported = append(exported, n.Name)
								}
							}
						}
						if strings.Join(exported, ",") != strings.Join(fields[s.Name.Name], ",") {
							t.Errorf("%s exports fields %v, want %v", s.Name.Name, exported, fields[s.Name.Name])
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								got[n.Name] = true
							}
						}
					}
				}
			}
		}
	}
	for name := range got {
		if !want[name] {
			t.Errorf("gui exports %s: the kiosk's main does not need it (unexport it, or list it here if it does)", name)
		}
	}
	for name := range want {
		if !got[name] {
			t.Errorf("gui does not export %s", name)
		}
	}
}
