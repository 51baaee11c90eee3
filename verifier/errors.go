package verifier

import (
	"errors"
	"fmt"
)

// Reason is one of the rejection reasons of FORMAT.md section 5.
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

// Sentinel errors, one per reason, usable with errors.Is on Decision.Err.
// Each is made from its reason, so a sentinel and its reason cannot
// disagree: ReasonOf and Reason.Err read the link from the sentinel itself.
var (
	ErrTrustListExpired     = sentinel(ReasonTrustListExpired, "trust list expired")
	ErrTooLarge             = sentinel(ReasonTooLarge, "code too large")
	ErrMalformed            = sentinel(ReasonMalformed, "malformed code")
	ErrUnknownIssuer        = sentinel(ReasonUnknownIssuer, "unknown issuer")
	ErrBadSignature         = sentinel(ReasonBadSignature, "bad signature")
	ErrIssuerNotAllowed     = sentinel(ReasonIssuerNotAllowed, "issuer not allowed")
	ErrNotYetValid          = sentinel(ReasonNotYetValid, "not yet valid")
	ErrExpired              = sentinel(ReasonExpired, "expired")
	ErrRevoked              = sentinel(ReasonRevoked, "revoked")
	ErrSuspended            = sentinel(ReasonSuspended, "suspended")
	ErrStatusUnknown        = sentinel(ReasonStatusUnknown, "status unknown")
	ErrTypeNotAccepted      = sentinel(ReasonTypeNotAccepted, "type not accepted")
	ErrWrongEvent           = sentinel(ReasonWrongEvent, "wrong event")
	ErrWrongZone            = sentinel(ReasonWrongZone, "wrong zone")
	ErrPresentationRequired = sentinel(ReasonPresentationRequired, "presentation required")
	ErrPresentationExpired  = sentinel(ReasonPresentationExpired, "presentation expired")
	ErrWrongVenue           = sentinel(ReasonWrongVenue, "wrong venue")
	ErrReplay               = sentinel(ReasonReplay, "replayed presentation")
	ErrAlreadyCheckedIn     = sentinel(ReasonAlreadyCheckedIn, "already checked in")
)

// reasonError is the sentinel error of a reason: its words, and the reason
// it stands for.
type reasonError struct {
	reason Reason
	text   string
}

func (e *reasonError) Error() string { return e.text }

// sentinels finds a reason's sentinel (Reason.Err).
var sentinels = map[Reason]*reasonError{}

func sentinel(r Reason, text string) error {
	e := &reasonError{reason: r, text: text}
	sentinels[r] = e
	return e
}

// ReasonOf returns the reason an error wraps, or "" if it wraps none.
func ReasonOf(err error) Reason {
	var e *reasonError
	if errors.As(err, &e) {
		return e.reason
	}
	return ""
}

// Err returns the sentinel error of r, or nil for an unknown reason.
func (r Reason) Err() error {
	if e, ok := sentinels[r]; ok {
		return e
	}
	return nil
}

// Rejection is the error of a rejected decision as the verifier makes it:
// the reason and what exactly failed. errors.Is finds the reason's sentinel
// (Unwrap); a caller that shows the detail takes it with errors.As, never
// by cutting the text. Its text is the sentinel's, then ": " and the
// detail. (Reason itself is not made an error: fmt would then print a
// Reason by its words instead of its code.)
type Rejection struct {
	Reason Reason
	Detail string
}

func (r *Rejection) Error() string {
	s := string(r.Reason)
	if err := r.Reason.Err(); err != nil {
		s = err.Error()
	}
	if r.Detail == "" {
		return s
	}
	return s + ": " + r.Detail
}

func (r *Rejection) Unwrap() error { return r.Reason.Err() }

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

// Refuse turns d into a rejection for err, which wraps the sentinel of a
// reason (a *Rejection from Reject, or a sentinel): Accepted false, Reason
// taken from err, Err err. It is how code other than the verifier (a
// gate's anti-passback) refuses a decision, so Reason and Err always agree.
func (d *Decision) Refuse(err error) {
	d.Accepted, d.Reason, d.Err = false, ReasonOf(err), err
}
