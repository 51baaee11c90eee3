package issuer_test

import (
	"crypto"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

func TestIssueBatch(t *testing.T) {
	key, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	holder, _ := issuer.GenerateKey(issuer.EdDSA)
	rows, err := issuer.ParseBatch("t.csv", []byte("name,seat,holder_key\n김민준,A1,\nLee,,h.pub\n"))
	if err != nil {
		t.Fatal(err)
	}
	loads := 0
	loadKey := func(p string) (crypto.PublicKey, error) { loads++; return holder.Public(), nil }
	var prepared []*verifier.Credential
	b := issuer.Batch{Rows: rows, Defaults: map[string]string{"iss": "acme", "type": "ticket", "expires": "2026-07-01", "seat": "GA"},
		Now: batchNow, Loc: time.UTC, LoadKey: loadKey,
		Prepare: func(creds []*verifier.Credential) error { prepared = creds; return nil }}
	issued, err := key.IssueBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	creds, texts := issued.Creds, issued.Texts
	if len(creds) != 2 || len(texts) != 2 || len(prepared) != 2 || prepared[0] != creds[0] || loads != 1 {
		t.Fatalf("%d creds, %d texts, %d prepared, %d key loads", len(creds), len(texts), len(prepared), loads)
	}
	// A row's own value wins over the default; an empty one takes it.
	if creds[0].Name != "김민준" || creds[0].Seat != "A1" || creds[1].Seat != "GA" || creds[1].Iss != "acme" || !strings.HasPrefix(texts[1], "VP1:") {
		t.Errorf("credentials %+v %+v", creds[0], creds[1])
	}

	// Printed: the holder-bound row is refused, named by its line.
	b.Printed = true
	_, err = key.IssueBatch(b)
	var re *issuer.RowError
	if !errors.As(err, &re) || re.Row.Where != "t.csv line 3" || re.Signing || !errors.Is(err, issuer.ErrPrintedHolderKey) {
		t.Fatalf("printed holder key: %v", err)
	}

	// A row that cannot be built names its line; Prepare's error is its own.
	rows, _ = issuer.ParseBatch("t.csv", []byte("name,expires\nKim,2026-07-01\nLee,someday\n"))
	b = issuer.Batch{Rows: rows, Defaults: map[string]string{"iss": "acme", "type": "ticket"}, Now: batchNow, Loc: time.UTC, LoadKey: noHolder}
	if _, err := key.IssueBatch(b); !errors.As(err, &re) || re.Row.Where != "t.csv line 3" || !strings.HasPrefix(err.Error(), "t.csv line 3: ") {
		t.Fatalf("bad row: %v", err)
	}
	rows, _ = issuer.ParseBatch("t.csv", []byte("name,expires\nKim,2026-07-01\n"))
	stop := errors.New("draft locked")
	b = issuer.Batch{Rows: rows, Defaults: map[string]string{"iss": "acme", "type": "ticket"}, Now: batchNow, Loc: time.UTC, LoadKey: noHolder,
		Prepare: func([]*verifier.Credential) error { return stop }}
	if _, err := key.IssueBatch(b); err != stop {
		t.Fatalf("prepare: %v", err)
	}
}
