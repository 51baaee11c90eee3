package checkin_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/verifier"
)

// TestVerdictJSONMembers is issue 14's reproduction: in the JSON a gate
// action receives, credential.org and credential.zones vanished when empty
// and an accepted EU DCC had no credential. FORMAT.md section 6 gives every
// member always; empty lists are [], never null.
func TestVerdictJSONMembers(t *testing.T) {
	l := open(t, tempLog(t), checkin.Options{})
	members := func(r checkin.Result) map[string]json.RawMessage {
		t.Helper()
		var v struct {
			Credential map[string]json.RawMessage `json:"credential"`
		}
		if err := json.Unmarshal(r.VerdictJSON(), &v); err != nil {
			t.Fatal(err)
		}
		if v.Credential == nil {
			t.Fatalf("no credential in %s", r.VerdictJSON())
		}
		for _, m := range []string{"type", "name", "org", "sub", "cti", "exp", "zones"} {
			if _, ok := v.Credential[m]; !ok {
				t.Errorf("credential lacks %q: %s", m, r.VerdictJSON())
			}
		}
		return v.Credential
	}
	// No org, no zones.
	vp := record(t, l, checkin.Scan{Decision: accepted("a", verifier.Ticket, "Kim Min-jun"), Venue: "arena"})
	c := members(vp)
	if string(c["zones"]) != "[]" || string(c["org"]) != `""` {
		t.Errorf("zones %s, org %s; want [] and \"\"", c["zones"], c["org"])
	}
	if _, ok := c["birth_year"]; ok {
		t.Errorf("birth_year without one in the body: %s", vp.VerdictJSON())
	}
	if _, ok := c["photo"]; ok {
		t.Errorf("photo without one in the body: %s", vp.VerdictJSON())
	}
	// Body keys 10 and 11 (FORMAT.md sections 2 and 6).
	withBirth := accepted("b", verifier.Employee, "Lee Ji-eun")
	withBirth.Credential.BirthYear = 1990
	withBirth.Credential.PhotoDigest = []byte("0123456789abcdef")
	c = members(record(t, l, checkin.Scan{Decision: withBirth, Venue: "arena"}))
	if string(c["birth_year"]) != "1990" || string(c["photo"]) != `"30313233343536373839616263646566"` {
		t.Errorf("birth_year %s, photo %s", c["birth_year"], c["photo"])
	}
	d := verifier.Decision{Accepted: true, Profile: verifier.ProfileDCC, DCC: &dcc.Certificate{
		Issuer: "DE", Type: dcc.TypeVaccination, IssuedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		ExpiresAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		Health: &dcc.HealthCertificate{Name: dcc.Name{GivenName: "Erika", FamilyName: "Mustermann"}, DateOfBirth: "1964-08-12",
			Vaccinations: []dcc.Vaccination{{ID: "URN:UVCI:01DE/A/1"}}},
	}}
	c = members(record(t, l, checkin.Scan{Decision: d, Venue: "arena"}))
	for m, want := range map[string]string{"type": `"vaccination"`, "name": `"Erika Mustermann"`, "sub": `"URN:UVCI:01DE/A/1"`,
		"exp": `"2027-01-01T00:00:00Z"`, "zones": "[]", "dob": `"1964-08-12"`, "country": `"DE"`} {
		if string(c[m]) != want {
			t.Errorf("DCC credential %s = %s, want %s", m, c[m], want)
		}
	}
}
