package verifier

import (
	"crypto"
	"fmt"
	"time"
)

// Type is a credential type of FORMAT.md section 2.
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

// StatusRef points at an entry of a Token Status List.
type StatusRef struct {
	URI string
	Idx uint64
}

// Credential holds the claims of a credential. The verifier returns one only
// after its signature has verified against a trusted issuer; issuers fill one
// in to sign it.
type Credential struct {
	Type   Type
	Name   string
	Org    string
	Zones  []string // nil: valid in any zone
	Tier   string
	Event  string
	Seat   string
	Title  string
	Number string

	Iss string
	Sub string
	// CTI is the unique credential id (8 to 16 bytes).
	CTI       []byte
	IssuedAt  time.Time
	NotBefore time.Time // zero when absent
	Expires   time.Time
	// HolderKey is the holder's device key (cnf); a credential with one is
	// accepted only inside a presentation.
	HolderKey crypto.PublicKey
	Status    *StatusRef
}
