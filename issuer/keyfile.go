package issuer

import (
	"crypto"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/venuepass/venuepass/fileutil"
)

// PublicKeyFile is the contents of a public key file as venuepass writes
// it: a comment line naming the algorithm and kid, then the SPKI PEM of pub
// (MarshalPublicKey). PEM readers skip the comment.
func PublicKeyFile(pub crypto.PublicKey) ([]byte, error) {
	der, err := MarshalPublicKey(pub)
	if err != nil {
		return nil, err
	}
	kid, err := KeyID(pub)
	if err != nil {
		return nil, err
	}
	alg, err := AlgOf(pub)
	if err != nil {
		return nil, err
	}
	return append([]byte(fmt.Sprintf("# venuepass %s public key, kid %x\n", alg, kid)), der...), nil
}

// KeyPairPEM is k as one text: its private key (MarshalPrivateKey) and
// then its public key file (PublicKeyFile), what keygen prints when no file
// is named.
func KeyPairPEM(k *Key) ([]byte, error) {
	priv, err := k.MarshalPrivateKey()
	if err != nil {
		return nil, err
	}
	pub, err := PublicKeyFile(k.Public())
	if err != nil {
		return nil, err
	}
	return append(priv, pub...), nil
}

// CheckKeyPairFree reports an error when path or path+".pub" exists (or
// cannot be looked at), before a key pair is made: for an existing file it
// is a *fs.PathError wrapping fs.ErrExist that names it.
func CheckKeyPairFree(path string) error {
	for _, p := range []string{path, path + ".pub"} {
		if _, err := os.Lstat(p); err == nil {
			return &fs.PathError{Op: "create", Path: p, Err: fs.ErrExist}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// WriteKeyPair writes k to path (WritePrivateKey, mode 0600) and its public
// key file (PublicKeyFile) to path+".pub" (mode 0644), never overwriting
// either: when one exists the error wraps fs.ErrExist and nothing is
// written. A failure writing the public key removes nothing: the private
// key is kept, since a public key can be made again from it (pubkey).
func WriteKeyPair(path string, k *Key) error {
	if err := CheckKeyPairFree(path); err != nil {
		return err
	}
	pub, err := PublicKeyFile(k.Public())
	if err != nil {
		return err
	}
	if err := WritePrivateKey(path, k); err != nil {
		return err
	}
	return fileutil.WriteNew(path+".pub", pub, 0o644)
}

// CreateKeyPair makes a new key for alg (GenerateKey) and writes it to path
// and path+".pub" (WriteKeyPair). Both names are checked before the key is
// made, so a failure leaves no half-made pair behind. With makeDir, path's
// folder is made (mode 0700) when missing, once the key is made; its
// failure is the *fs.PathError of os.MkdirAll. An unknown alg wraps
// ErrUnknownAlg.
func CreateKeyPair(path, alg string, makeDir bool) (*Key, error) {
	if err := CheckKeyPairFree(path); err != nil {
		return nil, err
	}
	k, err := GenerateKey(alg)
	if err != nil {
		return nil, err
	}
	if makeDir {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
	}
	if err := WriteKeyPair(path, k); err != nil {
		return nil, err
	}
	return k, nil
}

// KeyPairError words for people a failure of CreateKeyPair(path, ...): a
// key file that exists is named, followed by hint, what to do instead
// ("keygen never overwrites a key, choose another name"); a folder that
// could not be made is named; anything else is a failure to write path.
// An unknown algorithm (ErrUnknownAlg) is returned as it is: the caller
// words it, as a mistake in what was asked.
func KeyPairError(path string, err error, hint string) error {
	var pe *fs.PathError
	switch {
	case err == nil, errors.Is(err, ErrUnknownAlg):
		return err
	case errors.Is(err, fs.ErrExist) && errors.As(err, &pe):
		return fmt.Errorf("%s already exists; %s", pe.Path, hint)
	case errors.As(err, &pe) && pe.Op == "mkdir":
		return fmt.Errorf("cannot make folder %s: %v", filepath.Dir(path), err)
	}
	return fmt.Errorf("writing %s: %v", path, err)
}
