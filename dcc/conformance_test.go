package dcc

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/qr"
)

// defaultDGCTestdata is the copy of eu-digital-green-certificates/dgc-testdata
// committed with the repository (see its ABOUT.md).
var defaultDGCTestdata = filepath.Join("..", "testdata", "dgc")

// TestDGCConformance runs the EU dgc-testdata test cases
// (eu-digital-green-certificates/dgc-testdata: <country>/.../2DCode/raw/*.json)
// through the steps their EXPECTEDRESULTS flags name and compares each
// outcome with the flag. By default it runs the copy committed in
// ../testdata/dgc (Apache-2.0, see its LICENSE); set DGC_TESTDATA to a
// checkout of the upstream repository to run the complete set. A missing
// directory fails the test either way.
func TestDGCConformance(t *testing.T) {
	dir := os.Getenv("DGC_TESTDATA")
	if dir == "" {
		dir = defaultDGCTestdata
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("dgc-testdata directory %s: not a directory (%v); set DGC_TESTDATA to a checkout of eu-digital-green-certificates/dgc-testdata", dir, err)
	}
	exceptions, err := loadExceptions(exceptionsFile)
	if err != nil {
		t.Fatal(err)
	}
	res := runConformance(dir, exceptions, func(format string, args ...any) {
		t.Log(fmt.Sprintf(format, args...))
	})
	summary := res.summary()
	t.Log(summary)
	fmt.Println(summary)
	fmt.Printf("dgc conformance: %d of the mismatches are documented exceptions (%s), %d are not\n", res.excepted, exceptionsFile, res.mismatched-res.excepted)
	if res.cases == 0 {
		t.Fatalf("no test cases under %s (want <country>/.../2DCode/raw/*.json)", dir)
	}
	for _, f := range res.failures {
		t.Error(f)
	}
}

// conformanceResult is what runConformance found. failures are the
// disagreements the exception list does not document, and exception entries
// that no longer hold.
type conformanceResult struct {
	cases, checked, mismatched, excepted int
	failures                             []string
}

func (r conformanceResult) summary() string {
	return fmt.Sprintf("dgc conformance: %d cases, %d flags checked, %d mismatched", r.cases, r.checked, r.mismatched)
}

// runConformance runs every case under dir, reporting each mismatch (with
// its cause), each documented exception (with its reason), every case or
// flag not checked and why, and the counts per flag and per country.
func runConformance(dir string, exceptions *exceptionList, report func(format string, args ...any)) conformanceResult {
	files, layout := findCases(dir)
	var cases, checked, mismatched, excepted int
	unchecked := map[string]int{}
	byFlag := map[string]*tally{}
	byCountry := map[string]*tally{}
	var failures []string
	for _, l := range layout {
		report("layout: %s", l)
	}
	for _, f := range files {
		cases++
		rel, _ := filepath.Rel(dir, f)
		rel = filepath.ToSlash(rel)
		country := strings.SplitN(rel, "/", 2)[0]
		tallyOf(byCountry, country).cases++
		tc, problems := loadCase(f)
		for _, p := range problems {
			report("layout: %s: %s", rel, p)
		}
		if tc == nil {
			continue
		}
		for _, flag := range tc.flagOrder {
			want := tc.expected[flag]
			step, known := steps[flag]
			if !known {
				if !uncheckedFlags[flag] {
					report("layout: %s: unknown flag %s, not checked", rel, flag)
				}
				unchecked[flag]++
				continue
			}
			got, detail, ok := step(tc)
			if !ok {
				report("layout: %s: %s is set but %s; not checked", rel, flag, detail)
				continue
			}
			checked++
			tallyOf(byFlag, flag).checked++
			tallyOf(byCountry, country).checked++
			ex, documented, exact := exceptions.lookup(exceptionKey{rel, flag}, want)
			if got == want {
				if documented && exact {
					failures = append(failures, fmt.Sprintf("%s: %s is in the exception list (%s) but agrees with upstream now; remove it from %s", rel, flag, exceptionsFile, exceptionsFile))
				}
				continue
			}
			mismatched++
			tallyOf(byFlag, flag).mismatched++
			tallyOf(byCountry, country).mismatched++
			if !documented {
				report("MISMATCH %s: %s want %v, got %v (%s)", rel, flag, want, got, detail)
				failures = append(failures, fmt.Sprintf("%s: %s want %v, got %v, not in the exception list", rel, flag, want, got))
				continue
			}
			if ex.want != want {
				failures = append(failures, fmt.Sprintf("%s: %s: the exception list says upstream expects %v, the case says %v", rel, flag, ex.want, want))
			}
			if err := ex.confirm(tc); err != nil {
				failures = append(failures, fmt.Sprintf("%s: %s: the exception's cause %s does not hold: %v", rel, flag, ex.cause, err))
			}
			excepted++
			tallyOf(byFlag, flag).excepted++
			tallyOf(byCountry, country).excepted++
			report("EXCEPTION %s: %s want %v, got %v (%s); documented: [%s] %s", rel, flag, want, got, detail, ex.cause, ex.reason)
		}
	}
	for _, flag := range sortedKeys(unchecked) {
		report("not checked: %s in %d cases (outside this runner's steps)", flag, unchecked[flag])
	}
	for _, flag := range sortedKeys(byFlag) {
		report("flag %-26s %s", flag, byFlag[flag])
	}
	for _, c := range sortedKeys(byCountry) {
		report("country %-8s %s", c, byCountry[c])
	}
	return conformanceResult{cases, checked, mismatched, excepted, failures}
}

