package trustlist

import (
	"crypto"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/internal/wire"
)

// maxAnchorFileSize bounds an anchor key file: a PEM public key or
// certificate is a few kilobytes at most.
const maxAnchorFileSize = 64 << 10

// LoadFile is Load for a kiosk or an embedder that keeps its files on disk:
// it reads the trust list at path (at most MaxFileSize bytes), pins the
// anchor public keys in the PEM files at anchorPaths (see ParseAnchor), and
// loads the list with the rollback guard (StateFile(path) or NoGuard, as in
// Load).
//
// Errors name the file they are about. Those about the list itself wrap the
// sentinels of Parse and Load (ErrRollback, ErrBadSignature, ...), so
// errors.Is works on them.
func LoadFile(path string, anchorPaths []string, guard Guard) (*List, error) {
	if len(anchorPaths) == 0 {
		return nil, fmt.Errorf("%w: no anchor key files given for %s", ErrUnknownAnchor, path)
	}
	anchors := make([]crypto.PublicKey, 0, len(anchorPaths))
	for _, p := range anchorPaths {
		data, err := fileutil.ReadCapped(p, maxAnchorFileSize)
		if err != nil {
			return nil, fmt.Errorf("anchor key: %w", err)
		}
		k, err := ParseAnchor(data)
		if err != nil {
			return nil, fmt.Errorf("anchor key %s: %w", p, err)
		}
		anchors = append(anchors, k)
	}
	data, err := fileutil.ReadCapped(path, MaxFileSize)
	if errors.Is(err, fileutil.ErrTooLarge) {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrTooLarge, path, MaxFileSize)
	}
	if err != nil {
		return nil, fmt.Errorf("trust list: %w", err)
	}
	l, err := Load(data, anchors, guard)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return l, nil
}

// ParseAnchor reads a pinned anchor key: a PEM "PUBLIC KEY" block
// (SubjectPublicKeyInfo, as `venuepass keygen` writes to NAME.pub and
// `openssl pkey -pubout` prints) or a "CERTIFICATE", whose public key is
// taken. The key must be one a trust list can be signed with (ES256, ES384,
// EdDSA, PS256 with at least 2048 bits). A private key is refused: a kiosk
// must never hold the anchor's private half.
func ParseAnchor(data []byte) (crypto.PublicKey, error) {
	block, _ := pem.Decode(data)
	if block != nil {
		switch block.Type {
		case "PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("this is a private key (%s); pin the anchor's public key instead (keygen writes it beside the private key as NAME.pub)", block.Type)
		}
	}
	pub, err := wire.PublicKeyFromPEM(block)
	if err != nil {
		return nil, err
	}
	if _, err := wire.AlgForKey(pub); err != nil {
		return nil, fmt.Errorf("anchor key cannot sign trust lists: %v", err)
	}
	return pub, nil
}

// SignerKid returns the kid in the protected header of a signed trust list,
// the anchor it says it is signed by, without verifying anything: for
// messages that name the anchor a list wants when it is not pinned.
func SignerKid(data []byte) ([]byte, error) {
	msg, err := parseSign1(data)
	if err != nil {
		return nil, err
	}
	return msg.Kid, nil
}

// KidText is the kid of pub in hex, for messages, or "?" when pub is not a
// key venuepass knows.
func KidText(pub crypto.PublicKey) string {
	kid, err := wire.KeyID(pub)
	if err != nil {
		return "?"
	}
	return hex.EncodeToString(kid)
}

// KidsText lists the kids of pinned anchors for messages: "kid 1a2b...,
// kid 3c4d..." (KidText each).
func KidsText(keys []crypto.PublicKey) string {
	kids := make([]string, len(keys))
	for i, k := range keys {
		kids[i] = "kid " + KidText(k)
	}
	return strings.Join(kids, ", ")
}

// ClaimedSeq returns the seq a signed trust list carries, without
// verifying anything: for messages comparing two lists (a hub's and the one
// about to replace it), never to decide which one to trust.
func ClaimedSeq(data []byte) (uint64, error) {
	msg, err := parseSign1(data)
	if err != nil {
		return 0, err
	}
	l, err := decodePayload(msg.Payload)
	if err != nil {
		return 0, err
	}
	return l.Seq, nil
}

// SignerKidText is the kid a signed list names as its anchor (SignerKid)
// in hex, or "?" when the file is not a signed list.
func SignerKidText(data []byte) string {
	kid, err := SignerKid(data)
	if err != nil {
		return "?"
	}
	return hex.EncodeToString(kid)
}
