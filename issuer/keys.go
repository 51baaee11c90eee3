package issuer

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/internal/wire"
)

// Algorithms, by their COSE names.
const (
	ES256 = "ES256"
	EdDSA = "EdDSA"
	ES384 = "ES384"
	PS256 = "PS256"
)

// DefaultAlg is the algorithm GenerateKey uses for "".
const DefaultAlg = ES256

// rsaBits is the modulus size GenerateKey uses for PS256.
const rsaBits = 3072

// maxKeyFileSize caps reads of key files.
const maxKeyFileSize = 64 << 10

// Key is a signing key: an issuer key for credentials or an anchor key for
// trust lists. It implements crypto.Signer.
type Key struct {
	crypto.Signer
	alg int64
	kid []byte
}

// NewKey wraps a crypto.Signer whose public key venuepass supports
// (P-256, P-384, Ed25519, RSA of 2048 bits or more).
func NewKey(s crypto.Signer) (*Key, error) {
	alg, err := wire.AlgForKey(s.Public())
	if err != nil {
		return nil, err
	}
	kid, err := wire.KeyID(s.Public())
	if err != nil {
		return nil, err
	}
	return &Key{Signer: s, alg: alg, kid: kid}, nil
}

// ErrUnknownAlg is wrapped by GenerateKey's error for an algorithm name it
// does not know.
var ErrUnknownAlg = errors.New("unknown algorithm")

// GenerateKey makes a new key for alg: "ES256" (the default for ""),
// "EdDSA" (Ed25519), "ES384" or "PS256" (RSA-3072).
func GenerateKey(alg string) (*Key, error) {
	var s crypto.Signer
	var err error
	switch strings.ToUpper(alg) {
	case "", ES256:
		s, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case strings.ToUpper(EdDSA), "ED25519":
		_, s, err = ed25519.GenerateKey(rand.Reader)
	case ES384:
		s, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case PS256:
		s, err = rsa.GenerateKey(rand.Reader, rsaBits)
	default:
		return nil, fmt.Errorf("%w %q (want ES256, EdDSA, ES384 or PS256)", ErrUnknownAlg, alg)
	}
	if err != nil {
		return nil, err
	}
	return NewKey(s)
}

// Alg returns the COSE algorithm name of the key.
func (k *Key) Alg() string { return wire.AlgName(k.alg) }

// KeyID returns the key's kid (FORMAT.md section 2).
func (k *Key) KeyID() []byte { return append([]byte(nil), k.kid...) }

// KeyID returns the kid of a public key: the first 8 bytes of SHA-256 over
// its SubjectPublicKeyInfo DER encoding (FORMAT.md section 2).
func KeyID(pub crypto.PublicKey) ([]byte, error) { return wire.KeyID(pub) }

// AlgOf returns the COSE algorithm name venuepass uses with a public key.
func AlgOf(pub crypto.PublicKey) (string, error) {
	alg, err := wire.AlgForKey(pub)
	if err != nil {
		return "", err
	}
	return wire.AlgName(alg), nil
}

// MarshalPrivateKey encodes the key as a PKCS#8 "PRIVATE KEY" PEM block.
func (k *Key) MarshalPrivateKey() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(k.Signer)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// MarshalPublicKey encodes pub as an SPKI "PUBLIC KEY" PEM block.
func MarshalPublicKey(pub crypto.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// ParsePrivateKey reads a PKCS#8 "PRIVATE KEY" PEM block, as written by
// MarshalPrivateKey or `openssl genpkey`. SEC 1 "EC PRIVATE KEY" and PKCS#1
// "RSA PRIVATE KEY" blocks are accepted too.
func ParsePrivateKey(data []byte) (*Key, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block found; expected a PRIVATE KEY")
	}
	var priv any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		priv, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		priv, err = x509.ParseECPrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		priv, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PUBLIC KEY":
		return nil, errors.New("this is a public key; a private key is needed to sign")
	case "ENCRYPTED PRIVATE KEY":
		return nil, errors.New("the private key is encrypted with a passphrase, which venuepass does not read; decrypt it first (openssl pkcs8 -in KEY -out PLAIN.key) and keep the plain file mode 0600")
	default:
		return nil, fmt.Errorf("PEM block %q is not a private key", block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("invalid private key: %v", err)
	}
	s, ok := priv.(crypto.Signer)
	if !ok {
		// An X25519 (or other key-agreement) key cannot sign anything.
		return nil, fmt.Errorf("the key is %s, which cannot sign; make a signing key with 'venuepass keygen' (ES256, EdDSA, ES384 or PS256)", keyKind(priv))
	}
	return NewKey(s)
}

// ParsePublicKey reads an SPKI "PUBLIC KEY" PEM block (also accepting a
// CERTIFICATE, whose public key is taken). The key must be of a supported kind.
func ParsePublicKey(data []byte) (crypto.PublicKey, error) {
	block, _ := pem.Decode(data)
	if block != nil {
		switch block.Type {
		case "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY":
			k, err := ParsePrivateKey(data)
			if err != nil {
				return nil, err
			}
			return k.Public(), nil // NewKey has checked its kind
		}
	}
	pub, err := wire.PublicKeyFromPEM(block)
	if err != nil {
		return nil, err
	}
	if _, err := wire.AlgForKey(pub); err != nil {
		return nil, err
	}
	return pub, nil
}

func readCapped(path string) ([]byte, error) {
	data, err := fileutil.ReadCapped(path, maxKeyFileSize)
	if errors.Is(err, fileutil.ErrTooLarge) {
		return nil, fmt.Errorf("%s is too large to be a key file", path)
	}
	return data, err
}

// LoadPrivateKey reads a private key file. Errors never echo file contents.
func LoadPrivateKey(path string) (*Key, error) {
	data, err := readCapped(path)
	if err != nil {
		return nil, err
	}
	k, err := ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// LoadPublicKey reads a public key file (or the public half of a private
// key file).
func LoadPublicKey(path string) (crypto.PublicKey, error) {
	k, _, err := LoadPublicKeyFile(path)
	return k, err
}

// LoadPublicKeyFile is LoadPublicKey that also reports whether the file
// holds a private key, whose public half it returned: a tool that wants
// only public keys (a kiosk's pinned anchors) can warn about it.
func LoadPublicKeyFile(path string) (pub crypto.PublicKey, private bool, err error) {
	data, err := readCapped(path)
	if err != nil {
		return nil, false, err
	}
	k, err := ParsePublicKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	b, _ := pem.Decode(data)
	return k, b != nil && strings.HasSuffix(b.Type, "PRIVATE KEY"), nil
}

// WritePrivateKey writes the key to a new file with mode 0600. It never
// overwrites an existing file.
func WritePrivateKey(path string, k *Key) error {
	data, err := k.MarshalPrivateKey()
	if err != nil {
		return err
	}
	return fileutil.WriteNew(path, data, 0o600)
}

// keyKind names a key that is not a signer, for errors.
func keyKind(priv any) string {
	if k, ok := priv.(*ecdh.PrivateKey); ok && k.Curve() == ecdh.X25519() {
		return "an X25519 key (for key agreement)"
	}
	return fmt.Sprintf("a key of type %T", priv)
}