// tally counts one country's or one flag's outcomes.
type tally struct{ cases, checked, mismatched, excepted int }

func (t *tally) String() string {
	s := fmt.Sprintf("%4d checked, %3d mismatched (%d documented exceptions)", t.checked, t.mismatched, t.excepted)
	if t.cases > 0 {
		s = fmt.Sprintf("%3d cases, ", t.cases) + s
	}
	return s
}

func tallyOf(m map[string]*tally, k string) *tally {
	if m[k] == nil {
		m[k] = &tally{}
	}
	return m[k]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// findCases returns the test case files: every *.json in a directory named
// raw under one named 2DCode (case-insensitively: upstream has "2DCode/Raw"),
// at any depth (PL nests a schema version: PL/1.3.0/2DCode/raw). Other files
// in such directories are reported.
func findCases(dir string) (files, layout []string) {
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			layout = append(layout, fmt.Sprintf("%s: %v", path, err))
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && path != dir {
				return filepath.SkipDir
			}
			return nil
		}
		parent := filepath.Dir(path)
		if !strings.EqualFold(filepath.Base(parent), "raw") || !strings.EqualFold(filepath.Base(filepath.Dir(parent)), "2DCode") {
			return nil
		}
		if !strings.EqualFold(filepath.Ext(path), ".json") {
			rel, _ := filepath.Rel(dir, path)
			layout = append(layout, fmt.Sprintf("%s: not a .json file in a raw directory, ignored", filepath.ToSlash(rel)))
			return nil
		}
		files = append(files, path)
		return nil
	})
	sort.Strings(files)
	return files, layout
}

// testCase is one raw test case file.
type testCase struct {
	json                              any // nil if absent
	cbor, cose, compressed            []byte
	hasCBOR, hasCOSE, hasCompressed   bool
	base45, prefix, png               string
	hasBase45, hasPrefix, hasPNG      bool
	cert                              *DSC
	certErr                           error
	clock                             time.Time
	clockErr                          error
	hasClock                          bool
	expected                          map[string]bool
	flagOrder                         []string
	description, schema, version, rel string
}

