package draft

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

// NewIssuer makes the entry of a venuepass issuer key: credentials it signs
// must carry iss, be of one of types (none means all), and have been
// issued in [notBefore, notAfter) (a zero time leaves that end open).
func NewIssuer(pub crypto.PublicKey, iss, name string, types []string, notBefore, notAfter time.Time) (Issuer, error) {
	kid, err := issuer.KeyID(pub)
	if err != nil {
		return Issuer{}, err
	}
	alg, err := issuer.AlgOf(pub)
	if err != nil {
		return Issuer{}, err
	}
	pemData, err := issuer.MarshalPublicKey(pub)
	if err != nil {
		return Issuer{}, err
	}
	e := Issuer{Iss: iss, Name: name, Kid: hex.EncodeToString(kid), Alg: alg, PublicKey: string(pemData)}
	for _, t := range types {
		typ, err := verifier.ParseType(t)
		if err != nil {
			return Issuer{}, err
		}
		e.Types = append(e.Types, typ.String())
	}
	if !notBefore.IsZero() {
		e.NotBefore = utc(notBefore)
	}
	if !notAfter.IsZero() {
		e.NotAfter = utc(notAfter)
	}
	if !notBefore.IsZero() && !notAfter.IsZero() && !notAfter.After(notBefore) {
		return Issuer{}, fmt.Errorf("not_after %s is not after not_before %s", e.NotAfter, e.NotBefore)
	}
	return e, nil
}

// ErrSharedKey is AddIssuer's refusal of a key another issuer id already
// uses (see SharedKeyError).
var ErrSharedKey = errors.New("the key is listed for another issuer id")

// SharedKeyError names the key and the issuer id that already uses it. One
// key under two ids lets each sign credentials as the other, and a leak of
// the key is a leak for both; it is usually a mistake (the wrong .pub).
type SharedKeyError struct{ Kid, Iss, Other string }

func (e *SharedKeyError) Error() string {
	return fmt.Sprintf("the key %s of issuer %q is already listed for issuer %q: one key under two issuer ids lets each sign as the other", e.Kid, e.Iss, e.Other)
}

func (e *SharedKeyError) Unwrap() error { return ErrSharedKey }

// AddIssuer adds a venuepass issuer entry. The same key for the same iss
// is refused, and so is a key another iss already uses (*SharedKeyError);
// AddIssuerSharedKey allows that.
func (d *Draft) AddIssuer(e Issuer) error { return d.addIssuer(e, false) }

// AddIssuerSharedKey is AddIssuer for an issuer that is meant to share its
// key with another issuer id.
func (d *Draft) AddIssuerSharedKey(e Issuer) error { return d.addIssuer(e, true) }

func (d *Draft) addIssuer(e Issuer, shared bool) error {
	for _, x := range d.Issuers {
		if x.Kid != e.Kid || x.Profile != "" {
			continue
		}
		if x.Iss == e.Iss {
			return fmt.Errorf("already lists the key %s for issuer %q", e.Kid, e.Iss)
		}
		if !shared {
			return &SharedKeyError{Kid: e.Kid, Iss: e.Iss, Other: x.Iss}
		}
	}
	d.Issuers = append(d.Issuers, e)
	return nil
}

// NewDSC makes the entry of an EU DCC document signer certificate (DER):
// kid by the DCC rule, iss its country, the types its extended key usage
// allows and its validity as the key window.
func NewDSC(der []byte) (Issuer, error) {
	ti, err := dcc.IssuerFromCert(der)
	if err != nil {
		return Issuer{}, errors.New(certProblem(err) + "; is this an EU DCC document signer certificate (DER or PEM)?")
	}
	pemData, err := issuer.MarshalPublicKey(ti.Key)
	if err != nil {
		return Issuer{}, fmt.Errorf("certificate key: %v", err)
	}
	alg, err := issuer.AlgOf(ti.Key)
	if err != nil {
		return Issuer{}, err
	}
	return Issuer{
		Iss: ti.Iss, Name: ti.Name, Kid: hex.EncodeToString(ti.Kid), Alg: alg,
		Types: TypeNames(trustlist.ProfileDCC, ti.Types), NotBefore: utc(ti.NotBefore), NotAfter: utc(ti.NotAfter),
		PublicKey: string(pemData), Profile: trustlist.ProfileDCC, Cert: base64.StdEncoding.EncodeToString(ti.Cert),
	}, nil
}

// AddDSC adds a document signer entry unless the draft lists its
// certificate already; it reports whether it added it.
func (d *Draft) AddDSC(e Issuer) bool {
	for _, x := range d.Issuers {
		if x.Profile == trustlist.ProfileDCC && x.Cert == e.Cert {
			return false
		}
	}
	d.Issuers = append(d.Issuers, e)
	return true
}

