// Package demo makes realistic, reproducible credentials for the printing
// tests and previews: Korean and accented Latin names, signed with a fixed
// EdDSA key so that the same inputs give the same QR codes every run.
package demo

import (
	"crypto/ed25519"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/verifier"
)

// KST is the venues' time zone, fixed so that no tz database is needed.
var KST = time.FixedZone("KST", 9*3600)

// Now is the fixed issue time.
var Now = time.Date(2026, 3, 2, 9, 0, 0, 0, KST)

// Key is the demo issuer key, the same every run.
func Key() *issuer.Key {
	seed := sha256.Sum256([]byte("venuepass printing demo issuer"))
	k, err := issuer.NewKey(ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		panic(err)
	}
	return k
}

// Issue signs c with Key, with a CTI derived from tag, and returns the item.
func Issue(k *issuer.Key, tag string, c verifier.Credential) (printing.Item, error) {
	cti := sha256.Sum256([]byte(tag))
	c.CTI = cti[:16]
	c.IssuedAt = Now
	if c.Iss == "" {
		c.Iss = "hanbit-robotics"
	}
	text, err := k.Issue(&c)
	if err != nil {
		return printing.Item{}, err
	}
	return printing.Item{Text: text, Credential: c}, nil
}

// Set holds one example of each layout.
type Set struct {
	Badge, Certificate, Membership, Ticket printing.Item
	Attendees                              []printing.Item
	Staff                                  []printing.Item
}

// staff are the demo employees: name, job title, zones.
var staff = [][3]string{
	{"김민준", "Senior Firmware Engineer", "HQ-MAIN;LAB-2"},
	{"이서연", "Head of Security Operations", "HQ-MAIN;DC-1;ROOF"},
	{"Zoë Ångström", "Industrial Designer", "HQ-MAIN"},
	{"박지훈", "Facilities Technician", "HQ-MAIN;PLANT"},
	{"José Núñez", "Field Service Engineer", "HQ-MAIN;LAB-2;PLANT"},
	{"최유나", "Product Manager", "HQ-MAIN"},
	{"Søren Kierkegaard-Ørsted", "Principal Robotics Researcher", "HQ-MAIN;LAB-1;LAB-2"},
	{"Łucja Wiśniewska", "Quality Assurance Lead", "HQ-MAIN;PLANT"},
	{"정하은", "Receptionist", "HQ-MAIN"},
	{"Nguyễn Thị Minh Khai", "Supply Chain Analyst", "HQ-MAIN"},
}

// TicketTitle is the event name printed on the demo ticket.
const TicketTitle = "KBO Korean Series 2026 · Game 7"

// TicketTitleKO is the event name on the Korean demo ticket.
const TicketTitleKO = "2026 KBO 한국시리즈 7차전"

// GameStart is when the demo ticket's game starts.
var GameStart = time.Date(2026, 10, 31, 18, 30, 0, 0, KST)

// CodesTitleKO is the heading of the Korean demo codes sheet.
const CodesTitleKO = "한빛 테크 데이 2026 · 등록 데스크"

// CodesTitle is the heading of the demo codes sheet.
const CodesTitle = "Hanbit Tech Day 2026 · Registration desk"

// Attendees are the names on the demo codes sheet.
var Attendees = []string{
	"김민준", "이서연", "박지훈", "최유나", "Zoë Ångström", "José Núñez",
	"Søren Kierkegaard-Ørsted", "Łucja Wiśniewska", "Nguyễn Thị Minh Khai",
	"Ελένη Παπαδοπούλου", "Анна Смирнова", "윤서아", "Aoife Ní Bhriain",
	"Ólafur Ragnarsson", "Chloé Dubois", "Björn Lindqvist", "정하은", "강도윤",
}

