package gui

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/trustlist/draft"
	"github.com/venuepass/venuepass/verifier"
	"github.com/venuepass/venuepass/wallet"
)

// Demo is a self-contained set of keys, trust lists and credentials made at
// start, so that a newcomer can try the kiosk with no setup: a throwaway
// anchor pins the demo trust list, and sample codes give every kind of
// verdict.
type Demo struct {
	// AnchorPEM is the demo trust anchor's public key.
	anchorPEM string
	// TrustList is the signed demo list (seq 1, fresh).
	TrustList []byte
	// Dir holds the files written for the newcomer: the sample codes as
	// PNG and text, the anchor, and trust lists to try loading in admin
	// (trust-seq2-stale.vptl is past its next update; loading trust.vptl
	// after it is refused as a rollback; trust-seq3.vptl is fresh again).
	dir string
	// Samples are the demo codes, in the order the strip shows them.
	samples []sample
	// Settings are the demo gate's settings.
	Settings Settings
	// PIN is the demo admin PIN.
	pin string
}

// sample is one demo code.
type sample struct {
	Label  string // short caption
	Expect string // what it shows: "accept", "reject", "warn"
	text   string
	live   func(now time.Time) (string, error)
}

// Text returns the code's QR text as of now (live wallet codes are made
// anew each time).
func (s *sample) Text(now time.Time) (string, error) {
	if s.live != nil {
		return s.live(now)
	}
	return s.text, nil
}

// Demo gate: City Arena, gate B, the cup final.
const (
	demoVenue = "city-arena"
	demoEvent = "FINAL-2026"
	demoPIN   = "1234"
)