// loadCase parses a test case file. A file that is not a JSON object with
// TESTCTX and EXPECTEDRESULTS is not a test case (nil); field-level problems
// are reported and the affected steps report themselves as not checkable.
func loadCase(path string) (*testCase, []string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, []string{err.Error()}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, []string{fmt.Sprintf("not a JSON object: %v", err)}
	}
	var problems []string
	tc := &testCase{expected: map[string]bool{}}
	str := func(key string) (string, bool) {
		raw, ok := top[key]
		if !ok || string(raw) == "null" {
			return "", false
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			problems = append(problems, fmt.Sprintf("%s is not a string", key))
			return "", false
		}
		return s, true
	}
	hexField := func(key string) ([]byte, bool) {
		s, ok := str(key)
		if !ok {
			return nil, false
		}
		s = strings.Join(strings.Fields(s), "")
		b, err := hex.DecodeString(s)
		if err != nil {
			// Some member states' files (CY) give CBOR, COSE and
			// COMPRESSED in base64 instead of the hex the README
			// documents. Decoded, and said.
			if b64, err64 := base64.StdEncoding.DecodeString(s); err64 == nil {
				problems = append(problems, fmt.Sprintf("%s is base64, not hex as documented; decoded as base64", key))
				return b64, true
			}
			problems = append(problems, fmt.Sprintf("%s is neither hex nor base64: %v", key, err))
			return nil, false
		}
		return b, true
	}
	if raw, ok := top["JSON"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &tc.json); err != nil {
			problems = append(problems, fmt.Sprintf("JSON: %v", err))
		}
	}
	tc.cbor, tc.hasCBOR = hexField("CBOR")
	tc.cose, tc.hasCOSE = hexField("COSE")
	tc.compressed, tc.hasCompressed = hexField("COMPRESSED")
	tc.base45, tc.hasBase45 = str("BASE45")
	tc.prefix, tc.hasPrefix = str("PREFIX")
	tc.png, tc.hasPNG = str("2DCODE")

	var ctx map[string]json.RawMessage
	if err := json.Unmarshal(top["TESTCTX"], &ctx); err != nil || ctx == nil {
		return nil, append(problems, "TESTCTX missing or not an object")
	}
	// VERSION is an integer in the documented layout, a string in some
	// member states' files.
	switch v := ctx["VERSION"]; {
	case v == nil:
		problems = append(problems, "TESTCTX.VERSION missing")
	default:
		var n json.Number
		var s string
		if json.Unmarshal(v, &n) == nil {
			tc.version = n.String()
		} else if json.Unmarshal(v, &s) == nil {
			tc.version = s
		} else {
			problems = append(problems, "TESTCTX.VERSION is neither a number nor a string")
		}
	}
	json.Unmarshal(ctx["SCHEMA"], &tc.schema)
	json.Unmarshal(ctx["DESCRIPTION"], &tc.description)
	if raw, ok := ctx["CERTIFICATE"]; ok && string(raw) != "null" {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			tc.certErr = errors.New("TESTCTX.CERTIFICATE is not a string")
		} else if der, err := decodeCertText(s); err != nil {
			tc.certErr = err
		} else if cert, err := ParseCertificate(der); err == nil {
			tc.cert = NewDSC(cert)
		} else if isCMS(der) {
			// SG/2DCode/raw/4.json gives a CMS SignedData (PKCS #7) in
			// place of the certificate the README documents; the one
			// certificate in it is not the signer's (its kid is not the
			// COSE kid), so the case has no certificate to check with.
			tc.certErr = errors.New("TESTCTX.CERTIFICATE is a CMS SignedData (PKCS #7), not a certificate")
		} else {
			tc.certErr = err
		}
	} else {
		tc.certErr = errors.New("TESTCTX.CERTIFICATE is missing")
	}
	if raw, ok := ctx["VALIDATIONCLOCK"]; ok && string(raw) != "null" {
		tc.hasClock = true
		tc.clock, tc.clockErr = parseClock(raw)
	}
	var exp map[string]json.RawMessage
	if err := json.Unmarshal(top["EXPECTEDRESULTS"], &exp); err != nil || exp == nil {
		return nil, append(problems, "EXPECTEDRESULTS missing or not an object")
	}
	for k, raw := range exp {
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			problems = append(problems, fmt.Sprintf("EXPECTEDRESULTS.%s is not a boolean, not checked", k))
			continue
		}
		tc.expected[k] = b
		tc.flagOrder = append(tc.flagOrder, k)
	}
	sort.Slice(tc.flagOrder, func(i, j int) bool { return stepRank(tc.flagOrder[i]) < stepRank(tc.flagOrder[j]) })
	return tc, problems
}

