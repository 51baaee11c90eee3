package issuer_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

func ExampleKey_Issue() {
	key, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		panic(err)
	}
	badge := &verifier.Credential{
		Type:    verifier.Employee,
		Iss:     "acme-corp",
		Sub:     "E-1042",
		Name:    "Kim Min-jun",
		Org:     "ACME",
		Zones:   []string{"HQ-MAIN"},
		Expires: time.Now().Add(365 * 24 * time.Hour),
	}
	text, err := key.Issue(badge)
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(text, "VP1:"), len(badge.CTI), key.Alg(), len(key.KeyID()))
	// Output: true 16 EdDSA 8
}
