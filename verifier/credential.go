package verifier

import "github.com/venuepass/venuepass/credential"

// The credential model lives in package credential; these aliases keep the
// verifier's API as it was.

// Type is a credential type of FORMAT.md section 2.
type Type = credential.Type

// Credential types.
const (
	Employee    = credential.Employee    // employee badge
	Membership  = credential.Membership  // membership card
	Ticket      = credential.Ticket      // ticket or check-in pass
	Certificate = credential.Certificate // certificate or licence
)

// KnownTypes are the types of FORMAT.md section 2, the default accepted set.
var KnownTypes = credential.KnownTypes

// ParseType accepts a type name ("employee", "membership", "ticket",
// "certificate", also "badge", "member", "pass", "licence") or its number.
func ParseType(s string) (Type, error) { return credential.ParseType(s) }

// StatusRef points at an entry of a Token Status List.
type StatusRef = credential.StatusRef

// Credential holds the claims of a credential; see credential.Credential.
type Credential = credential.Credential