// decodeCertText accepts the certificate as base64 DER (the documented form)
// or PEM.
func decodeCertText(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-----BEGIN") {
		return []byte(s), nil
	}
	s = strings.Join(strings.Fields(s), "")
	der, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if der, err2 := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err2 == nil {
			return der, nil
		}
		return nil, fmt.Errorf("TESTCTX.CERTIFICATE is not base64: %v", err)
	}
	return der, nil
}

// oidSignedData is the CMS content type of a SignedData (RFC 5652).
var oidSignedData = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02}

// isCMS reports whether der is a CMS SignedData (RFC 5652): a SEQUENCE,
// of definite or (BER) indefinite length, whose content type is
// id-signedData.
func isCMS(der []byte) bool {
	return len(der) > 2 && der[0] == 0x30 && bytes.Contains(der[:min(len(der), 16)], oidSignedData)
}

// parseClock reads VALIDATIONCLOCK in the forms found upstream:
// RFC 3339 with Z or an offset, fractional seconds, an offset without colon
// (+0200), no zone at all (UTC), and a number of seconds (or milliseconds)
// since the epoch.
func parseClock(raw json.RawMessage) (time.Time, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return time.Time{}, fmt.Errorf("VALIDATIONCLOCK is neither a string nor a number")
		}
		s = n.String()
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n > 1e11 { // milliseconds
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if t, err := ParseTime(s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("VALIDATIONCLOCK %q is not a time", s)
}

// A step returns the outcome for a flag; ok false means the inputs it needs
// are missing (detail says which).
type step func(tc *testCase) (got bool, detail string, ok bool)

var stepNames = []string{
	"EXPECTEDPICTUREDECODE", "EXPECTEDUNPREFIX", "EXPECTEDB45DECODE", "EXPECTEDCOMPRESSION",
	"EXPECTEDVERIFY", "EXPECTEDDECODE", "EXPECTEDSCHEMAVALIDATION",
	"EXPECTEDEXPIRATIONCHECK", "EXPECTEDKEYUSAGE",
}

// Flags of the upstream README that this runner does not check: the two
// code generation tests (EXPECTEDVALIDOBJECT, EXPECTEDENCODE test an
// issuer), and EXPECTEDVALIDJSON, which compares a file's JSON field with
// its own QR content (several upstream files disagree with themselves, e.g.
// PL/1.3.0 1 and 5 carry another person's name in JSON). They are counted
// and reported, never silently dropped.
var uncheckedFlags = map[string]bool{
	"EXPECTEDVALIDOBJECT": true, "EXPECTEDENCODE": true, "EXPECTEDVALIDJSON": true,
}

func stepRank(name string) int {
	for i, n := range stepNames {
		if n == name {
			return i
		}
	}
	return len(stepNames)
}

var steps = map[string]step{
	"EXPECTEDPICTUREDECODE":    stepPicture,
	"EXPECTEDUNPREFIX":         stepUnprefix,
	"EXPECTEDB45DECODE":        stepBase45,
	"EXPECTEDCOMPRESSION":      stepCompression,
	"EXPECTEDVERIFY":           stepVerify,
	"EXPECTEDDECODE":           stepDecode,
	"EXPECTEDSCHEMAVALIDATION": stepSchema,
	"EXPECTEDEXPIRATIONCHECK":  stepExpiration,
	"EXPECTEDKEYUSAGE":         stepKeyUsage,
}

func outcome(err error) (bool, string, bool) {
	if err != nil {
		return false, err.Error(), true
	}
	return true, "ok", true
}

// stepPicture: the base64 PNG in 2DCODE decodes (qr package) to the text in
// PREFIX.
func stepPicture(tc *testCase) (bool, string, bool) {
	if !tc.hasPNG {
		return false, "2DCODE is missing", false
	}
	return outcome(func() error {
		s := tc.png
		if i := strings.Index(s, "base64,"); i >= 0 {
			s = s[i+len("base64,"):]
		}
		data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
		if err != nil {
			return fmt.Errorf("2DCODE is not base64: %v", err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("2DCODE is not a PNG: %v", err)
		}
		texts, err := qr.Decode(img)
		if err != nil {
			return fmt.Errorf("qr: %v", err)
		}
		if !tc.hasPrefix {
			return nil
		}
		for _, txt := range texts {
			if txt == tc.prefix {
				return nil
			}
		}
		return fmt.Errorf("the QR code holds %d texts, none equal to PREFIX", len(texts))
	}())
}

// stepUnprefix: PREFIX carries the HC1: context identifier, and the rest is
// BASE45 (when given).
func stepUnprefix(tc *testCase) (bool, string, bool) {
	if !tc.hasPrefix {
		return false, "PREFIX is missing", false
	}
	return outcome(func() error {
		rest, err := unprefix(tc.prefix)
		if err != nil {
			return err
		}
		if tc.hasBase45 && rest != tc.base45 {
			return errors.New("PREFIX without its prefix differs from BASE45")
		}
		return nil
	}())
}

// stepBase45: BASE45 decodes, to COMPRESSED when given, else to something
// that decompresses to COSE.
func stepBase45(tc *testCase) (bool, string, bool) {
	if !tc.hasBase45 {
		return false, "BASE45 is missing", false
	}
	return outcome(func() error {
		raw, err := wire.Base45Decode(tc.base45)
		if err != nil {
			return err
		}
		switch {
		case tc.hasCompressed:
			if !bytes.Equal(raw, tc.compressed) {
				return errors.New("differs from COMPRESSED")
			}
		case tc.hasCOSE:
			cose, err := decompress(raw)
			if err != nil {
				return err
			}
			if !bytes.Equal(cose, tc.cose) {
				return errors.New("decompressed, differs from COSE")
			}
		}
		return nil
	}())
}

// stepCompression: COMPRESSED is zlib (strictly: no uncompressed fallback)
// and inflates, within the cap, to COSE.
func stepCompression(tc *testCase) (bool, string, bool) {
	if !tc.hasCompressed {
		return false, "COMPRESSED is missing", false
	}
	return outcome(func() error {
		out, err := wire.Inflate(tc.compressed, MaxBodySize)
		if err != nil {
			return err
		}
		if tc.hasCOSE && !bytes.Equal(out, tc.cose) {
			return errors.New("inflated, differs from COSE")
		}
		return nil
	}())
}

func (tc *testCase) needCOSE(needCert bool) (string, bool) {
	if !tc.hasCOSE {
		return "COSE is missing", false
	}
	if needCert && tc.cert == nil {
		return tc.certErr.Error(), false
	}
	return "", true
}

// signedBy parses COSE and checks its signature with the test certificate,
// found by kid as Verify does.
func (tc *testCase) signedBy() (*sign1, error) {
	msg, err := parseSign1(tc.cose)
	if err != nil {
		return nil, err
	}
	u := &Unverified{msg: msg}
	cands := Certs{tc.cert}.Lookup(msg.kid)
	if len(cands) == 0 {
		return nil, wrap(ErrUnknownIssuer, "kid %x is not the certificate's %x", msg.kid, tc.cert.Kid)
	}
	return msg, u.verifySignature(cands[0].Cert)
}

// stepVerify: the COSE signature verifies with TESTCTX.CERTIFICATE.
func stepVerify(tc *testCase) (bool, string, bool) {
	if d, ok := tc.needCOSE(true); !ok {
		return false, d, false
	}
	_, err := tc.signedBy()
	return outcome(err)
}

// hcertOfCBOR decodes the CBOR field: the eu_dgc_v1 map, or (FR) the whole
// CWT claims map holding it under -260 / 1.
func hcertOfCBOR(data []byte) (map[any]any, error) {
	var m map[any]any
	if err := unmarshal(data, &m); err != nil {
		return nil, err
	}
	if hc, ok := m[int64(claimHcert)].(map[any]any); ok {
		if m, ok = hc[int64(hcertEUDGC)].(map[any]any); !ok {
			return nil, malformed("claims map without an eu_dgc_v1 map")
		}
	}
	return m, nil
}

// normalizeValue maps decoded CBOR or JSON to one form: maps keyed by
// strings, numbers as float64.
func normalizeValue(v any) any {
	switch x := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[fmt.Sprint(k)] = normalizeValue(e)
		}
		return m
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = normalizeValue(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeValue(e)
		}
		return out
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}
	return v
}

