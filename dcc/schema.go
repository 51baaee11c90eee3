package dcc

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The official JSON schemas of every released version (schema/README.md).
//
//go:embed schema/*/*.json
var schemaFiles embed.FS

// SchemaVersions lists the schema versions whose official JSON schema the
// package carries, oldest first.
var SchemaVersions = []string{"1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.2.1", "1.3.0", "1.3.1", "1.3.2", "1.3.3"}

// NewestSchema is the newest schema version, used for a certificate whose
// ver is missing or names no released version.
const NewestSchema = "1.3.3"

// SchemaVersion returns the schema version Validate applies: the declared
// ver when it names a released schema (known true), else NewestSchema
// (known false; Warnings then reports WarnUnknownVersion).
func (h *HealthCertificate) SchemaVersion() (version string, known bool) {
	for _, v := range SchemaVersions {
		if v == h.Version {
			return v, true
		}
	}
	return NewestSchema, false
}

// Validate checks the health certificate against the official JSON schema
// (eu-dcc-schema, DCC.combined-schema.json) of the version it declares in
// ver, or of the newest version when ver is missing or unknown (see
// SchemaVersion; a missing ver is a warning, not a schema failure, see
// withVersion). Required fields, types, patterns, lengths and the number
// of entries differ between versions: t.tc is required in 1.0.x, names and
// identifiers are limited to 50 characters before 1.3.0 and to 80 from it,
// dob may be partial from 1.1.0 and empty from 1.3.0, exactly one entry
// group with exactly one entry is required from 1.3.0 (before, a schema
// allows several vaccinations, as schema 1.0.x issuers wrote them).
//
// The CBOR payload is checked as the JSON it stands for: text strings are
// strings, integers and floats numbers (an integral float is an integer), a
// date/time tag is a date-time string; anything JSON has no form for (a byte
// string, a non-finite float) fails the type the schema asks for there.
//
// The keywords "format": "date" and "date-time" are annotations, not
// assertions: the official schemas declare JSON Schema draft 2020-12, whose
// format-annotation vocabulary does not validate formats, and the reference
// validation of the EU test data (dgc-testdata, Python jsonschema without a
// format checker) does not either. The upstream cases expect what follows
// from that: schema 1.3.0 certificates whose vaccination date dt is a
// date-time, and 1.0.0 ones whose dob is "1963-00-00" (it matches the 1.0.0
// pattern), are valid. What the schemas constrain with a pattern (dob from
// 1.1.0, ver, the standardised names) is checked.
//
// Value sets are not part of the schema (it gives those fields only a type):
// codes outside them are reported by Warnings, never by Validate. Several
// entry groups are the declared version's schema to judge (1.3.0 refuses
// them, earlier versions allow them); Verify refuses them for every version
// (HealthCertificate.OneEvent).
//
// Validate returns nil or an error wrapping ErrMalformed naming the schema
// version and the rules broken.
func (h *HealthCertificate) Validate() error {
	version, _ := h.SchemaVersion()
	return validateSchema(version, withVersion(h.raw, version))
}