// CertBlocks returns the DER of every certificate in a DER or PEM file.
func CertBlocks(data []byte) ([][]byte, error) {
	if !bytes.Contains(data, []byte("-----BEGIN")) {
		return [][]byte{data}, nil
	}
	var ders [][]byte
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type == "CERTIFICATE" {
			ders = append(ders, b.Bytes)
		}
	}
	if len(ders) == 0 {
		return nil, errors.New("no PEM CERTIFICATE block; pass the DSC as DER or PEM")
	}
	return ders, nil
}

// IsCertificate reports whether data holds an X.509 certificate (DER or
// PEM).
func IsCertificate(data []byte) bool {
	ders, err := CertBlocks(data)
	if err != nil || len(ders) == 0 {
		return false
	}
	_, err = x509.ParseCertificate(ders[0])
	return err == nil
}

// ParseCTI reads a credential id: 8 to 16 bytes in hex.
func ParseCTI(s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) < 8 || len(b) > 16 {
		return nil, fmt.Errorf("%q is not a credential id; a cti is 8 to 16 bytes in hex", s)
	}
	return b, nil
}

// ParseCTIs reads the credential ids a tool is given to revoke
// (ParseCTI), and returns them in lower-case hex, as Revoke takes them.
// None, or one that is not a cti, is a *UsageError saying where ctis are
// found (CTIHint).
func ParseCTIs(args []string) ([]string, error) {
	if len(args) == 0 {
		return nil, usagef("name the credential ids (cti, hex) to revoke")
	}
	ctis := make([]string, len(args))
	for i, s := range args {
		b, err := ParseCTI(s)
		if err != nil {
			return nil, usagef("%v (%s)", err, CTIHint)
		}
		ctis[i] = hex.EncodeToString(b)
	}
	return ctis, nil
}

