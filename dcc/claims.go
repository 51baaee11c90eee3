package dcc

import "math"

// CWT claim keys used by the hcert specification (section 3.3).
const (
	claimIss   = 1
	claimExp   = 4
	claimIat   = 6
	claimHcert = -260
	hcertEUDGC = 1
)

type claims struct {
	iss      string
	hasIss   bool
	iat, exp int64
	// hasExp is false for a CWT without exp: it decodes, and Verify
	// refuses it (hcert specification, section 3.3.5: exp is required).
	hasExp bool
	hc     *HealthCertificate
}

// parseClaims decodes the CWT claims of a DCC. iss is optional (hcert
// specification, section 3.3.4); iat is required, as an integer or,
// tolerated because issuers produce them, a float; so is exp, but a CWT
// without one still decodes (upstream dgc-testdata HR/2DCode/raw/test_r.json
// has none, and expects it to decode and to fail only the time check):
// checkTime refuses it.
func parseClaims(payload []byte) (*claims, error) {
	var m map[any]any
	if err := unmarshal(payload, &m); err != nil {
		return nil, malformed("claims: %v", detail(err))
	}
	if m == nil {
		return nil, malformed("claims are not a map")
	}
	c := &claims{}
	if v, present := m[int64(claimIss)]; present {
		s, ok := v.(string)
		if !ok {
			return nil, malformed("iss is not a text string")
		}
		c.iss, c.hasIss = s, true
	}
	var ok bool
	if v, present := m[int64(claimExp)]; present {
		if c.exp, ok = numericDate(v); !ok {
			return nil, malformed("exp is not a number")
		}
		c.hasExp = true
	}
	if c.iat, ok = numericDate(m[int64(claimIat)]); !ok {
		return nil, malformed("iat missing or not a number")
	}
	hc, ok := m[int64(claimHcert)].(map[any]any)
	if !ok {
		return nil, malformed("hcert claim (-260) missing or not a map")
	}
	dgc, present := hc[int64(hcertEUDGC)]
	if !present {
		return nil, malformed("hcert claim has no eu_dgc_v1 (1)")
	}
	var err error
	if c.hc, err = parseHealthCertificate(dgc); err != nil {
		return nil, err
	}
	return c, nil
}

// numericDate accepts an RFC 8392 NumericDate: an integer, or a float
// (rounded down to the second).
func numericDate(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case float64:
		if math.IsNaN(n) || n < -(1<<62) || n > 1<<62 {
			return 0, false
		}
		return int64(math.Floor(n)), true
	}
	return 0, false
}