// withoutAbsentGroups drops the entry groups the decoder takes as absent
// (null or empty: parseHealthCertificate) from a normalized health
// certificate, so that COSE and CBOR compare as the decoder reads them:
// upstream PT/2DCode/raw/1.json signs "r": [], "t": [] beside "v", and its
// CBOR field leaves them out.
func withoutAbsentGroups(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		if k == "v" || k == "t" || k == "r" {
			if arr, isArr := e.([]any); e == nil || (isArr && len(arr) == 0) {
				continue
			}
		}
		out[k] = e
	}
	return out
}

// hcertOf returns the decoded eu_dgc_v1 claim of a COSE message.
func hcertOf(cose []byte) (*Unverified, any, error) {
	u, err := decodeCOSE(cose)
	if err != nil {
		return nil, nil, err
	}
	return u, normalizeValue(u.claims.hc.raw), nil
}

// stepDecode: the CWT in COSE decodes to a health certificate equal to CBOR;
// without COSE, CBOR itself decodes to a health certificate.
func stepDecode(tc *testCase) (bool, string, bool) {
	if !tc.hasCOSE && !tc.hasCBOR {
		return false, "both COSE and CBOR are missing", false
	}
	return outcome(func() error {
		var want any
		if tc.hasCBOR {
			m, err := hcertOfCBOR(tc.cbor)
			if err != nil {
				return fmt.Errorf("CBOR: %v", err)
			}
			if _, err := parseHealthCertificate(m); err != nil {
				return fmt.Errorf("CBOR: %v", err)
			}
			want = normalizeValue(m)
		}
		if !tc.hasCOSE {
			return nil
		}
		_, got, err := hcertOf(tc.cose)
		if err != nil {
			return err
		}
		if want != nil && !reflect.DeepEqual(withoutAbsentGroups(got), withoutAbsentGroups(want)) {
			return errors.New("the health certificate in COSE differs from CBOR")
		}
		return nil
	}())
}

