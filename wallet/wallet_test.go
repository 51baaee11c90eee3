package wallet_test

import (
	"crypto"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
	"github.com/venuepass/venuepass/wallet"
)

func TestPresent(t *testing.T) {
	now := time.Unix(1790000000, 0)
	club, _ := issuer.GenerateKey(issuer.EdDSA)
	holder, _ := issuer.GenerateKey(issuer.EdDSA)
	stranger, _ := issuer.GenerateKey(issuer.EdDSA)
	anchor, _ := issuer.GenerateKey(issuer.ES256)
	data, err := trustlist.Sign(&trustlist.Contents{Seq: 1, IssuedAt: now, NextUpdate: now.Add(time.Hour), Expires: now.Add(2 * time.Hour),
		Issuers: []*trustlist.Issuer{{Kid: club.KeyID(), Key: club.Public(), Iss: "club", Name: "Club"}}}, anchor)
	if err != nil {
		t.Fatal(err)
	}
	list, err := trustlist.Parse(data, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		t.Fatal(err)
	}
	card, err := club.Issue(&verifier.Credential{Type: verifier.Membership, Iss: "club", Name: "Zoë", HolderKey: holder.Public(),
		IssuedAt: now.Add(-time.Hour), Expires: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	unbound, err := club.Issue(&verifier.Credential{Type: verifier.Membership, Iss: "club", Name: "Zoë",
		IssuedAt: now.Add(-time.Hour), Expires: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}

	code, err := wallet.Present(holder, card, now, "PARK")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(code, "VPP1:") {
		t.Fatalf("presentation %q lacks the VPP1: prefix", code[:8])
	}
	v := verifier.New(list, verifier.Config{Now: func() time.Time { return now }, Venue: "PARK"})
	if d := v.Verify(code); !d.Accepted || d.Presentation == nil || d.Presentation.Venue != "PARK" {
		t.Fatalf("presentation: %q %v", d.Reason, d.Err)
	}
	// A new code every refresh: a later one is a different code.
	later, _ := wallet.Present(holder, card, now.Add(wallet.DefaultRefresh), "PARK")
	if later == code {
		t.Fatal("the code did not rotate")
	}

	for name, tc := range map[string]struct {
		key  crypto.Signer
		cred string
	}{
		"another holder key": {stranger, card},
		"unbound credential": {holder, unbound},
		"garbage":            {holder, "VP1:XYZ"},
		"a presentation":     {holder, code},
	} {
		if _, err := wallet.Present(tc.key, tc.cred, now, ""); err == nil {
			t.Errorf("%s: Present succeeded", name)
		}
	}
}

func TestInspect(t *testing.T) {
	holder, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	iss, err := issuer.GenerateKey(issuer.ES256)
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	text, err := iss.Issue(&verifier.Credential{Iss: "arena", Type: verifier.Membership, Name: "Sam Carter", Org: "City Arena",
		Expires: exp, IssuedAt: exp.Add(-time.Hour), HolderKey: holder.Public()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := wallet.Inspect(text)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Sam Carter" || c.Iss != "arena" || c.Org != "City Arena" || verifier.Type(c.Type) != verifier.Membership || !c.Expires.Equal(exp) || !c.Bound {
		t.Fatalf("card %+v", c)
	}
	pres, err := wallet.Present(holder, text, exp.Add(-time.Minute), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{pres, "VP1:not base45!", "hello"} {
		if _, err := wallet.Inspect(bad); !errors.Is(err, wallet.ErrNotCredential) {
			t.Errorf("Inspect(%.12q): %v, want ErrNotCredential", bad, err)
		}
	}
}

func TestCheckAdd(t *testing.T) {
	holder, _ := issuer.GenerateKey(issuer.EdDSA)
	iss, _ := issuer.GenerateKey(issuer.ES256)
	exp := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	text, err := iss.Issue(&verifier.Credential{Iss: "arena", Type: verifier.Membership, Name: "김민준",
		Expires: exp, IssuedAt: exp.Add(-time.Hour), HolderKey: holder.Public()})
	if err != nil {
		t.Fatal(err)
	}
	got, card, err := wallet.CheckAdd([]byte(text + "\r\n"))
	if err != nil || got != text || card == nil || card.Name != "김민준" {
		t.Fatalf("CheckAdd of a credential line: %q, %+v, %v", got, card, err)
	}
	pres, err := wallet.Present(holder, text, exp.Add(-time.Minute), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		data string
		want error
	}{
		{text + "\n" + text + "\n", wallet.ErrSeveralLines},
		{pres + "\n", wallet.ErrPresentation},
		{"hello", wallet.ErrNotCredential},
		{"VP1:not base45!", wallet.ErrNotCredential},
	} {
		if _, card, err := wallet.CheckAdd([]byte(c.data)); !errors.Is(err, c.want) || card != nil {
			t.Errorf("CheckAdd(%.12q): %+v, %v, want %v", c.data, card, err, c.want)
		}
	}
}
