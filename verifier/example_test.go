package verifier_test

import (
	"crypto"
	"fmt"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

func Example() {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

	// An issuer key, and a trust list that trusts it, signed by an anchor.
	club, _ := issuer.GenerateKey(issuer.EdDSA)
	anchor, _ := issuer.GenerateKey(issuer.ES256)
	file, err := trustlist.Sign(&trustlist.Contents{
		Seq: 1, IssuedAt: now, NextUpdate: now.Add(7 * 24 * time.Hour), Expires: now.Add(30 * 24 * time.Hour),
		Issuers: []*trustlist.Issuer{{
			Kid: club.KeyID(), Key: club.Public(), Iss: "lions-fc", Name: "Lions Football Club",
			Types: []uint64{uint64(verifier.Membership), uint64(verifier.Ticket)},
		}},
	}, anchor)
	if err != nil {
		panic(err)
	}

	// At the gate: load the list with the pinned anchor, then verify codes.
	list, err := trustlist.Parse(file, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		panic(err)
	}
	v := verifier.New(list, verifier.Config{
		Zone: "NORTH",
		Now:  func() time.Time { return now },
	})

	card, _ := club.Issue(&verifier.Credential{
		Type: verifier.Membership, Iss: "lions-fc", Name: "Zoë Ångström", Tier: "Season",
		Zones: []string{"NORTH", "EAST"}, IssuedAt: now.Add(-time.Hour), Expires: now.Add(300 * 24 * time.Hour),
	})
	d := v.Verify(card)
	fmt.Println(d.Accepted, d.Credential.Name, d.Credential.Type, d.Issuer.Name)

	ticket, _ := club.Issue(&verifier.Credential{
		Type: verifier.Ticket, Iss: "lions-fc", Name: "Kim Min-jun", Event: "2026-11-29-LIONS-TIGERS",
		Zones: []string{"SOUTH"}, IssuedAt: now.Add(-time.Hour), Expires: now.Add(72 * time.Hour),
	})
	d = v.Verify(ticket)
	fmt.Println(d.Accepted, d.Reason)

	d = v.Verify("VP1:NOT-A-CREDENTIAL")
	fmt.Println(d.Accepted, d.Reason)
	// Output:
	// true Zoë Ångström membership Lions Football Club
	// false wrong_zone
	// false malformed
}
