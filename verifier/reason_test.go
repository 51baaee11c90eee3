package verifier

import (
	"errors"
	"fmt"
	"testing"
)

// Every reason of FORMAT.md section 5 is its own error: errors.Is and
// ReasonOf find it through wrapping and through a Rejection, a Rejection
// reads "words: detail", and Refuse sets Reason and Err from one error.
func TestReasonIsTheError(t *testing.T) {
	all := []Reason{ReasonTrustListExpired, ReasonTooLarge, ReasonMalformed, ReasonUnknownIssuer, ReasonBadSignature,
		ReasonIssuerNotAllowed, ReasonNotYetValid, ReasonExpired, ReasonRevoked, ReasonSuspended, ReasonStatusUnknown,
		ReasonTypeNotAccepted, ReasonWrongEvent, ReasonWrongZone, ReasonPresentationRequired, ReasonPresentationExpired,
		ReasonWrongVenue, ReasonReplay, ReasonAlreadyCheckedIn}
	if len(words) != len(all) {
		t.Errorf("%d reasons have words, %d reasons", len(words), len(all))
	}
	seen := map[string]bool{}
	for _, r := range all {
		if !r.Known() || seen[words[r]] {
			t.Fatalf("%s: known %v, words %q", r, r.Known(), words[r])
		}
		seen[words[r]] = true
		if got := fmt.Sprint(r); got != string(r) {
			t.Errorf("fmt prints %s as %q, want its code", r, got)
		}
		var err error = r
		if got := ReasonOf(fmt.Errorf("context: %w", err)); got != r {
			t.Errorf("ReasonOf(wrapped %v) = %q, want %q", err, got, r)
		}
		rej := Reject(r, "detail %d", 7)
		if !errors.Is(rej, r) || ReasonOf(rej) != r || rej.Error() != words[r]+": detail 7" || DetailOf(rej) != "detail 7" {
			t.Errorf("Reject(%s): %q", r, rej)
		}
		for _, other := range all {
			if other != r && errors.Is(rej, other) {
				t.Errorf("Reject(%s) is also %s", r, other)
			}
		}
		var d Decision
		d.Accepted = true
		d.Refuse(rej)
		if d.Accepted || d.Reason != r || d.Err != error(rej) {
			t.Errorf("Refuse(%s): %+v", r, d)
		}
	}
	// The names of the old sentinels are the reasons themselves.
	if !errors.Is(Reject(ReasonExpired, "x"), ErrExpired) || ErrReplay != ReasonReplay {
		t.Errorf("the deprecated Err names do not match their reasons")
	}
	unknown := Reject(Reason("no_such_reason"), "x")
	if Reason("no_such_reason").Known() || ReasonOf(unknown) != "" || errors.Unwrap(unknown) != nil ||
		ReasonOf(errors.New("expired")) != "" {
		t.Errorf("an unknown reason or a look-alike error maps to a reason")
	}
}
