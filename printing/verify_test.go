package printing_test

import (
	"crypto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

func TestVerifyItemsAndPhotos(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	anchor, _ := issuer.GenerateKey(issuer.ES256)
	acme, _ := issuer.GenerateKey(issuer.EdDSA)
	issue := func(c *verifier.Credential) string {
		c.Iss, c.Type = "acme", verifier.Employee
		if c.IssuedAt.IsZero() {
			c.IssuedAt = now.Add(-time.Hour)
		}
		text, err := acme.Issue(c)
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	good := issue(&verifier.Credential{Name: "Kim", Sub: "E-1", Expires: now.Add(time.Hour)})
	old := issue(&verifier.Credential{Name: "Old", Sub: "../E-2", IssuedAt: now.Add(-3 * time.Hour), Expires: now.Add(-time.Hour)})
	revoked := &verifier.Credential{Name: "Gone", Expires: now.Add(time.Hour)}
	gone := issue(revoked)
	data, err := trustlist.Sign(&trustlist.Contents{Seq: 1, IssuedAt: now, NextUpdate: now.Add(time.Hour), Expires: now.Add(2 * time.Hour),
		Issuers: []*trustlist.Issuer{{Iss: "acme", Name: "ACME", Kid: acme.KeyID(), Key: acme.Public()}}, Revoked: [][]byte{revoked.CTI}}, anchor)
	if err != nil {
		t.Fatal(err)
	}
	l, err := trustlist.Load(data, []crypto.PublicKey{anchor.Public()}, trustlist.NoGuard)
	if err != nil {
		t.Fatal(err)
	}
	v := verifier.New(l, verifier.Config{Now: func() time.Time { return now }})

	// Fields come from the verified credential, not from the item.
	items := []printing.Item{{Text: good, Credential: verifier.Credential{Name: "Forged Name"}}, {Text: old}}
	warns, err := printing.VerifyItems(items, v, printing.VerifyOptions{TrustName: "t.vptl"})
	if err != nil {
		t.Fatal(err)
	}
	if items[0].Credential.Name != "Kim" || len(warns) != 1 || warns[0].Item != 1 || !strings.Contains(warns[0].Message, "expired: the credential has expired") {
		t.Fatalf("items %q, warnings %v", items[0].Credential.Name, warns)
	}
	items = []printing.Item{{Text: good}, {Text: gone}, {Text: "VPP1:x"}, {Text: "hello"}}
	_, err = printing.VerifyItems(items, v, printing.VerifyOptions{TrustName: "t.vptl", Labels: []string{"a", "b", "c", "d"}})
	if err == nil || !strings.Contains(err.Error(), "cannot print item 2 (b): revoked:") || !strings.Contains(err.Error(), "(and 2 more refused); nothing was printed") {
		t.Fatalf("refused: %v", err)
	}
	// A credential bound to a phone is refused in printing's words, not the
	// gate's.
	phone, _ := issuer.GenerateKey(issuer.EdDSA)
	bound := issue(&verifier.Credential{Name: "Sam", Expires: now.Add(time.Hour), HolderKey: phone.Public()})
	_, err = printing.VerifyItems([]printing.Item{{Text: bound}}, v, printing.VerifyOptions{TrustName: "t.vptl"})
	if err == nil || !strings.Contains(err.Error(), "cannot print item 1 (Sam): it is bound to the holder's phone (issued with --holder-key), so a printed copy never opens a gate") {
		t.Fatalf("bound: %v", err)
	}
	items = []printing.Item{{Text: good, Credential: verifier.Credential{CTI: []byte("12345678")}}}
	if _, err := printing.VerifyItems(items, v, printing.VerifyOptions{FromManifest: true}); err == nil || !strings.Contains(err.Error(), "the manifest and its files disagree") {
		t.Fatalf("manifest cti: %v", err)
	}

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "E-1.png"), []byte("png"), 0o644)
	items = []printing.Item{{Credential: verifier.Credential{Type: verifier.Employee, Sub: "E-1"}},
		{Credential: verifier.Credential{Type: verifier.Employee, Name: "Old", Sub: "../E-2"}},
		{Credential: verifier.Credential{Type: verifier.Ticket, Sub: "T-1"}}}
	warns = printing.FindPhotos(items, dir, printing.Auto)
	if items[0].Photo != filepath.Join(dir, "E-1.png") || items[1].Photo != "" || len(warns) != 1 || warns[0].Item != 1 {
		t.Fatalf("photos %q %q, warnings %v", items[0].Photo, items[1].Photo, warns)
	}
	// A photo of its own (a batch's photo column) is kept.
	items = []printing.Item{{Credential: verifier.Credential{Type: verifier.Employee, Sub: "E-1"}, Photo: "own.jpg"}}
	if warns = printing.FindPhotos(items, dir, printing.Auto); items[0].Photo != "own.jpg" || len(warns) != 0 {
		t.Fatalf("own photo replaced: %q %v", items[0].Photo, warns)
	}
}
