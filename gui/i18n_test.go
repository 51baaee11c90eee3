package gui

import (
	"crypto"
	"encoding/hex"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/venuepass/venuepass/trustlist"
)

// readCatalogue reads locales/LANG.json as message id to template.
func readCatalogue(t *testing.T, lang string) map[string]string {
	t.Helper()
	data, err := fs.ReadFile(localeFiles, "locales/"+lang+".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	return m
}

var paramRE = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func params(s string) []string {
	var out []string
	for _, m := range paramRE.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

func hasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// Every language has every message, with the same parameters; a Korean
// message is in Korean (Hangul) where the English one has words.
func TestCatalogueComplete(t *testing.T) {
	en := readCatalogue(t, "en")
	if len(en) == 0 {
		t.Fatal("empty English catalogue")
	}
	for _, lang := range languages[1:] {
		other := readCatalogue(t, lang)
		for id, msg := range en {
			o, ok := other[id]
			if !ok {
				t.Errorf("%s lacks %q", lang, id)
				continue
			}
			if p, q := params(msg), params(o); !slices.Equal(p, q) {
				t.Errorf("%s %q has parameters %v, English %v", lang, id, q, p)
			}
			if lang == "ko" && hasLetters(paramRE.ReplaceAllString(msg, "")) && !hasHangul(o) {
				t.Errorf("ko %q has no Hangul: %q", id, o)
			}
		}
		for id := range other {
			if _, ok := en[id]; !ok {
				t.Errorf("%s has %q, English does not", lang, id)
			}
		}
	}
}

// Every message the code asks for by a literal id is in the catalogue,
// and every message of the catalogue appears in the code: as its id, or
// under a prefix of ids built in code ("source." + source).
func TestCatalogueUsed(t *testing.T) {
	en := readCatalogue(t, "en")
	used := map[string]bool{}
	var prefixes []string
	for _, f := range guiFiles(t) {
		ast.Inspect(f.file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(x.Value); err == nil && x.Kind == token.STRING {
					used[s] = true
					if i := strings.Index(s, "%"); i > 0 && strings.HasSuffix(s[:i], ".") {
						prefixes = append(prefixes, s[:i])
					} else if strings.HasSuffix(s, ".") {
						prefixes = append(prefixes, s)
					}
				}
			case *ast.CallExpr:
				sel, ok := x.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "T" || len(x.Args) == 0 {
					return true
				}
				if lit, ok := x.Args[0].(*ast.BasicLit); ok {
					id, _ := strconv.Unquote(lit.Value)
					if _, ok := en[id]; !ok {
						t.Errorf("%s: message %q is not in the catalogue", f.fset.Position(lit.Pos()), id)
					}
				}
			}
			return true
		})
	}
	for id := range en {
		if !used[id] && !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(id, p) }) {
			t.Errorf("message %q is never used", id)
		}
	}
}

type goFile struct {
	fset *token.FileSet
	file *ast.File
	name string
}

func guiFiles(t *testing.T) []goFile {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []goFile
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, goFile{fset, f, n})
	}
	return out
}

// textSinks are the calls that put text on screen: a string literal with
// words in their arguments is an English text that bypasses the catalogue.
var textSinks = map[string]bool{
	"NewLabel": true, "NewLabelWithStyle": true, "NewText": true, "NewButton": true,
	"NewButtonWithIcon": true, "NewCheck": true, "NewConfirm": true, "NewInformation": true,
	"NewError": true, "NewCustom": true, "NewCustomConfirm": true, "SetText": true,
	"SetPlaceHolder": true, "boldText": true, "setMessage": true, "setBanner": true,
	"setFooter": true, "setLines": true, "paintNeutral": true, "setGateFailed": true,
	"NewFormItem": true, "NewTabItem": true, "NewTabItemWithIcon": true, "staffAuth": true,
	"required": true, "NewRadioGroup": true, "NewSelect": true, "NewAccordionItem": true,
	"set": true, "NewTextSegment": true, "entry": true, "counter": true, "heading": true,
}

// textFields are struct fields and properties that are shown: a string
// literal assigned to them is English bypassing the catalogue.
var textFields = map[string]bool{"Text": true, "Cause": true, "PlaceHolder": true}

// allowedLiterals are the texts shown as they are, in every language:
// names and units that are not translated. Paths and URLs with no space
// ("/dev/ttyUSB0", "http://192.168.1.50/open") are allowed too.
var allowedLiterals = map[string]bool{
	"venuepass": true, // the product's name
	"fps":       true, // "%.0f fps", the camera's frame rate
	"ms":        true, // milliseconds, the turnstile's pulse
}

// onScreenLiteral reports whether lit is a string literal with words that
// the allowlist does not name.
func onScreenLiteral(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil || allowedLiterals[s] || (strings.Contains(s, "/") && !strings.Contains(s, " ")) {
		return "", false
	}
	var words int
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) >= 2 && !allowedLiterals[w] {
			words++
		}
	}
	return s, words > 0
}

