// Package hub shares one venue between many gates over NATS JetStream: the
// anti-passback state of every credential, every decision of every gate,
// and the signed trust list.
//
// The hub is a nats-server with JetStream: embedded (Server, on a file
// store; 'venuepass hub') or an existing cluster. It holds
//
//   - the key-value bucket vp_claims: one key per credential and venue
//     (checkin.ClaimKey), holding its checkin.SharedState. A gate claims an
//     entry with compare-and-set on the key's revision (Client.Claim, the
//     checkin.Claimer of the gate's log), so that of four gates reading the
//     same single-entry ticket at once exactly one accepts;
//   - the stream VP_DECISIONS: every record of every gate's check-in log
//     (subject vp.rec.VENUE.GATE), published with the record id as the
//     message id (Nats-Msg-Id), so JetStream stores a record once however
//     often a gate's outbox replays it within the duplicate window
//     (DefaultDuplicateWindow); queries count records by id too. Conflicts
//     found when a gate reconciles the entries it accepted offline go to
//     vp.conflict.VENUE.GATE; and the signed checkpoints of every gate's
//     log (vp.ckpt.VENUE.GATE: the hub is the logs' witness, Witness);
//   - the object store vp_trust: the signed trust list (object trust.vptl),
//     which gates watch and hot-swap after checking the anchor signature and
//     the seq rollback guard;
//   - the object store vp_photos: holders' photos, named as in a gate's
//     photo store (package photos), which the office publishes
//     (PublishPhotos) and gates mirror (WatchPhotos); a gate shows one only
//     when its digest is the signed credential's.
//
// Verification stays on the gate, against the signed trust list: the hub
// cannot make a credential valid. What it can do is said in the README
// ("Many gates").
package hub

import (
	"context"
	"encoding/hex"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
)

// Names of what the hub holds.
const (
	ClaimsBucket     = "vp_claims"
	TrustStore       = "vp_trust"
	TrustObject      = "trust.vptl"
	PhotoStore       = "vp_photos"
	DecisionsStream  = "VP_DECISIONS"
	recordPrefix     = "vp.rec."
	conflictPrefix   = "vp.conflict."
	checkpointPrefix = "vp.ckpt."
)

// Defaults.
const (
	// DefaultTimeout bounds a claim: a gate whose hub has not answered by
	// then decides offline.
	DefaultTimeout = 300 * time.Millisecond
	// DefaultDuplicateWindow is how long the stream remembers record ids:
	// an outbox replaying a record within it is deduplicated by JetStream;
	// after it, queries still count each record id once.
	DefaultDuplicateWindow = 24 * time.Hour
)

// ErrOffline: the hub did not answer in time.
var ErrOffline = errors.New("hub did not answer")

// token makes a venue or gate name a single NATS subject token: names of
// letters, digits, '-' and '_' are kept, any other name (empty too) becomes
// '~' and its bytes in hex.
func token(s string) string {
	ok := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return "~" + hex.EncodeToString([]byte(s))
}

// RecordSubject is the subject a gate publishes its records on.
func RecordSubject(venue, gate string) string {
	return recordPrefix + token(venue) + "." + token(gate)
}

// ConflictSubject is the subject a gate publishes conflicts on.
func ConflictSubject(venue, gate string) string {
	return conflictPrefix + token(venue) + "." + token(gate)
}

// venueFilter is the subject filter of a venue's records ("" for all).
func venueFilter(prefix, venue string) string {
	if venue == "" {
		return prefix + ">"
	}
	return prefix + token(venue) + ".*"
}

// isTimeout reports a hub that did not answer in time: by the errors' types
// (nats.ErrTimeout, a context deadline, a net.Error that timed out).
func isTimeout(err error) bool {
	var ne interface{ Timeout() bool }
	return err != nil && (errors.Is(err, ErrOffline) || errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout())
}
