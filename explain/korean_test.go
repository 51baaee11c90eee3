package explain_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/verifier"
)

var (
	ko    = explain.Korean
	param = regexp.MustCompile(`\{[a-z_]+\}`)
)

// params returns the sorted {name} parameters of a message.
func params(msg string) []string {
	ps := param.FindAllString(msg, -1)
	slices.Sort(ps)
	return slices.Compact(ps)
}

// The Korean catalogue has every key of English, no other, each with the
// same parameters, and is Korean: a message with English words in it has
// Hangul in Korean.
func TestKoreanComplete(t *testing.T) {
	if explain.For("ko") != ko || explain.For("ko-KR") != ko {
		t.Fatal(`For("ko") is not the Korean catalogue`)
	}
	for _, k := range slices.Sorted(maps.Keys(en.Messages)) {
		e := en.Messages[k]
		m, ok := ko.Messages[k]
		if !ok {
			t.Errorf("ko lacks %q (en %q)", k, e)
			continue
		}
		if pe, pk := params(e), params(m); !slices.Equal(pe, pk) {
			t.Errorf("%q: parameters en %v, ko %v", k, pe, pk)
		}
		words := strings.IndexFunc(param.ReplaceAllString(e, ""), func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) >= 0
		if words && strings.IndexFunc(m, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) < 0 {
			t.Errorf("%q: no Hangul in %q", k, m)
		}
	}
	for k := range ko.Messages {
		if _, ok := en.Messages[k]; !ok {
			t.Errorf("ko has %q, which English lacks", k)
		}
	}
}

// Korean has a kiosk sentence and staff words of its own for every
// reason, each different from the others.
func TestKoreanReasons(t *testing.T) {
	sentences, staff := map[string]bool{}, map[string]bool{}
	for _, r := range allReasons {
		s := ko.Reason(verifier.Decision{Reason: r, Err: r}, nil, explain.Gate{Now: now, TrustExpires: now})
		w := ko.StaffWords(r)
		if sentences[s] || staff[w] || s == en.Reason(verifier.Decision{Reason: r, Err: r}, nil, explain.Gate{Now: now, TrustExpires: now}) {
			t.Errorf("%s: words used twice or English: %q / %q", r, s, w)
		}
		sentences[s], staff[w] = true, true
	}
}

// Whole sentences with the venue's local dates: the gate comes first in
// Korean, and a name such as 3루 게이트 is not called "gate 3루 게이트".
func TestKoreanSentences(t *testing.T) {
	g := explain.Gate{Gate: "3루 게이트", Now: time.Date(2026, 12, 5, 14, 30, 0, 0, loc), Location: loc}
	at := time.Date(2026, 12, 5, 7, 0, 0, 0, loc)
	for _, tc := range []struct {
		got, want string
	}{
		{ko.Passback(explain.Prior{Time: at, Gate: "3루 게이트"}, g), "3루 게이트에서 07:00에 이미 입장했습니다"},
		{en.Passback(explain.Prior{Time: at, Gate: "3루 게이트"}, g), "Already checked in at 07:00, 3루 게이트"},
		{ko.Passback(explain.Prior{Time: at, Gate: "3"}, g), "3번 게이트에서 07:00에 이미 입장했습니다"},
		{ko.Passback(explain.Prior{Time: at, Gate: "B"}, g), "B 게이트에서 07:00에 이미 입장했습니다"},
		{en.Passback(explain.Prior{Time: at, Gate: "VIP"}, g), "Already checked in at 07:00, gate VIP"},
		{ko.Passback(explain.Prior{Time: at}, g), "07:00에 이미 입장했습니다"},
		{ko.Passback(explain.Prior{Time: at.Add(-26 * time.Hour), Gate: "1", Used: true}, g), "1번 게이트에서 2026년 12월 4일 05:00에 이미 사용된 티켓입니다"},
		{ko.Warning(explain.WarnSoftPassback, verifier.Decision{}, &explain.Prior{Time: at, Gate: "Gate B"}, g), "Gate B에서 07:00에 입장한 기록이 있습니다"},
		{ko.Reason(verifier.Decision{Reason: verifier.ReasonWrongZone}, nil, g), "3루 게이트에서는 사용할 수 없습니다"},
		{ko.Reason(verifier.Decision{Reason: verifier.ReasonNotYetValid, Credential: &verifier.Credential{NotBefore: time.Date(2026, 12, 6, 14, 2, 0, 0, loc)}}, nil, g), "2026년 12월 6일 14:02부터 유효합니다"},
		{ko.Reason(verifier.Decision{Reason: verifier.ReasonNotYetValid, Credential: &verifier.Credential{NotBefore: time.Date(2026, 12, 5, 18, 30, 0, 0, loc)}}, nil, g), "18:30부터 유효합니다"},
		{en.Reason(verifier.Decision{Reason: verifier.ReasonNotYetValid, Credential: &verifier.Credential{NotBefore: time.Date(2027, 1, 6, 14, 2, 0, 0, loc)}}, nil, g), "Not valid until 6 Jan 2027 14:02"},
		{ko.Reason(verifier.Decision{Reason: verifier.ReasonExpired, Credential: &verifier.Credential{Expires: time.Date(2026, 12, 5, 0, 0, 0, 0, loc)}}, nil, g), "2026년 12월 5일에 만료되었습니다"},
		{ko.Reason(verifier.Decision{Reason: verifier.ReasonTypeNotAccepted, Credential: &verifier.Credential{Type: verifier.Ticket}}, nil, g), "여기서는 입장권 사용이 불가합니다"},
		{ko.Reason(verifier.Decision{Reason: verifier.ReasonTrustListExpired}, nil, explain.Gate{Now: g.Now, Location: loc, TrustExpires: time.Date(2026, 12, 1, 9, 0, 0, 0, loc)}), "신뢰 목록이 2026년 12월 1일에 만료되었습니다: 관리자 화면에서 새 목록을 불러오세요"},
		{ko.Holder(verifier.Decision{Credential: &verifier.Credential{Name: "김민준", Type: verifier.Employee, Org: "에이스", BirthYear: 1990}}), "김민준 (1990년생), employee, 에이스"},
		{en.Holder(verifier.Decision{Credential: &verifier.Credential{Name: "Kim Min-jun", Type: verifier.Employee, BirthYear: 1990}}), "Kim Min-jun (born 1990), employee"},
		{ko.Text("verdict.accepted", nil), "입장 허용"},
	} {
		if tc.got != tc.want {
			t.Errorf("%q, want %q", tc.got, tc.want)
		}
	}
}

