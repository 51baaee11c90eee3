package checkin

import (
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/venuepass/venuepass/explain"
)

// jsonCredential has every member of FORMAT.md section 6, always ("" and
// [] when absent), then, for an EU DCC, its own: dob, ci (the certificate
// identifier, also sub), iat and country.
type jsonCredential struct {
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Org     string   `json:"org"`
	Sub     string   `json:"sub"`
	CTI     string   `json:"cti"`
	Exp     string   `json:"exp"`
	Zones   []string `json:"zones"`
	DOB     string   `json:"dob,omitempty"`
	CI      string   `json:"ci,omitempty"`
	Iat     string   `json:"iat,omitempty"`
	Country string   `json:"country,omitempty"`

	// Birth year and photo digest (hex) when the body carries them.
	BirthYear int    `json:"birth_year,omitempty"`
	Photo     string `json:"photo,omitempty"`
}

type jsonVerdict struct {
	Accepted   bool                `json:"accepted"`
	Reason     *string             `json:"reason"`
	Warnings   []string            `json:"warnings"`
	Profile    string              `json:"profile"`
	Credential *jsonCredential     `json:"credential,omitempty"`
	Issuer     *explain.JSONIssuer `json:"issuer,omitempty"`
	Message    string              `json:"message,omitempty"`
	Record     string              `json:"record"`
	Time       string              `json:"time"`
	Venue      string              `json:"venue,omitempty"`
	Gate       string              `json:"gate,omitempty"`
	Zone       string              `json:"zone,omitempty"`
	Direction  string              `json:"direction"`
	Kiosk      string              `json:"kiosk,omitempty"`
}

// VerdictJSON returns the final verdict as the one-line JSON object of
// FORMAT.md section 6, with the record's id, time, venue, gate, zone,
// direction and kiosk added. Gate actions receive it. Accepted, reason,
// warnings and issuer are explain.JSON's; the credential is the gate's own
// (with birth_year and photo, without the credential's other fields), and
// profile is the decision's as it is.
func (r *Result) VerdictJSON() []byte {
	d := &r.Decision
	x := explain.JSON(*d)
	v := jsonVerdict{
		Accepted: x.Accepted, Reason: x.Reason, Warnings: x.Warnings, Profile: d.Profile, Issuer: x.Issuer,
		Message: r.Message, Record: r.Entry.ID, Time: r.Entry.Time.UTC().Format(time.RFC3339Nano),
		Venue: r.Entry.Venue, Gate: r.Entry.Gate, Zone: r.Entry.Zone,
		Direction: string(r.Entry.Direction), Kiosk: r.Entry.KioskID,
	}
	if c := d.Credential; c != nil {
		v.Credential = &jsonCredential{
			Type: c.Type.String(), Name: c.Name, Org: c.Org, Sub: c.Sub,
			CTI: hex.EncodeToString(c.CTI), Exp: c.Expires.UTC().Format(time.RFC3339), Zones: c.Zones,
			BirthYear: c.BirthYear, Photo: hex.EncodeToString(c.PhotoDigest),
		}
	} else if c := d.DCC; c != nil {
		ci := c.Health.CertificateID()
		v.Credential = &jsonCredential{
			Type: c.Type.String(), Name: c.Health.Name.String(), Sub: ci, Exp: c.ExpiresAt.UTC().Format(time.RFC3339),
			DOB: c.Health.DateOfBirth, CI: ci, Iat: c.IssuedAt.UTC().Format(time.RFC3339), Country: c.Issuer,
		}
	}
	if v.Credential != nil && v.Credential.Zones == nil {
		v.Credential.Zones = []string{}
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings, bools and slices of strings
	}
	return b
}