// shownText finds the English literals that reach a text sink: the
// literal itself, the operands of +, the format of fmt.Sprintf, the
// elements of a composite literal ([]string{"in", "out"} as radio
// choices), a constant's value, what was assigned to a local variable, and
// what a function of the package returns.
type shownText struct {
	consts  map[string]ast.Expr        // package-level constants by name
	funcs   map[string]*ast.FuncDecl   // package functions by name
	assigns map[*ast.Object][]assigned // values assigned to each variable
	seen    map[any]bool
}

func newShownText(files []goFile) *shownText {
	st := &shownText{consts: map[string]ast.Expr{}, funcs: map[string]*ast.FuncDecl{},
		assigns: map[*ast.Object][]assigned{}, seen: map[any]bool{}}
	for _, f := range files {
		for _, d := range f.file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					st.funcs[d.Name.Name] = d
				}
			case *ast.GenDecl:
				if d.Tok != token.CONST {
					continue
				}
				for _, sp := range d.Specs {
					vs := sp.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							st.consts[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
		ast.Inspect(f.file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					id, ok := l.(*ast.Ident)
					switch {
					case !ok || id.Obj == nil:
					case len(x.Rhs) == len(x.Lhs):
						st.assigns[id.Obj] = append(st.assigns[id.Obj], assigned{x.Rhs[i], 0})
					case len(x.Rhs) == 1:
						// a, b := f(): a is f's first result.
						st.assigns[id.Obj] = append(st.assigns[id.Obj], assigned{x.Rhs[0], i})
					}
				}
			case *ast.ValueSpec:
				for i, id := range x.Names {
					if id.Obj != nil && i < len(x.Values) {
						st.assigns[id.Obj] = append(st.assigns[id.Obj], assigned{x.Values[i], 0})
					}
				}
			}
			return true
		})
	}
	return st
}

// assigned is a value given to a variable: the result idx of e.
type assigned struct {
	e   ast.Expr
	idx int
}

// literalsIn lists the on-screen literals of an expression.
func (st *shownText) literalsIn(e ast.Expr) []string { return st.resultLiterals(e, 0) }

// resultLiterals lists the on-screen literals of result idx of e.
func (st *shownText) resultLiterals(e ast.Expr, idx int) []string {
	var out []string
	switch x := e.(type) {
	case *ast.BasicLit:
		if s, ok := onScreenLiteral(x); ok {
			out = append(out, s)
		}
	case *ast.BinaryExpr:
		out = append(out, st.literalsIn(x.X)...)
		out = append(out, st.literalsIn(x.Y)...)
	case *ast.ParenExpr:
		out = append(out, st.literalsIn(x.X)...)
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			out = append(out, st.literalsIn(el)...)
		}
	case *ast.Ident:
		if st.seen[x.Obj] || st.seen[x.Name] {
			break
		}
		switch {
		case x.Obj != nil && x.Obj.Kind == ast.Var:
			st.seen[x.Obj] = true
			for _, v := range st.assigns[x.Obj] {
				out = append(out, st.resultLiterals(v.e, v.idx)...)
			}
		case st.consts[x.Name] != nil:
			st.seen[x.Name] = true
			out = append(out, st.literalsIn(st.consts[x.Name])...)
		}
	case *ast.CallExpr:
		switch fn := x.Fun.(type) {
		case *ast.SelectorExpr:
			if fn.Sel.Name == "Sprintf" && len(x.Args) > 0 {
				out = append(out, st.literalsIn(x.Args[0])...)
			}
		case *ast.Ident:
			// A function of the package: what it returns.
			if d := st.funcs[fn.Name]; d != nil && d.Body != nil && !st.seen[d] {
				st.seen[d] = true
				ast.Inspect(d.Body, func(n ast.Node) bool {
					if r, ok := n.(*ast.ReturnStmt); ok && idx < len(r.Results) {
						out = append(out, st.literalsIn(r.Results[idx])...)
					}
					_, lit := n.(*ast.FuncLit)
					return !lit
				})
			}
		}
	}
	return out
}

// No text the kiosk shows is an English literal in the code: every one
// comes from the catalogue (tr().T) or package explain. fmt.Fprintf into
// anything but os.Stderr is a sink too (the admin's log lines are built
// so).
func TestNoUntranslatedText(t *testing.T) {
	files := guiFiles(t)
	st := newShownText(files)
	for _, f := range files {
		report := func(pos token.Pos, what string, e ast.Expr) {
			clear(st.seen)
			for _, s := range st.literalsIn(e) {
				t.Errorf("%s: %s shows %q: put it in gui/locales", f.fset.Position(pos), what, s)
			}
		}
		var fnName string
		ast.Inspect(f.file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncDecl:
				fnName = x.Name.Name
			case *ast.CallExpr:
				var name string
				switch fn := x.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				if name == "Fprintf" && len(x.Args) > 0 && !isStderr(x.Args[0]) && !notOnScreen[f.name+":"+fnName] {
					for _, a := range x.Args[1:] {
						report(a.Pos(), name, a)
					}
				}
				if textSinks[name] {
					for _, a := range x.Args {
						report(a.Pos(), name, a)
					}
				}
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && textFields[sel.Sel.Name] && i < len(x.Rhs) {
						report(x.Rhs[i].Pos(), sel.Sel.Name, x.Rhs[i])
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && textFields[k.Name] {
					report(x.Value.Pos(), k.Name, x.Value)
				}
			}
			return true
		})
	}
}

