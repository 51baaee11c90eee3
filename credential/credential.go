// Package credential is the venuepass credential model of FORMAT.md
// section 2: the credential types, the body fields and the claims, as Go
// values. It is the one home of these types: package issuer fills a
// Credential in to sign it, package verifier returns one after its signature
// has verified (verifier.Credential is an alias of Credential), and wallets,
// printers and gate logs read it.
//
// The package holds no encoding and no policy; it imports only the standard
// library, so that any venuepass package may depend on it.
package credential

import (
	"crypto"
	"crypto/sha256"
	"fmt"
	"time"
)

// Type is a credential type of FORMAT.md section 2 (body key 1).
type Type uint64

// Credential types.
const (
	Employee    Type = 1 // employee badge
	Membership  Type = 2 // membership card
	Ticket      Type = 3 // ticket or check-in pass
	Certificate Type = 4 // certificate or licence
)

// KnownTypes are the types of FORMAT.md section 2, the default accepted set.
var KnownTypes = []Type{Employee, Membership, Ticket, Certificate}

// String returns the lower-case name used in JSON verdicts and on the
// command line.
func (t Type) String() string {
	switch t {
	case Employee:
		return "employee"
	case Membership:
		return "membership"
	case Ticket:
		return "ticket"
	case Certificate:
		return "certificate"
	}
	return fmt.Sprintf("type-%d", uint64(t))
}

// ParseType accepts a type name ("employee", "membership", "ticket",
// "certificate", also "badge", "member", "pass", "licence") or its number.
func ParseType(s string) (Type, error) {
	switch s {
	case "employee", "badge", "1":
		return Employee, nil
	case "membership", "member", "2":
		return Membership, nil
	case "ticket", "pass", "3":
		return Ticket, nil
	case "certificate", "licence", "license", "4":
		return Certificate, nil
	}
	var n uint64
	if _, err := fmt.Sscanf(s, "%d", &n); err == nil && fmt.Sprint(n) == s {
		return Type(n), nil
	}
	return 0, fmt.Errorf("unknown credential type %q (want employee, membership, ticket or certificate)", s)
}

// Bounds of FORMAT.md section 2.
const (
	// MinCTI and MaxCTI bound the length of the credential id (claim 7).
	MinCTI = 8
	MaxCTI = 16
	// PhotoDigestLen is the length of the photo digest (body key 11).
	PhotoDigestLen = 16
)

// StatusRef points at an entry of a Token Status List (claim 65535).
type StatusRef struct {
	URI string
	Idx uint64
}

// Credential holds the claims of a credential. The verifier returns one only
// after its signature has verified against a trusted issuer; issuers fill one
// in to sign it.
type Credential struct {
	// Body fields (claim -65537, keys 1 to 11).
	Type   Type
	Name   string
	Org    string
	Zones  []string // nil: valid in any zone
	Tier   string
	Event  string
	Seat   string
	Title  string
	Number string
	// BirthYear is the holder's year of birth (body key 10), shown to staff
	// to compare with the person; 0 when absent.
	BirthYear int
	// PhotoDigest is the first 16 bytes of SHA-256 of the holder's photo
	// file (body key 11, see PhotoDigest); nil when absent. A kiosk shows a
	// photo from its local store only when the digest matches.
	PhotoDigest []byte

	Iss string
	Sub string
	// CTI is the unique credential id (MinCTI to MaxCTI bytes).
	CTI       []byte
	IssuedAt  time.Time
	NotBefore time.Time // zero when absent
	Expires   time.Time
	// HolderKey is the holder's device key (cnf); a credential with one is
	// accepted only inside a presentation.
	HolderKey crypto.PublicKey
	Status    *StatusRef
}

// PhotoDigest returns the digest of a photo file as body key 11 carries it:
// the first 16 bytes of SHA-256 over the file as stored.
func PhotoDigest(photo []byte) []byte {
	sum := sha256.Sum256(photo)
	return sum[:PhotoDigestLen]
}
