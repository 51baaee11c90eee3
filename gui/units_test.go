package gui

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/verifier"
)

// Every reason of FORMAT.md section 5 has its own plain sentence.
func TestPlainReasonForEveryReason(t *testing.T) {
	now := testNow
	cred := &verifier.Credential{Type: verifier.Ticket, Name: "A", Event: "SPRING-2026",
		Expires: time.Date(2026, 5, 3, 12, 0, 0, 0, time.Local), NotBefore: time.Date(2026, 5, 20, 18, 30, 0, 0, time.Local)}
	g := gateInfo{Gate: "Gate B", Zone: "B", Now: now, TrustExpires: time.Date(2026, 5, 1, 0, 0, 0, 0, time.Local)}
	want := map[verifier.Reason]string{
		verifier.ReasonTrustListExpired:     "The trust list expired on 1 May: load a new one in admin",
		verifier.ReasonTooLarge:             "Too large to be a venuepass code",
		verifier.ReasonMalformed:            "Not a valid venuepass code (damaged, or another kind of QR code)",
		verifier.ReasonUnknownIssuer:        "Issued by an organisation this gate does not trust",
		verifier.ReasonBadSignature:         "Forged or altered code: the signature does not match",
		verifier.ReasonIssuerNotAllowed:     "The issuer may not issue this credential",
		verifier.ReasonNotYetValid:          "Not valid until 20 May 18:30",
		verifier.ReasonExpired:              "Expired on 3 May",
		verifier.ReasonRevoked:              "Revoked by the issuer: do not admit",
		verifier.ReasonSuspended:            "Suspended by the issuer: do not admit",
		verifier.ReasonStatusUnknown:        "Cannot check whether it was revoked: the trust list lacks its status list",
		verifier.ReasonTypeNotAccepted:      "Tickets are not accepted here",
		verifier.ReasonWrongEvent:           "Ticket for another event (SPRING-2026)",
		verifier.ReasonWrongZone:            "Not valid for Gate B",
		verifier.ReasonPresentationRequired: "Show the live code from the wallet app, not a screenshot or print",
		verifier.ReasonPresentationExpired:  "Live code out of date: refresh the wallet (check the phone's clock)",
		verifier.ReasonWrongVenue:           "This live code was made for another venue",
		verifier.ReasonReplay:               "This live code was already used: show a fresh one",
		verifier.ReasonAlreadyCheckedIn:     "Already checked in at 13:40, Gate A",
	}
	seen := map[string]bool{}
	for r, w := range want {
		v := verdict{Decision: verifier.Decision{Reason: r, Err: r, Credential: cred},
			Prior: &prior{Time: now.Add(-22 * time.Minute), Gate: "Gate A"}}
		got := plainReason(v, g)
		if got != w {
			t.Errorf("%s: %q, want %q", r, got, w)
		}
		if seen[got] {
			t.Errorf("%s: sentence %q used twice", r, got)
		}
		seen[got] = true
	}
	if len(want) != 19 {
		t.Fatalf("%d reasons covered, FORMAT.md section 5 has 19", len(want))
	}
	if got := plainReason(verdict{Decision: verifier.Decision{Reason: verifier.ReasonTrustListExpired}}, gateInfo{Now: now}); !strings.HasPrefix(got, "No trust list") {
		t.Errorf("no list: %q", got)
	}
	if got := day(time.Date(2027, 1, 2, 0, 0, 0, 0, time.Local), now); got != "2 Jan 2027" {
		t.Errorf("date in another year: %q", got)
	}
}

func TestWAV(t *testing.T) {
	lens := map[int]bool{}
	for _, s := range []sound{soundAccept, soundWarn, soundReject} {
		w := wav(s)
		if string(w[:4]) != "RIFF" || string(w[8:16]) != "WAVEfmt " || string(w[36:40]) != "data" {
			t.Fatalf("sound %d: not a WAV header", s)
		}
		if n := binary.LittleEndian.Uint32(w[40:]); int(n) != len(w)-44 || n == 0 {
			t.Fatalf("sound %d: data size %d of %d bytes", s, n, len(w))
		}
		d := time.Duration(len(w)-44) * time.Second / (2 * sampleRate)
		if d < 150*time.Millisecond || d > time.Second {
			t.Errorf("sound %d lasts %v", s, d)
		}
		lens[len(w)] = true
	}
	if len(lens) != 3 {
		t.Error("the sounds are not distinct")
	}
	// Without a player installed, or with one, Play returns at once.
	p := newPlayer(t.TempDir())
	start := time.Now()
	p.Play(soundReject)
	p.Play(soundAccept)
	if time.Since(start) > 200*time.Millisecond {
		t.Error("Play blocked")
	}
}

func TestDCCLines(t *testing.T) {
	c := &dcc.Certificate{Issuer: "AT", Type: dcc.TypeVaccination, Health: &dcc.HealthCertificate{
		Name: dcc.Name{FamilyNameStd: "MUSTERFRAU", GivenNameStd: "GABRIELE"}, DateOfBirth: "1998-02-26"}}
	name, kind, details := dccLines(c)
	if name != "GABRIELE MUSTERFRAU" || !strings.HasPrefix(kind, "EU Digital COVID Certificate") ||
		!strings.HasSuffix(kind, "AT") || details != "Born 1998-02-26" {
		t.Errorf("%q %q %q", name, kind, details)
	}
}

// A DCC code outside the EU value sets is shown to staff naming the field
// and the value.
func TestDCCUnknownValueWords(t *testing.T) {
	c := &dcc.Certificate{Type: dcc.TypeVaccination, Health: &dcc.HealthCertificate{Version: "1.3.0",
		Vaccinations: []dcc.Vaccination{{Target: "840539006", Vaccine: "J07BX03", Product: "EU/1/21/1529",
			Manufacturer: "ORG-99999999", Country: "PL"}}}}
	v := verdict{Decision: verifier.Decision{Accepted: true, Warnings: []string{dcc.WarnUnknownValue}, DCC: c}}
	got := plainWarning(dcc.WarnUnknownValue, v, gateInfo{Now: time.Now()})
	if got != `Check the certificate by hand: vaccine manufacturer "ORG-99999999" is not a known EU code` {
		t.Errorf("got %q", got)
	}
}
