package issuer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/internal/testenv"
)

func TestWriteKeyPair(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "k.key")
	k, err := GenerateKey(EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteKeyPair(path, k); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("private key: %v, mode %v", err, fi.Mode())
	}
	priv, err := LoadPrivateKey(path)
	if err != nil || !bytes.Equal(priv.KeyID(), k.KeyID()) {
		t.Fatalf("private key read back: %v", err)
	}
	pub, err := LoadPublicKey(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := KeyID(pub)
	if !bytes.Equal(kid, k.KeyID()) {
		t.Errorf("public key kid %x, want %x", kid, k.KeyID())
	}
	data, _ := os.ReadFile(path + ".pub")
	if first, _, _ := strings.Cut(string(data), "\n"); first != "# venuepass EdDSA public key, kid "+fmt.Sprintf("%x", k.KeyID()) {
		t.Errorf("first line %q", first)
	}

	// Never over an existing file, and nothing is written when one of the
	// two names is taken.
	k2, _ := GenerateKey(ES256)
	err = WriteKeyPair(path, k2)
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrExist) || !errors.As(err, &pe) || pe.Path != path {
		t.Fatalf("over an existing pair: %v", err)
	}
	other := filepath.Join(dir, "other.key")
	if err := os.WriteFile(other+".pub", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteKeyPair(other, k2); !errors.As(err, &pe) || pe.Path != other+".pub" {
		t.Fatalf("with the .pub taken: %v", err)
	}
	if _, err := os.Stat(other); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the private key was written although its .pub name was taken: %v", err)
	}
}

func TestCreateKeyPair(t *testing.T) {
	dir := t.TempDir()
	// The folder is made only when asked for.
	path := filepath.Join(dir, "phone", "holder.key")
	if _, err := CreateKeyPair(path, EdDSA, false); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("without makeDir into a missing folder: %v, want fs.ErrNotExist", err)
	}
	k, err := CreateKeyPair(path, EdDSA, true)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("folder: %v, mode %v", err, fi.Mode())
	}
	pub, err := LoadPublicKey(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if kid, _ := KeyID(pub); !bytes.Equal(kid, k.KeyID()) || k.Alg() != EdDSA {
		t.Errorf("written %s kid %x, want EdDSA kid %x", k.Alg(), kid, k.KeyID())
	}
	// An existing pair is named and kept.
	var pe *fs.PathError
	if _, err := CreateKeyPair(path, EdDSA, true); !errors.As(err, &pe) || !errors.Is(err, fs.ErrExist) || pe.Path != path {
		t.Errorf("over an existing pair: %v", err)
	}
	// An unknown algorithm makes nothing, not even the folder.
	other := filepath.Join(dir, "other", "weak.key")
	if _, err := CreateKeyPair(other, "RSA1024", true); !errors.Is(err, ErrUnknownAlg) {
		t.Errorf("unknown algorithm: %v, want ErrUnknownAlg", err)
	}
	if _, err := os.Stat(filepath.Dir(other)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("unknown algorithm made the folder: %v", err)
	}
}

// A folder that cannot be made is the *fs.PathError of MkdirAll.
func TestCreateKeyPairUnwritableFolder(t *testing.T) {
	if testenv.AsNonRoot(t) { // root makes folders anywhere
		return
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	var pe *fs.PathError
	if _, err := CreateKeyPair(filepath.Join(ro, "sub", "k.key"), EdDSA, true); !errors.As(err, &pe) || pe.Op != "mkdir" {
		t.Errorf("folder in a read-only folder: %v, want a mkdir *fs.PathError", err)
	}
}

func TestLoadPublicKeyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "anchor.key")
	k, err := CreateKeyPair(path, ES256, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path    string
		private bool
	}{{path, true}, {path + ".pub", false}} {
		pub, private, err := LoadPublicKeyFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if kid, _ := KeyID(pub); !bytes.Equal(kid, k.KeyID()) || private != c.private {
			t.Errorf("%s: kid %x private %v, want kid %x private %v", c.path, kid, private, k.KeyID(), c.private)
		}
	}
	if _, _, err := LoadPublicKeyFile(filepath.Join(dir, "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestKeyPairPEM(t *testing.T) {
	k, err := GenerateKey(ES384)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := KeyPairPEM(k)
	if err != nil {
		t.Fatal(err)
	}
	// The private key comes first and parses alone; the public key file follows.
	priv, err := ParsePrivateKey(pair)
	if err != nil || !bytes.Equal(priv.KeyID(), k.KeyID()) {
		t.Fatalf("private half: %v", err)
	}
	pubFile, _ := PublicKeyFile(k.Public())
	if !bytes.HasSuffix(pair, pubFile) {
		t.Errorf("the public key file does not follow:\n%s", pair)
	}
	if i := bytes.Index(pair, []byte("PUBLIC KEY")); i < bytes.Index(pair, []byte("END PRIVATE KEY")) {
		t.Errorf("public key before the private key:\n%s", pair)
	}
}

func TestKeyPairError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "anchor.key")
	if _, err := CreateKeyPair(path, EdDSA, false); err != nil {
		t.Fatal(err)
	}
	const hint = "keygen never overwrites a key, choose another name"
	_, err := CreateKeyPair(path, EdDSA, false)
	if got := KeyPairError(path, err, hint); got == nil || got.Error() != path+" already exists; "+hint {
		t.Errorf("existing key: %v", got)
	}
	_, err = CreateKeyPair(filepath.Join(dir, "weak.key"), "RSA1024", false)
	if got := KeyPairError(filepath.Join(dir, "weak.key"), err, hint); got != err || !errors.Is(got, ErrUnknownAlg) {
		t.Errorf("unknown algorithm: %v, want it returned as it is", got)
	}
	// Without makeDir, a missing folder fails the write.
	missing := filepath.Join(dir, "none", "k.key")
	_, err = CreateKeyPair(missing, EdDSA, false)
	if got := KeyPairError(missing, err, hint); got == nil || !strings.HasPrefix(got.Error(), "writing "+missing+": ") {
		t.Errorf("missing folder: %v", got)
	}
	if KeyPairError(path, nil, hint) != nil {
		t.Error("KeyPairError(nil) is not nil")
	}
}

// A folder that cannot be made is named.
func TestKeyPairErrorFolder(t *testing.T) {
	if testenv.AsNonRoot(t) { // root makes folders anywhere
		return
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ro, "sub", "k.key")
	_, err := CreateKeyPair(path, EdDSA, true)
	if got := KeyPairError(path, err, "choose another name"); got == nil || !strings.HasPrefix(got.Error(), "cannot make folder "+filepath.Dir(path)+": ") {
		t.Errorf("folder that cannot be made: %v", got)
	}
}
