package credential_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/venuepass/venuepass/credential"
)

func TestParseType(t *testing.T) {
	for in, want := range map[string]credential.Type{
		"employee": credential.Employee, "badge": credential.Employee, "2": credential.Membership,
		"pass": credential.Ticket, "licence": credential.Certificate, "7": 7,
	} {
		if got, err := credential.ParseType(in); err != nil || got != want {
			t.Errorf("ParseType(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "guest", "07", "-1", "1x"} {
		if _, err := credential.ParseType(bad); err == nil {
			t.Errorf("ParseType(%q) accepted", bad)
		}
	}
}

func TestPhotoDigest(t *testing.T) {
	photo := []byte("\xff\xd8\xff\xe0 a JPEG")
	sum := sha256.Sum256(photo)
	if d := credential.PhotoDigest(photo); len(d) != credential.PhotoDigestLen || !bytes.Equal(d, sum[:16]) {
		t.Fatalf("PhotoDigest = %x, want %x", d, sum[:16])
	}
}

func ExampleType_String() {
	fmt.Println(credential.Ticket, credential.Type(9))
	// Output: ticket type-9
}