// Contents turns the draft into trust list contents, checking every entry
// (Seq, times and signing are the caller's, or Sign's).
func (d *Draft) Contents() (*trustlist.Contents, error) {
	c := &trustlist.Contents{Revoked: [][]byte{}}
	for i, e := range d.Issuers {
		where := fmt.Sprintf("issuer %d (%s)", i+1, e.Iss)
		var ti *trustlist.Issuer
		var err error
		switch e.Profile {
		case "", trustlist.ProfileVP:
			ti, err = e.vpIssuer()
		case trustlist.ProfileDCC:
			ti, err = e.dccIssuer()
		default:
			err = fmt.Errorf("unknown profile %q (want vp or dcc)", e.Profile)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		ti.Iss, ti.Name = e.Iss, e.Name
		if e.NotBefore != "" {
			if ti.NotBefore, err = time.Parse(time.RFC3339, e.NotBefore); err != nil {
				return nil, fmt.Errorf("%s: not_before: %v", where, err)
			}
		}
		if e.NotAfter != "" {
			if ti.NotAfter, err = time.Parse(time.RFC3339, e.NotAfter); err != nil {
				return nil, fmt.Errorf("%s: not_after: %v", where, err)
			}
		}
		c.Issuers = append(c.Issuers, ti)
	}
	for _, r := range d.Revoked {
		b, err := ParseCTI(r)
		if err != nil {
			return nil, fmt.Errorf("revoked: %v", err)
		}
		c.Revoked = append(c.Revoked, b)
	}
	seen := map[string]bool{}
	for _, s := range d.StatusLists {
		if seen[s.URI] {
			return nil, fmt.Errorf("two status lists with uri %q", s.URI)
		}
		seen[s.URI] = true
		a, err := s.Array()
		if err != nil {
			return nil, fmt.Errorf("status list %q: %v", s.URI, err)
		}
		c.StatusLists = append(c.StatusLists, a.StatusList(s.URI))
	}
	return c, nil
}

// ErrAnchorChanged is Sign's refusal of an anchor key other than the one
// the draft's last list was signed with (see AnchorChangedError).
var ErrAnchorChanged = errors.New("another anchor key than the draft's lists are signed with")

// AnchorChangedError names the two anchor kids (hex): Was signed the
// draft's last list, Now is the key Sign was given. Every kiosk pins Was,
// so it would refuse a list signed with Now.
type AnchorChangedError struct{ Was, Now string }

func (e *AnchorChangedError) Error() string {
	return fmt.Sprintf("the draft's lists are signed by anchor kid %s, and this key is kid %s: kiosks pin %s and would refuse the list", e.Was, e.Now, e.Was)
}

func (e *AnchorChangedError) Unwrap() error { return ErrAnchorChanged }

// ForgetAnchor lets the next Sign use a new anchor key, on purpose (an
// anchor rotation: every kiosk must pin the new key). It returns the kid
// the draft remembered, "" if none.
func (d *Draft) ForgetAnchor() string {
	was := d.AnchorKid
	d.AnchorKid = ""
	return was
}

// Sign signs the draft with the trust anchor into a signed list (.vptl)
// with the next sequence number, which the draft records with the anchor's
// kid; the draft is unchanged when signing fails. An anchor other than
// the one the draft's last list was signed with is refused with an
// *AnchorChangedError (ForgetAnchor first to change it).
func (d *Draft) Sign(anchor crypto.Signer, issuedAt, nextUpdate, expires time.Time) ([]byte, *trustlist.Contents, error) {
	kidBytes, err := issuer.KeyID(anchor.Public())
	if err != nil {
		return nil, nil, fmt.Errorf("anchor key: %v", err)
	}
	kid := hex.EncodeToString(kidBytes)
	if d.AnchorKid != "" && d.AnchorKid != kid {
		return nil, nil, &AnchorChangedError{Was: d.AnchorKid, Now: kid}
	}
	c, err := d.Contents()
	if err != nil {
		return nil, nil, err
	}
	c.IssuedAt, c.NextUpdate, c.Expires, c.Seq = issuedAt, nextUpdate, expires, d.Seq+1
	data, err := trustlist.Sign(c, anchor)
	if err != nil {
		return nil, nil, err
	}
	d.Seq, d.AnchorKid = c.Seq, kid
	return data, c, nil
}

// vpIssuer is the trust list entry of a venuepass issuer key.
func (e *Issuer) vpIssuer() (*trustlist.Issuer, error) {
	pub, err := issuer.ParsePublicKey([]byte(e.PublicKey))
	if err != nil {
		return nil, fmt.Errorf("public_key: %v", err)
	}
	kid, err := issuer.KeyID(pub)
	if err != nil {
		return nil, err
	}
	if e.Kid != "" && e.Kid != hex.EncodeToString(kid) {
		return nil, fmt.Errorf("kid %s does not match its public key (%x)", e.Kid, kid)
	}
	ti := &trustlist.Issuer{Kid: kid, Key: pub}
	for _, t := range e.Types {
		typ, err := verifier.ParseType(t)
		if err != nil {
			return nil, err
		}
		ti.Types = append(ti.Types, uint64(typ))
	}
	return ti, nil
}

// dccIssuer is the trust list entry of an EU DCC document signer: kid, key
// and certificate come from the certificate, which the draft must not
// contradict.
func (e *Issuer) dccIssuer() (*trustlist.Issuer, error) {
	der, err := base64.StdEncoding.DecodeString(e.Cert)
	if err != nil || len(der) == 0 {
		return nil, errors.New("profile dcc needs cert, the document signer certificate in base64 DER")
	}
	ti, err := dcc.IssuerFromCert(der)
	if err != nil {
		return nil, fmt.Errorf("cert: %v", certProblem(err))
	}
	if e.Kid != "" && e.Kid != hex.EncodeToString(ti.Kid) {
		return nil, fmt.Errorf("kid %s does not match its certificate (%x)", e.Kid, ti.Kid)
	}
	if e.PublicKey != "" {
		pub, err := issuer.ParsePublicKey([]byte(e.PublicKey))
		if err != nil {
			return nil, fmt.Errorf("public_key: %v", err)
		}
		if k, ok := pub.(interface{ Equal(crypto.PublicKey) bool }); !ok || !k.Equal(ti.Key) {
			return nil, errors.New("public_key is not the certificate's key")
		}
	}
	ti.Types = nil
	for _, t := range e.Types {
		typ, err := ParseDCCType(t)
		if err != nil {
			return nil, err
		}
		ti.Types = append(ti.Types, uint64(typ))
	}
	ti.NotBefore, ti.NotAfter = time.Time{}, time.Time{}
	return ti, nil
}

// ParseDCCType reads an EU DCC entry type: test, vaccination or recovery.
func ParseDCCType(s string) (dcc.EntryType, error) {
	for _, t := range dcc.AllTypes {
		if s == t.String() {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown EU DCC entry type %q (want test, vaccination or recovery)", s)
}

// TypeNames names the types a trust list entry allows: credential types,
// or EU DCC entry types for profile dcc. Nil (all types) stays nil.
func TypeNames(profile string, types []uint64) []string {
	if types == nil {
		return nil
	}
	names := []string{}
	for _, t := range types {
		if profile == trustlist.ProfileDCC {
			names = append(names, dcc.EntryType(t).String())
		} else {
			names = append(names, verifier.Type(t).String())
		}
	}
	return names
}

// certProblem says what is wrong with a certificate dcc refused, without
// the package's "dcc: ".
func certProblem(err error) string {
	if ce := (*dcc.CertError)(nil); errors.As(err, &ce) {
		return ce.Problem
	}
	return err.Error()
}
