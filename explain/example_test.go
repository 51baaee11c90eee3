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

	revoked := verifier.Decision{Reason: verifier.ReasonRevoked, Err: verifier.ReasonRevoked}
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

// A Korean kiosk words the same decisions in Korean, with the gate first
// and dates as Korean venues write them.
func Example_korean() {
	words := explain.ForLocale("ko_KR.UTF-8")
	kst := time.FixedZone("KST", 9*3600)
	gate := explain.Gate{Gate: "3루 게이트", Now: time.Date(2026, 12, 5, 14, 30, 0, 0, kst), Location: kst}

	again := verifier.Decision{Reason: verifier.ReasonAlreadyCheckedIn}
	prior := &explain.Prior{Time: time.Date(2026, 12, 5, 7, 0, 0, 0, kst), Gate: "3루 게이트"}
	fmt.Println(words.Reason(again, prior, gate))

	early := verifier.Decision{Reason: verifier.ReasonNotYetValid, Credential: &verifier.Credential{NotBefore: time.Date(2026, 12, 6, 14, 2, 0, 0, kst)}}
	fmt.Println(words.Reason(early, nil, gate))
	fmt.Println(words.Text("verdict.accepted", nil))
	// Output:
	// 3루 게이트에서 07:00에 이미 입장했습니다
	// 2026년 12월 6일 14:02부터 유효합니다
	// 입장 허용
}
