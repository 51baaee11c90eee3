package verifier

import (
	"errors"
	"fmt"
)

// Reason is one of the rejection reasons of FORMAT.md section 5, and it is
// the error a rejection wraps: errors.Is(d.Err, verifier.ReasonExpired)
// tells a rejection's reason, ReasonOf(err) reads it. Its Error is the
// reason's code ("expired"), so fmt prints a Reason as the JSON verdict
// spells it; a Rejection adds the words and the detail.
type Reason string

// The reasons of FORMAT.md section 5, in the order a verifier checks them.
const (
	ReasonTrustListExpired     Reason = "trust_list_expired"
	ReasonTooLarge             Reason = "too_large"
	ReasonMalformed            Reason = "malformed"
	ReasonUnknownIssuer        Reason = "unknown_issuer"
	ReasonBadSignature         Reason = "bad_signature"
	ReasonIssuerNotAllowed     Reason = "issuer_not_allowed"
	ReasonNotYetValid          Reason = "not_yet_valid"
	ReasonExpired              Reason = "expired"
	ReasonRevoked              Reason = "revoked"
	ReasonSuspended            Reason = "suspended"
	ReasonStatusUnknown        Reason = "status_unknown"
	ReasonTypeNotAccepted      Reason = "type_not_accepted"
	ReasonWrongEvent           Reason = "wrong_event"
	ReasonWrongZone            Reason = "wrong_zone"
	ReasonPresentationRequired Reason = "presentation_required"
	ReasonPresentationExpired  Reason = "presentation_expired"
	ReasonWrongVenue           Reason = "wrong_venue"
	ReasonReplay               Reason = "replay"
	ReasonAlreadyCheckedIn     Reason = "already_checked_in"
)

// words are the few words of each reason that begin a Rejection's text;
// the sentences people read are package explain's.
var words = map[Reason]string{
	ReasonTrustListExpired:     "trust list expired",
	ReasonTooLarge:             "code too large",
	ReasonMalformed:            "malformed code",
	ReasonUnknownIssuer:        "unknown issuer",
	ReasonBadSignature:         "bad signature",
	ReasonIssuerNotAllowed:     "issuer not allowed",
	ReasonNotYetValid:          "not yet valid",
	ReasonExpired:              "expired",
	ReasonRevoked:              "revoked",
	ReasonSuspended:            "suspended",
	ReasonStatusUnknown:        "status unknown",
	ReasonTypeNotAccepted:      "type not accepted",
	ReasonWrongEvent:           "wrong event",
	ReasonWrongZone:            "wrong zone",
	ReasonPresentationRequired: "presentation required",
	ReasonPresentationExpired:  "presentation expired",
	ReasonWrongVenue:           "wrong venue",
	ReasonReplay:               "replayed presentation",
	ReasonAlreadyCheckedIn:     "already checked in",
}

// Error returns the reason's code.
func (r Reason) Error() string { return string(r) }

// Known reports whether r is one of the reasons of FORMAT.md section 5.
func (r Reason) Known() bool {
	_, ok := words[r]
	return ok
}

// The names these reasons had as separate sentinel errors. A reason is
// its own error now; these stay so that errors.Is(d.Err, verifier.ErrExpired)
// in code written against earlier versions keeps working.
//
// Deprecated: use the Reason constants (errors.Is(d.Err, verifier.ReasonExpired)).
const (
	ErrTrustListExpired     = ReasonTrustListExpired
	ErrTooLarge             = ReasonTooLarge
	ErrMalformed            = ReasonMalformed
	ErrUnknownIssuer        = ReasonUnknownIssuer
	ErrBadSignature         = ReasonBadSignature
	ErrIssuerNotAllowed     = ReasonIssuerNotAllowed
	ErrNotYetValid          = ReasonNotYetValid
	ErrExpired              = ReasonExpired
	ErrRevoked              = ReasonRevoked
	ErrSuspended            = ReasonSuspended
	ErrStatusUnknown        = ReasonStatusUnknown
	ErrTypeNotAccepted      = ReasonTypeNotAccepted
	ErrWrongEvent           = ReasonWrongEvent
	ErrWrongZone            = ReasonWrongZone
	ErrPresentationRequired = ReasonPresentationRequired
	ErrPresentationExpired  = ReasonPresentationExpired
	ErrWrongVenue           = ReasonWrongVenue
	ErrReplay               = ReasonReplay
	ErrAlreadyCheckedIn     = ReasonAlreadyCheckedIn
)

// ReasonOf returns the reason an error wraps, or "" if it wraps none.
func ReasonOf(err error) Reason {
	var r Reason
	if errors.As(err, &r) && r.Known() {
		return r
	}
	return ""
}

// Err returns r as an error, or nil for a string that is no reason of
// FORMAT.md section 5.
//
// Deprecated: a known Reason is itself the error.
func (r Reason) Err() error {
	if r.Known() {
		return r
	}
	return nil
}

// Rejection is the error of a rejected decision: the reason and what
// exactly failed. errors.Is finds the reason (Unwrap); a caller that shows
// the detail takes it with errors.As (or DetailOf), never by cutting the
// text. Its text is the reason's words, then ": " and the detail.
type Rejection struct {
	Reason Reason
	Detail string
}

func (r *Rejection) Error() string {
	s, ok := words[r.Reason]
	if !ok {
		s = string(r.Reason)
	}
	if r.Detail == "" {
		return s
	}
	return s + ": " + r.Detail
}

// Unwrap returns the reason, so that errors.Is(rejection, ReasonExpired)
// holds; nil for a reason FORMAT.md does not define.
func (r *Rejection) Unwrap() error {
	if !r.Reason.Known() {
		return nil
	}
	return r.Reason
}

// Reject is the one constructor of rejection errors, for the verifier and
// for code that decides a rejection of its own (a gate's anti-passback):
// Reject(ReasonExpired, "expired at %s", t).
func Reject(reason Reason, format string, args ...any) *Rejection {
	return &Rejection{Reason: reason, Detail: fmt.Sprintf(format, args...)}
}

// DetailOf returns the detail of the Rejection in err's chain, or "" if
// there is none.
func DetailOf(err error) string {
	var r *Rejection
	if errors.As(err, &r) {
		return r.Detail
	}
	return ""
}

// Refuse turns d into a rejection for err, which wraps a reason (a
// *Rejection from Reject, or a Reason): Accepted false, Reason taken from
// err, Err err. It is how code other than the verifier (a
// gate's anti-passback) refuses a decision, so Reason and Err always agree.
func (d *Decision) Refuse(err error) {
	d.Accepted, d.Reason, d.Err = false, ReasonOf(err), err
}
