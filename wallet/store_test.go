package wallet_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
	"github.com/venuepass/venuepass/wallet"
)

func TestStore(t *testing.T) {
	dir := t.TempDir()
	club, _ := issuer.GenerateKey(issuer.EdDSA)
	holder, _ := issuer.GenerateKey(issuer.EdDSA)
	stranger, _ := issuer.GenerateKey(issuer.EdDSA)
	now := time.Now()
	issue := func(name string) string {
		text, err := club.Issue(&verifier.Credential{Type: verifier.Membership, Iss: "club", Name: name, HolderKey: holder.Public(),
			IssuedAt: now.Add(-time.Hour), Expires: now.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
	if _, err := wallet.Stored(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("an empty wallet: %v", err)
	}
	first, second := issue("Zoë"), issue("Zoë again")
	var be *wallet.BindError
	if err := wallet.Store(dir, stranger, first, false); !errors.As(err, &be) {
		t.Fatalf("a credential bound to another key: %v", err)
	}
	if err := wallet.Store(dir, holder, first, false); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, wallet.CredentialFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("stored file: %v, mode %v", err, fi.Mode())
	}
	if got, err := wallet.Stored(dir); err != nil || got != first {
		t.Fatalf("Stored: %q, %v", got, err)
	}
	if err := wallet.Store(dir, holder, second, false); !errors.Is(err, wallet.ErrOccupied) {
		t.Fatalf("a second credential without replace: %v", err)
	}
	if got, _ := wallet.Stored(dir); got != first {
		t.Fatal("the first credential was overwritten")
	}
	if err := wallet.Store(dir, holder, second, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := wallet.Stored(dir); got != second {
		t.Fatal("replace did not replace")
	}
	// What Stored returns presents.
	got, _ := wallet.Stored(dir)
	if _, err := wallet.Present(holder, got, now, ""); err != nil {
		t.Fatal(err)
	}
}
