package printing

import (
	"fmt"
	"strings"

	"github.com/venuepass/venuepass/verifier"
)

// Layout is the design of a printed item.
type Layout int

// Layouts. The zero value picks one per item with LayoutFor.
const (
	Auto       Layout = iota // per item, from the credential type
	Badge                    // ID-1 staff badge or certificate card
	Membership               // ID-1 membership card
	Ticket                   // ID-1 ticket with a tear-off code stub
	Codes                    // sheet of codes with names, for check-in desks
)

var layoutNames = []string{"auto", "badge", "membership", "ticket", "codes"}

func (l Layout) String() string {
	if l >= 0 && int(l) < len(layoutNames) {
		return layoutNames[l]
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}

// ParseLayout parses a layout name: auto, badge, membership, ticket or codes
// (also "card" for membership and "sheet" or "list" for codes), in any case.
// The empty string is Auto.
func ParseLayout(s string) (Layout, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "badge", "employee", "certificate":
		return Badge, nil
	case "membership", "member", "card":
		return Membership, nil
	case "ticket", "pass":
		return Ticket, nil
	case "codes", "sheet", "list":
		return Codes, nil
	}
	return 0, fmt.Errorf("unknown layout %q (want auto, badge, membership, ticket or codes)", s)
}

// LayoutFor is the layout Auto gives a credential type: tickets and
// memberships their own, everything else a badge.
func LayoutFor(t verifier.Type) Layout {
	switch t {
	case verifier.Membership:
		return Membership
	case verifier.Ticket:
		return Ticket
	}
	return Badge
}

// Sheet is the paper that cards are printed on.
type Sheet int

// Sheets.
const (
	CardPages Sheet = iota // one card per page (the card plus Bleed), for card printers
	A4                     // ten cards per A4 page, with gutters and crop marks
	Letter                 // eight cards per US Letter page, with gutters and crop marks
)

var sheetNames = []string{"card", "a4", "letter"}

func (s Sheet) String() string {
	if s >= 0 && int(s) < len(sheetNames) {
		return sheetNames[s]
	}
	return fmt.Sprintf("Sheet(%d)", int(s))
}

// ParseSheet parses a paper name: card (also "cr80", "id1"), a4 or letter, in
// any case. The empty string is CardPages.
func ParseSheet(s string) (Sheet, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "card", "cr80", "id1", "id-1":
		return CardPages, nil
	case "a4":
		return A4, nil
	case "letter", "us-letter":
		return Letter, nil
	}
	return 0, fmt.Errorf("unknown paper %q (want card, a4 or letter)", s)
}
