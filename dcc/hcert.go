package dcc

import (
	"math"
	"strings"
)

// EntryType is the kind of statement a health certificate carries. The
// values are the last arc of the DSC extended key usage OIDs (section
// "Key usage" of the hcert specification), and the values of the trust list
// issuer entry's types for profile "dcc".
type EntryType uint64

// Entry types.
const (
	TypeTest        EntryType = 1
	TypeVaccination EntryType = 2
	TypeRecovery    EntryType = 3
)

// AllTypes lists the entry types, in the order of their values.
var AllTypes = []EntryType{TypeTest, TypeVaccination, TypeRecovery}

// String returns "test", "vaccination" or "recovery".
func (t EntryType) String() string {
	switch t {
	case TypeTest:
		return "test"
	case TypeVaccination:
		return "vaccination"
	case TypeRecovery:
		return "recovery"
	}
	return "unknown"
}

// HealthCertificate is the eu_dgc_v1 claim (hcert -260, key 1), schema
// versions 1.0.0 to 1.3.x. At least one of Vaccinations, Tests and
// Recoveries is non-empty. A DCC holds one event of one type (schema 1.3.0
// says so with oneOf; dgc-testdata issue #161), but schemas 1.0.0 to 1.2.1
// let an issuer sign several entry groups in one certificate (upstream
// dgc-testdata IE/2DCode/RAW/5.json signs v, t and r): such a certificate
// decodes, its schema judges it, and Verify refuses it (OneEvent). Fields
// hold the values as encoded; Validate checks them against the schema
// rules.
type HealthCertificate struct {
	Version      string        `json:"ver"`
	Name         Name          `json:"nam"`
	DateOfBirth  string        `json:"dob"`
	Vaccinations []Vaccination `json:"v,omitempty"`
	Tests        []Test        `json:"t,omitempty"`
	Recoveries   []Recovery    `json:"r,omitempty"`

	raw map[any]any
}

// Type returns the type of the certificate's entry group: of its first
// one in the order v, t, r when it has several (Types lists them all; a
// verified certificate has one).
func (h *HealthCertificate) Type() EntryType {
	switch {
	case len(h.Vaccinations) > 0:
		return TypeVaccination
	case len(h.Tests) > 0:
		return TypeTest
	}
	return TypeRecovery
}

// Types returns the types of the certificate's non-empty entry groups, in
// the order v, t, r.
func (h *HealthCertificate) Types() []EntryType {
	var ts []EntryType
	if len(h.Vaccinations) > 0 {
		ts = append(ts, TypeVaccination)
	}
	if len(h.Tests) > 0 {
		ts = append(ts, TypeTest)
	}
	if len(h.Recoveries) > 0 {
		ts = append(ts, TypeRecovery)
	}
	return ts
}

// OneEvent returns an error wrapping ErrMalformed when the certificate has
// more than one entry group: a DCC holds one event of one type (schema
// 1.3.0, oneOf; dgc-testdata issue #161), whatever its declared version
// lets an issuer sign.
func (h *HealthCertificate) OneEvent() error {
	if ts := h.Types(); len(ts) > 1 {
		return malformed("health certificate has %d entry groups (%s), a DCC holds one event of one type", len(ts), typeList(ts))
	}
	return nil
}

func typeList(ts []EntryType) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.String()
	}
	return strings.Join(names, ", ")
}

// Name is the holder's name.
type Name struct {
	FamilyName    string `json:"fn,omitempty"`  // fn
	FamilyNameStd string `json:"fnt"`           // fnt, ICAO 9303 transliteration
	GivenName     string `json:"gn,omitempty"`  // gn
	GivenNameStd  string `json:"gnt,omitempty"` // gnt
}

// Vaccination is one v entry.
type Vaccination struct {
	Target       string `json:"tg"` // disease or agent targeted
	Vaccine      string `json:"vp"` // vaccine or prophylaxis
	Product      string `json:"mp"` // medicinal product
	Manufacturer string `json:"ma"` // marketing authorisation holder or manufacturer
	DoseNumber   int    `json:"dn"`
	TotalDoses   int    `json:"sd"`
	Date         string `json:"dt"` // date of vaccination
	Country      string `json:"co"`
	Issuer       string `json:"is"`
	ID           string `json:"ci"` // unique certificate identifier (UVCI)
}

// Test is one t entry.
type Test struct {
	Target     string `json:"tg"`
	TestType   string `json:"tt"`
	Name       string `json:"nm,omitempty"` // NAA test name
	Device     string `json:"ma,omitempty"` // RAT test device identifier
	SampleTime string `json:"sc"`           // date and time of sample collection
	ResultTime string `json:"dr,omitempty"` // date and time of result (schema 1.0.x only)
	Result     string `json:"tr"`
	Centre     string `json:"tc,omitempty"`
	Country    string `json:"co"`
	Issuer     string `json:"is"`
	ID         string `json:"ci"`
}

// Recovery is one r entry.
type Recovery struct {
	Target        string `json:"tg"`
	FirstPositive string `json:"fr"` // date of the first positive NAA test
	Country       string `json:"co"`
	Issuer        string `json:"is"`
	ValidFrom     string `json:"df"`
	ValidUntil    string `json:"du"`
	ID            string `json:"ci"`
}

