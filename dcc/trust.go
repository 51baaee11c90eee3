package dcc

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"sync"

	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/trustlist"
)

// DSC is a Document Signer Certificate prepared for verification.
type DSC struct {
	Cert *x509.Certificate
	// Kid is the first 8 bytes of SHA-256 over the certificate DER.
	Kid []byte
	// Types are the entry types the DSC may sign, from its extended key
	// usage; nil means all.
	Types []EntryType
}

// KeyID returns the DCC kid of a certificate: the first 8 bytes of SHA-256
// over its DER encoding (hcert specification, section 3.3.1).
func KeyID(der []byte) []byte {
	sum := sha256.Sum256(der)
	return sum[:8]
}

// Extended key usage OIDs that restrict a DSC to entry types (hcert
// specification, section 5.1.1). Both the registered arc and the
// 1.3.6.1.4.1.0.1847 variant some member states used are recognised.
var ekuTypes = []struct {
	oid asn1.ObjectIdentifier
	t   EntryType
}{
	{asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 1847, 2021, 1, 1}, TypeTest},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 1847, 2021, 1, 2}, TypeVaccination},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 1847, 2021, 1, 3}, TypeRecovery},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 0, 1847, 2021, 1, 1}, TypeTest},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 0, 1847, 2021, 1, 2}, TypeVaccination},
	{asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 0, 1847, 2021, 1, 3}, TypeRecovery},
}

// KeyUsageTypes returns the entry types a DSC's extended key usage allows:
// nil (all types) when it names none of the DCC OIDs.
func KeyUsageTypes(cert *x509.Certificate) []EntryType {
	var seen [4]bool
	var out []EntryType
	for _, oid := range cert.UnknownExtKeyUsage {
		for _, e := range ekuTypes {
			if oid.Equal(e.oid) && !seen[e.t] {
				seen[e.t] = true
				out = append(out, e.t)
			}
		}
	}
	return out
}

// Allows reports whether the DSC may sign entries of type t.
func (d *DSC) Allows(t EntryType) bool {
	if d.Types == nil {
		return true
	}
	for _, x := range d.Types {
		if x == t {
			return true
		}
	}
	return false
}

// Country returns the DSC subject's country (C), or "".
func (d *DSC) Country() string {
	if len(d.Cert.Subject.Country) == 0 {
		return ""
	}
	return d.Cert.Subject.Country[0]
}

// NewDSC prepares a parsed certificate for verification.
func NewDSC(cert *x509.Certificate) *DSC {
	return &DSC{Cert: cert, Kid: KeyID(cert.Raw), Types: KeyUsageTypes(cert)}
}

// ParseCertificate parses one X.509 certificate, DER or PEM.
func ParseCertificate(data []byte) (*x509.Certificate, error) {
	if b := bytes.TrimSpace(data); bytes.HasPrefix(b, []byte("-----BEGIN")) {
		blk, _ := pem.Decode(b)
		if blk == nil || blk.Type != "CERTIFICATE" {
			return nil, &CertError{Problem: "no PEM CERTIFICATE block"}
		}
		data = blk.Bytes
	}
	cert, err := x509.ParseCertificate(data)
	if err != nil {
		return nil, &CertError{Problem: err.Error(), Err: err}
	}
	return cert, nil
}

// CertProvider finds the Document Signer Certificates with a kid. Several
// may share one; Verify tries each.
type CertProvider interface {
	Lookup(kid []byte) []*DSC
}

// Certs is a CertProvider over a fixed set of certificates.
type Certs []*DSC

var _ CertProvider = Certs(nil)

// NewCerts prepares certificates for verification.
func NewCerts(certs ...*x509.Certificate) Certs {
	out := make(Certs, len(certs))
	for i, c := range certs {
		out[i] = NewDSC(c)
	}
	return out
}

// Lookup returns the certificates whose kid is kid.
func (c Certs) Lookup(kid []byte) []*DSC {
	var out []*DSC
	for _, d := range c {
		if bytes.Equal(d.Kid, kid) {
			out = append(out, d)
		}
	}
	return out
}

