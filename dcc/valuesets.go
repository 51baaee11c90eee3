package dcc

import (
	"fmt"
	"strings"
)

// Warning codes: a certificate that passes its schema may still carry
// these. They are words of the verifier's Decision.Warnings.
const (
	// WarnUnknownValue: a coded field holds a code outside the EU value
	// set of that field (an unknown vaccine, manufacturer, test device,
	// country, ...). Value sets change over time, and national codes
	// exist: staff should look at the certificate, not refuse it.
	WarnUnknownValue = "dcc_unknown_value"
	// WarnUnknownVersion: ver is missing or names no released schema
	// version; the newest schema was applied.
	WarnUnknownVersion = "dcc_unknown_version"
)

// Warning is one finding of Warnings.
type Warning struct {
	Code string // WarnUnknownValue or WarnUnknownVersion
	// Field is where the value is: "v[0].ma", "ver".
	Field string
	// Value is the value found (empty for a missing ver).
	Value string
	// ValueSet is the value set the code is not in ("vaccine-mah-manf"),
	// empty for WarnUnknownVersion.
	ValueSet string
}

// String returns the warning with its code, field and value, for logs.
func (w Warning) String() string {
	switch w.Code {
	case WarnUnknownVersion:
		if w.Value == "" {
			return fmt.Sprintf("%s: ver is missing; validated with schema %s", w.Code, NewestSchema)
		}
		return fmt.Sprintf("%s: ver %q is no released schema version; validated with schema %s", w.Code, w.Value, NewestSchema)
	}
	return fmt.Sprintf("%s: %s %q is not in the value set %s", w.Code, w.Field, w.Value, w.ValueSet)
}

// Plain returns the warning in plain words for staff at a gate, naming the
// field and the value: `vaccine manufacturer "ORG-99999999" is not a known
// EU code`.
func (w Warning) Plain() string {
	switch w.Code {
	case WarnUnknownVersion:
		if w.Value == "" {
			return "the certificate does not say which format version it uses"
		}
		return fmt.Sprintf("the certificate uses an unknown format version %q", w.Value)
	}
	// Field is "v[0].ma": the entry group, then the key.
	group, key := "", w.Field
	if i := strings.LastIndexByte(w.Field, '.'); i > 0 {
		group, key = w.Field[:1], w.Field[i+1:]
	}
	what := fieldWords[key]
	switch {
	case group == "t" && key == "ma":
		what = "test device"
	case what == "" || group == "":
		what = w.Field
	}
	if w.Value == "" {
		return fmt.Sprintf("%s is empty", what)
	}
	return fmt.Sprintf("%s %q is not a known EU code", what, w.Value)
}

var fieldWords = map[string]string{
	"tg": "disease", "vp": "vaccine type", "mp": "vaccine", "ma": "vaccine manufacturer",
	"tt": "test type", "tr": "test result", "co": "country",
}

// Warnings returns what is doubtful about a certificate without making it
// invalid: WarnUnknownVersion when ver names no released schema version,
// and WarnUnknownValue for every coded field whose code is outside the EU
// value sets this package carries (see valueSets). An empty optional code
// (t.ma of an NAA test) counts as absent. Warnings does not validate the
// schema; call Validate for that.
func (h *HealthCertificate) Warnings() []Warning {
	var ws []Warning
	if _, known := h.SchemaVersion(); !known {
		ws = append(ws, Warning{Code: WarnUnknownVersion, Field: "ver", Value: h.Version})
	}
	check := func(field, value string, set valueSet, optional bool) {
		if optional && value == "" {
			return
		}
		if !set.codes[value] {
			ws = append(ws, Warning{Code: WarnUnknownValue, Field: field, Value: value, ValueSet: set.id})
		}
	}
	for i, v := range h.Vaccinations {
		f := func(k string) string { return fmt.Sprintf("v[%d].%s", i, k) }
		check(f("tg"), v.Target, diseaseAgents, false)
		check(f("vp"), v.Vaccine, vaccineTypes, false)
		check(f("mp"), v.Product, vaccineProducts, false)
		check(f("ma"), v.Manufacturer, vaccineMAH, false)
		check(f("co"), v.Country, countryCodes, false)
	}
	for i, t := range h.Tests {
		f := func(k string) string { return fmt.Sprintf("t[%d].%s", i, k) }
		check(f("tg"), t.Target, diseaseAgents, false)
		check(f("tt"), t.TestType, testTypes, false)
		check(f("ma"), t.Device, testDevices, true)
		check(f("tr"), t.Result, testResults, false)
		check(f("co"), t.Country, countryCodes, false)
	}
	for i, r := range h.Recoveries {
		f := func(k string) string { return fmt.Sprintf("r[%d].%s", i, k) }
		check(f("tg"), r.Target, diseaseAgents, false)
		check(f("co"), r.Country, countryCodes, false)
	}
	return ws
}

