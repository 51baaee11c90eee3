package printing

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"
	"unicode"
)

// catalogue reads locales/LANG.json.
func catalogue(t *testing.T, lang string) map[string]string {
	t.Helper()
	data, err := os.ReadFile("locales/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	return m
}

// msgIDs are the message ids that the code names: the msgID constants and
// the month and weekday names.
func msgIDs(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "i18n.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "msgID" {
				s, _ := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
				ids = append(ids, s)
			}
		}
		return true
	})
	for m := 1; m <= 12; m++ {
		ids = append(ids, "Month"+strconv.Itoa(m))
	}
	for d := 0; d < 7; d++ {
		ids = append(ids, "Weekday"+strconv.Itoa(d))
	}
	if len(ids) < 40 {
		t.Fatalf("found only %d message ids in i18n.go", len(ids))
	}
	return ids
}

// TestCatalogueComplete fails on any message missing in a language, any
// message no code uses, and any template that does not parse or that names
// other parameters than the English one.
func TestCatalogueComplete(t *testing.T) {
	ids := msgIDs(t)
	en := catalogue(t, "en")
	params := func(s string) []string {
		var ps []string
		for _, f := range strings.Split(s, "{{.")[1:] {
			ps = append(ps, f[:strings.Index(f, "}}")])
		}
		slices.Sort(ps)
		return slices.Compact(ps)
	}
	for _, lang := range Languages {
		m := catalogue(t, lang)
		for _, id := range ids {
			s, ok := m[id]
			if !ok || strings.TrimSpace(s) == "" {
				t.Errorf("%s.json lacks %s", lang, id)
				continue
			}
			if _, err := template.New(id).Parse(s); err != nil {
				t.Errorf("%s.json %s: %v", lang, id, err)
			}
			if p, pe := params(s), params(en[id]); !slices.Equal(p, pe) && !(id == "Date" || id == "DateWeekday" || id == "DateShort") {
				t.Errorf("%s.json %s has parameters %v, English %v", lang, id, p, pe)
			}
		}
		for id := range m {
			if !slices.Contains(ids, id) {
				t.Errorf("%s.json has %s, which no code uses", lang, id)
			}
		}
	}
	// Korean labels are Korean, not English left over.
	ko := catalogue(t, "ko")
	for id, s := range ko {
		if strings.HasPrefix(id, "Label") || strings.HasPrefix(id, "Codes") || strings.HasPrefix(id, "Weekday") {
			if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
				t.Errorf("ko.json %s = %q has no Hangul", id, s)
			}
		}
	}
}

func TestDatesByLanguage(t *testing.T) {
	kst := time.FixedZone("KST", 9*3600)
	start := time.Date(2026, 12, 5, 19, 0, 0, 0, kst)
	doors := time.Date(2026, 12, 5, 17, 30, 0, 0, kst)
	exp := time.Date(2027, 3, 31, 23, 59, 59, 0, kst)
	for _, tc := range []struct {
		lang, until, start, doors, window string
	}{
		{"en", "31 Mar 2027", "Sat 5 Dec 2026, 19:00 KST", "17:30", "Sat 5 Dec 2026, 17:30–19:00 KST"},
		{"ko", "2027년 3월 31일", "2026년 12월 5일 (토) 19:00 KST", "17:30", "2026년 12월 5일 (토) 17:30–19:00 KST"},
	} {
		tx := newTexts(tc.lang)
		if got := tx.untilDate(exp, kst); got != tc.until {
			t.Errorf("%s until: %q, want %q", tc.lang, got, tc.until)
		}
		// An expiry at midnight is the day before.
		if got := tx.untilDate(time.Date(2027, 4, 1, 0, 0, 0, 0, kst), kst); got != tc.until {
			t.Errorf("%s until midnight: %q, want %q", tc.lang, got, tc.until)
		}
		s, d := tx.eventTimes(start, doors, kst)
		if s != tc.start || d != tc.doors {
			t.Errorf("%s event: %q, %q; want %q, %q", tc.lang, s, d, tc.start, tc.doors)
		}
		if got := tx.entryWindow(doors, start, kst); got != tc.window {
			t.Errorf("%s window: %q, want %q", tc.lang, got, tc.window)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]string{"": "en", "en": "en", "ko": "ko", "KO": "ko", "ko_KR.UTF-8": "ko", "en-GB": "en", "C": "en", "C.UTF-8": "en"} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"de", "kr", "korean"} {
		if _, err := ParseLang(in); err == nil || !strings.Contains(err.Error(), "want en or ko") {
			t.Errorf("ParseLang(%q): %v", in, err)
		}
	}
}
