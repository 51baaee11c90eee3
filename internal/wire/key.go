package wire

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
)

// COSE algorithm identifiers of FORMAT.md section 2 (RFC 9053, RFC 8230).
const (
	AlgES256 int64 = -7
	AlgEdDSA int64 = -8
	AlgES384 int64 = -35
	AlgPS256 int64 = -37
)

// AlgName returns the COSE name of alg, or a numeric form for unknown ones.
func AlgName(alg int64) string {
	switch alg {
	case AlgES256:
		return "ES256"
	case AlgEdDSA:
		return "EdDSA"
	case AlgES384:
		return "ES384"
	case AlgPS256:
		return "PS256"
	}
	return fmt.Sprintf("alg(%d)", alg)
}

// MinRSABits is the smallest RSA modulus accepted for PS256.
const MinRSABits = 2048

// AlgForKey returns the one algorithm venuepass uses with pub: the algorithm
// comes from the key, never from a message.
func AlgForKey(pub crypto.PublicKey) (int64, error) {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return AlgES256, nil
		case elliptic.P384():
			return AlgES384, nil
		}
		return 0, fmt.Errorf("unsupported ECDSA curve %s", k.Curve.Params().Name)
	case ed25519.PublicKey:
		return AlgEdDSA, nil
	case *rsa.PublicKey:
		if k.N.BitLen() < MinRSABits {
			return 0, fmt.Errorf("RSA key of %d bits is below the %d-bit minimum", k.N.BitLen(), MinRSABits)
		}
		return AlgPS256, nil
	}
	return 0, fmt.Errorf("unsupported public key type %T", pub)
}

// KeyID is the kid rule of FORMAT.md section 2: the first 8 bytes of SHA-256
// over the SubjectPublicKeyInfo DER encoding of the public key.
func KeyID(pub crypto.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(der)
	return sum[:8], nil
}

// PublicKeyFromPEM returns the public key of a PEM block: a "PUBLIC KEY"
// (SubjectPublicKeyInfo) or a "CERTIFICATE", whose public key is taken. A
// nil block (pem.Decode found none) and any other block type are errors;
// callers that take more kinds look at block.Type first. The key's kind is
// not checked: see AlgForKey.
func PublicKeyFromPEM(block *pem.Block) (crypto.PublicKey, error) {
	if block == nil {
		return nil, errors.New("no PEM block found; expected a PUBLIC KEY")
	}
	switch block.Type {
	case "PUBLIC KEY":
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("invalid public key: %v", err)
		}
		return k, nil
	case "CERTIFICATE":
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("invalid certificate: %v", err)
		}
		return c.PublicKey, nil
	}
	return nil, fmt.Errorf("PEM block %q is not a public key", block.Type)
}

// COSE_Key labels (RFC 9052 section 7, RFC 9053 sections 7.1, 7.2, RFC 8230).
const (
	keyKty = 1
	keyAlg = 3
	keyCrv = -1
	keyX   = -2
	keyY   = -3
	keyN   = -1
	keyE   = -2

	ktyOKP = 1
	ktyEC2 = 2
	ktyRSA = 3

	crvP256    = 1
	crvP384    = 2
	crvEd25519 = 6
)

// ErrUnsupportedKey reports a well-formed COSE_Key of a type or curve that
// venuepass does not verify with.
var ErrUnsupportedKey = errors.New("unsupported COSE_Key type or curve")

// EncodeKey returns the COSE_Key map (RFC 9052 section 7) of pub, ready to be
// embedded in a larger CBOR structure.
func EncodeKey(pub crypto.PublicKey) (map[int]any, error) {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		raw, err := k.Bytes()
		if err != nil {
			return nil, err
		}
		n := (len(raw) - 1) / 2
		crv := crvP256
		if k.Curve == elliptic.P384() {
			crv = crvP384
		} else if k.Curve != elliptic.P256() {
			return nil, ErrUnsupportedKey
		}
		return map[int]any{keyKty: ktyEC2, keyCrv: crv, keyX: raw[1 : 1+n], keyY: raw[1+n:]}, nil
	case ed25519.PublicKey:
		return map[int]any{keyKty: ktyOKP, keyCrv: crvEd25519, keyX: []byte(k)}, nil
	case *rsa.PublicKey:
		return map[int]any{keyKty: ktyRSA, keyN: k.N.Bytes(), keyE: big.NewInt(int64(k.E)).Bytes()}, nil
	}
	return nil, ErrUnsupportedKey
}

