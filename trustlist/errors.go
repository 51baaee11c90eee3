package trustlist

import "errors"

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
