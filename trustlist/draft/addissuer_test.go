package draft_test

import (
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist/draft"
)

func TestIssuerSettings(t *testing.T) {
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "acme.key")
	k, err := issuer.CreateKeyPair(keyPath, issuer.EdDSA, false)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	good := draft.IssuerSettings{Key: keyPath + ".pub", Iss: "acme", Name: "ACME Inc.", Types: []string{"employee"}, NotAfter: "30d"}
	e, err := good.Issuer(now)
	if err != nil {
		t.Fatal(err)
	}
	if e.Iss != "acme" || e.Name != "ACME Inc." || e.Alg != k.Alg() || e.Kid != hex.EncodeToString(k.KeyID()) ||
		len(e.Types) != 1 || e.Types[0] != "employee" || e.NotAfter != "2026-07-01T09:00:00Z" {
		t.Errorf("Issuer() = %+v", e)
	}

	for _, tc := range []struct {
		edit  func(s *draft.IssuerSettings)
		want  string
		usage bool
	}{
		{func(s *draft.IssuerSettings) { s.Key = "" }, "pass the issuer's public key with --key", true},
		{func(s *draft.IssuerSettings) { s.Iss = "" }, "pass the issuer id its credentials carry with --iss", true},
		{func(s *draft.IssuerSettings) { s.Name = "" }, "pass the issuer's display name with --name", true},
		{func(s *draft.IssuerSettings) { s.Types = []string{"vip"} }, "--types: ", true},
		{func(s *draft.IssuerSettings) { s.NotBefore = "someday" }, "--not-before: ", true},
		{func(s *draft.IssuerSettings) { s.Key = filepath.Join(dir, "none.pub") }, "issuer key " + filepath.Join(dir, "none.pub") + " does not exist; check the path", false},
	} {
		s := good
		tc.edit(&s)
		_, err := s.Issuer(now)
		var ue *draft.UsageError
		var re *fileutil.ReadError
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) || errors.As(err, &ue) != tc.usage || (!tc.usage && !errors.As(err, &re)) {
			t.Errorf("%+v: Issuer() error %v, want %q (usage error %v)", s, err, tc.want, tc.usage)
		}
	}
}

func TestAddIssuerFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "trust.json")
	keyPath := filepath.Join(dir, "acme.key")
	if _, err := issuer.CreateKeyPair(keyPath, issuer.EdDSA, false); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	acme, err := draft.IssuerSettings{Key: keyPath + ".pub", Iss: "acme", Name: "ACME"}.Issuer(now)
	if err != nil {
		t.Fatal(err)
	}
	other, err := draft.IssuerSettings{Key: keyPath + ".pub", Iss: "acme-eu", Name: "ACME Europe"}.Issuer(now)
	if err != nil {
		t.Fatal(err)
	}

	var re *fileutil.ReadError
	if err := draft.AddIssuerFile(path, acme, false); !errors.As(err, &re) || re.What != "trust list draft" {
		t.Fatalf("missing draft: %v", err)
	}
	if err := draft.Create(path); err != nil {
		t.Fatal(err)
	}
	if err := draft.AddIssuerFile(path, acme, false); err != nil {
		t.Fatal(err)
	}
	if err := draft.AddIssuerFile(path, acme, false); err == nil || !strings.HasPrefix(err.Error(), path+" already lists the key") {
		t.Errorf("the same issuer twice: %v", err)
	}
	err = draft.AddIssuerFile(path, other, false)
	if err == nil || !strings.HasSuffix(err.Error(), "give each issuer id its own key ('venuepass keygen'), or pass --allow-shared-key if both ids are one signer") {
		t.Errorf("another id on the same key: %v", err)
	}
	if err := draft.AddIssuerFile(path, other, true); err != nil {
		t.Errorf("another id on the same key, shared: %v", err)
	}
	d, err := draft.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Issuers) != 2 || d.Issuers[0].Iss != "acme" || d.Issuers[1].Iss != "acme-eu" {
		t.Errorf("the draft lists %+v", d.Issuers)
	}
}