// withVersion returns m, or when m has no ver, a copy of m with ver set to
// version. Every schema requires ver, but a missing ver is what selects the
// newest schema (SchemaVersion) and is reported by Warnings as
// WarnUnknownVersion; failing the schema for it as well would make the
// newest-schema rule void. The upstream test data expect the same
// (dgc-testdata LI/2DCode/raw/4.json, a 1.3.0 test certificate without ver,
// is schema valid). A ver that is present is validated as it is.
func withVersion(m map[any]any, version string) map[any]any {
	if m == nil {
		return nil
	}
	if _, ok := m["ver"]; ok {
		return m
	}
	c := make(map[any]any, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	c["ver"] = version
	return c
}

// schemas compiles each embedded schema on first use, once. Each version
// gets its own compiler: the versions share one $id.
var schemas = func() map[string]func() (*jsonschema.Schema, error) {
	m := map[string]func() (*jsonschema.Schema, error){}
	for _, v := range SchemaVersions {
		m[v] = sync.OnceValues(func() (*jsonschema.Schema, error) { return compileSchema(v) })
	}
	return m
}()

func compileSchema(v string) (*jsonschema.Schema, error) {
	matches, err := fs.Glob(schemaFiles, "schema/"+v+"/*.combined-schema.json")
	if err != nil || len(matches) != 1 {
		return nil, fmt.Errorf("embedded schema %s: %d files (%v)", v, len(matches), err)
	}
	data, err := schemaFiles.ReadFile(matches[0])
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("embedded schema %s: %v", v, err)
	}
	// Draft 2020-12 defaults: format is an annotation (see Validate).
	c := jsonschema.NewCompiler()
	loc := "embedded:/dcc-schema/" + v + "/" + path.Base(matches[0])
	if err := c.AddResource(loc, doc); err != nil {
		return nil, fmt.Errorf("embedded schema %s: %v", v, err)
	}
	s, err := c.Compile(loc)
	if err != nil {
		return nil, fmt.Errorf("embedded schema %s: %v", v, err)
	}
	return s, nil
}

// validateSchema validates a decoded eu_dgc_v1 map against the schema of
// version.
func validateSchema(version string, m map[any]any) error {
	if m == nil {
		return malformed("schema %s: the health certificate is not a map", version)
	}
	compiled := schemas[version]
	if compiled == nil {
		return malformed("schema %s: not embedded", version)
	}
	s, err := compiled()
	if err != nil {
		return malformed("schema %s: %v", version, err)
	}
	err = s.Validate(toJSON(m))
	if err == nil {
		return nil
	}
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return malformed("schema %s: %v", version, err)
	}
	return malformed("schema %s: %s", version, strings.Join(schemaProblems(verr), "; "))
}

var schemaPrinter = message.NewPrinter(language.English)

// schemaProblems lists the innermost causes of a validation error, as
// "where: what", without repeats, at most five.
func schemaProblems(e *jsonschema.ValidationError) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		// "t[0].tc", as Warning.Field names fields.
		where := "hcert"
		if len(e.InstanceLocation) > 0 {
			var b strings.Builder
			for i, p := range e.InstanceLocation {
				if _, err := strconv.Atoi(p); err == nil && i > 0 {
					b.WriteString("[" + p + "]")
					continue
				}
				if i > 0 {
					b.WriteByte('.')
				}
				b.WriteString(p)
			}
			where = b.String()
		}
		p := where + ": " + e.ErrorKind.LocalizedString(schemaPrinter)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	walk(e)
	sort.Strings(out)
	if len(out) > 5 {
		out = append(out[:5], fmt.Sprintf("and %d more", len(out)-5))
	}
	return out
}

// toJSON converts decoded CBOR to the values JSON decoding gives, as the
// validator expects them: map[string]any, []any, string, float64 or an
// integer type, bool, nil. The date/time tags are already RFC 3339 text
// (internal/cborx). What JSON has no form for becomes an object naming the
// CBOR type ({"cbor": "byte string"}): it fails wherever the schema asks
// for a string, number or array, and passes where the schema leaves a
// member unconstrained, as an extra member may be.
func toJSON(v any) any {
	switch x := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			// A non-text key names no schema property.
			m[fmt.Sprint(k)] = toJSON(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toJSON(e)
		}
		return out
	case string, bool, nil, int64, uint64:
		return x
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return map[string]any{"cbor": fmt.Sprint(x)}
		}
		return x
	case float32:
		return toJSON(float64(x))
	case []byte:
		return map[string]any{"cbor": "byte string"}
	case json.Number:
		return x
	}
	return map[string]any{"cbor": fmt.Sprintf("%T", v)}
}

// ParseTime parses the date-times found in DCCs and their test data
// leniently: RFC 3339 with or without fractional seconds, an offset written
// +hhmm, or no offset at all (UTC).
func ParseTime(s string) (time.Time, error) {
	layouts := []string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05.999999999Z0700",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999Z0700",
		"2006-01-02 15:04:05.999999999",
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("dcc: %q is not a date-time", s)
}