// schemaCheck validates the health certificate against the official schema
// of its declared version; the detail names the schema and any warnings
// (value sets are a separate, softer result, never a schema failure).
func schemaCheck(m map[any]any) (string, error) {
	h, err := parseHealthCertificate(m)
	if err != nil {
		return "", err
	}
	ws, err := h.Check()
	if err != nil {
		return "", err
	}
	version, _ := h.SchemaVersion()
	detail := "valid against schema " + version
	for _, w := range ws {
		detail += "; " + w.String()
	}
	return detail, nil
}

// stepSchema: the health certificate (from COSE, else CBOR) follows the
// official JSON schema of the version it declares. A COSE or CWT that does
// not decode has no health certificate to validate: false.
func stepSchema(tc *testCase) (bool, string, bool) {
	if !tc.hasCOSE && !tc.hasCBOR {
		return false, "both COSE and CBOR are missing", false
	}
	detail, err := func() (string, error) {
		if tc.hasCOSE {
			u, err := decodeCOSE(tc.cose)
			if err != nil {
				return "", err
			}
			return schemaCheck(u.claims.hc.raw)
		}
		m, err := hcertOfCBOR(tc.cbor)
		if err != nil {
			return "", err
		}
		return schemaCheck(m)
	}()
	if err != nil {
		return false, err.Error(), true
	}
	return true, detail, true
}

