package verifier_test

import (
	"crypto"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

type dgcCase struct {
	Prefix  string `json:"PREFIX"`
	TestCtx struct {
		Certificate string `json:"CERTIFICATE"`
		Clock       string `json:"VALIDATIONCLOCK"`
	} `json:"TESTCTX"`
}

func loadDGC(t *testing.T, path string) (text string, der []byte, clock time.Time) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c dgcCase
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	if der, err = base64.StdEncoding.DecodeString(c.TestCtx.Certificate); err != nil {
		t.Fatal(err)
	}
	if clock, err = dcc.ParseTime(c.TestCtx.Clock); err != nil {
		t.Fatal(err)
	}
	return c.Prefix, der, clock
}

// dccList returns a trust list valid at clock whose one entry is the DCC
// document signer der, and the fresh anchor key that signed it.
func dccList(t *testing.T, der []byte, clock time.Time) (*trustlist.List, *issuer.Key) {
	t.Helper()
	entry, err := dcc.IssuerFromCert(der)
	if err != nil {
		t.Fatal(err)
	}
	anchor, _ := issuer.GenerateKey(issuer.EdDSA)
	data, err := trustlist.Sign(&trustlist.Contents{Seq: 1, IssuedAt: clock.Add(-time.Hour), NextUpdate: clock.Add(time.Hour), Expires: clock.Add(2 * time.Hour),
		Issuers: []*trustlist.Issuer{entry}}, anchor)
	if err != nil {
		t.Fatal(err)
	}
	list, err := trustlist.Parse(data, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		t.Fatal(err)
	}
	return list, anchor
}

// An EU DCC verifies against a document signer imported into the venuepass
// trust list, and that signer never vouches for a venuepass credential.
func TestDCCThroughTrustList(t *testing.T) {
	text, der, clock := loadDGC(t, filepath.Join("..", "testdata", "dgc", "DE", "2DCode", "raw", "1.json"))
	list, anchor := dccList(t, der, clock)
	v := verifier.New(list, verifier.Config{Now: func() time.Time { return clock }})
	d := v.Verify(text)
	if !d.Accepted || d.Profile != verifier.ProfileDCC || d.DCC == nil || d.Issuer == nil || d.Issuer.Iss != "DE" {
		t.Fatalf("DCC: accepted=%v reason=%q err=%v profile=%s", d.Accepted, d.Reason, d.Err, d.Profile)
	}
	if d.DCC.Health.Name.FamilyName == "" {
		t.Error("DCC name missing")
	}
	// Policy: a gate that takes only another entry type refuses it.
	other := dcc.TypeTest
	if d.DCC.Type == dcc.TypeTest {
		other = dcc.TypeRecovery
	}
	v = verifier.New(list, verifier.Config{Now: func() time.Time { return clock }, DCCTypes: []dcc.EntryType{other}})
	if d := v.Verify(text); d.Accepted || d.Reason != verifier.ReasonTypeNotAccepted {
		t.Errorf("DCC type policy: %v %q", d.Accepted, d.Reason)
	}
	// Without the signer in the list: unknown_issuer.
	empty, err := trustlist.Sign(&trustlist.Contents{Seq: 2, IssuedAt: clock, NextUpdate: clock.Add(time.Hour), Expires: clock.Add(2 * time.Hour)}, anchor)
	if err != nil {
		t.Fatal(err)
	}
	l2, _ := trustlist.Parse(empty, []crypto.PublicKey{anchor.Public()})
	v = verifier.New(l2, verifier.Config{Now: func() time.Time { return clock }})
	if d := v.Verify(text); d.Reason != verifier.ReasonUnknownIssuer || d.Profile != verifier.ProfileDCC {
		t.Errorf("DCC without signer: %q %v", d.Reason, d.Err)
	}
}

// A DCC whose manufacturer code is outside the EU value sets is accepted
// with the warning dcc_unknown_value (the upstream PL test case 9 of schema
// 1.3.0: vaccine authorisation holder "ORG-99999999"); one with known codes
// gets no such warning.
func TestDCCUnknownValueWarns(t *testing.T) {
	for path, warned := range map[string]bool{
		filepath.Join("PL", "1.3.0", "2DCode", "raw", "9.json"): true,
		filepath.Join("PL", "1.3.0", "2DCode", "raw", "2.json"): false,
	} {
		text, der, clock := loadDGC(t, filepath.Join("..", "testdata", "dgc", path))
		list, _ := dccList(t, der, clock)
		d := verifier.New(list, verifier.Config{Now: func() time.Time { return clock }}).Verify(text)
		if !d.Accepted {
			t.Fatalf("%s: reason=%q err=%v", path, d.Reason, d.Err)
		}
		if got := slices.Contains(d.Warnings, dcc.WarnUnknownValue); got != warned {
			t.Errorf("%s: warnings %v, want %s %v", path, d.Warnings, dcc.WarnUnknownValue, warned)
		}
		if warned {
			ws := d.DCC.Health.Warnings()
			if len(ws) != 1 || ws[0].Field != "v[0].ma" || ws[0].Value != "ORG-99999999" {
				t.Errorf("%s: dcc warnings %v", path, ws)
			}
		}
	}
}
