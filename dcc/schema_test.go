package dcc

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/internal/cborx"
)

// healthFrom encodes m as CBOR and decodes it as a health certificate, as
// Decode does.
func healthFrom(t *testing.T, m any) *HealthCertificate {
	t.Helper()
	data, err := cborx.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	h, err := parseHealthCertificate(v)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func testEntry() map[string]any {
	return map[string]any{
		"ver": "1.3.0",
		"nam": map[string]any{"fn": "Musterfrau", "fnt": "MUSTERFRAU", "gn": "Erika", "gnt": "ERIKA"},
		"dob": "1964-08-12",
		"t": []any{map[string]any{
			"tg": "840539006", "tt": "LP6464-4", "nm": "Roche LightCycler qPCR",
			"sc": "2021-05-29T10:00:00Z", "tr": "260415000", "tc": "Testzentrum Berlin",
			"co": "DE", "is": "Robert Koch-Institut", "ci": "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W",
		}},
	}
}

// Each version is validated with its own schema: the same change is valid
// under one version and invalid under another.
func TestSchemaPerVersion(t *testing.T) {
	long := func(n int) string { return strings.Repeat("A", n) }
	cases := []struct {
		name   string
		base   func() map[string]any
		change func(m map[string]any)
		valid  map[string]bool
	}{
		{"test without tc", testEntry,
			func(m map[string]any) { delete(m["t"].([]any)[0].(map[string]any), "tc") },
			map[string]bool{"1.0.0": false, "1.0.1": false, "1.1.0": false, "1.2.1": false, "1.3.0": true, "1.3.3": true}},
		{"tc of 81 characters", testEntry,
			func(m map[string]any) { m["t"].([]any)[0].(map[string]any)["tc"] = long(81) },
			map[string]bool{"1.0.0": false, "1.2.1": false, "1.3.0": false}},
		{"tc of 60 characters", testEntry,
			func(m map[string]any) { m["t"].([]any)[0].(map[string]any)["tc"] = long(60) },
			map[string]bool{"1.0.0": false, "1.2.1": false, "1.3.0": true}},
		{"fnt of 60 characters", vaccination,
			func(m map[string]any) { m["nam"].(map[string]any)["fnt"] = long(60) },
			map[string]bool{"1.0.0": false, "1.2.1": false, "1.3.0": true, "1.3.3": true}},
		{"dob year only", vaccination,
			func(m map[string]any) { m["dob"] = "1964" },
			map[string]bool{"1.0.0": false, "1.0.1": false, "1.1.0": true, "1.3.0": true}},
		{"dob empty", vaccination,
			func(m map[string]any) { m["dob"] = "" },
			map[string]bool{"1.0.0": false, "1.2.1": false, "1.3.0": true}},
		{"dose 10", vaccination,
			func(m map[string]any) { m["v"].([]any)[0].(map[string]any)["dn"] = 10 },
			map[string]bool{"1.0.0": false, "1.2.1": false, "1.3.0": true}},
		{"only gnt", vaccination,
			func(m map[string]any) { delete(m["nam"].(map[string]any), "fnt") },
			map[string]bool{"1.2.1": false, "1.3.1": false, "1.3.2": true, "1.3.3": true}},
		{"two vaccinations", vaccination,
			func(m map[string]any) { m["v"] = append(m["v"].([]any), m["v"].([]any)[0]) },
			map[string]bool{"1.0.0": true, "1.2.1": true, "1.3.0": false}},
		// format is an annotation (draft 2020-12): a vaccination date written
		// as a date-time is valid, as the upstream PL 1.3.0 cases expect...
		{"vaccination date as a date-time", vaccination,
			func(m map[string]any) { m["v"].([]any)[0].(map[string]any)["dt"] = "2021-05-29T10:00:00+02:00" },
			map[string]bool{"1.0.0": true, "1.3.0": true}},
		// ... and so is a 1.0.0 dob that matches the 1.0.0 pattern but is no
		// calendar date (the upstream NL cases).
		{"dob 1963-00-00", vaccination,
			func(m map[string]any) { m["dob"] = "1963-00-00" },
			map[string]bool{"1.0.0": true, "1.2.1": true, "1.3.0": true}},
		{"dob in another form", vaccination,
			func(m map[string]any) { m["dob"] = "12.08.1964" },
			map[string]bool{"1.0.0": false, "1.2.1": false, "1.3.0": false}},
	}
	for _, c := range cases {
		for ver, valid := range c.valid {
			m := c.base()
			m["ver"] = ver
			c.change(m)
			h := healthFrom(t, m)
			if got, known := h.SchemaVersion(); got != ver || !known {
				t.Fatalf("%s: SchemaVersion = %s, %v", ver, got, known)
			}
			err := h.Validate()
			if (err == nil) != valid {
				t.Errorf("%s, ver %s: Validate = %v, want valid %v", c.name, ver, err, valid)
			}
			if err != nil && !errors.Is(err, ErrMalformed) {
				t.Errorf("%s, ver %s: %v does not wrap ErrMalformed", c.name, ver, err)
			}
			if err != nil && !strings.Contains(err.Error(), "schema "+ver) {
				t.Errorf("%s, ver %s: %v does not name the schema version", c.name, ver, err)
			}
		}
	}
}

// Every released version's schema is embedded, and a certificate of that
// version that follows it passes.
func TestSchemaEveryVersion(t *testing.T) {
	for _, ver := range SchemaVersions {
		for _, base := range []func() map[string]any{vaccination, testEntry} {
			m := base()
			m["ver"] = ver
			if err := healthFrom(t, m).Validate(); err != nil {
				t.Errorf("ver %s: %v", ver, err)
			}
		}
	}
	if SchemaVersions[len(SchemaVersions)-1] != NewestSchema {
		t.Errorf("NewestSchema %s is not the last of SchemaVersions", NewestSchema)
	}
}

// A missing or unknown ver is validated with the newest schema and warned.
func TestSchemaUnknownVersion(t *testing.T) {
	for _, ver := range []any{"1.4.0", "2.0.0", nil} {
		m := vaccination()
		if ver == nil {
			delete(m, "ver")
		} else {
			m["ver"] = ver
		}
		h := healthFrom(t, m)
		if got, known := h.SchemaVersion(); got != NewestSchema || known {
			t.Errorf("ver %v: SchemaVersion = %s, %v", ver, got, known)
		}
		ws, err := h.Check()
		if ver == nil {
			// Every schema requires ver, but a missing one is the warning
			// that selects the newest schema, not a schema failure.
			if err != nil {
				t.Errorf("no ver: Check = %v, want valid with a warning", err)
			}
			if len(ws) != 1 || ws[0].Code != WarnUnknownVersion || ws[0].Value != "" {
				t.Errorf("no ver: Warnings = %v", ws)
			}
			continue
		}
		if err != nil {
			t.Errorf("ver %v: %v", ver, err)
		}
		if len(ws) != 1 || ws[0].Code != WarnUnknownVersion || ws[0].Field != "ver" || ws[0].Value != ver {
			t.Errorf("ver %v: warnings %v", ver, ws)
		}
	}
	// The newest schema's rules apply: one entry only.
	m := vaccination()
	m["ver"] = "1.9.0"
	m["v"] = append(m["v"].([]any), m["v"].([]any)[0])
	if err := healthFrom(t, m).Validate(); err == nil || !strings.Contains(err.Error(), "schema "+NewestSchema) {
		t.Errorf("ver 1.9.0 with two entries: Validate = %v, want a schema %s error", err, NewestSchema)
	}
}

// The CBOR to JSON conversion is faithful: a byte string is not a string, a
// float with an integral value is an integer, one with a fraction is not,
// a tagged date/time is a date-time string.
func TestSchemaCBORTypes(t *testing.T) {
	// Byte strings and floats are set after decoding: parseHealthCertificate
	// checks the types it fills, Validate the raw map.
	for name, c := range map[string]struct {
		key   string
		value any
		valid bool
	}{
		"byte string ci":    {"ci", []byte("URN:UVCI:01"), false},
		"float dose 2.0":    {"dn", 2.0, true},
		"float dose 1.5":    {"dn", 1.5, false},
		"NaN dose":          {"dn", math.NaN(), false},
		"unknown member":    {"xx", []byte{1}, true},
		"boolean is":        {"is", true, false},
		"integer co":        {"co", int64(49), false},
		"date-time text dt": {"dt", "2021-05-29T00:00:00Z", true},
	} {
		h := healthFrom(t, vaccination())
		h.raw["v"].([]any)[0].(map[any]any)[c.key] = c.value
		if err := h.Validate(); (err == nil) != c.valid {
			t.Errorf("%s: Validate = %v, want valid %v", name, err, c.valid)
		}
	}
	// A tag 0 date/time decodes as RFC 3339 text.
	m := testEntry()
	m["t"].([]any)[0].(map[string]any)["sc"] = cborx.Tag{Number: 0, Content: "2021-05-29T10:00:00Z"}
	if err := healthFrom(t, m).Validate(); err != nil {
		t.Errorf("tagged sc: %v", err)
	}
}

// Codes outside the value sets are warnings naming the field and the value,
// on a certificate that passes its schema.
func TestWarningsUnknownValues(t *testing.T) {
	if ws := healthFrom(t, vaccination()).Warnings(); len(ws) != 0 {
		t.Errorf("known codes: %v", ws)
	}
	if ws := healthFrom(t, testEntry()).Warnings(); len(ws) != 0 {
		t.Errorf("known codes (NAA test without ma): %v", ws)
	}
	m := vaccination()
	e := m["v"].([]any)[0].(map[string]any)
	e["ma"], e["co"], e["mp"] = "ORG-99999999", "XY", ""
	h := healthFrom(t, m)
	ws, err := h.Check()
	if err != nil {
		t.Fatalf("unknown codes fail the schema: %v", err)
	}
	want := map[string]string{"v[0].ma": "ORG-99999999", "v[0].co": "XY", "v[0].mp": ""}
	if len(ws) != len(want) {
		t.Fatalf("warnings %v, want %v", ws, want)
	}
	for _, w := range ws {
		if w.Code != WarnUnknownValue || want[w.Field] != w.Value || w.ValueSet == "" {
			t.Errorf("warning %+v", w)
		}
		if !strings.Contains(w.String(), w.Field) || !strings.Contains(w.String(), WarnUnknownValue) {
			t.Errorf("String() = %q", w.String())
		}
	}
	plain := map[string]string{
		"v[0].ma": `vaccine manufacturer "ORG-99999999" is not a known EU code`,
		"v[0].co": `country "XY" is not a known EU code`,
		"v[0].mp": `vaccine is empty`,
	}
	for _, w := range ws {
		if got := w.Plain(); got != plain[w.Field] {
			t.Errorf("%s: Plain() = %q, want %q", w.Field, got, plain[w.Field])
		}
	}
	m = testEntry()
	e = m["t"].([]any)[0].(map[string]any)
	e["tt"], e["ma"], e["tr"] = "LP217198-3", "9999", "260373001"
	ws = healthFrom(t, m).Warnings()
	if len(ws) != 1 || ws[0].Field != "t[0].ma" || ws[0].Value != "9999" || ws[0].ValueSet != "test-manf" {
		t.Fatalf("test device: %v", ws)
	}
	if got := ws[0].Plain(); got != `test device "9999" is not a known EU code` {
		t.Errorf("Plain() = %q", got)
	}
}

func TestWarningPlainOddFields(t *testing.T) {
	for _, w := range []Warning{{}, {Code: WarnUnknownValue}, {Code: WarnUnknownValue, Field: "co", Value: "XY"}, {Code: WarnUnknownValue, Field: ".", Value: "x"}} {
		if p := w.Plain(); p == "" {
			t.Errorf("%+v: empty", w)
		}
	}
	if got := (Warning{Code: WarnUnknownValue, Field: "r[0].co", Value: "XY"}).Plain(); got != `country "XY" is not a known EU code` {
		t.Errorf("got %q", got)
	}
}

// An upstream case without ver (dgc-testdata LI/2DCode/raw/4.json, a test
// certificate of schema 1.3.0 whose EXPECTEDSCHEMAVALIDATION is true):
// schema valid by the newest schema, with the dcc_unknown_version warning.
func TestSchemaMissingVersionUpstream(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "dgc", "LI", "2DCode", "raw", "4.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tc struct {
		Prefix   string          `json:"PREFIX"`
		Expected map[string]bool `json:"EXPECTEDRESULTS"`
	}
	if err := json.Unmarshal(data, &tc); err != nil {
		t.Fatal(err)
	}
	if !tc.Expected["EXPECTEDSCHEMAVALIDATION"] {
		t.Fatal("the case no longer expects a valid schema")
	}
	u, err := Decode(tc.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	h := u.claims.hc
	if _, ok := h.raw["ver"]; ok || h.Version != "" {
		t.Fatalf("the case has a ver (%q)", h.Version)
	}
	ws, err := h.Check()
	if err != nil {
		t.Fatalf("Check = %v, want valid", err)
	}
	if len(ws) != 1 || ws[0].Code != WarnUnknownVersion || ws[0].Field != "ver" {
		t.Errorf("warnings %v, want one %s", ws, WarnUnknownVersion)
	}
	// The rest of the newest schema still applies: a missing ver does not
	// waive the other required fields.
	delete(h.raw, "dob")
	if err := h.Validate(); err == nil || !strings.Contains(err.Error(), "dob") {
		t.Errorf("no ver and no dob: Validate = %v, want a schema error naming dob", err)
	}
}

// A null entry group beside the real one: the decoder takes it as absent
// (the certificate decodes, its type is the real group's), the schema of
// the declared version refuses it (null is not an array). The payload is
// the CBOR of upstream dgc-testdata BG/2DCode/raw/2.json (commit
// 54b8fb9ed919), whose EXPECTEDDECODE and EXPECTEDVERIFY are true and whose
// EXPECTEDSCHEMAVALIDATION true is a documented exception (upstream issue
// #298).
func TestNullEntryGroupUpstream(t *testing.T) {
	const bg2 = "a401624247041a6298c5df061a60b7925f390103a101a6617281a7626369782175726e3a757663693a30313a42473a55465235504c474b55385744535a4b37233062636f62424762646673323032312d30352d31315430303a30303a303062647573323032312d31302d32385430303a30303a303062667273323032312d30352d30315430303a30303a3030626973724d696e6973747279206f66204865616c7468627467693834303533393030366174f66176f663646f6273313937382d30312d32365430303a30303a3030636e616da462666e6cd09fd095d0a2d09ad09ed09262676e781bd0a1d0a2d090d09cd09e20d093d095d09ed0a0d093d098d095d09263666e74665045544b4f5663676e746e5354414d4f3c47454f52474945566376657265312e302e30"
	payload, err := hex.DecodeString(bg2)
	if err != nil {
		t.Fatal(err)
	}
	c, err := parseClaims(payload)
	if err != nil {
		t.Fatalf("parseClaims: %v", err)
	}
	h := c.hc
	if h.Type() != TypeRecovery || len(h.Recoveries) != 1 || h.Tests != nil || h.Vaccinations != nil {
		t.Errorf("type %v, %d recoveries, tests %v, vaccinations %v", h.Type(), len(h.Recoveries), h.Tests, h.Vaccinations)
	}
	err = h.Validate()
	if err == nil || !strings.Contains(err.Error(), "schema 1.0.0") || !strings.Contains(err.Error(), "t:") || !strings.Contains(err.Error(), "v:") {
		t.Errorf("Validate = %v, want schema 1.0.0 refusing the null t and v", err)
	}
	// Without the nulls it is valid: they are the only fault.
	delete(h.raw, "t")
	delete(h.raw, "v")
	if err := h.Validate(); err != nil {
		t.Errorf("without the null groups: %v", err)
	}
	// Only nulls: no entry group at all.
	m := vaccination()
	m["v"] = nil
	data, err := cborx.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if _, err := parseHealthCertificate(v); err == nil || !errors.Is(err, ErrMalformed) {
		t.Errorf("only a null group: %v, want malformed", err)
	}
}

// Empty entry groups beside the real one, as upstream dgc-testdata
// PT/2DCode/raw/1.json signs them ("r": [], "t": [] beside "v"): the decoder
// takes them as absent (the certificate decodes, its type is the real
// group's), the schema's minItems refuses them. Only empty groups: no entry.
func TestEmptyEntryGroups(t *testing.T) {
	m := vaccination()
	m["ver"] = "1.0.0"
	m["t"], m["r"] = []any{}, []any{}
	h := parseMap(t, m)
	if h.Type() != TypeVaccination || len(h.Vaccinations) != 1 || h.Tests != nil || h.Recoveries != nil {
		t.Errorf("type %v, %d vaccinations, tests %v, recoveries %v", h.Type(), len(h.Vaccinations), h.Tests, h.Recoveries)
	}
	err := h.Validate()
	if err == nil || !strings.Contains(err.Error(), "schema 1.0.0") || !strings.Contains(err.Error(), "t:") || !strings.Contains(err.Error(), "r:") {
		t.Errorf("Validate = %v, want schema 1.0.0 refusing the empty t and r", err)
	}
	delete(h.raw, "t")
	delete(h.raw, "r")
	if err := h.Validate(); err != nil {
		t.Errorf("without the empty groups: %v", err)
	}
	only := vaccination()
	only["v"] = []any{}
	data, err := cborx.Marshal(only)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if _, err := parseHealthCertificate(v); !errors.Is(err, ErrMalformed) {
		t.Errorf("only an empty group: %v, want malformed", err)
	}
}

// parseMap encodes m as CBOR and parses it as a health certificate, as the
// decoder does.
func parseMap(t *testing.T, m map[string]any) *HealthCertificate {
	t.Helper()
	data, err := cborx.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	h, err := parseHealthCertificate(v)
	if err != nil {
		t.Fatalf("parseHealthCertificate: %v", err)
	}
	return h
}
