package draft

import (
	"fmt"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// ParseIssuerTerms reads the terms of an issuer entry as people give them
// to 'venuepass trust add-issuer': the credential types it may issue
// (--types, checked by verifier.ParseType) and the window of issue times
// (--not-before, --not-after, each a date, a time or a duration from now
// as issuer.ParseWhen reads them; empty leaves that end open). Errors name
// the flags. The result goes to NewIssuer.
func ParseIssuerTerms(types []string, notBefore, notAfter string, now time.Time) (nb, na time.Time, err error) {
	for _, t := range types {
		if _, err := verifier.ParseType(t); err != nil {
			return nb, na, fmt.Errorf("--types: %v", err)
		}
	}
	if notBefore != "" {
		if nb, err = issuer.ParseWhen(notBefore, now); err != nil {
			return nb, na, fmt.Errorf("--not-before: %v", err)
		}
	}
	if notAfter != "" {
		if na, err = issuer.ParseWhen(notAfter, now); err != nil {
			return nb, na, fmt.Errorf("--not-after: %v", err)
		}
	}
	if !nb.IsZero() && !na.IsZero() && !na.After(nb) {
		return nb, na, fmt.Errorf("--not-after %s is not after --not-before %s", utc(na), utc(nb))
	}
	return nb, na, nil
}

// ParseSignTimes reads when a list signed at now should be replaced and
// when it expires, as people give them to 'venuepass trust sign'
// (--next-update, --expires: a date, a time or a duration from now, as
// issuer.ParseWhen reads them). The expiry must come after now. Errors
// name the flags. The result goes to Sign.
func ParseSignTimes(nextUpdate, expires string, now time.Time) (next, exp time.Time, err error) {
	if next, err = issuer.ParseWhen(nextUpdate, now); err != nil {
		return next, exp, fmt.Errorf("--next-update: %v", err)
	}
	if exp, err = issuer.ParseWhen(expires, now); err != nil {
		return next, exp, fmt.Errorf("--expires: %v", err)
	}
	if !exp.After(now) {
		return next, exp, fmt.Errorf("--expires %s is not after the signing time %s", utc(exp), utc(now))
	}
	return next, exp, nil
}

// ExpiredWarnings warn of the document signers among entries (as ReadDSCs
// returns them, with where each came from) that expired by now: codes
// they signed are rejected at any later time.
func ExpiredWarnings(entries []Issuer, where []string, now time.Time) []string {
	var warns []string
	for i, e := range entries {
		if na, _ := time.Parse(time.RFC3339, e.NotAfter); !na.IsZero() && !na.After(now) {
			warns = append(warns, fmt.Sprintf("warning: %s expired on %s; codes it signed are rejected at any later time", where[i], e.NotAfter))
		}
	}
	return warns
}
