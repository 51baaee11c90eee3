package draft_test

import (
	"crypto"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/trustlist/draft"
)

// An issuer's backend keeps the draft, adds an issuer key and a status
// list, hands out a status index, and signs the list kiosks load.
func Example() {
	dir, _ := os.MkdirTemp("", "draft-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "trust.json")
	anchor, _ := issuer.GenerateKey(issuer.ES256)
	acme, _ := issuer.GenerateKey(issuer.EdDSA)
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

	if err := draft.Create(path); err != nil {
		panic(err)
	}
	var signed []byte
	err := draft.Edit(path, func(d *draft.Draft) error {
		e, err := draft.NewIssuer(acme.Public(), "acme-corp", "ACME Corporation", []string{"employee"}, time.Time{}, time.Time{})
		if err != nil {
			return err
		}
		if err := d.AddIssuer(e); err != nil {
			return err
		}
		if err := d.AddStatusList("https://acme.example/status/1", 2, draft.DefaultStatusSize); err != nil {
			return err
		}
		idx := d.StatusList("https://acme.example/status/1").Allocate()
		fmt.Println("status index", idx)
		signed, _, err = d.Sign(anchor, now, now.Add(7*24*time.Hour), now.Add(30*24*time.Hour))
		return err
	})
	if err != nil {
		panic(err)
	}
	l, err := trustlist.Load(signed, []crypto.PublicKey{anchor.Public()}, trustlist.NoGuard)
	if err != nil {
		panic(err)
	}
	fmt.Println("seq", l.Seq, "issuer", l.Issuers[0].Name)
	// Output:
	// status index 0
	// seq 1 issuer ACME Corporation
}