// NewDemo makes the demo keys, lists and credentials as of now and writes
// the newcomer's files into dir (which must exist).
func NewDemo(dir string, now time.Time) (*Demo, error) {
	now = now.Truncate(time.Second)
	day := 24 * time.Hour
	anchor, err := issuer.GenerateKey(issuer.ES256)
	if err != nil {
		return nil, err
	}
	arena, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		return nil, err
	}
	holder, err := issuer.GenerateKey(issuer.ES256)
	if err != nil {
		return nil, err
	}
	const org = "City Arena"
	issued := now.Add(-2 * time.Hour)
	var revoked []byte
	// The steward's photo, in the demo's photo store; the badge carries
	// its digest (body key 11) and a birth year (body key 10).
	photo, err := demoPhoto()
	if err != nil {
		return nil, err
	}
	creds := []struct {
		label, expect, file string
		c                   *verifier.Credential
		garble, revoke      bool
	}{
		{"Season member", "accept", "member", &verifier.Credential{Type: verifier.Membership, Name: "Sam Carter",
			Tier: "Season", Number: "0007", Sub: "M-0007", Expires: now.Add(180 * day)}, false, false},
		{"Final ticket", "accept", "ticket", &verifier.Credential{Type: verifier.Ticket, Name: "Lee Ji-woo",
			Event: demoEvent, Seat: "Block B, row 4, seat 14", Zones: []string{"B"}, Sub: "T-88120",
			Expires: now.Add(30 * day)}, false, false},
		{"Steward badge", "accept", "badge", &verifier.Credential{Type: verifier.Employee, Name: "Alex Martin",
			Title: "Steward", Zones: []string{"A", "B", "C"}, Sub: "E-1042", Expires: now.Add(365 * day),
			BirthYear: 1991, PhotoDigest: credential.PhotoDigest(photo)}, false, false},
		{"Gate A ticket", "reject", "ticket-gate-a", &verifier.Credential{Type: verifier.Ticket, Name: "Noor Haddad",
			Event: demoEvent, Seat: "Block A, row 1, seat 3", Zones: []string{"A"}, Sub: "T-88121",
			Expires: now.Add(30 * day)}, false, false},
		{"Expired card", "reject", "expired", &verifier.Credential{Type: verifier.Membership, Name: "Maria Rossi",
			Tier: "Season", Number: "0412", Sub: "M-0412", IssuedAt: now.Add(-200 * day),
			Expires: now.Add(-20 * day)}, false, false},
		{"Revoked badge", "reject", "revoked", &verifier.Credential{Type: verifier.Employee, Name: "Pat Jones",
			Title: "Caterer", Sub: "E-0999", Expires: now.Add(365 * day)}, false, true},
		{"Wrong layout", kindService, "garbled", &verifier.Credential{Type: verifier.Membership, Name: "Sam Carter",
			Tier: "Season", Number: "0007", Sub: "M-0007", Expires: now.Add(180 * day)}, true, false},
		// A Korean holder, so that every screen shows Hangul too.
		{"Korean ticket", "accept", "ticket-ko", &verifier.Credential{Type: verifier.Ticket, Name: "김민준",
			Event: demoEvent, Seat: "B블록 4열 15번", Zones: []string{"B"}, Sub: "T-88122",
			Expires: now.Add(30 * day)}, false, false},
	}
	d := &Demo{dir: dir, pin: demoPIN}
	for _, x := range creds {
		x.c.Iss, x.c.Org = demoVenue, org
		if x.c.IssuedAt.IsZero() {
			x.c.IssuedAt = issued
		}
		text, err := arena.Issue(x.c)
		if err != nil {
			return nil, fmt.Errorf("demo %s: %w", x.file, err)
		}
		if x.revoke {
			revoked = x.c.CTI
		}
		if x.garble {
			text = garbleGerman(text)
		}
		d.samples = append(d.samples, sample{Label: x.label, Expect: x.expect, text: text})
	}
	// A ticket bound to the holder's phone: the wallet shows a new code
	// every few seconds, so each tap makes a fresh one.
	bound := &verifier.Credential{Iss: demoVenue, Org: org, Type: verifier.Ticket, Name: "Kim Min-jun",
		Event: demoEvent, Seat: "Block B, row 9, seat 2", Zones: []string{"B"}, Sub: "T-88200",
		IssuedAt: issued, Expires: now.Add(30 * day), HolderKey: holder.Public()}
	boundText, err := arena.Issue(bound)
	if err != nil {
		return nil, err
	}
	live := sample{Label: "Wallet (live)", Expect: "accept", live: func(t time.Time) (string, error) {
		return wallet.Present(holder, boundText, t, demoVenue)
	}}
	d.samples = append(d.samples[:3], append([]sample{live}, d.samples[3:]...)...)

	// The lists are signed from a trust list draft, as an issuer keeps
	// one: seq 1, 2 and 3 in turn.
	list := draft.New()
	entry, err := draft.NewIssuer(arena.Public(), demoVenue, org, nil, now.Add(-365*day), time.Time{})
	if err != nil {
		return nil, err
	}
	if err := list.AddIssuer(entry); err != nil {
		return nil, err
	}
	list.Revoke(hex.EncodeToString(revoked))
	sign := func(iat time.Time) ([]byte, error) {
		data, _, err := list.Sign(anchor, iat, iat.Add(7*day), iat.Add(30*day))
		return data, err
	}
	if d.TrustList, err = sign(now.Add(-time.Hour)); err != nil {
		return nil, err
	}
	stale, err := sign(now.Add(-10 * day))
	if err != nil {
		return nil, err
	}
	fresh, err := sign(now.Add(-time.Minute))
	if err != nil {
		return nil, err
	}
	// Newest, but signed 40 days ago: past its expiry (30 days).
	expired, err := sign(now.Add(-40 * day))
	if err != nil {
		return nil, err
	}
	pemKey, err := issuer.MarshalPublicKey(anchor.Public())
	if err != nil {
		return nil, err
	}
	d.anchorPEM = string(pemKey)

	s := defaultSettings()
	s.Venue, s.Gate, s.Zone, s.Event = demoVenue, "Gate B", "B", demoEvent
	s.Anchors = []string{d.anchorPEM}
	s.TrustListName = "demo trust.vptl"
	if s.PIN, err = hashPIN(demoPIN); err != nil {
		return nil, err
	}
	s.PhotoDir = filepath.Join(dir, "photos")
	d.Settings = s

	files := map[string][]byte{
		"anchor.pub":              pemKey,
		"trust.vptl":              d.TrustList,
		"trust-seq2-stale.vptl":   stale,
		"trust-seq3.vptl":         fresh,
		"trust-seq4-expired.vptl": expired,
	}
	var readme strings.Builder
	readme.WriteString("venuepass-kiosk demo files\n\nSample codes (show a PNG to the camera, open it with \"Open image\", or type the .txt with a scanner):\n")
	for i := range d.samples {
		sm := &d.samples[i]
		text, err := sm.Text(now)
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("%02d-%s", i+1, fileSafe(sm.Label))
		var png bytes.Buffer
		if err := qr.PNG(&png, text, qr.RenderOptions{Scale: 6}); err != nil {
			return nil, err
		}
		files[name+".png"] = png.Bytes()
		files[name+".txt"] = []byte(text + "\n")
		fmt.Fprintf(&readme, "  %s.png  %s (%s)\n", name, sm.Label, sm.Expect)
	}
	readme.WriteString("\nTrust lists to load in admin (PIN " + demoPIN + "):\n" +
		"  trust-seq2-stale.vptl  newer, but past its next update: verdicts turn amber\n" +
		"  trust.vptl             seq 1: refused after seq 2 (rollback)\n" +
		"  trust-seq3.vptl        fresh again\n" +
		"  trust-seq4-expired.vptl newest, but expired: refused, the kiosk stays on seq 3\n")
	files["README.txt"] = []byte(readme.String())
	if err := os.MkdirAll(filepath.Join(dir, "photos"), 0o755); err != nil {
		return nil, err
	}
	files[filepath.Join("photos", "E-1042.jpg")] = photo
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// garbleGerman types text as a US-layout scanner does on a German host:
// the punctuation of Base45 lands on other characters.
func garbleGerman(text string) string {
	r := strings.NewReplacer(":", "Ö", "*", "(", "/", "-", "-", "ß", "+", "´", "Y", "Z", "Z", "Y")
	return r.Replace(text)
}

func fileSafe(s string) string {
	s = strings.ToLower(s)
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.NewReplacer("(", "", ")", "").Replace(s))
}

// demoPhoto draws a passport-style placeholder portrait (a grey head and
// shoulders on blue), as a JPEG.
func demoPhoto() ([]byte, error) {
	const w, h = 240, 320
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := color.RGBA{R: 0x9c, G: 0xb8, B: 0xd8, A: 0xff}
	fg := color.RGBA{R: 0x4a, G: 0x4f, B: 0x58, A: 0xff}
	for y := range h {
		for x := range w {
			c := bg
			dx, dy := float64(x-w/2), float64(y-125)
			if dx*dx/(55*55)+dy*dy/(70*70) <= 1 { // head
				c = fg
			}
			sy := float64(y - 320)
			if dx*dx/(110*110)+sy*sy/(120*120) <= 1 { // shoulders
				c = fg
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
