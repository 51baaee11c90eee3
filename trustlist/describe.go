package trustlist

import (
	"crypto"
	"errors"
	"fmt"
)

// LoadNamed is Load for the list data read from the file path, with the
// rollback guard of the state file state (StateFile), or NoGuard when
// state is "". Its errors are worded for people, naming the file and what
// to do: pin the anchor the list names (--anchor), fetch a list altered
// in transit again, load the newest list after a rollback.
func LoadNamed(path string, data []byte, anchors []crypto.PublicKey, state string) (*List, error) {
	guard := NoGuard
	if state != "" {
		guard = StateFile(state)
	}
	l, err := Load(data, anchors, guard)
	var rb *RollbackError
	switch {
	case err == nil:
		return l, nil
	case errors.Is(err, ErrUnknownAnchor):
		return nil, fmt.Errorf("trust list %s is signed by an anchor that is not pinned (the list's anchor is kid %s; pinned: %s); pass its public key with --anchor", path, SignerKidText(data), KidsText(anchors))
	case errors.Is(err, ErrBadSignature):
		return nil, fmt.Errorf("trust list %s does not verify with the pinned anchor; it was altered or damaged, fetch it again", path)
	case errors.As(err, &rb):
		return nil, fmt.Errorf("trust list %s is older than the one this kiosk already accepted (state %s): %v; load the newest list", path, state, rb.Detail())
	case errors.Is(err, ErrMalformed), errors.Is(err, ErrTooLarge):
		return nil, fmt.Errorf("%s is not a usable trust list: %v", path, err)
	}
	return nil, fmt.Errorf("trust list %s: %v", path, err)
}
