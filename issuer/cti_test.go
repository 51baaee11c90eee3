package issuer_test

import (
	"bytes"
	"encoding/hex"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// TestCTIRandomAndUnique: a credential issued without a cti gets CTILen
// random bytes, a different cti every time, as the verifier reads it back
// (replay and revocation key on it); a cti given by the caller is kept.
func TestCTIRandomAndUnique(t *testing.T) {
	key, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	v := verifier.New(trustFor(t, key), verifier.Config{Now: func() time.Time { return now }})
	const n = 200
	seen := make(map[string]int, n)
	zero := make([]byte, issuer.CTILen)
	for i := range n {
		text, err := key.Issue(credential(verifier.Ticket))
		if err != nil {
			t.Fatal(err)
		}
		d := v.Verify(text)
		if !d.Accepted {
			t.Fatalf("rejected: %v", d.Err)
		}
		cti := d.Credential.CTI
		if len(cti) != issuer.CTILen {
			t.Fatalf("cti %x is %d bytes, want %d", cti, len(cti), issuer.CTILen)
		}
		if bytes.Equal(cti, zero) {
			t.Fatalf("credential %d has an all-zero cti", i)
		}
		if j, dup := seen[string(cti)]; dup {
			t.Fatalf("credentials %d and %d share the cti %x", j, i, cti)
		}
		seen[string(cti)] = i
	}
	// In 3,200 random bytes a given byte value is missing with probability
	// (255/256)^3200, about 4e-6: a counter or a fixed pattern leaves many
	// values out.
	var bytesSeen [256]bool
	for cti := range seen {
		for _, b := range []byte(cti) {
			bytesSeen[b] = true
		}
	}
	missing := 0
	for _, ok := range bytesSeen {
		if !ok {
			missing++
		}
	}
	if missing > 4 {
		t.Errorf("%d byte values never occur in %d random ctis", missing, n)
	}

	given, _ := hex.DecodeString("00112233445566778899aabbccddeeff")
	c := credential(verifier.Ticket)
	c.CTI = given
	text, err := key.Issue(c)
	if err != nil {
		t.Fatal(err)
	}
	if d := v.Verify(text); !d.Accepted || !bytes.Equal(d.Credential.CTI, given) {
		t.Errorf("given cti: %x, %v", d.Credential.CTI, d.Err)
	}
}
