package verifier

import (
	"errors"
	"fmt"
	"testing"
)

// Every reason of FORMAT.md section 5 has one sentinel, made from it:
// Reason.Err and ReasonOf agree both ways, also through wrapping and
// through a Rejection; Refuse sets Reason and Err from one error.
func TestReasonSentinels(t *testing.T) {
	all := []Reason{ReasonTrustListExpired, ReasonTooLarge, ReasonMalformed, ReasonUnknownIssuer, ReasonBadSignature,
		ReasonIssuerNotAllowed, ReasonNotYetValid, ReasonExpired, ReasonRevoked, ReasonSuspended, ReasonStatusUnknown,
		ReasonTypeNotAccepted, ReasonWrongEvent, ReasonWrongZone, ReasonPresentationRequired, ReasonPresentationExpired,
		ReasonWrongVenue, ReasonReplay, ReasonAlreadyCheckedIn}
	if len(sentinels) != len(all) {
		t.Errorf("%d sentinels, %d reasons", len(sentinels), len(all))
	}
	seen := map[error]bool{}
	for _, r := range all {
		err := r.Err()
		if err == nil || seen[err] {
			t.Fatalf("%s: sentinel %v", r, err)
		}
		seen[err] = true
		if got := ReasonOf(fmt.Errorf("context: %w", err)); got != r {
			t.Errorf("ReasonOf(wrapped %v) = %q, want %q", err, got, r)
		}
		rej := Reject(r, "detail %d", 7)
		if !errors.Is(rej, err) || ReasonOf(rej) != r || rej.Error() != err.Error()+": detail 7" {
			t.Errorf("Reject(%s): %q", r, rej)
		}
		var d Decision
		d.Accepted = true
		d.Refuse(rej)
		if d.Accepted || d.Reason != r || d.Err != error(rej) {
			t.Errorf("Refuse(%s): %+v", r, d)
		}
	}
	if Reason("no_such_reason").Err() != nil || ReasonOf(errors.New("expired")) != "" {
		t.Errorf("an unknown reason or a look-alike error maps to a reason")
	}
}
