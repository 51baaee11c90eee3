package explain_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/verifier"
)

var (
	loc = time.FixedZone("KST", 9*3600)
	now = time.Date(2026, 6, 13, 14, 30, 0, 0, loc)
	en  = explain.English
)

// allReasons are the 19 reasons of FORMAT.md section 5.
var allReasons = []verifier.Reason{
	verifier.ReasonTrustListExpired, verifier.ReasonTooLarge, verifier.ReasonMalformed,
	verifier.ReasonUnknownIssuer, verifier.ReasonBadSignature, verifier.ReasonIssuerNotAllowed,
	verifier.ReasonNotYetValid, verifier.ReasonExpired, verifier.ReasonRevoked, verifier.ReasonSuspended,
	verifier.ReasonStatusUnknown, verifier.ReasonTypeNotAccepted, verifier.ReasonWrongEvent,
	verifier.ReasonWrongZone, verifier.ReasonPresentationRequired, verifier.ReasonPresentationExpired,
	verifier.ReasonWrongVenue, verifier.ReasonReplay, verifier.ReasonAlreadyCheckedIn,
}

// English has a kiosk sentence and staff words of its own for every
// reason, each different from the others.
func TestEnglishComplete(t *testing.T) {
	sentences, staff := map[string]bool{}, map[string]bool{}
	for _, r := range allReasons {
		s := en.Reason(verifier.Decision{Reason: r, Err: r}, nil, explain.Gate{Now: now, TrustExpires: now})
		w := en.StaffWords(r)
		if s == "" || strings.HasPrefix(s, "Rejected") || w == string(r) {
			t.Errorf("%s: no words (kiosk %q, staff %q)", r, s, w)
		}
		if sentences[s] || staff[w] {
			t.Errorf("%s: words used twice: %q / %q", r, s, w)
		}
		sentences[s], staff[w] = true, true
	}
	if len(allReasons) != 19 {
		t.Fatal("FORMAT.md section 5 has 19 reasons")
	}
}

func TestReasonParameters(t *testing.T) {
	cr := &verifier.Credential{Type: verifier.Ticket, Event: "FINAL-2026",
		Expires: time.Date(2026, 5, 3, 12, 0, 0, 0, loc), NotBefore: time.Date(2026, 6, 13, 18, 30, 0, 0, loc)}
	g := explain.Gate{Gate: "Gate B", Now: now, Location: loc}
	for r, want := range map[verifier.Reason]string{
		verifier.ReasonExpired:         "Expired on 3 May",
		verifier.ReasonNotYetValid:     "Not valid until 18:30",
		verifier.ReasonTypeNotAccepted: "Tickets are not accepted here",
		verifier.ReasonWrongEvent:      "Ticket for another event (FINAL-2026)",
		verifier.ReasonWrongZone:       "Not valid for Gate B",
	} {
		if got := en.Reason(verifier.Decision{Reason: r, Credential: cr}, nil, g); got != want {
			t.Errorf("%s: %q, want %q", r, got, want)
		}
	}
	cr.Expires = time.Date(2025, 12, 31, 23, 0, 0, 0, loc)
	if got := en.Reason(verifier.Decision{Reason: verifier.ReasonExpired, Credential: cr}, nil, g); got != "Expired on 31 Dec 2025" {
		t.Errorf("last year: %q", got)
	}
	g.Gate = ""
	if got := en.Reason(verifier.Decision{Reason: verifier.ReasonWrongZone}, nil, g); got != "Not valid for this gate" {
		t.Errorf("no gate: %q", got)
	}
	if got := en.Reason(verifier.Decision{Reason: "new_reason", Err: errors.New("why")}, nil, g); got != "Rejected: why" {
		t.Errorf("unknown reason: %q", got)
	}
}

// "Already checked in at 14:02, gate 3", as the issue asks.
func TestPassback(t *testing.T) {
	g := explain.Gate{Now: now, Location: loc}
	at := time.Date(2026, 6, 13, 14, 2, 0, 0, loc)
	for _, tc := range []struct {
		p    explain.Prior
		want string
	}{
		{explain.Prior{Time: at, Gate: "3"}, "Already checked in at 14:02, gate 3"},
		{explain.Prior{Time: at, Gate: "Gate B", Used: true}, "Ticket already used at 14:02, Gate B"},
		{explain.Prior{Time: at.Add(-24 * time.Hour)}, "Already checked in on 12 Jun 14:02"},
		{explain.Prior{Time: at.UTC(), Gate: "3"}, "Already checked in at 14:02, gate 3"},
	} {
		if got := en.Passback(tc.p, g); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
		d := verifier.Decision{Reason: verifier.ReasonAlreadyCheckedIn}
		if got := en.Reason(d, &tc.p, g); got != tc.want {
			t.Errorf("Reason: %q, want %q", got, tc.want)
		}
	}
	p := explain.Prior{Time: at, Gate: "3"}
	if got := en.Warning(explain.WarnSoftPassback, verifier.Decision{}, &p, g); got != "Already went in at 14:02, gate 3" {
		t.Errorf("soft passback warning %q", got)
	}
	if got := en.Warning("some_new_warning", verifier.Decision{}, nil, g); got != "some new warning" {
		t.Errorf("unknown warning %q", got)
	}
}