// IssuerFromCert builds a trust list issuer entry (FORMAT.md section 4,
// profile "dcc") for a DSC given as DER or PEM: Kid by the DCC rule, Iss the
// subject's country, Key and Alg the certificate's public key and its one
// algorithm, Types from the extended key usage (nil = all), NotBefore and
// NotAfter the certificate's validity, Cert the DER.
func IssuerFromCert(data []byte) (*trustlist.Issuer, error) {
	cert, err := ParseCertificate(data)
	if err != nil {
		return nil, err
	}
	if len(cert.Subject.Country) == 0 || len(cert.Subject.Country[0]) != 2 {
		return nil, &CertError{Problem: "certificate subject has no two-letter country (C), which a dcc trust list entry needs as iss"}
	}
	alg, err := wire.AlgForKey(cert.PublicKey)
	if err != nil {
		return nil, &CertError{Problem: "certificate key: " + err.Error(), Err: err}
	}
	e := &trustlist.Issuer{
		Kid:       KeyID(cert.Raw),
		Key:       cert.PublicKey,
		Alg:       alg,
		Iss:       cert.Subject.Country[0],
		Name:      issuerName(cert),
		NotBefore: cert.NotBefore.UTC(),
		NotAfter:  cert.NotAfter.UTC(),
		Cert:      cert.Raw,
		Profile:   trustlist.ProfileDCC,
	}
	for _, t := range KeyUsageTypes(cert) {
		e.Types = append(e.Types, uint64(t))
	}
	return e, nil
}

func issuerName(cert *x509.Certificate) string {
	if len(cert.Subject.Organization) > 0 {
		return cert.Subject.Organization[0]
	}
	return cert.Subject.CommonName
}

// FromTrustList returns a CertProvider over the profile "dcc" entries of a
// verified trust list that carry a certificate. An entry's types and window,
// when narrower than its certificate's, restrict it further. Entries whose
// certificate does not parse, or whose key differs from the certificate's,
// are skipped (they never verify).
func FromTrustList(l *trustlist.List) CertProvider {
	return &listProvider{list: l, cache: map[*trustlist.Issuer]*DSC{}}
}

type listProvider struct {
	list  *trustlist.List
	mu    sync.Mutex
	cache map[*trustlist.Issuer]*DSC
}

func (p *listProvider) Lookup(kid []byte) []*DSC {
	var out []*DSC
	for _, e := range p.list.Lookup(kid) {
		if e.Profile != trustlist.ProfileDCC || e.Cert == nil {
			continue
		}
		if d := p.dsc(e); d != nil {
			out = append(out, d)
		}
	}
	return out
}

func (p *listProvider) dsc(e *trustlist.Issuer) *DSC {
	p.mu.Lock()
	defer p.mu.Unlock()
	if d, ok := p.cache[e]; ok {
		return d
	}
	var d *DSC
	if cert, err := x509.ParseCertificate(e.Cert); err == nil && bytes.Equal(KeyID(cert.Raw), e.Kid) && sameKey(cert, e) {
		d = NewDSC(cert)
		if e.Types != nil {
			var types []EntryType
			for _, t := range e.Types {
				if d.Allows(EntryType(t)) {
					types = append(types, EntryType(t))
				}
			}
			if types == nil {
				types = []EntryType{} // allows nothing
			}
			d.Types = types
		}
		// The entry's window narrows the certificate's validity.
		c := *cert
		if !e.NotBefore.IsZero() && e.NotBefore.After(c.NotBefore) {
			c.NotBefore = e.NotBefore
		}
		if !e.NotAfter.IsZero() && e.NotAfter.Before(c.NotAfter) {
			c.NotAfter = e.NotAfter
		}
		d.Cert = &c
	}
	p.cache[e] = d
	return d
}

func sameKey(cert *x509.Certificate, e *trustlist.Issuer) bool {
	k, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	return ok && e.Key != nil && k.Equal(e.Key)
}
