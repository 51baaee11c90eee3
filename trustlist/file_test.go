package trustlist_test

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
)

var vectors = filepath.Join("..", "testdata", "vectors")

func writePEM(t *testing.T, typ string, der []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadFile(t *testing.T) {
	anchor := filepath.Join(vectors, "anchor.pub.pem")
	state := filepath.Join(t.TempDir(), "kiosk.state")

	l, err := trustlist.LoadFile(filepath.Join(vectors, "trust.vptl"), []string{anchor}, trustlist.StateFile(state))
	if err != nil {
		t.Fatal(err)
	}
	if l.Seq != 7 || len(l.Issuers) != 5 {
		t.Fatalf("seq %d with %d issuers, want seq 7 with 5", l.Seq, len(l.Issuers))
	}
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("rollback state not written: %v", err)
	}

	// The state remembers seq 7: seq 3 is a rollback, named by its path.
	older := filepath.Join(vectors, "trust-seq3.vptl")
	_, err = trustlist.LoadFile(older, []string{anchor}, trustlist.StateFile(state))
	if !errors.Is(err, trustlist.ErrRollback) || !strings.Contains(err.Error(), older) {
		t.Fatalf("older list: %v, want ErrRollback naming %s", err, older)
	}
	// Without state there is no guard.
	if _, err := trustlist.LoadFile(older, []string{anchor}, trustlist.NoGuard); err != nil {
		t.Fatalf("older list without state: %v", err)
	}

	for name, want := range map[string]error{
		"trust-unpinned.vptl":  trustlist.ErrUnknownAnchor,
		"trust-badsig.vptl":    trustlist.ErrBadSignature,
		"trust-truncated.vptl": trustlist.ErrMalformed,
	} {
		if _, err := trustlist.LoadFile(filepath.Join(vectors, name), []string{anchor}, trustlist.NoGuard); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
	if _, err := trustlist.LoadFile(filepath.Join(vectors, "trust.vptl"), nil, trustlist.NoGuard); !errors.Is(err, trustlist.ErrUnknownAnchor) {
		t.Errorf("no anchors: %v, want ErrUnknownAnchor", err)
	}
	missing := filepath.Join(t.TempDir(), "none.vptl")
	if _, err := trustlist.LoadFile(missing, []string{anchor}, trustlist.NoGuard); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing list: %v, want fs.ErrNotExist", err)
	}
	if _, err := trustlist.LoadFile(filepath.Join(vectors, "trust.vptl"), []string{missing}, trustlist.NoGuard); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing anchor: %v, want fs.ErrNotExist", err)
	}
}

func TestLoadFileTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.vptl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: no disk space is used.
	if err := f.Truncate(trustlist.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = trustlist.LoadFile(p, []string{filepath.Join(vectors, "anchor.pub.pem")}, trustlist.NoGuard)
	if !errors.Is(err, trustlist.ErrTooLarge) {
		t.Fatalf("%v, want ErrTooLarge", err)
	}
}

func TestParseAnchor(t *testing.T) {
	priv, err := issuer.LoadPrivateKey(filepath.Join("..", "testdata", "keys", "anchor-es256.pem"))
	if err != nil {
		t.Fatal(err)
	}
	spki, err := x509.MarshalPKIXPublicKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "anchor"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, priv.Public(), priv)
	if err != nil {
		t.Fatal(err)
	}
	// The public key and a certificate of the anchor both verify the list.
	for _, p := range []string{writePEM(t, "PUBLIC KEY", spki), writePEM(t, "CERTIFICATE", cert)} {
		if _, err := trustlist.LoadFile(filepath.Join(vectors, "trust.vptl"), []string{p}, trustlist.NoGuard); err != nil {
			t.Errorf("%v", err)
		}
	}

	// The private key is refused, and its contents never echoed.
	privPath := filepath.Join("..", "testdata", "keys", "anchor-es256.pem")
	_, err = trustlist.LoadFile(filepath.Join(vectors, "trust.vptl"), []string{privPath}, trustlist.NoGuard)
	if err == nil || !strings.Contains(err.Error(), "private key") || !strings.Contains(err.Error(), privPath) {
		t.Fatalf("private key as anchor: %v", err)
	}
	data, _ := os.ReadFile(privPath)
	for _, line := range strings.Split(string(data), "\n") {
		if len(line) > 8 && !strings.HasPrefix(line, "-----") && strings.Contains(err.Error(), line[:8]) {
			t.Fatalf("error echoes the key file: %v", err)
		}
	}

	for name, data := range map[string][]byte{
		"no PEM":     []byte("not a key\n"),
		"bad SPKI":   pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte{0x30, 0x03, 1, 2, 3}}),
		"other type": pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: []byte{1}}),
	} {
		if k, err := trustlist.ParseAnchor(data); err == nil {
			t.Errorf("%s: accepted as %T", name, k)
		}
	}
}

func TestKidTexts(t *testing.T) {
	now := time.Unix(1790000000, 0)
	a, _ := issuer.GenerateKey(issuer.ES256)
	b, _ := issuer.GenerateKey(issuer.EdDSA)
	ka, kb := hex.EncodeToString(a.KeyID()), hex.EncodeToString(b.KeyID())
	if got := trustlist.KidText(a.Public()); got != ka {
		t.Errorf("KidText %s, want %s", got, ka)
	}
	if got := trustlist.KidText("not a key"); got != "?" {
		t.Errorf("KidText of no key: %s", got)
	}
	if got := trustlist.KidsText([]crypto.PublicKey{a.Public(), b.Public()}); got != "kid "+ka+", kid "+kb {
		t.Errorf("KidsText %s", got)
	}
	if got := trustlist.KidsText(nil); got != "" {
		t.Errorf("KidsText of none: %q", got)
	}
	data, err := trustlist.Sign(&trustlist.Contents{Seq: 1, IssuedAt: now, NextUpdate: now.Add(time.Hour), Expires: now.Add(2 * time.Hour)}, b)
	if err != nil {
		t.Fatal(err)
	}
	if got := trustlist.SignerKidText(data); got != kb {
		t.Errorf("SignerKidText %s, want %s", got, kb)
	}
	if got := trustlist.SignerKidText([]byte("{}")); got != "?" {
		t.Errorf("SignerKidText of no list: %s", got)
	}
}