func TestStaffLine(t *testing.T) {
	cr := &verifier.Credential{Type: verifier.Employee, Name: "Kim Min-jun", Org: "ACME"}
	d := verifier.Decision{Accepted: true, Credential: cr, Warnings: []string{verifier.WarnTrustListStale}}
	if got := en.Line(d, ""); got != "ACCEPT  Kim Min-jun, employee, ACME  warning: the trust list is stale, fetch a newer one" {
		t.Errorf("accept: %q", got)
	}
	err := verifier.Reject(verifier.ReasonWrongZone, "not valid for ROOF")
	d = verifier.Decision{Reason: verifier.ReasonWrongZone, Err: err, Credential: cr}
	if got := en.Line(d, ""); got != "REJECT  wrong_zone: not valid for this zone (not valid for ROOF)  (Kim Min-jun, employee, ACME)" {
		t.Errorf("reject: %q", got)
	}
	d = verifier.Decision{Reason: verifier.ReasonAlreadyCheckedIn, Credential: cr}
	if got := en.Line(d, "Already checked in at 09:00, gate 1"); got != "REJECT  already_checked_in: Already checked in at 09:00, gate 1  (Kim Min-jun, employee, ACME)" {
		t.Errorf("passback: %q", got)
	}
	d = verifier.Decision{Accepted: true, Credential: cr, Warnings: []string{explain.WarnSoftPassback}}
	if got := en.Line(d, "Already checked in at 09:00, gate 1"); !strings.HasSuffix(got, "warning: already inside, let through (soft anti-passback): Already checked in at 09:00, gate 1") {
		t.Errorf("soft: %q", got)
	}
	if got := en.Line(verifier.Decision{Reason: verifier.ReasonMalformed}, ""); got != "REJECT  malformed: not a venuepass code, or a damaged one" {
		t.Errorf("malformed: %q", got)
	}
}

// A language plugs in as a catalogue; what it lacks comes from English.
func TestAnotherLanguage(t *testing.T) {
	explain.Register(&explain.Catalogue{Lang: "eo", Messages: map[explain.Key]string{
		"reason.revoked":            "Nuligita de la eldoninto",
		"passback.checked_in.today": "Jam eniris je {time}",
		explain.LayoutDay:           "2.1.",
		"reason.expired.on":         "Eksvalidiĝis je {day}",
	}})
	eo := explain.For("eo-XX")
	if eo.Lang != "eo" || explain.For("fr") != explain.English || explain.For("ko-KR") != explain.Korean {
		t.Fatalf("For: %q", eo.Lang)
	}
	g := explain.Gate{Now: now, Location: loc}
	if got := eo.Reason(verifier.Decision{Reason: verifier.ReasonRevoked}, nil, g); got != "Nuligita de la eldoninto" {
		t.Errorf("revoked: %q", got)
	}
	p := explain.Prior{Time: time.Date(2026, 6, 13, 14, 2, 0, 0, loc)}
	if got := eo.Passback(p, g); got != "Jam eniris je 14:02" {
		t.Errorf("passback: %q", got)
	}
	cr := &verifier.Credential{Expires: time.Date(2026, 5, 3, 12, 0, 0, 0, loc)}
	if got := eo.Reason(verifier.Decision{Reason: verifier.ReasonExpired, Credential: cr}, nil, g); got != "Eksvalidiĝis je 3.5." {
		t.Errorf("expired: %q", got)
	}
	// Missing from eo: English.
	if got := eo.Reason(verifier.Decision{Reason: verifier.ReasonReplay}, nil, g); got != "This live code was already used: show a fresh one" {
		t.Errorf("fallback: %q", got)
	}
	if got := eo.Text("no.such.key", nil); got != "no.such.key" {
		t.Errorf("unknown key: %q", got)
	}
	if langs := explain.Languages(); strings.Join(langs, ",") != "en,eo,ko" {
		t.Errorf("languages %v", langs)
	}
}

func TestJSON(t *testing.T) {
	cr := &verifier.Credential{Type: verifier.Ticket, Name: "Lee", CTI: []byte{1, 2, 3, 4, 5, 6, 7, 8},
		IssuedAt: time.Unix(1790000000, 0), Expires: time.Unix(1790003600, 0), Status: &verifier.StatusRef{URI: "u", Idx: 7}}
	data, err := json.Marshal(explain.JSON(verifier.Decision{Accepted: true, Credential: cr}))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"accepted":true,"reason":null,"warnings":[],"profile":"vp","credential":{"type":"ticket","name":"Lee","org":"","sub":"","cti":"0102030405060708","exp":"2026-09-21T15:13:20Z","zones":[],"iat":"2026-09-21T14:13:20Z","status_uri":"u","status_idx":7},"input":""}`
	if string(data) != want {
		t.Errorf("accepted:\n got %s\nwant %s", data, want)
	}
	cr.BirthYear, cr.PhotoDigest = 1990, []byte{0xab, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	data, _ = json.Marshal(explain.JSON(verifier.Decision{Accepted: true, Credential: cr}))
	if want := `"status_idx":7,"birth_year":1990,"photo":"ab0102030405060708090a0b0c0d0e0f"}`; !strings.Contains(string(data), want) {
		t.Errorf("birth year and photo:\n got %s\nwant ...%s", data, want)
	}
	data, _ = json.Marshal(explain.JSON(verifier.Decision{Reason: verifier.ReasonMalformed, Err: errors.New("bad base45")}))
	if want := `{"accepted":false,"reason":"malformed","warnings":[],"profile":"vp","detail":"bad base45","input":""}`; string(data) != want {
		t.Errorf("rejected:\n got %s\nwant %s", data, want)
	}
}
