package dcc

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Validate checks the health certificate against the essential rules of the
// DCC JSON schema 1.3 (eu-dcc-schema, DCC.combined-schema.json), applied to
// every schema version 1.x: ver, nam and dob required; exactly one entry
// group with exactly one entry (one or more for ver 1.0.x, whose schema sets
// no maxItems); each entry with its required fields; string
// types, lengths and patterns; dates and date-times in their formats; dose
// numbers from 1 to 9. It does not check value set membership (vaccine,
// manufacturer, test device, country codes change over time and belong to
// the verifier's configuration), nor any business rule.
//
// Validate returns nil or an error wrapping ErrMalformed naming the first
// rule broken.
func (h *HealthCertificate) Validate() error {
	return validateDGC(h.raw)
}

var (
	reVersion = regexp.MustCompile(`^\d+\.\d+\.\d+$`)
	reStdName = regexp.MustCompile(`^[A-Z<]*$`)
	// Schema 1.3: dob may be "", YYYY, YYYY-MM or YYYY-MM-DD.
	reDOB     = regexp.MustCompile(`^((19|20)\d\d(-\d\d){0,2})?$`)
	reCountry = regexp.MustCompile(`^[A-Z]{2}$`)
)

const maxText = 80 // schema maxLength of names, issuer and identifiers

type schemaCheck struct {
	err error
}

func (s *schemaCheck) fail(format string, args ...any) {
	if s.err == nil {
		s.err = malformed("schema: "+format, args...)
	}
}

// str returns the string at key, reporting missing required fields and
// wrong types.
func (s *schemaCheck) str(m map[any]any, where, key string, required bool) (string, bool) {
	v, present := m[key]
	if !present {
		if required {
			s.fail("%s.%s is required", where, key)
		}
		return "", false
	}
	str, ok := v.(string)
	if !ok {
		s.fail("%s.%s is not a string", where, key)
		return "", false
	}
	return str, true
}

func (s *schemaCheck) maxLen(where, key, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		s.fail("%s.%s is longer than %d characters", where, key, n)
	}
}

// date accepts a full date, or a date-time (schema 1.0.x issuers wrote
// vaccination dates as date-times, and the test data expects them valid).
func (s *schemaCheck) date(where, key, v string) {
	if _, err := time.Parse("2006-01-02", v); err == nil {
		return
	}
	if _, err := ParseTime(v); err != nil {
		s.fail("%s.%s %q is not a date (YYYY-MM-DD)", where, key, v)
	}
}

func (s *schemaCheck) dateTime(where, key, v string) {
	if _, err := ParseTime(v); err != nil {
		s.fail("%s.%s %q is not a date-time", where, key, v)
	}
}

func (s *schemaCheck) dose(m map[any]any, where, key string) {
	v, present := m[key]
	if !present {
		s.fail("%s.%s is required", where, key)
		return
	}
	n, ok := integer(v)
	if !ok {
		s.fail("%s.%s is not an integer", where, key)
		return
	}
	if n < 1 || n > 9 {
		s.fail("%s.%s is %d, not from 1 to 9", where, key, n)
	}
}

func validateDGC(m map[any]any) error {
	s := &schemaCheck{}
	if m == nil {
		return malformed("schema: not an object")
	}
	if ver, ok := s.str(m, "hcert", "ver", true); ok && !reVersion.MatchString(ver) {
		s.fail("ver %q is not a version", ver)
	}
	if dob, ok := s.str(m, "hcert", "dob", true); ok && !reDOB.MatchString(dob) {
		s.fail("dob %q is not YYYY, YYYY-MM or YYYY-MM-DD", dob)
	} else if ok && len(dob) == 10 {
		s.date("hcert", "dob", dob)
	}
	if nv, present := m["nam"]; !present {
		s.fail("nam is required")
	} else if nam, ok := nv.(map[any]any); !ok {
		s.fail("nam is not an object")
	} else {
		for _, k := range []string{"fn", "fnt", "gn", "gnt"} {
			v, ok := s.str(nam, "nam", k, k == "fnt")
			if !ok {
				continue
			}
			s.maxLen("nam", k, v, maxText)
			if (k == "fnt" || k == "gnt") && !reStdName.MatchString(v) {
				s.fail("nam.%s %q has characters outside A-Z and <", k, v)
			}
		}
	}
	// Schema 1.0.x has v, t and r with minItems 1 and no maxItems (the
	// BG test cases carry both doses in v); later versions allow exactly one
	// entry.
	ver, _ := m["ver"].(string)
	multiEntry := strings.HasPrefix(ver, "1.0.")
	groups := 0
	for _, g := range []string{"v", "t", "r"} {
		gv, present := m[g]
		if !present {
			continue
		}
		groups++
		arr, ok := gv.([]any)
		if !ok {
			s.fail("%s is not an array", g)
			continue
		}
		switch {
		case len(arr) == 0:
			s.fail("%s has no entries", g)
		case len(arr) > 1 && !multiEntry:
			s.fail("%s has %d entries, want exactly 1", g, len(arr))
		}
		for i, ev := range arr {
			e, ok := ev.(map[any]any)
			if !ok {
				s.fail("%s[%d] is not an object", g, i)
				continue
			}
			validateEntry(s, g, e)
		}
	}
	if groups != 1 {
		s.fail("%d of the entry groups v, t and r, want exactly one", groups)
	}
	return s.err
}

func validateEntry(s *schemaCheck, g string, e map[any]any) {
	var required []string
	switch g {
	case "v":
		required = []string{"tg", "vp", "mp", "ma", "dt", "co", "is", "ci"}
		s.dose(e, g, "dn")
		s.dose(e, g, "sd")
	case "t":
		required = []string{"tg", "tt", "sc", "tr", "co", "is", "ci"}
	case "r":
		required = []string{"tg", "fr", "co", "is", "df", "du", "ci"}
	}
	for _, k := range required {
		s.str(e, g, k, true)
	}
	for _, key := range []string{"tg", "vp", "mp", "ma", "dt", "co", "is", "ci", "tt", "nm", "sc", "dr", "tr", "tc", "fr", "df", "du"} {
		v, ok := s.str(e, g, key, false)
		if !ok {
			continue
		}
		switch key {
		case "is", "ci", "nm", "tc":
			s.maxLen(g, key, v, maxText)
		case "co":
			if !reCountry.MatchString(v) {
				s.fail("%s.co %q is not a two-letter country code", g, v)
			}
		case "dt", "fr", "df", "du":
			s.date(g, key, v)
		case "sc", "dr":
			s.dateTime(g, key, v)
		}
	}
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
