package wallet

import (
	"crypto"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/venuepass/venuepass/fileutil"
)

// The files of a wallet folder: the holder's private key (its public half
// beside it as holder.key.pub) and the credential the issuer bound to it.
const (
	KeyFile        = "holder.key"
	CredentialFile = "credential.txt"
)

// maxCredential caps a stored credential: one QR text.
const maxCredential = 8 << 10

// ErrOccupied: the wallet already holds a credential, and Store was not
// asked to replace it.
var ErrOccupied = errors.New("the wallet already holds a credential")

// BindError is a credential that the holder key cannot present: it is not
// bound to that key (cnf), or it is not a credential at all.
type BindError struct{ Err error }

func (e *BindError) Error() string { return e.Err.Error() }
func (e *BindError) Unwrap() error { return e.Err }

// Store keeps the credential text in the wallet folder dir as
// CredentialFile (mode 0600, replaced atomically) after checking that
// holder can present it (a *BindError if not). A credential already there
// is replaced only when replace is set, else the error is ErrOccupied.
func Store(dir string, holder crypto.Signer, text string, replace bool) error {
	if _, err := Present(holder, text, time.Now(), ""); err != nil {
		return &BindError{err}
	}
	dst := filepath.Join(dir, CredentialFile)
	if _, err := os.Lstat(dst); err == nil && !replace {
		return ErrOccupied
	}
	return fileutil.WriteAtomic(dst, []byte(text+"\n"), 0o600)
}

// Stored returns the credential kept in the wallet folder dir; when there
// is none the error wraps fs.ErrNotExist.
func Stored(dir string) (string, error) {
	data, err := fileutil.ReadCapped(filepath.Join(dir, CredentialFile), maxCredential)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(data)), nil
}
