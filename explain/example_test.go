package explain_test

import (
	"fmt"
	"time"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/verifier"
)

// An embedder words the verifier's decisions for its staff: a sentence
// for a screen, a line for a log, in the catalogue of its language.
func Example() {
	words := explain.For("en-GB")
	gate := explain.Gate{Gate: "Gate B", Now: time.Date(2026, 6, 13, 14, 30, 0, 0, time.UTC), Location: time.UTC}

	revoked := verifier.Decision{Reason: verifier.ReasonRevoked, Err: verifier.ErrRevoked}
	fmt.Println(words.Reason(revoked, nil, gate))
	fmt.Println(words.Line(revoked, ""))

	again := verifier.Decision{Reason: verifier.ReasonAlreadyCheckedIn}
	prior := &explain.Prior{Time: time.Date(2026, 6, 13, 14, 2, 0, 0, time.UTC), Gate: "3"}
	fmt.Println(words.Reason(again, prior, gate))
	// Output:
	// Revoked by the issuer: do not admit
	// REJECT  revoked: the issuer has revoked this credential
	// Already checked in at 14:02, gate 3
}
