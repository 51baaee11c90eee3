package gui

import (
	"fmt"
	"strings"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/verifier"
)

// gateInfo is what the plain-word reasons need to know about the gate.
type gateInfo struct {
	Gate  string // shown name, "Gate B"
	Zone  string
	Event string
	Now   time.Time
	// TrustExpires and TrustNextUpdate are those of the list in use; zero
	// when there is none.
	TrustExpires, TrustNextUpdate time.Time
}

// day formats a date for staff: "3 May", with the year when it is not this
// year's.
func day(t, now time.Time) string {
	t = t.Local()
	if t.Year() != now.Local().Year() {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}

// clock formats a time of day, with the date when it is not today.
func clock(t, now time.Time) string {
	t = t.Local()
	n := now.Local()
	if t.YearDay() == n.YearDay() && t.Year() == n.Year() {
		return t.Format("15:04")
	}
	return day(t, now) + " " + t.Format("15:04")
}

// typeWords names each known credential type: one (for the verdict screen)
// and many (for staff, in the plural).
var typeWords = map[verifier.Type]struct{ one, many string }{
	verifier.Employee:    {"Employee badge", "Employee badges"},
	verifier.Membership:  {"Membership card", "Membership cards"},
	verifier.Ticket:      {"Ticket", "Tickets"},
	verifier.Certificate: {"Certificate", "Certificates"},
}

// typeNoun names a credential type for staff, in the plural.
func typeNoun(t verifier.Type) string {
	if w, ok := typeWords[t]; ok {
		return w.many
	}
	return fmt.Sprintf("Credentials of type %d", uint64(t))
}

// typeTitle names a credential type for the verdict screen.
func typeTitle(t verifier.Type) string {
	if w, ok := typeWords[t]; ok {
		return w.one
	}
	return fmt.Sprintf("Credential type %d", uint64(t))
}

// plainReason says why a verdict is a rejection, in a sentence for the
// steward: every reason of FORMAT.md section 5 has one.
func plainReason(v Verdict, g gateInfo) string {
	if v.Garbled != "" {
		return "Scanner keyboard layout mismatch: set the scanner to this computer's keyboard layout, or use direct mode in admin"
	}
	d := v.Decision
	c := d.Credential
	gate := g.Gate
	if gate == "" && g.Zone != "" {
		gate = g.Zone
	}
	switch d.Reason {
	case verifier.ReasonTrustListExpired:
		if g.TrustExpires.IsZero() {
			return "No trust list is loaded: load one in admin"
		}
		return fmt.Sprintf("The trust list expired on %s: load a new one in admin", day(g.TrustExpires, g.Now))
	case verifier.ReasonTooLarge:
		return "Too large to be a venuepass code"
	case verifier.ReasonMalformed:
		return "Not a valid venuepass code (damaged, or another kind of QR code)"
	case verifier.ReasonUnknownIssuer:
		return "Issued by an organisation this gate does not trust"
	case verifier.ReasonBadSignature:
		return "Forged or altered code: the signature does not match"
	case verifier.ReasonIssuerNotAllowed:
		return "The issuer may not issue this credential"
	case verifier.ReasonNotYetValid:
		if c != nil && !c.NotBefore.IsZero() {
			return "Not valid until " + clock(c.NotBefore, g.Now)
		}
		return "Not valid yet"
	case verifier.ReasonExpired:
		if c != nil {
			return "Expired on " + day(c.Expires, g.Now)
		}
		return "Expired"
	case verifier.ReasonRevoked:
		return "Revoked by the issuer: do not admit"
	case verifier.ReasonSuspended:
		return "Suspended by the issuer: do not admit"
	case verifier.ReasonStatusUnknown:
		return "Cannot check whether it was revoked: the trust list lacks its status list"
	case verifier.ReasonTypeNotAccepted:
		if c != nil {
			return typeNoun(c.Type) + " are not accepted here"
		}
		return "This kind of credential is not accepted here"
	case verifier.ReasonWrongEvent:
		if c != nil && c.Event != "" {
			return fmt.Sprintf("Ticket for another event (%s)", c.Event)
		}
		return "Not valid for this event"
	case verifier.ReasonWrongZone:
		if gate != "" {
			return "Not valid for " + gate
		}
		return "Not valid for this gate"
	case verifier.ReasonPresentationRequired:
		return "Show the live code from the wallet app, not a screenshot or print"
	case verifier.ReasonPresentationExpired:
		return "Live code out of date: refresh the wallet (check the phone's clock)"
	case verifier.ReasonWrongVenue:
		return "This live code was made for another venue"
	case verifier.ReasonReplay:
		return "This live code was already used: show a fresh one"
	case verifier.ReasonAlreadyCheckedIn:
		what := "Already checked in"
		if v.Prior != nil && v.Prior.Used {
			what = "Ticket already used"
		}
		if v.Prior != nil {
			return what + " at " + clock(v.Prior.Time, g.Now) + gateSuffix(v.Prior.Gate)
		}
		return what
	}
	if d.Err != nil {
		return "Rejected: " + d.Err.Error()
	}
	return "Rejected"
}

// plainWarning turns a warning word into a sentence.
func plainWarning(w string, v Verdict, g gateInfo) string {
	switch w {
	case verifier.WarnTrustListStale:
		if !g.TrustNextUpdate.IsZero() {
			return "Trust list out of date since " + day(g.TrustNextUpdate, g.Now) + ": recent revocations may be missing"
		}
		return "Trust list out of date: recent revocations may be missing"
	case "soft_passback":
		if v.Prior != nil {
			return "Already went in at " + clock(v.Prior.Time, g.Now) + gateSuffix(v.Prior.Gate)
		}
		return "Already went in earlier"
	case "passback_override":
		return "Let through by staff override"
	case dcc.WarnUnknownValue, dcc.WarnUnknownVersion:
		// Each finding names the field and the value.
		var found []string
		if c := v.Decision.DCC; c != nil && c.Health != nil {
			for _, dw := range c.Health.Warnings() {
				if dw.Code == w {
					found = append(found, dw.Plain())
				}
			}
		}
		if len(found) == 0 {
			return "Check the certificate by hand: a code on it is not in the EU lists"
		}
		return "Check the certificate by hand: " + strings.Join(found, "; ")
	}
	return strings.ReplaceAll(w, "_", " ")
}

// gateSuffix names the gate of an earlier entry: ", gate 3", ", Gate B".
func gateSuffix(gate string) string {
	switch {
	case gate == "":
		return ""
	case len(gate) >= 4 && strings.EqualFold(gate[:4], "gate"):
		return ", " + gate
	}
	return ", gate " + gate
}

// errorSentence capitalises an error message for the admin screen.
func errorSentence(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