// The EU DCC holder line is one message per kind of entry.
func TestDCCHolder(t *testing.T) {
	cert := &dcc.Certificate{Type: dcc.TypeVaccination, ExpiresAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Health: &dcc.HealthCertificate{
		Name:         dcc.Name{GivenName: "Min-jun", FamilyName: "Kim"},
		DateOfBirth:  "1990-01-02",
		Vaccinations: []dcc.Vaccination{{DoseNumber: 2, TotalDoses: 2, Date: "2026-05-01"}},
	}}
	for _, tc := range []struct {
		c    *explain.Catalogue
		want string
	}{
		{en, "born 1990-01-02, EU DCC vaccination (dose 2/2 on 2026-05-01), certificate expires 2027-01-01T00:00:00Z"},
		{ko, "1990-01-02 출생, EU DCC vaccination (2026-05-01 접종, 2/2차), 증명서 만료 2027-01-01T00:00:00Z"},
	} {
		if got := tc.c.Holder(verifier.Decision{DCC: cert}); !strings.HasSuffix(got, tc.want) {
			t.Errorf("%s: %q, want ...%q", tc.c.Lang, got, tc.want)
		}
	}
}

// No sentence is built by joining fragments in code: a string literal with
// words in it is never an operand of + in package explain, except message
// keys ("reason." + r) and the staff terminal's record lines (Line,
// StaffReason: fixed tokens ACCEPT/REJECT and reason codes, for logs and
// scripts, not sentences).
func TestNoConcatenatedSentences(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	key := regexp.MustCompile(`^\.?[a-z_.]+\.$|^\.[a-z_.]+$`)
	records := map[string]bool{"Line": true, "StaffReason": true}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || records[fn.Name.Name] {
				continue
			}
			checked++
			ast.Inspect(fn, func(n ast.Node) bool {
				var operands []ast.Expr
				switch n := n.(type) {
				case *ast.BinaryExpr:
					if n.Op == token.ADD {
						operands = []ast.Expr{n.X, n.Y}
					}
				case *ast.AssignStmt:
					if n.Tok == token.ADD_ASSIGN {
						operands = n.Rhs
					}
				}
				for _, o := range operands {
					lit, ok := o.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					s, _ := strconv.Unquote(lit.Value)
					if strings.IndexFunc(s, unicode.IsLetter) >= 0 && !key.MatchString(s) {
						t.Errorf("%s: %s joins %q into a text: make it a message", fset.Position(lit.Pos()), fn.Name.Name, s)
					}
				}
				return true
			})
		}
	}
	if checked < 20 {
		t.Fatalf("checked only %d functions", checked)
	}
}

// The kiosk picks its catalogue from the locale.
func TestForLocale(t *testing.T) {
	for locale, want := range map[string]*explain.Catalogue{
		"ko_KR.UTF-8": ko, "ko_KR": ko, "ko": ko, "ko-KR": ko, "ko_KR.eucKR@x": ko,
		"en_GB.UTF-8": en, "C": en, "POSIX": en, "": en, "de_DE.UTF-8": en,
	} {
		if got := explain.ForLocale(locale); got != want {
			t.Errorf("ForLocale(%q) = %s", locale, got.Lang)
		}
	}
}

