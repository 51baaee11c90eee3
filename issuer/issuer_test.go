package issuer_test

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	vpcredential "github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/internal/testenv"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

var now = time.Unix(1790000000, 0)

func credential(t verifier.Type) *verifier.Credential {
	return &verifier.Credential{
		Type: t, Iss: "acme", Sub: "E-1042", Name: "Kim Min-jun 김민준", Org: "ACME",
		Zones: []string{"HQ-MAIN", "LAB"}, Tier: "VIP", Event: "EV-1", Seat: "B-12",
		Title: "Engineer", Number: "1042", BirthYear: 1990, PhotoDigest: vpcredential.PhotoDigest([]byte("photo.jpg bytes")),
		IssuedAt: now.Add(-time.Hour), NotBefore: now.Add(-time.Minute), Expires: now.Add(24 * time.Hour),
	}
}

func trustFor(t *testing.T, keys ...*issuer.Key) *trustlist.List {
	t.Helper()
	anchor, err := issuer.GenerateKey("")
	if err != nil {
		t.Fatal(err)
	}
	c := &trustlist.Contents{Seq: 1, IssuedAt: now, NextUpdate: now.Add(time.Hour), Expires: now.Add(2 * time.Hour)}
	for _, k := range keys {
		c.Issuers = append(c.Issuers, &trustlist.Issuer{Kid: k.KeyID(), Key: k.Public(), Iss: "acme", Name: "ACME"})
	}
	data, err := trustlist.Sign(c, anchor)
	if err != nil {
		t.Fatal(err)
	}
	l, err := trustlist.Parse(data, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Every type and every body field survives issue -> verify, with every
// algorithm.
func TestIssueRoundTrip(t *testing.T) {
	for _, alg := range []string{issuer.ES256, issuer.EdDSA, issuer.ES384, issuer.PS256} {
		key, err := issuer.GenerateKey(alg)
		if err != nil {
			t.Fatal(err)
		}
		if key.Alg() != alg {
			t.Errorf("GenerateKey(%s).Alg() = %s", alg, key.Alg())
		}
		v := verifier.New(trustFor(t, key), verifier.Config{Now: func() time.Time { return now }})
		for _, typ := range verifier.KnownTypes {
			in := credential(typ)
			text, err := key.Issue(in)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(text, "VP1:") {
				t.Fatalf("QR text %q lacks the VP1: prefix", text[:10])
			}
			d := v.Verify(text)
			if !d.Accepted {
				t.Fatalf("%s %s: rejected: %v", alg, typ, d.Err)
			}
			got := d.Credential
			if got.Type != typ || got.Name != in.Name || got.Org != in.Org || got.Tier != in.Tier ||
				got.Event != in.Event || got.Seat != in.Seat || got.Title != in.Title || got.Number != in.Number ||
				got.Sub != in.Sub || got.Iss != in.Iss || strings.Join(got.Zones, ",") != "HQ-MAIN,LAB" ||
				!bytes.Equal(got.CTI, in.CTI) || len(got.CTI) != issuer.CTILen ||
				got.BirthYear != 1990 || !bytes.Equal(got.PhotoDigest, in.PhotoDigest) || len(got.PhotoDigest) != 16 ||
				!got.Expires.Equal(in.Expires) || !got.IssuedAt.Equal(in.IssuedAt) || !got.NotBefore.Equal(in.NotBefore) {
				t.Errorf("%s %s: round trip changed the credential:\n got %+v\nwant %+v", alg, typ, got, in)
			}
		}
	}
}

func TestIssueRejectsIncomplete(t *testing.T) {
	key, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*verifier.Credential){
		"no iss":       func(c *verifier.Credential) { c.Iss = "" },
		"no name":      func(c *verifier.Credential) { c.Name = "" },
		"no type":      func(c *verifier.Credential) { c.Type = 0 },
		"no expiry":    func(c *verifier.Credential) { c.Expires = time.Time{} },
		"expiry first": func(c *verifier.Credential) { c.Expires = c.IssuedAt.Add(-time.Second) },
		"short cti":    func(c *verifier.Credential) { c.CTI = []byte{1, 2, 3} },
		"short photo":  func(c *verifier.Credential) { c.PhotoDigest = []byte{1, 2, 3} },
		"birth < 0":    func(c *verifier.Credential) { c.BirthYear = -1 },
		"too long":     func(c *verifier.Credential) { c.Title = incompressible(6000) },
	} {
		c := credential(verifier.Employee)
		mutate(c)
		if _, err := key.Issue(c); err == nil {
			t.Errorf("%s: Issue succeeded", name)
		}
	}
}

func TestPrivateKeyFile(t *testing.T) {
	dir := t.TempDir()
	for _, alg := range []string{issuer.ES256, issuer.EdDSA, issuer.ES384, issuer.PS256} {
		key, err := issuer.GenerateKey(alg)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, alg+".pem")
		if err := issuer.WritePrivateKey(path, key); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", alg, fi.Mode().Perm())
		}
		if err := issuer.WritePrivateKey(path, key); !errors.Is(err, fs.ErrExist) {
			t.Errorf("%s: second write: %v, want ErrExist", alg, err)
		}
		back, err := issuer.LoadPrivateKey(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(back.KeyID(), key.KeyID()) || back.Alg() != alg {
			t.Errorf("%s: reloaded key differs", alg)
		}
		pub, err := issuer.LoadPublicKey(path) // the public half of a private key file
		if err != nil {
			t.Fatal(err)
		}
		pemPub, err := issuer.MarshalPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		pub2, err := issuer.ParsePublicKey(pemPub)
		if err != nil {
			t.Fatal(err)
		}
		kid, _ := issuer.KeyID(pub2)
		if !bytes.Equal(kid, key.KeyID()) {
			t.Errorf("%s: public key round trip changed the kid", alg)
		}
	}
}

