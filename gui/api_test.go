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