// parseHealthCertificate fills the typed structure from a decoded map. Only
// the shape is checked here (nam a map, entry groups arrays of maps, at
// least one non-empty entry group); Validate checks the content, the types
// of the leaf fields included, and OneEvent that there is one group.
func parseHealthCertificate(v any) (*HealthCertificate, error) {
	m, ok := v.(map[any]any)
	if !ok {
		return nil, malformed("health certificate is not a map")
	}
	h := &HealthCertificate{raw: m}
	f := fields{m: m}
	f.str("ver", &h.Version)
	f.str("dob", &h.DateOfBirth)
	if nv, present := m["nam"]; present {
		nm, ok := nv.(map[any]any)
		if !ok {
			return nil, malformed("nam is not a map")
		}
		nf := fields{m: nm}
		nf.str("fn", &h.Name.FamilyName)
		nf.str("fnt", &h.Name.FamilyNameStd)
		nf.str("gn", &h.Name.GivenName)
		nf.str("gnt", &h.Name.GivenNameStd)
	}
	groups, empty := 0, ""
	for _, g := range []string{"v", "t", "r"} {
		gv, present := m[g]
		if !present || gv == nil {
			// A null group is an absent one to the decoder: issuers
			// whose serializers write unused properties as null
			// (upstream dgc-testdata BG/2DCode/raw/2.json: "t": null,
			// "v": null beside "r") produce them. The schema still
			// refuses null where it asks for an array (Validate).
			continue
		}
		arr, ok := gv.([]any)
		if !ok {
			return nil, malformed("entry group %s is not an array", g)
		}
		if len(arr) == 0 {
			// So is an empty one, for the serializers that write
			// unused groups as [] (upstream PT/2DCode/raw/1.json:
			// "r": [], "t": [] beside "v"). The schema's minItems
			// still refuses it (Validate); a certificate whose only
			// groups are empty has no entry (below).
			empty = g
			continue
		}
		groups++
		for i, ev := range arr {
			em, ok := ev.(map[any]any)
			if !ok {
				return nil, malformed("%s[%d] is not a map", g, i)
			}
			ef := fields{m: em}
			switch g {
			case "v":
				var e Vaccination
				ef.str("tg", &e.Target)
				ef.str("vp", &e.Vaccine)
				ef.str("mp", &e.Product)
				ef.str("ma", &e.Manufacturer)
				ef.int("dn", &e.DoseNumber)
				ef.int("sd", &e.TotalDoses)
				ef.str("dt", &e.Date)
				ef.str("co", &e.Country)
				ef.str("is", &e.Issuer)
				ef.str("ci", &e.ID)
				h.Vaccinations = append(h.Vaccinations, e)
			case "t":
				var e Test
				ef.str("tg", &e.Target)
				ef.str("tt", &e.TestType)
				ef.str("nm", &e.Name)
				ef.str("ma", &e.Device)
				ef.str("sc", &e.SampleTime)
				ef.str("dr", &e.ResultTime)
				ef.str("tr", &e.Result)
				ef.str("tc", &e.Centre)
				ef.str("co", &e.Country)
				ef.str("is", &e.Issuer)
				ef.str("ci", &e.ID)
				h.Tests = append(h.Tests, e)
			case "r":
				var e Recovery
				ef.str("tg", &e.Target)
				ef.str("fr", &e.FirstPositive)
				ef.str("co", &e.Country)
				ef.str("is", &e.Issuer)
				ef.str("df", &e.ValidFrom)
				ef.str("du", &e.ValidUntil)
				ef.str("ci", &e.ID)
				h.Recoveries = append(h.Recoveries, e)
			}
		}
	}
	if groups == 0 && empty != "" {
		return nil, malformed("entry group %s is empty and there is no other", empty)
	}
	if groups == 0 {
		return nil, malformed("health certificate has none of the entry groups v, t and r")
	}
	return h, nil
}

// fields reads the optional leaf fields of a map into the typed structure.
// A field of another type than its schema's is left empty here: it is the
// schema's to refuse (Validate names the field and the type), as it is for
// any other content (upstream dgc-testdata PT/2DCode/raw/3.json and 5.json
// sign t.sc and t.dr as integers; the certificate decodes and verifies, and
// fails its schema).
type fields struct{ m map[any]any }

func (f *fields) str(key string, dst *string) {
	if s, ok := f.m[key].(string); ok {
		*dst = s
	}
}

func (f *fields) int(key string, dst *int) {
	if n, ok := integer(f.m[key]); ok && n >= math.MinInt && n <= math.MaxInt {
		*dst = int(n)
	}
}

// integer accepts a CBOR integer, or a float with an integral value (some
// issuers encode every JSON number as a float).
func integer(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case float64:
		if n == math.Trunc(n) && n >= -(1<<53) && n <= 1<<53 {
			return int64(n), true
		}
	}
	return 0, false
}

// String returns the name as staff read it: given name then family name,
// falling back to the ICAO transliterations when the plain fields are empty.
func (n Name) String() string {
	given, family := n.GivenName, n.FamilyName
	if given == "" {
		given = n.GivenNameStd
	}
	if family == "" {
		family = n.FamilyNameStd
	}
	return strings.TrimSpace(given + " " + family)
}

// CertificateID returns the unique certificate identifier (UVCI, "ci") of
// the certificate's entry.
func (h *HealthCertificate) CertificateID() string {
	switch {
	case len(h.Vaccinations) > 0:
		return h.Vaccinations[0].ID
	case len(h.Tests) > 0:
		return h.Tests[0].ID
	case len(h.Recoveries) > 0:
		return h.Recoveries[0].ID
	}
	return ""
}
