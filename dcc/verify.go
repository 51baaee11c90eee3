package dcc

import (
	"crypto/x509"
	"time"

	"github.com/venuepass/venuepass/internal/wire"
)

// Verify checks the DCC against the DSCs of certs at time now, tolerating
// a clock skew (0 for none): iat may be up to skew in the future, and exp is
// enforced skew late. A DCC is valid up to and including the second of exp
// (hcert specification, section 3.3.5: rejected after it). See the package
// documentation for the checks and their order. It returns a Certificate
// only when every check passes; otherwise nil and an error wrapping one of
// the sentinels of errors.go.
func (u *Unverified) Verify(certs CertProvider, now time.Time, skew time.Duration) (*Certificate, error) {
	// Structure first (FORMAT.md section 5: malformed before any issuer
	// reason): several entry groups decode, and are refused here.
	if err := u.claims.hc.OneEvent(); err != nil {
		return nil, err
	}
	dsc, err := u.authenticate(certs)
	if err != nil {
		return nil, err
	}
	if err := u.signerAllowed(dsc); err != nil {
		return nil, err
	}
	if err := u.checkTime(now, skew, dsc.Cert); err != nil {
		return nil, err
	}
	c := u.claims
	return &Certificate{
		Issuer:    c.iss,
		IssuedAt:  time.Unix(c.iat, 0).UTC(),
		ExpiresAt: time.Unix(min(c.exp, dsc.Cert.NotAfter.Unix()), 0).UTC(),
		Type:      c.hc.Type(),
		Health:    c.hc,
		Kid:       u.Kid(),
		Signer:    dsc,
	}, nil
}

// authenticate returns the DSC that verifies the signature. Among those that
// do, it prefers one allowed to sign this certificate, so that
// issuer_not_allowed is only reported when no candidate would do.
func (u *Unverified) authenticate(certs CertProvider) (*DSC, error) {
	cands := certs.Lookup(u.msg.kid)
	if len(cands) == 0 {
		return nil, wrap(ErrUnknownIssuer, "no document signer certificate has kid %x", u.msg.kid)
	}
	var verified *DSC
	var lastErr error
	for _, d := range cands {
		if err := u.verifySignature(d.Cert); err != nil {
			lastErr = err
			continue
		}
		if u.signerAllowed(d) == nil {
			return d, nil
		}
		if verified == nil {
			verified = d
		}
	}
	if verified != nil {
		return verified, nil
	}
	if len(cands) == 1 {
		return nil, lastErr
	}
	return nil, wrap(ErrBadSignature, "the signature verifies with none of the %d certificates of kid %x", len(cands), u.msg.kid)
}

// verifySignature checks the signature with the certificate's key and an
// algorithm of that key's family; a message naming an algorithm of another
// family (PS256 for an EC key, ES256 for an RSA key) is rejected: no
// algorithm confusion. Within ECDSA the message's algorithm names the hash
// (RFC 9053, section 2.1, only suggests pairing SHA-256 with P-256 and
// SHA-384 with P-384): the ES test cases sign ES256 with a P-384 key and
// must verify.
func (u *Unverified) verifySignature(cert *x509.Certificate) error {
	alg, err := wire.AlgForKey(cert.PublicKey)
	if err != nil {
		return wrap(ErrBadSignature, "certificate key: %v", err)
	}
	if alg != u.msg.alg && !(isECDSA(alg) && isECDSA(u.msg.alg)) {
		return wrap(ErrBadSignature, "message alg %s differs from the certificate key's %s", wire.AlgName(u.msg.alg), wire.AlgName(alg))
	}
	v, err := wire.NewVerifier(u.msg.alg, cert.PublicKey)
	if err != nil {
		return wrap(ErrBadSignature, "certificate key: %v", err)
	}
	// RFC 9052, section 4.4: over the protected header bytes as received.
	if err := v.Verify(wire.ToBeSigned(u.msg.protected, u.msg.payload), u.msg.signature); err != nil {
		return wrap(ErrBadSignature, "the signature does not verify with the certificate of kid %x", u.msg.kid)
	}
	return nil
}

// signerAllowed applies the DSC's constraints: extended key usage, country,
// and iat inside its validity period (hcert specification, section 3.3.6:
// iat must not predate the DSC validity; a DSC cannot sign after it).
func isECDSA(alg int64) bool { return alg == wire.AlgES256 || alg == wire.AlgES384 }

func (u *Unverified) signerAllowed(d *DSC) error {
	if err := u.keyUsage(d); err != nil {
		return err
	}
	c := u.claims
	if cc := d.Country(); cc != "" && c.hasIss && c.iss != cc {
		return wrap(ErrIssuerNotAllowed, "iss %q is not the country %q of the signing certificate", c.iss, cc)
	}
	return u.signerWindow(d.Cert)
}

// keyUsage checks that the DSC may sign every entry group the certificate
// has (one, in a certificate Verify accepts).
func (u *Unverified) keyUsage(d *DSC) error {
	for _, t := range u.claims.hc.Types() {
		if !d.Allows(t) {
			return wrap(ErrIssuerNotAllowed, "the signing certificate's extended key usage does not allow %s certificates", t)
		}
	}
	return nil
}

func (u *Unverified) signerWindow(cert *x509.Certificate) error {
	c := u.claims
	if c.iat < cert.NotBefore.Unix() || c.iat > cert.NotAfter.Unix() {
		return wrap(ErrIssuerNotAllowed, "issued at %s, outside the signing certificate's validity %s to %s",
			fmtTime(c.iat), cert.NotBefore.UTC().Format(time.RFC3339), cert.NotAfter.UTC().Format(time.RFC3339))
	}
	return nil
}

// checkTime applies iat and exp at now. The hcert specification (section
// 3.3.5) says exp must not exceed the DSC validity; issuers break that (the
// upstream test data has such cases that must verify), so instead of
// rejecting the DCC outright its validity ends at the earlier of exp and the
// DSC's NotAfter.
func (u *Unverified) checkTime(now time.Time, skew time.Duration, cert *x509.Certificate) error {
	c := u.claims
	if !c.hasExp {
		return wrap(ErrMalformed, "no expiration time: the CWT has no exp claim (hcert specification, section 3.3.5)")
	}
	t, s := now.Unix(), int64(skew/time.Second)
	if t+s < c.iat {
		return wrap(ErrNotYetValid, "issued at %s, in the future", fmtTime(c.iat))
	}
	// Section 3.3.5: reject "after expiration"; at exp itself the DCC is
	// still valid (the DK test cases check exactly that instant). X.509
	// NotAfter is inclusive as well (RFC 5280, section 4.1.2.5).
	if t-s > c.exp {
		return wrap(ErrExpired, "expired at %s", fmtTime(c.exp))
	}
	if na := cert.NotAfter.Unix(); t-s > na {
		return wrap(ErrExpired, "the signing certificate expired at %s", fmtTime(na))
	}
	return nil
}