// TestDCCFindingsJSON: the JSON verdict names each finding behind a DCC
// warning, its field, value and value set (issue 18: "naming the field and
// value"); a DCC without warnings has no findings member.
func TestDCCFindingsJSON(t *testing.T) {
	test := &dcc.Certificate{Type: dcc.TypeTest, Health: &dcc.HealthCertificate{
		Tests: []dcc.Test{{Target: "840539006", TestType: "LP6464-4", Device: "9999", Result: "260415000", Country: "XY"}},
	}}
	d := verifier.Decision{Accepted: true, Profile: verifier.ProfileDCC, DCC: test, Warnings: []string{dcc.WarnUnknownValue, dcc.WarnUnknownVersion}}
	b, err := json.Marshal(explain.JSON(d))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"findings":[`,
		`{"warning":"dcc_unknown_version","field":"ver","value":""}`,
		`{"warning":"dcc_unknown_value","field":"t[0].ma","value":"9999","value_set":"test-manf"}`,
		`{"warning":"dcc_unknown_value","field":"t[0].co","value":"XY","value_set":"country-2-codes"}`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON verdict lacks %s:\n%s", want, b)
		}
	}
	test.Health.Version = "1.3.0"
	test.Health.Tests[0].Device, test.Health.Tests[0].Country = "1232", "AT"
	if b, _ := json.Marshal(explain.JSON(d)); strings.Contains(string(b), "findings") {
		t.Errorf("a DCC without findings: %s", b)
	}
}

// The EU DCC warnings name the field and the value in the kiosk's own
// language: a vaccine manufacturer outside the EU value sets, an empty test
// type, a test device (not a vaccine manufacturer), a certificate without a
// format version.
func TestDCCFindings(t *testing.T) {
	vacc := &dcc.Certificate{Type: dcc.TypeVaccination, Health: &dcc.HealthCertificate{
		Version: "1.3.0",
		Vaccinations: []dcc.Vaccination{{Target: "840539006", Vaccine: "1119349007", Product: "EU/1/20/1528",
			Manufacturer: "ORG-99999999", Country: "AT", DoseNumber: 2, TotalDoses: 2}},
	}}
	test := &dcc.Certificate{Type: dcc.TypeTest, Health: &dcc.HealthCertificate{
		Tests: []dcc.Test{{Target: "840539006", TestType: "", Device: "9999", Result: "260415000", Country: "XY"}},
	}}
	for _, tc := range []struct {
		c       *explain.Catalogue
		cert    *dcc.Certificate
		warning string
		want    string
	}{
		{en, vacc, dcc.WarnUnknownValue, `Check the certificate by hand: vaccine manufacturer "ORG-99999999" is not a known EU code`},
		{ko, vacc, dcc.WarnUnknownValue, `증명서를 직접 확인하세요: 백신 제조사 "ORG-99999999"은(는) 알려진 EU 코드가 아닙니다`},
		{en, test, dcc.WarnUnknownValue, `Check the certificate by hand: test type is empty; test device "9999" is not a known EU code; country "XY" is not a known EU code`},
		{ko, test, dcc.WarnUnknownValue, `증명서를 직접 확인하세요: 검사 종류 값이 비어 있습니다; 검사 기기 "9999"은(는) 알려진 EU 코드가 아닙니다; 국가 "XY"은(는) 알려진 EU 코드가 아닙니다`},
		{en, test, dcc.WarnUnknownVersion, "Check the certificate by hand: the certificate does not say which format version it uses"},
		{ko, test, dcc.WarnUnknownVersion, "증명서를 직접 확인하세요: 증명서에 형식 버전이 적혀 있지 않습니다"},
	} {
		d := verifier.Decision{Accepted: true, DCC: tc.cert, Warnings: []string{tc.warning}}
		if got := tc.c.Warning(tc.warning, d, nil, explain.Gate{}); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.c.Lang, tc.warning, got, tc.want)
		}
	}
}

// TestDCCMalformedWords: a malformed EU DCC is not called "not a venuepass
// code"; staff read which rule it breaks, in either language.
func TestDCCMalformedWords(t *testing.T) {
	d := verifier.Decision{Profile: verifier.ProfileDCC, Reason: verifier.ReasonMalformed,
		Err: verifier.Reject(verifier.ReasonMalformed, "schema 1.3.0: t[0].tc: maxLength: got 81, want 80")}
	for c, want := range map[*explain.Catalogue]string{
		explain.English: "malformed: an EU DCC that breaks the hcert format or its schema (schema 1.3.0: t[0].tc: maxLength: got 81, want 80)",
		explain.Korean:  "malformed: hcert 형식이나 스키마에 맞지 않는 EU DCC (schema 1.3.0: t[0].tc: maxLength: got 81, want 80)",
	} {
		if got := c.StaffReason(d); got != want {
			t.Errorf("%s: %q, want %q", c.Lang, got, want)
		}
	}
	d.Profile = verifier.ProfileVP
	if got := explain.English.StaffReason(d); got != "malformed: not a venuepass code, or a damaged one" {
		t.Errorf("a VP1 code: %q", got)
	}
}
