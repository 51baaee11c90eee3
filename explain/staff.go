package explain

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/verifier"
)

// detailed are the reasons whose staff words add the verifier's detail (a
// date, a zone).
var detailed = map[verifier.Reason]bool{
	verifier.ReasonNotYetValid: true, verifier.ReasonExpired: true,
	verifier.ReasonIssuerNotAllowed: true, verifier.ReasonWrongEvent: true, verifier.ReasonWrongZone: true,
	verifier.ReasonTypeNotAccepted: true,
}

// StaffReason words a rejection on one line for staff at a terminal: the
// reason, its words and, for reasons that have one, the verifier's detail:
// "expired: the credential has expired (expired at 2026-05-03T12:00:00Z)".
func (c *Catalogue) StaffReason(d verifier.Decision) string {
	s := string(d.Reason) + ": " + c.StaffWords(d.Reason)
	// An HC1: code is an EU DCC, not "not a venuepass code": say which rule
	// of the hcert specification or schema it breaks.
	dccMalformed := d.Profile == verifier.ProfileDCC && d.Reason == verifier.ReasonMalformed
	if dccMalformed {
		s = string(d.Reason) + ": " + c.Text("staff.malformed.dcc", nil)
	}
	var r *verifier.Rejection
	if (detailed[d.Reason] || dccMalformed) && errors.As(d.Err, &r) && r.Reason == d.Reason && r.Detail != "" {
		s += " (" + r.Detail + ")"
	}
	return s
}

// StaffWords says a reason in a few words for staff, the reason code
// itself when the catalogue has none.
func (c *Catalogue) StaffWords(r verifier.Reason) string {
	if k := Key("staff." + string(r)); c.has(k) {
		return c.Text(k, nil)
	}
	return string(r)
}

// StaffWarning says a warning in a few words for staff.
func (c *Catalogue) StaffWarning(w string) string {
	if k := Key("staff.warning." + w); c.has(k) {
		return c.Text(k, nil)
	}
	return w
}

// Holder describes the holder of a verified code for staff: "Kim Min-jun,
// employee, ACME" ("Kim Min-jun (born 1990), employee, ACME" when the
// credential carries the birth year), or for an EU DCC the name, date of
// birth, entry type and its dates. It is "" when the code did not verify.
func (c *Catalogue) Holder(d verifier.Decision) string {
	switch {
	case d.DCC != nil:
		return c.dccHolder(d.DCC)
	case d.Credential != nil:
		cr := d.Credential
		key := Key("holder")
		if cr.BirthYear > 0 {
			key += ".born"
		}
		if cr.Org != "" {
			key += ".org"
		}
		return c.Text(key, Args{"name": cr.Name, "type": cr.Type.String(), "org": cr.Org, "year": fmt.Sprint(cr.BirthYear)})
	}
	return ""
}

// dccHolder is dcc.holder.KIND (vaccination, test, recovery, or none) with
// .expires when the certificate has an expiry.
func (c *Catalogue) dccHolder(cert *dcc.Certificate) string {
	h := cert.Health
	key := Key("dcc.holder")
	a := Args{"name": h.Name.String(), "dob": h.DateOfBirth, "type": cert.Type.String()}
	switch {
	case len(h.Vaccinations) > 0:
		v := h.Vaccinations[0]
		key += ".vaccination"
		a["dose"], a["doses"], a["date"] = fmt.Sprint(v.DoseNumber), fmt.Sprint(v.TotalDoses), v.Date
	case len(h.Tests) > 0:
		t := h.Tests[0]
		key += ".test"
		a["result"], a["time"] = c.Text("dcc.result.other", Args{"result": t.Result}), t.SampleTime
		if k := Key("dcc.result." + t.Result); c.has(k) {
			a["result"] = c.Text(k, nil)
		}
	case len(h.Recoveries) > 0:
		r := h.Recoveries[0]
		key += ".recovery"
		a["positive"], a["from"], a["until"] = r.FirstPositive, r.ValidFrom, r.ValidUntil
	}
	if !cert.ExpiresAt.IsZero() {
		key += ".expires"
		a["expires"] = cert.ExpiresAt.UTC().Format(time.RFC3339)
	}
	return c.Text(key, a)
}

// Line is a verdict on one line for staff: "ACCEPT  holder  warning: ..."
// or "REJECT  reason: words  (holder)". passback, when set, is the
// check-in log's message naming the earlier entry anti-passback held
// against the scan; it replaces the words of already_checked_in and
// follows the warnings of soft anti-passback and overrides. Fields are as
// the code carries them: a terminal should have control characters
// replaced.
func (c *Catalogue) Line(d verifier.Decision, passback string) string {
	var b strings.Builder
	who := c.Holder(d)
	switch {
	case d.Accepted:
		b.WriteString("ACCEPT  " + who)
	case passback != "":
		b.WriteString("REJECT  " + string(d.Reason) + ": " + passback)
	default:
		b.WriteString("REJECT  " + c.StaffReason(d))
	}
	if !d.Accepted && who != "" {
		b.WriteString("  (" + who + ")")
	}
	for _, w := range d.Warnings {
		b.WriteString("  warning: " + c.StaffWarning(w))
		if passback != "" && (w == WarnSoftPassback || w == WarnPassbackOverride) {
			b.WriteString(": " + passback)
		}
		for _, f := range c.dccFindings(d, w) {
			b.WriteString("; " + f)
		}
	}
	return b.String()
}