func TestParseKeyErrors(t *testing.T) {
	secret := "-----BEGIN PRIVATE KEY-----\nTUFHSUMgU0VDUkVU\n-----END PRIVATE KEY-----\n"
	for name, data := range map[string]string{
		"empty":      "",
		"garbage":    "hello",
		"bad der":    secret,
		"public":     "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
		"other type": "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
	} {
		_, err := issuer.ParsePrivateKey([]byte(data))
		if err == nil {
			t.Errorf("%s: parsed", name)
			continue
		}
		if strings.Contains(err.Error(), "TUFHSUMgU0VDUkVU") {
			t.Errorf("%s: error echoes the key file: %v", name, err)
		}
	}
	// Keys that are real but cannot be used say why and what to do.
	x, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(x)
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct{ pem, want string }{
		"X25519":    {string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), "the key is an X25519 key (for key agreement), which cannot sign; make a signing key with 'venuepass keygen'"},
		"encrypted": {"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted with a passphrase"},
	} {
		if _, err := issuer.ParsePrivateKey([]byte(tc.pem)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want it to say %q", name, err, tc.want)
		}
	}
}

// Keys made by openssl work, and the kid matches openssl's own SPKI DER.
func TestOpenSSLKeys(t *testing.T) {
	testenv.LookPath(t, "openssl", "apt-get install openssl")
	dir := t.TempDir()
	for alg, args := range map[string][]string{
		issuer.ES256: {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"},
		issuer.ES384: {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"},
		issuer.EdDSA: {"-algorithm", "ED25519"},
		issuer.PS256: {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"},
	} {
		path := filepath.Join(dir, alg+".pem")
		if out, err := exec.Command("openssl", append(append([]string{"genpkey"}, args...), "-out", path)...).CombinedOutput(); err != nil {
			t.Fatalf("openssl genpkey: %v\n%s", err, out)
		}
		key, err := issuer.LoadPrivateKey(path)
		if err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		if key.Alg() != alg {
			t.Errorf("openssl %s key: alg %s", alg, key.Alg())
		}
		der, err := exec.Command("openssl", "pkey", "-in", path, "-pubout", "-outform", "DER").Output()
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(der)
		if got, want := hex.EncodeToString(key.KeyID()), hex.EncodeToString(sum[:8]); got != want {
			t.Errorf("%s: kid %s, openssl SPKI gives %s", alg, got, want)
		}
		if _, err := x509.ParsePKIXPublicKey(der); err != nil {
			t.Fatal(err)
		}
		v := verifier.New(trustFor(t, key), verifier.Config{Now: func() time.Time { return now }})
		text, err := key.Issue(credential(verifier.Certificate))
		if err != nil {
			t.Fatal(err)
		}
		if d := v.Verify(text); !d.Accepted {
			t.Errorf("%s: credential from an openssl key rejected: %v", alg, d.Err)
		}
	}
}

func TestGenerateKeyUnknownAlg(t *testing.T) {
	if _, err := issuer.GenerateKey("HS256"); err == nil {
		t.Fatal("GenerateKey(HS256) succeeded")
	}
}

// incompressible returns n characters that zlib cannot shrink much.
func incompressible(n int) string {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = 'a' + byte(x%26)
	}
	return string(b)
}