// healthOf returns the health certificate of a case, from COSE, else CBOR.
func healthOf(tc *testCase) (*HealthCertificate, error) {
	if tc.hasCOSE {
		u, err := decodeCOSE(tc.cose)
		if err != nil {
			return nil, err
		}
		return u.claims.hc, nil
	}
	if !tc.hasCBOR {
		return nil, errors.New("both COSE and CBOR are missing")
	}
	m, err := hcertOfCBOR(tc.cbor)
	if err != nil {
		return nil, err
	}
	return parseHealthCertificate(m)
}

// stepExpiration: at VALIDATIONCLOCK the certificate is valid: iat inside
// the DSC validity and not in the future, exp and the DSC's end not reached
// (the time checks of Verify).
func stepExpiration(tc *testCase) (bool, string, bool) {
	if d, ok := tc.needCOSE(true); !ok {
		return false, d, false
	}
	if !tc.hasClock {
		return false, "TESTCTX.VALIDATIONCLOCK is missing", false
	}
	if tc.clockErr != nil {
		return false, tc.clockErr.Error(), false
	}
	return outcome(func() error {
		u, err := decodeCOSE(tc.cose)
		if err != nil {
			return err
		}
		if err := u.signerWindow(tc.cert.Cert); err != nil {
			return err
		}
		return u.checkTime(tc.clock, 0, tc.cert.Cert)
	}())
}

// stepKeyUsage: the DSC's extended key usage allows the entry type. The
// signature is VERIFY's business: PL 6 is signed with another key yet
// expects its key usage to match.
func stepKeyUsage(tc *testCase) (bool, string, bool) {
	if d, ok := tc.needCOSE(true); !ok {
		return false, d, false
	}
	return outcome(func() error {
		u, err := decodeCOSE(tc.cose)
		if err != nil {
			return err
		}
		return u.keyUsage(tc.cert)
	}())
}

// A CERTIFICATE that is a CMS SignedData (upstream SG 4: BER, indefinite
// lengths) is reported as such, and the flags that need the certificate are
// not checked, rather than blamed on a malformed certificate.
func TestLoadCaseCMSCertificate(t *testing.T) {
	cms := append([]byte{0x30, 0x80}, oidSignedData...)
	cms = append(cms, 0xa0, 0x80, 0x30, 0x80, 0x02, 0x01, 0x01, 0, 0, 0, 0, 0, 0)
	p := filepath.Join(t.TempDir(), "4.json")
	data, err := json.Marshal(map[string]any{
		"TESTCTX":         map[string]any{"VERSION": 1, "CERTIFICATE": base64.StdEncoding.EncodeToString(cms)},
		"EXPECTEDRESULTS": map[string]any{"EXPECTEDVERIFY": true},
		"COSE":            "d28443a10126a0f640",
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tc, _ := loadCase(p)
	if tc == nil || tc.cert != nil || tc.certErr == nil || !strings.Contains(tc.certErr.Error(), "CMS SignedData") {
		t.Fatalf("case %+v", tc)
	}
	if _, detail, ok := stepVerify(tc); ok || !strings.Contains(detail, "CMS SignedData") {
		t.Errorf("VERIFY checked (%v) or detail %q", ok, detail)
	}
}
