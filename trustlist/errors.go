package trustlist

import (
	"encoding/hex"
	"errors"
	"strings"
)

// Errors returned by Parse and Load, usable with errors.Is. Errors carry
// detail and wrap exactly one of these.
var (
	// ErrMalformed: the file is not a well-formed trust list of FORMAT.md
	// section 4.
	ErrMalformed = errors.New("trust list is malformed")
	// ErrTooLarge: the file or one of its parts exceeds the limits of
	// FORMAT.md section 4.
	ErrTooLarge = errors.New("trust list is too large")
	// ErrUnknownAnchor: no pinned anchor has the kid the list was signed with.
	ErrUnknownAnchor = errors.New("trust list is signed by an anchor that is not pinned")
	// ErrBadSignature: the anchor signature does not verify.
	ErrBadSignature = errors.New("trust list signature does not verify")
	// ErrRollback: the list's seq is lower than the last one accepted for
	// its anchor (or equal, with different content).
	ErrRollback = errors.New("trust list is older than the one already accepted (rollback)")
)

// AnchorError is the ErrUnknownAnchor of Parse and Load when the list names
// an anchor: it carries the kid the list was signed with and the kids of the
// anchors pinned here, so a message can name both (errors.As).
type AnchorError struct {
	ListKid []byte   // the kid in the list's protected header
	Pinned  [][]byte // the kids of the pinned anchors, in the order given
}

func (e *AnchorError) Error() string {
	pinned := make([]string, len(e.Pinned))
	for i, k := range e.Pinned {
		pinned[i] = hex.EncodeToString(k)
	}
	if len(pinned) == 0 {
		pinned = []string{"none"}
	}
	return "trust list is signed by anchor kid " + hex.EncodeToString(e.ListKid) +
		", which is not pinned (pinned: kid " + strings.Join(pinned, ", kid ") + ")"
}

// Unwrap makes errors.Is(err, ErrUnknownAnchor) hold.
func (e *AnchorError) Unwrap() error { return ErrUnknownAnchor }