// notOnScreen are the functions (file:name) whose fmt.Fprintf writes a
// file, never the screen: the demo's README of sample codes.
var notOnScreen = map[string]bool{"demo.go:NewDemo": true}

// isStderr tells whether e is os.Stderr.
func isStderr(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "os" && sel.Sel.Name == "Stderr"
}

// The language: --lang wins over the setting, the setting over the locale,
// the locale over English.
func TestChooseLanguage(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	ko := env(map[string]string{"LANG": "ko_KR.UTF-8"})
	for _, c := range []struct {
		flag, setting string
		env           func(string) string
		want          string
	}{
		{"ko", "en", env(nil), "ko"},
		{"en", "ko", ko, "en"},
		{"", "ko", env(nil), "ko"},
		{"", "en", ko, "en"},
		{"", "", ko, "ko"},
		{"", "", env(map[string]string{"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}), "en"},
		{"", "", env(map[string]string{"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_GB.UTF-8"}), "ko"},
		{"", "", env(map[string]string{"LANG": "de_DE.UTF-8"}), "en"},
		{"", "", env(nil), "en"},
	} {
		if got := chooseLanguage(c.flag, c.setting, c.env); got != c.want {
			t.Errorf("flag %q setting %q: %q, want %q", c.flag, c.setting, got, c.want)
		}
	}
	if _, err := ParseLang("fr"); err == nil {
		t.Error("fr accepted")
	}
}

// Korean texts: parameters filled in, dates in the Korean order.
func TestKoreanTexts(t *testing.T) {
	defer setLanguage("en")
	setLanguage("ko")
	if got, want := tr().T("pin.wrong", vars{"Tries": 2, "Max": 5}), "PIN이 틀렸습니다(5번 중 2번째)"; got != want {
		t.Errorf("pin.wrong: %q, want %q", got, want)
	}
	d := time.Date(2026, 12, 5, 14, 2, 0, 0, time.Local)
	if got, want := tr().dayClock(d), "2026년 12월 5일 14:02"; got != want {
		t.Errorf("dayClock: %q, want %q", got, want)
	}
	// A tier before a Korean type name: whole runes, no broken UTF-8.
	if got, want := tr().T("verdict.tier_type", vars{"Tier": "Season", "Type": lowerFirst("회원증")}), "Season 등급 회원증"; got != want {
		t.Errorf("tier_type: %q, want %q", got, want)
	}
	if got := tr().T("no.such.message"); got != "no.such.message" {
		t.Errorf("unknown id: %q", got)
	}
	setLanguage("en")
	if got := lowerFirst("Membership card"); got != "membership card" {
		t.Errorf("lowerFirst: %q", got)
	}
	if got, want := tr().T("pin.wrong", vars{"Tries": 2, "Max": 5}), "Wrong PIN (2 of 5 tries)"; got != want {
		t.Errorf("pin.wrong: %q, want %q", got, want)
	}
}

// TestUnpinnedAnchorNamesKids: a list signed by an anchor that is not pinned
// is refused with both kids named, in either language, so the operator can
// tell which key is missing.
func TestUnpinnedAnchorNamesKids(t *testing.T) {
	vectors := filepath.Join("..", "testdata", "vectors")
	data, err := os.ReadFile(filepath.Join(vectors, "trust-unpinned.vptl"))
	if err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(filepath.Join(vectors, "anchor.pub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	anchor, err := trustlist.ParseAnchor(pem)
	if err != nil {
		t.Fatal(err)
	}
	_, err = trustlist.Parse(data, []crypto.PublicKey{anchor})
	var ae *trustlist.AnchorError
	if !errors.As(err, &ae) {
		t.Fatalf("Parse: %v, want an AnchorError", err)
	}
	list, pinned := hex.EncodeToString(ae.ListKid), hex.EncodeToString(ae.Pinned[0])
	defer setLanguage("en")
	for _, lang := range languages {
		setLanguage(lang)
		msg := trustListError(err, nil, nil)
		if !strings.Contains(msg, list) || !strings.Contains(msg, pinned) {
			t.Errorf("%s: %q names not both kid %s and kid %s", lang, msg, list, pinned)
		}
	}
}
