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
var (
	ErrTrustListExpired     = errors.New("trust list expired")
	ErrTooLarge             = errors.New("code too large")
	ErrMalformed            = errors.New("malformed code")
	ErrUnknownIssuer        = errors.New("unknown issuer")
	ErrBadSignature         = errors.New("bad signature")
	ErrIssuerNotAllowed     = errors.New("issuer not allowed")
	ErrNotYetValid          = errors.New("not yet valid")
	ErrExpired              = errors.New("expired")
	ErrRevoked              = errors.New("revoked")
	ErrSuspended            = errors.New("suspended")
	ErrStatusUnknown        = errors.New("status unknown")
	ErrTypeNotAccepted      = errors.New("type not accepted")
	ErrWrongEvent           = errors.New("wrong event")
	ErrWrongZone            = errors.New("wrong zone")
	ErrPresentationRequired = errors.New("presentation required")
	ErrPresentationExpired  = errors.New("presentation expired")
	ErrWrongVenue           = errors.New("wrong venue")
	ErrReplay               = errors.New("replayed presentation")
	ErrAlreadyCheckedIn     = errors.New("already checked in")
)

var reasons = []struct {
	err    error
	reason Reason
}{
	{ErrTrustListExpired, ReasonTrustListExpired},
	{ErrTooLarge, ReasonTooLarge},
	{ErrMalformed, ReasonMalformed},
	{ErrUnknownIssuer, ReasonUnknownIssuer},
	{ErrBadSignature, ReasonBadSignature},
	{ErrIssuerNotAllowed, ReasonIssuerNotAllowed},
	{ErrNotYetValid, ReasonNotYetValid},
	{ErrExpired, ReasonExpired},
	{ErrRevoked, ReasonRevoked},
	{ErrSuspended, ReasonSuspended},
	{ErrStatusUnknown, ReasonStatusUnknown},
	{ErrTypeNotAccepted, ReasonTypeNotAccepted},
	{ErrWrongEvent, ReasonWrongEvent},
	{ErrWrongZone, ReasonWrongZone},
	{ErrPresentationRequired, ReasonPresentationRequired},
	{ErrPresentationExpired, ReasonPresentationExpired},
	{ErrWrongVenue, ReasonWrongVenue},
	{ErrReplay, ReasonReplay},
	{ErrAlreadyCheckedIn, ReasonAlreadyCheckedIn},
}

// ReasonOf returns the reason an error wraps, or "" if it wraps none.
func ReasonOf(err error) Reason {
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.reason
		}
	}
	return ""
}

// Err returns the sentinel error of r, or nil for an unknown reason.
func (r Reason) Err() error {
	for _, x := range reasons {
		if x.reason == r {
			return x.err
		}
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
