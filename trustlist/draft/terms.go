package draft

import (
	"crypto"
	"errors"
	"fmt"
	"time"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
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

// SignRequest asks SignFile to sign the draft at Path into the signed
// list Out, with Sign's times.
type SignRequest struct {
	Path, Out                     string
	Anchor                        crypto.Signer
	IssuedAt, NextUpdate, Expires time.Time
	// NewAnchor lets the list be signed by another anchor than the
	// draft's last list was (ForgetAnchor first).
	NewAnchor bool
}

// SignResult says what SignFile signed.
type SignResult struct {
	Contents *trustlist.Contents
	// OldKid is the anchor kid the draft's lists had, with NewAnchor.
	OldKid string
}

// Summary words the signed list's contents: "seq 3, 2 issuer(s), 1
// revoked, next update ..., expires ...".
func (r SignResult) Summary() string {
	c := r.Contents
	lists := ""
	if n := len(c.StatusLists); n > 0 {
		lists = fmt.Sprintf(", %d status list(s)", n)
	}
	return fmt.Sprintf("seq %d, %d issuer(s), %d revoked%s, next update %s, expires %s", c.Seq, len(c.Issuers), len(c.Revoked), lists, utc(c.NextUpdate), utc(c.Expires))
}

// OutputError is SignFile's error writing the signed list; the draft is
// left as it was (its seq is not spent).
type OutputError struct {
	Path string
	Err  error
}

func (e *OutputError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e *OutputError) Unwrap() error { return e.Err }

// SignFile signs the draft at r.Path (under its lock, Edit) with the next
// sequence number and replaces r.Out with the signed list atomically; the
// draft records the new seq only once the list is written. A draft whose
// entries do not check is refused before signing; an anchor other than
// the draft's is an *AnchorChangedError unless r.NewAnchor is set.
func SignFile(r SignRequest) (SignResult, error) {
	var res SignResult
	err := Edit(r.Path, func(d *Draft) error {
		if _, err := d.Contents(); err != nil {
			return fmt.Errorf("%s: %v", r.Path, err)
		}
		if r.NewAnchor {
			res.OldKid = d.ForgetAnchor()
		}
		data, cs, err := d.Sign(r.Anchor, r.IssuedAt, r.NextUpdate, r.Expires)
		if errors.As(err, new(*AnchorChangedError)) {
			return err
		}
		if err != nil {
			return fmt.Errorf("signing %s: %v", r.Path, err)
		}
		res.Contents = cs
		if err := fileutil.WriteAtomic(r.Out, data, 0o644); err != nil {
			return &OutputError{Path: r.Out, Err: err}
		}
		return nil
	})
	return res, err
}