// DecodeKey turns a decoded COSE_Key map into a public key. A map that is
// not a valid key is ErrMalformed; a valid key of a kind venuepass does not
// use is ErrUnsupportedKey.
func DecodeKey(v any) (crypto.PublicKey, error) {
	m, ok := v.(map[any]any)
	if !ok {
		return nil, malformed("COSE_Key is not a map")
	}
	kty, ok := m[int64(keyKty)].(int64)
	if !ok {
		return nil, malformed("COSE_Key without an integer kty")
	}
	bstr := func(label int64) ([]byte, error) {
		b, ok := m[label].([]byte)
		if !ok {
			return nil, malformed("COSE_Key label %d missing or not a byte string", label)
		}
		return b, nil
	}
	switch kty {
	case ktyEC2:
		crv, ok := m[int64(keyCrv)].(int64)
		if !ok {
			return nil, malformed("EC2 COSE_Key without an integer crv")
		}
		var curve elliptic.Curve
		switch crv {
		case crvP256:
			curve = elliptic.P256()
		case crvP384:
			curve = elliptic.P384()
		default:
			return nil, fmt.Errorf("%w: EC2 curve %d", ErrUnsupportedKey, crv)
		}
		x, err := bstr(keyX)
		if err != nil {
			return nil, err
		}
		y, err := bstr(keyY)
		if err != nil {
			return nil, err
		}
		size := (curve.Params().BitSize + 7) / 8
		if len(x) != size || len(y) != size {
			return nil, malformed("EC2 coordinates must be %d bytes", size)
		}
		point := append(append([]byte{4}, x...), y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
		if err != nil {
			return nil, malformed("EC2 key: %v", err)
		}
		return pub, nil
	case ktyOKP:
		crv, ok := m[int64(keyCrv)].(int64)
		if !ok {
			return nil, malformed("OKP COSE_Key without an integer crv")
		}
		if crv != crvEd25519 {
			return nil, fmt.Errorf("%w: OKP curve %d", ErrUnsupportedKey, crv)
		}
		x, err := bstr(keyX)
		if err != nil {
			return nil, err
		}
		if len(x) != ed25519.PublicKeySize {
			return nil, malformed("Ed25519 key must be %d bytes", ed25519.PublicKeySize)
		}
		return ed25519.PublicKey(append([]byte(nil), x...)), nil
	case ktyRSA:
		n, err := bstr(keyN)
		if err != nil {
			return nil, err
		}
		e, err := bstr(keyE)
		if err != nil {
			return nil, err
		}
		if len(e) == 0 || len(e) > 4 {
			return nil, malformed("RSA exponent of %d bytes", len(e))
		}
		exp := new(big.Int).SetBytes(e)
		pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp.Int64())}
		if pub.E < 3 || pub.E%2 == 0 {
			return nil, malformed("RSA exponent %d", pub.E)
		}
		if pub.N.BitLen() < MinRSABits {
			return nil, malformed("RSA key of %d bits is below the %d-bit minimum", pub.N.BitLen(), MinRSABits)
		}
		return pub, nil
	}
	return nil, fmt.Errorf("%w: kty %d", ErrUnsupportedKey, kty)
}

// KeyAlg returns the alg label of a decoded COSE_Key, if it carries one.
func KeyAlg(v any) (int64, bool) {
	m, _ := v.(map[any]any)
	alg, ok := m[int64(keyAlg)].(int64)
	return alg, ok
}
