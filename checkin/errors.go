package checkin

import (
	"errors"
	"fmt"
)

// Sentinel errors.
var (
	// ErrClosed: the log was closed.
	ErrClosed = errors.New("check-in log is closed")
	// ErrReadOnly: the log was opened with Options.ReadOnly.
	ErrReadOnly = errors.New("check-in log is open read-only")
	// ErrNewerSchema: the file was written by a newer venuepass.
	ErrNewerSchema = errors.New("check-in log is from a newer venuepass")
	// ErrNothingToAnnul: the kiosk has no accepted decision that is not
	// already annulled.
	ErrNothingToAnnul = errors.New("nothing to annul")
	// ErrAnnulTooLate: the kiosk's last accepted decision is older than the
	// annul window.
	ErrAnnulTooLate = errors.New("too late to annul")
	// ErrNoAuthoriser: an annulment that names no one who authorised it.
	ErrNoAuthoriser = errors.New("an annulment must name who authorised it")
	// ErrUnknownRecord: no record has the ID given.
	ErrUnknownRecord = errors.New("no such record")
	// ErrChainBroken: VerifyChain found a record or checkpoint that does
	// not match; the error is a *ChainError naming it.
	ErrChainBroken = errors.New("check-in log chain is broken")
)

// ChainError names the first record (or checkpoint) where the hash chain
// does not hold.
type ChainError struct {
	// Seq is the sequence number of the first bad record; for a bad
	// checkpoint it is the record the checkpoint covers. It is 0 when no
	// record is to blame (a log without a signed checkpoint).
	Seq int64
	// ID is the bad record's ID, when the record exists.
	ID string
	// Checkpoint is the number of the bad checkpoint, or 0.
	Checkpoint int64
	// Problem says what is wrong.
	Problem string
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("%v: %s", ErrChainBroken, e.Describe())
}

// Describe says what is wrong with the chain, without the ErrChainBroken
// prefix: "record 7 (ID): its hash does not match".
func (e *ChainError) Describe() string {
	if e.Seq == 0 && e.Checkpoint == 0 {
		return e.Problem
	}
	s := fmt.Sprintf("record %d", e.Seq)
	if e.ID != "" {
		s += " (" + e.ID + ")"
	}
	if e.Checkpoint != 0 {
		s = fmt.Sprintf("checkpoint %d over %s", e.Checkpoint, s)
	}
	return s + ": " + e.Problem
}

func (e *ChainError) Unwrap() error { return ErrChainBroken }