// Make builds the demo set; photo is a photo file for the badge ("" for none).
func Make(photo string) (*Set, error) {
	k := Key()
	var s Set
	var err error
	if s.Badge, err = Issue(k, "badge", verifier.Credential{
		Type: verifier.Employee, Name: "김민준", Org: "Hanbit Robotics Co.",
		Title: "Senior Firmware Engineer", Number: "E-1042", Sub: "E-1042",
		Zones:   []string{"HQ-MAIN", "LAB-2"},
		Expires: time.Date(2027, 4, 1, 0, 0, 0, 0, KST),
	}); err != nil {
		return nil, err
	}
	s.Badge.Photo = photo
	if s.Certificate, err = Issue(k, "certificate", verifier.Credential{
		Type: verifier.Certificate, Name: "Zoë Ångström", Org: "Nordlys Medical AB",
		Title: "Radiation Safety Officer, Level II", Number: "RSO-2026-0187",
		Expires: time.Date(2029, 1, 1, 0, 0, 0, 0, KST),
	}); err != nil {
		return nil, err
	}
	if s.Membership, err = Issue(k, "membership", verifier.Credential{
		Type: verifier.Membership, Name: "François Müller-Lüdenscheidt", Org: "Club Atlético Río de la Plata",
		Tier: "Gold", Number: "M-004721", Zones: []string{"POOL", "GYM", "LOUNGE"},
		Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, KST),
	}); err != nil {
		return nil, err
	}
	if s.Ticket, err = Issue(k, "ticket", verifier.Credential{
		Type: verifier.Ticket, Name: "박지훈", Org: "Jamsil Baseball Stadium",
		Event: "KBO-KS-2026-G7", Seat: "Block 112 · Row F · 14", Zones: []string{"Gate 3"},
		NotBefore: time.Date(2026, 10, 31, 16, 30, 0, 0, KST),
		Expires:   time.Date(2026, 10, 31, 23, 30, 0, 0, KST),
	}); err != nil {
		return nil, err
	}
	for i, name := range Attendees {
		it, err := Issue(k, fmt.Sprint("attendee", i), verifier.Credential{
			Type: verifier.Ticket, Name: name, Org: "Hanbit Tech Day",
			Event: "HTD-2026", Number: fmt.Sprintf("A-%04d", 101+i),
			NotBefore: time.Date(2026, 5, 14, 8, 0, 0, 0, KST),
			Expires:   time.Date(2026, 5, 14, 19, 0, 0, 0, KST),
		})
		if err != nil {
			return nil, err
		}
		s.Attendees = append(s.Attendees, it)
	}
	for i, st := range staff {
		it, err := Issue(k, fmt.Sprint("staff", i), verifier.Credential{
			Type: verifier.Employee, Name: st[0], Org: "Hanbit Robotics Co.",
			Title: st[1], Number: fmt.Sprintf("E-%04d", 1042+37*i), Zones: strings.Split(st[2], ";"),
			Expires: time.Date(2027, 4, 1, 0, 0, 0, 0, KST),
		})
		if err != nil {
			return nil, err
		}
		if i%3 == 0 {
			it.Photo = photo
		}
		s.Staff = append(s.Staff, it)
	}
	return &s, nil
}

// Batch returns n distinct tickets, for batch tests.
func Batch(n int) ([]printing.Item, error) {
	k := Key()
	items := make([]printing.Item, n)
	for i := range items {
		var err error
		items[i], err = Issue(k, fmt.Sprint("batch", i), verifier.Credential{
			Type: verifier.Ticket, Name: Attendees[i%len(Attendees)], Org: "Jamsil Baseball Stadium",
			Event: "KBO-KS-2026-G7", Seat: fmt.Sprintf("Block %d · Row %c · %d", 101+i/400%30, 'A'+rune(i/20%20), 1+i%20),
			Zones:     []string{fmt.Sprintf("Gate %d", 1+i%6)},
			NotBefore: time.Date(2026, 10, 31, 16, 30, 0, 0, KST),
			Expires:   time.Date(2026, 10, 31, 23, 30, 0, 0, KST),
		})
		if err != nil {
			return nil, err
		}
	}
	return items, nil
}

// WritePhoto writes a placeholder portrait (a head-and-shoulders silhouette)
// as a PNG file, so that the demo needs no real person's photo.
func WritePhoto(path string) error {
	const w, h = 600, 800
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := func(y int) color.RGBA {
		t := float64(y) / h
		return color.RGBA{uint8(206 - 30*t), uint8(218 - 28*t), uint8(232 - 20*t), 255}
	}
	skin := color.RGBA{0x8f, 0x9b, 0xad, 255}
	coat := color.RGBA{0x2c, 0x3e, 0x5c, 255}
	for y := range h {
		for x := range w {
			c := bg(y)
			dx, dy := float64(x-w/2), float64(y-330)
			if dx*dx/(130*130)+dy*dy/(165*165) <= 1 {
				c = skin
			}
			sx, sy := float64(x-w/2), float64(y-h-60)
			if y > 470 && sx*sx/(290*290)+sy*sy/(330*330) <= 1 {
				c = coat
			}
			img.SetRGBA(x, y, c)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
