package explain

import (
	"encoding/hex"
	"time"

	"github.com/venuepass/venuepass/verifier"
)

// Verdict is a decision as the JSON object of FORMAT.md section 6, plus
// detail (why, for a rejection) and the input it came from (set by the
// caller; it is always present).
type Verdict struct {
	Accepted bool     `json:"accepted"`
	Reason   *string  `json:"reason"`
	Warnings []string `json:"warnings"`
	Profile  string   `json:"profile"`
	// Credential is a *JSONCredential or, for profile "dcc", a *JSONDCC.
	Credential any         `json:"credential,omitempty"`
	Issuer     *JSONIssuer `json:"issuer,omitempty"`
	Detail     string      `json:"detail,omitempty"`
	Input      string      `json:"input"`
}

// JSONCredential has the members of FORMAT.md section 6 first, in its
// order and always present (org and sub "" when absent, zones [] for
// any zone), then the other fields when set.
type JSONCredential struct {
	Type      string   `json:"type"`
	Name      string   `json:"name"`
	Org       string   `json:"org"`
	Sub       string   `json:"sub"`
	CTI       string   `json:"cti"`
	Exp       string   `json:"exp"`
	Zones     []string `json:"zones"`
	IssuedAt  string   `json:"iat"`
	NotBefore string   `json:"nbf,omitempty"`
	Tier      string   `json:"tier,omitempty"`
	Event     string   `json:"event,omitempty"`
	Seat      string   `json:"seat,omitempty"`
	Title     string   `json:"title,omitempty"`
	Number    string   `json:"number,omitempty"`
	Bound     bool     `json:"holder_bound,omitempty"`
	StatusURI string   `json:"status_uri,omitempty"`
	StatusIdx *uint64  `json:"status_idx,omitempty"`
	// PresentedAt and Venue describe a holder presentation.
	PresentedAt string `json:"presented_at,omitempty"`
	Venue       string `json:"venue,omitempty"`
	// BirthYear (body key 10) and Photo, the photo digest in lowercase hex
	// (body key 11), when the body carries them (FORMAT.md section 6).
	BirthYear int    `json:"birth_year,omitempty"`
	Photo     string `json:"photo,omitempty"`
}

// JSONDCC is the credential of a verified EU DCC: the members of FORMAT.md
// section 6 (org and cti "", sub the certificate identifier, zones []),
// then its own.
type JSONDCC struct {
	Type  string   `json:"type"` // vaccination, test or recovery
	Name  string   `json:"name"`
	Org   string   `json:"org"`
	Sub   string   `json:"sub"`
	CTI   string   `json:"cti"`
	Zones []string `json:"zones"`
	DOB   string   `json:"dob"`
	Exp   string   `json:"exp"`
	CI    string   `json:"ci"` // the unique certificate identifier
	// Iat and Country are the CWT's iat and iss.
	Iat     string `json:"iat"`
	Country string `json:"country,omitempty"`
	// Findings are what the warnings dcc_unknown_value and
	// dcc_unknown_version found, each naming its field and value.
	Findings []JSONFinding `json:"findings,omitempty"`
}

// JSONFinding is one finding behind a DCC warning: a code outside an EU
// value set (value_set names it) or a schema version venuepass does not
// know (field "ver").
type JSONFinding struct {
	Warning  string `json:"warning"`
	Field    string `json:"field"`
	Value    string `json:"value"`
	ValueSet string `json:"value_set,omitempty"`
}

// JSONIssuer is the trust list entry that vouched for a credential.
type JSONIssuer struct {
	Iss  string `json:"iss"`
	Name string `json:"name"`
	Kid  string `json:"kid"`
}

// JSON returns the decision as FORMAT.md section 6 JSON, for encoding/json.
func JSON(d verifier.Decision) Verdict {
	j := Verdict{Accepted: d.Accepted, Warnings: d.Warnings, Profile: d.Profile}
	if j.Warnings == nil {
		j.Warnings = []string{}
	}
	if j.Profile == "" {
		j.Profile = verifier.ProfileVP
	}
	if !d.Accepted {
		r := string(d.Reason)
		j.Reason = &r
		if d.Err != nil {
			j.Detail = d.Err.Error()
		}
	}
	switch {
	case d.DCC != nil:
		c := d.DCC
		jd := &JSONDCC{Type: c.Type.String(), Name: c.Health.Name.String(), Sub: c.Health.CertificateID(),
			Zones: []string{}, DOB: c.Health.DateOfBirth,
			Exp: utcText(c.ExpiresAt), CI: c.Health.CertificateID(), Iat: utcText(c.IssuedAt), Country: c.Issuer}
		for _, w := range c.Health.Warnings() {
			jd.Findings = append(jd.Findings, JSONFinding{Warning: w.Code, Field: w.Field, Value: w.Value, ValueSet: w.ValueSet})
		}
		j.Credential = jd
	case d.Credential != nil:
		c := d.Credential
		jc := &JSONCredential{
			Type: c.Type.String(), Name: c.Name, Org: c.Org, Sub: c.Sub, CTI: hex.EncodeToString(c.CTI),
			IssuedAt: utcText(c.IssuedAt), Exp: utcText(c.Expires), Zones: c.Zones, Tier: c.Tier, Event: c.Event,
			Seat: c.Seat, Title: c.Title, Number: c.Number, Bound: c.HolderKey != nil,
			BirthYear: c.BirthYear, Photo: hex.EncodeToString(c.PhotoDigest),
		}
		if jc.Zones == nil {
			jc.Zones = []string{}
		}
		if !c.NotBefore.IsZero() {
			jc.NotBefore = utcText(c.NotBefore)
		}
		if c.Status != nil {
			jc.StatusURI, jc.StatusIdx = c.Status.URI, &c.Status.Idx
		}
		if p := d.Presentation; p != nil {
			jc.PresentedAt, jc.Venue = utcText(p.Time), p.Venue
		}
		j.Credential = jc
	}
	if e := d.Issuer; e != nil {
		j.Issuer = &JSONIssuer{Iss: e.Iss, Name: e.Name, Kid: hex.EncodeToString(e.Kid)}
	}
	return j
}

func utcText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// Words for an input that yields no code at all (FORMAT.md section 6),
// kept apart from the reasons of section 5.
const (
	InputIOError  = "io_error"   // the input could not be read
	InputNoQRCode = "no_qr_code" // an image without a readable code
	InputNotText  = "not_text"   // neither an image nor text of codes
)

// InputFailure is the JSON object for an input that yields no code:
// accepted false, reason one of the Input words, the members of section 6
// present (warnings [], profile "vp"), no credential, detail saying what
// went wrong and input naming it.
func InputFailure(reason, detail, input string) Verdict {
	return Verdict{Reason: &reason, Warnings: []string{}, Profile: verifier.ProfileVP, Detail: detail, Input: input}
}
