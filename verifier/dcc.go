package verifier

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/trustlist"
)

// isDCC reports whether text is an EU DCC (`HC1:`), after the whitespace a
// scanner adds.
func isDCC(text string) bool {
	return strings.HasPrefix(strings.TrimLeft(text, " \t\r\n\v\f"), dcc.Prefix)
}

var dccReasons = []struct {
	from error
	to   Reason
}{
	{dcc.ErrTooLarge, ReasonTooLarge},
	{dcc.ErrMalformed, ReasonMalformed},
	{dcc.ErrUnknownIssuer, ReasonUnknownIssuer},
	{dcc.ErrBadSignature, ReasonBadSignature},
	{dcc.ErrIssuerNotAllowed, ReasonIssuerNotAllowed},
	{dcc.ErrNotYetValid, ReasonNotYetValid},
	{dcc.ErrExpired, ReasonExpired},
}

func fromDCC(err error) error {
	for _, r := range dccReasons {
		if errors.Is(err, r.from) {
			return Reject(r.to, "%v", err)
		}
	}
	return Reject(ReasonMalformed, "%v", err)
}

// verifyDCC checks an EU DCC against the trust list's "dcc" entries
// (FORMAT.md section 4, profile "dcc"), then the official schema of the
// certificate's version and the verifier's DCC type policy. Codes outside
// the EU value sets and an unknown schema version are warnings
// (dcc.WarnUnknownValue, dcc.WarnUnknownVersion), not rejections.
func (v *Verifier) verifyDCC(list *trustlist.List, text string, now time.Time) Decision {
	u, err := dcc.Decode(text)
	if err != nil {
		return Decision{Reason: ReasonOf(fromDCC(err)), Err: fromDCC(err), Profile: ProfileDCC}
	}
	cert, err := u.Verify(dcc.FromTrustList(list), now, v.cfg.Skew)
	if err != nil {
		e := fromDCC(err)
		return Decision{Reason: ReasonOf(e), Err: e, Profile: ProfileDCC}
	}
	d := Decision{Profile: ProfileDCC, DCC: cert}
	for _, e := range list.Lookup(cert.Kid) {
		if e.Profile == trustlist.ProfileDCC && bytes.Equal(e.Cert, cert.Signer.Cert.Raw) {
			d.Issuer = e
			break
		}
	}
	if err := cert.Health.Validate(); err != nil {
		d.Refuse(Reject(ReasonMalformed, "%v", err))
		return d
	}
	// Codes outside the EU value sets, an unknown schema version: staff
	// look, the certificate is not refused (dcc.Warnings names the field).
	for _, w := range cert.Health.Warnings() {
		if !slices.Contains(d.Warnings, w.Code) {
			d.Warnings = append(d.Warnings, w.Code)
		}
	}
	if v.cfg.DCCTypes != nil {
		ok := false
		for _, t := range v.cfg.DCCTypes {
			ok = ok || t == cert.Type
		}
		if !ok {
			d.Refuse(Reject(ReasonTypeNotAccepted, "%s certificates are not accepted here", cert.Type))
			return d
		}
	}
	d.Accepted = true
	return d
}