// Check is Validate, OneEvent and Warnings together: a schema error, an
// error for several entry groups (which schemas before 1.3.0 allow, and
// the upstream test data count as invalid all the same: dgc-testdata
// common/2DCode/raw/DGC2.json, "DGC adheres to schema but contains
// multiple certificates"), or the warnings of a certificate that follows
// its schema.
func (h *HealthCertificate) Check() ([]Warning, error) {
	if err := h.Validate(); err != nil {
		return nil, err
	}
	if err := h.OneEvent(); err != nil {
		return nil, err
	}
	return h.Warnings(), nil
}

// The EU value sets (ehn-dcc-development/eu-dcc-valuesets, Apache License
// 2.0), codes only, with the valueSetDate of the file they were taken
// from. Inactive (deprecated) codes are kept: certificates issued with
// them remain in circulation. A code outside them is a warning, never an
// error: value sets grow, and a verifier that knows an older set must not
// refuse newer certificates.
type valueSet struct {
	id    string
	codes map[string]bool
}

func setOf(id, fields string) valueSet {
	m := map[string]bool{}
	for _, f := range strings.Fields(fields) {
		m[f] = true
	}
	return valueSet{id: id, codes: m}
}

// disease-agent-targeted (2021-04-27).
var diseaseAgents = setOf("disease-agent-targeted", `840539006`)

// vaccine-prophylaxis (2023-01-25).
var vaccineTypes = setOf("vaccine-prophylaxis", `
1119305005 1119349007 J07BX03 1162643001 1157024006 29061000087103
28531000087107 30141000087107 1187593009`)

// vaccine-medicinal-product (2022-01-26, with its later additions up to
// value set version 1.10).
var vaccineProducts = setOf("vaccine-medicinal-product", `
EU/1/20/1528 EU/1/20/1507 EU/1/21/1529 EU/1/20/1525 CVnCoV NVX-CoV2373
Sputnik-V Convidecia EpiVacCorona BBIBP-CorV Inactivated-SARS-CoV-2-Vero-Cell
CoronaVac Covaxin Covishield Covid-19-recombinant R-COVI CoviVac Sputnik-Light
Hayat-Vax Abdala WIBP-CorV MVC-COV1901 EU/1/21/1618 Covovax Vidprevtyn VLA2001
EpiVacCorona-N Sputnik-M Covid-19-adsorvida-inativada NVSI-06-08 YS-SC2-010
SCTV01C Covifenz AZD2816 Soberana-02 Soberana-Plus`)

// vaccine-mah-manf (2022-01-26).
var vaccineMAH = setOf("vaccine-mah-manf", `
ORG-100001699 ORG-100030215 ORG-100001417 ORG-100031184 ORG-100006270
ORG-100013793 ORG-100020693 ORG-100010771 ORG-100024420 ORG-100032020
Gamaleya-Research-Institute Vector-Institute Sinovac-Biotech Bharat-Biotech
ORG-100001981 Fiocruz ORG-100007893 Chumakov-Federal-Scientific-Center
ORG-100023050 CIGB Sinopharm-WIBP ORG-100033914 ORG-100000788 ORG-100036422
Instituto-Butantan NVSI Yisheng-Biopharma ORG-100026614 ORG-100008549
Finlay-Institute`)

// test-type (2021-04-27).
var testTypes = setOf("test-type", `LP6464-4 LP217198-3`)

// test-result (2021-04-27).
var testResults = setOf("test-result", `260415000 260373001`)

// test-manf (2021-06-30): rapid antigen test devices.
var testDevices = setOf("test-manf", `
1833 1232 1468 2108 2130 1304 1822 1815 1736 768 1654 2010 2101 1906 1065
1870 1331 1484 1242 1223 1236 1173 1919 1225 1375 1244 1253 2183 1144 1747
1360 1437 1257 1363 1365 1844 1215 2139 1392 1767 1263 1333 1764 1266 2128
1267 1268 1180 2029 1190 1481 2104 1162 1420 1501 1199 308 2116 1271 1341
1097 1606 1604 1489 1490 1201 344 345 1319 2109 2017 1769 1574 1218 1114
1466 1934 2074 1443 2103 2098 1763 1278 1456 1884 1296 1295 1343`)

// country-2-codes (2019-11-01), ISO 3166-1 alpha-2 and XK.
var countryCodes = setOf("country-2-codes", `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ
VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK`)
