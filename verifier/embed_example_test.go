package verifier_test

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

// Embedding the verifier in gate software, as README.md shows it: the
// lines between the README markers are the README's Go block, word for
// word (internal/repotest checks that they agree).
func Example_embedding() {
	dir, scanned := embeddingFiles()
	defer os.RemoveAll(dir)
	wd, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(wd)

	for _, scannedText := range scanned {
		// README begin
		list, err := trustlist.LoadFile("trust.vptl", []string{"anchor.key.pub"}, trustlist.StateFile("kiosk.state")) // rollback guard
		if err != nil {
			log.Fatal(err) // no usable trust list: the gate stays closed
		}
		v := verifier.New(list, verifier.Config{Zone: "HQ-MAIN", Types: []verifier.Type{verifier.Employee}})
		d := v.Verify(scannedText)
		if d.Accepted {
			fmt.Println("open:", d.Credential.Name)
		} else {
			fmt.Println(explain.English.Line(d, ""))
		}
		// README end
	}
	// Output:
	// open: Kim Min-jun
	// REJECT  wrong_zone: not valid for this zone (not valid for HQ-MAIN)  (Lee Ji-woo, employee)
	// REJECT  malformed: not a venuepass code, or a damaged one
}

// embeddingFiles writes what 'venuepass keygen', 'trust sign' and 'issue'
// would have made into a new folder: trust.vptl and anchor.key.pub, and
// returns it with three scanned codes.
func embeddingFiles() (string, []string) {
	dir, err := os.MkdirTemp("", "venuepass-example")
	if err != nil {
		panic(err)
	}
	now := time.Now()
	acme, _ := issuer.GenerateKey(issuer.EdDSA)
	anchor, _ := issuer.GenerateKey(issuer.ES256)
	file, err := trustlist.Sign(&trustlist.Contents{
		Seq: 1, IssuedAt: now, NextUpdate: now.Add(7 * 24 * time.Hour), Expires: now.Add(30 * 24 * time.Hour),
		Issuers: []*trustlist.Issuer{{Kid: acme.KeyID(), Key: acme.Public(), Iss: "acme-corp", Name: "ACME Corporation"}},
	}, anchor)
	if err != nil {
		panic(err)
	}
	pub, err := issuer.MarshalPublicKey(anchor.Public())
	if err != nil {
		panic(err)
	}
	if os.WriteFile(dir+"/trust.vptl", file, 0o644) != nil || os.WriteFile(dir+"/anchor.key.pub", pub, 0o644) != nil {
		panic("cannot write the example files")
	}
	var codes []string
	for _, c := range []struct{ name, zone string }{{"Kim Min-jun", "HQ-MAIN"}, {"Lee Ji-woo", "LAB-2"}} {
		code, err := acme.Issue(&verifier.Credential{Type: verifier.Employee, Iss: "acme-corp", Name: c.name,
			Zones: []string{c.zone}, IssuedAt: now.Add(-time.Hour), Expires: now.Add(365 * 24 * time.Hour)})
		if err != nil {
			panic(err)
		}
		codes = append(codes, code)
	}
	return dir, append(codes, "VP1:NOT-A-CREDENTIAL")
}
