package dcc

import (
	"bytes"
	"compress/zlib"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/trustlist"
)

var (
	t0        = time.Date(2021, 6, 1, 12, 0, 0, 0, time.UTC)
	oidTest   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 1847, 2021, 1, 1}
	oidVacc   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 1847, 2021, 1, 2}
	oidRecov0 = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 0, 1847, 2021, 1, 3}
)

type signer struct {
	key  crypto.Signer
	cert *x509.Certificate
}

func newSigner(t testing.TB, country string, ekus ...asn1.ObjectIdentifier) *signer {
	return newSignerOn(t, elliptic.P256(), country, ekus...)
}

func newSignerOn(t testing.TB, curve elliptic.Curve, country string, ekus ...asn1.ObjectIdentifier) *signer {
	t.Helper()
	key, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	subj := pkix.Name{CommonName: "DSC test", Organization: []string{"Test Health Ministry"}}
	if country != "" {
		subj.Country = []string{country}
	}
	tmpl := &x509.Certificate{
		SerialNumber:       big.NewInt(1),
		Subject:            subj,
		NotBefore:          t0.AddDate(0, -1, 0),
		NotAfter:           t0.AddDate(1, 0, 0),
		KeyUsage:           x509.KeyUsageDigitalSignature,
		UnknownExtKeyUsage: ekus,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &signer{key: key, cert: cert}
}

func vaccination() map[string]any {
	return map[string]any{
		"ver": "1.3.0",
		"nam": map[string]any{"fn": "Musterfrau", "fnt": "MUSTERFRAU", "gn": "Erika", "gnt": "ERIKA"},
		"dob": "1964-08-12",
		"v": []any{map[string]any{
			"tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528", "ma": "ORG-100030215",
			"dn": 2, "sd": 2, "dt": "2021-05-29", "co": "DE", "is": "Robert Koch-Institut",
			"ci": "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W",
		}},
	}
}

func claimsFor(hc any) map[int]any {
	return map[int]any{
		claimIss:   "DE",
		claimIat:   t0.Unix(),
		claimExp:   t0.AddDate(0, 6, 0).Unix(),
		claimHcert: map[int]any{hcertEUDGC: hc},
	}
}

// msgOpts varies how a test DCC is packed.
type msgOpts struct {
	tag         string // "18" (default), "none", "61"
	kidUnprot   bool   // kid only in the unprotected header
	kid         []byte // overrides the DSC's kid
	alg         int64  // overrides ES256
	noCompress  bool
	tamper      func(payload []byte) []byte
	rawPayload  []byte // replaces the encoded claims
	protectedKV map[int]any
}

func (s *signer) code(t testing.TB, claims map[int]any, o msgOpts) string {
	t.Helper()
	payload := o.rawPayload
	if payload == nil {
		var err error
		if payload, err = cborx.Marshal(claims); err != nil {
			t.Fatal(err)
		}
	}
	kid := o.kid
	if kid == nil {
		kid = KeyID(s.cert.Raw)
	}
	alg := o.alg
	if alg == 0 {
		alg = wire.AlgES256
	}
	prot := map[int]any{wire.HeaderAlg: alg}
	unprot := map[int]any{}
	if o.kidUnprot {
		unprot[wire.HeaderKid] = kid
	} else {
		prot[wire.HeaderKid] = kid
	}
	for k, v := range o.protectedKV {
		prot[k] = v
	}
	protected, err := cborx.Marshal(prot)
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256(wire.ToBeSigned(protected, payload))
	r, ss, err := ecdsa.Sign(rand.Reader, s.key.(*ecdsa.PrivateKey), digest[:])
	if err != nil {
		t.Fatal(err)
	}
	size := (s.key.(*ecdsa.PrivateKey).Curve.Params().BitSize + 7) / 8
	sig := make([]byte, 2*size)
	r.FillBytes(sig[:size])
	ss.FillBytes(sig[size:])
	if o.tamper != nil {
		payload = o.tamper(payload)
	}
	var msg any = []any{protected, unprot, payload, sig}
	switch o.tag {
	case "", "18":
		msg = cborx.Tag{Number: 18, Content: msg}
	case "61":
		msg = cborx.Tag{Number: 61, Content: cborx.Tag{Number: 18, Content: msg}}
	}
	cose, err := cborx.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	body := cose
	if !o.noCompress {
		var buf bytes.Buffer
		zw := zlib.NewWriter(&buf)
		zw.Write(cose)
		zw.Close()
		body = buf.Bytes()
	}
	return Prefix + wire.Base45Encode(body)
}

// verified signs claims as s, and decodes and verifies the code an hour
// after t0.
func (s *signer) verified(t *testing.T, claims map[int]any) *Certificate {
	t.Helper()
	u, err := Decode(s.code(t, claims, msgOpts{}))
	if err != nil {
		t.Fatal(err)
	}
	cert, err := u.Verify(NewCerts(s.cert), t0.Add(time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func TestVerifyAccepts(t *testing.T) {
	s := newSigner(t, "DE", oidVacc)
	for _, o := range []msgOpts{
		{}, {tag: "none"}, {tag: "61"}, {kidUnprot: true}, {noCompress: true},
	} {
		text := s.code(t, claimsFor(vaccination()), o)
		u, err := Decode(text + "\r\n")
		if err != nil {
			t.Fatalf("%+v: Decode: %v", o, err)
		}
		c, err := u.Verify(NewCerts(s.cert), t0.Add(time.Hour), 0)
		if err != nil {
			t.Fatalf("%+v: Verify: %v", o, err)
		}
		if c.Type != TypeVaccination || c.Issuer != "DE" || c.Health.Name.FamilyNameStd != "MUSTERFRAU" ||
			c.Health.Vaccinations[0].DoseNumber != 2 || !c.IssuedAt.Equal(t0) {
			t.Errorf("%+v: got %+v", o, c)
		}
		if err := c.Health.Validate(); err != nil {
			t.Errorf("Validate: %v", err)
		}
	}
}

func TestVerifyRejects(t *testing.T) {
	s := newSigner(t, "DE", oidVacc)
	other := newSigner(t, "DE")
	testOnly := newSigner(t, "DE", oidTest)
	now := t0.Add(time.Hour)
	twoGroups := vaccination()
	twoGroups["r"] = []any{map[string]any{"tg": "840539006"}}
	noGroup := vaccination()
	delete(noGroup, "v")
	tagged := vaccination()
	tagged["ver"] = cborx.Tag{Number: 32, Content: "1.3.0"}

	tests := []struct {
		name   string
		text   func() string
		certs  Certs
		now    time.Time
		reason error
	}{
		{"tampered payload", func() string {
			return s.code(t, claimsFor(vaccination()), msgOpts{tamper: func(p []byte) []byte {
				return bytes.Replace(p, []byte("ERIKA"), []byte("ERIKO"), 1)
			}})
		}, NewCerts(s.cert), now, ErrBadSignature},
		{"other key, same kid", func() string {
			return other.code(t, claimsFor(vaccination()), msgOpts{kid: KeyID(s.cert.Raw)})
		}, NewCerts(s.cert), now, ErrBadSignature},
		{"alg differs from the key's", func() string {
			return s.code(t, claimsFor(vaccination()), msgOpts{alg: wire.AlgPS256})
		}, NewCerts(s.cert), now, ErrBadSignature},
		{"unknown kid", func() string { return s.code(t, claimsFor(vaccination()), msgOpts{}) },
			NewCerts(other.cert), now, ErrUnknownIssuer},
		{"key usage excludes vaccinations", func() string {
			return testOnly.code(t, claimsFor(vaccination()), msgOpts{})
		}, NewCerts(testOnly.cert), now, ErrIssuerNotAllowed},
		{"iss is not the DSC country", func() string {
			c := claimsFor(vaccination())
			c[claimIss] = "FR"
			return s.code(t, c, msgOpts{})
		}, NewCerts(s.cert), now, ErrIssuerNotAllowed},
		{"iat before the DSC", func() string {
			c := claimsFor(vaccination())
			c[claimIat] = s.cert.NotBefore.Add(-time.Hour).Unix()
			return s.code(t, c, msgOpts{})
		}, NewCerts(s.cert), now, ErrIssuerNotAllowed},
		{"iat in the future", func() string { return s.code(t, claimsFor(vaccination()), msgOpts{}) },
			NewCerts(s.cert), t0.Add(-time.Minute), ErrNotYetValid},
		{"after exp", func() string { return s.code(t, claimsFor(vaccination()), msgOpts{}) },
			NewCerts(s.cert), t0.AddDate(0, 6, 0).Add(time.Second), ErrExpired},
		{"after the DSC, before exp", func() string {
			c := claimsFor(vaccination())
			c[claimExp] = s.cert.NotAfter.AddDate(1, 0, 0).Unix()
			return s.code(t, c, msgOpts{})
		}, NewCerts(s.cert), s.cert.NotAfter.Add(time.Hour), ErrExpired},
		{"two entry groups", func() string { return s.code(t, claimsFor(twoGroups), msgOpts{}) },
			NewCerts(s.cert), now, ErrMalformed},
		{"no entry group", func() string { return s.code(t, claimsFor(noGroup), msgOpts{}) },
			NewCerts(s.cert), now, ErrMalformed},
		{"tag other than 0 and 1 inside", func() string { return s.code(t, claimsFor(tagged), msgOpts{}) },
			NewCerts(s.cert), now, ErrMalformed},
		{"claims not a map", func() string { return s.code(t, nil, msgOpts{rawPayload: []byte{0x01}}) },
			NewCerts(s.cert), now, ErrMalformed},
		{"unknown crit", func() string {
			return s.code(t, claimsFor(vaccination()), msgOpts{protectedKV: map[int]any{wire.HeaderCrit: []any{99}}})
		}, NewCerts(s.cert), now, ErrMalformed},
		{"wrong prefix", func() string {
			return "HC2:" + strings.TrimPrefix(s.code(t, claimsFor(vaccination()), msgOpts{}), Prefix)
		},
			NewCerts(s.cert), now, ErrMalformed},
		{"not base45", func() string { return "HC1:abc" }, NewCerts(s.cert), now, ErrMalformed},
		{"text too long", func() string { return Prefix + strings.Repeat("0", MaxTextLen) }, NewCerts(s.cert), now, ErrTooLarge},
		{"zip bomb", func() string {
			var buf bytes.Buffer
			zw := zlib.NewWriter(&buf)
			zw.Write(make([]byte, 1<<20))
			zw.Close()
			return Prefix + wire.Base45Encode(buf.Bytes())
		}, NewCerts(s.cert), now, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := Decode(tt.text())
			var c *Certificate
			if err == nil {
				c, err = u.Verify(tt.certs, tt.now, 0)
			}
			if !errors.Is(err, tt.reason) {
				t.Fatalf("got %v, want %v", err, tt.reason)
			}
			if c != nil {
				t.Fatalf("a failed verification returned a certificate: %+v", c)
			}
		})
	}
}

// TestExpiresAtWithinTheDSC: a DCC whose exp outlives its signing
// certificate stops verifying with the certificate, and says so: staff are
// not shown an expiry the verifier will not honour.
func TestExpiresAtWithinTheDSC(t *testing.T) {
	s := newSigner(t, "DE")
	for _, tc := range []struct {
		name string
		exp  time.Time
		want time.Time
	}{
		{"exp after the DSC", s.cert.NotAfter.AddDate(1, 0, 0), s.cert.NotAfter},
		{"exp before the DSC", t0.AddDate(0, 6, 0), t0.AddDate(0, 6, 0)},
	} {
		c := claimsFor(vaccination())
		c[claimExp] = tc.exp.Unix()
		cert := s.verified(t, c)
		if !cert.ExpiresAt.Equal(tc.want.Truncate(time.Second)) {
			t.Errorf("%s: ExpiresAt %v, want %v", tc.name, cert.ExpiresAt, tc.want)
		}
	}
}

// TestLargeDoseNumber: schema 1.3.0 puts no maximum on dn; a large one is
// shown as signed, not as 0.
func TestLargeDoseNumber(t *testing.T) {
	s := newSigner(t, "DE")
	v := vaccination()
	v["v"].([]any)[0].(map[string]any)["dn"] = int64(1) << 40
	c := s.verified(t, claimsFor(v))
	if got := int64(c.Health.Vaccinations[0].DoseNumber); got != 1<<40 {
		t.Errorf("dose number %d, want %d", got, int64(1)<<40)
	}
}

func TestExpInclusive(t *testing.T) {
	s := newSigner(t, "DE")
	c := claimsFor(vaccination())
	u, err := Decode(s.code(t, c, msgOpts{}))
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Unix(c[claimExp].(int64), 0)
	if _, err := u.Verify(NewCerts(s.cert), exp, 0); err != nil {
		t.Errorf("at exp: %v", err)
	}
	if _, err := u.Verify(NewCerts(s.cert), exp.Add(time.Minute), 5*time.Minute); err != nil {
		t.Errorf("within skew after exp: %v", err)
	}
}

func TestFloatTimesAndTaggedSampleTime(t *testing.T) {
	s := newSigner(t, "DE", oidTest)
	hc := map[string]any{
		"ver": "1.3.0", "nam": map[string]any{"fnt": "DOE"}, "dob": "1970",
		"t": []any{map[string]any{
			"tg": "840539006", "tt": "LP6464-4", "nm": "PCR", "tr": "260415000",
			"sc": cborx.Tag{Number: 0, Content: "2021-05-31T10:00:00Z"},
			"tc": "Centre", "co": "DE", "is": "RKI", "ci": "URN:UVCI:01DE/X#1",
		}},
	}
	c := claimsFor(hc)
	c[claimIat] = float64(t0.Unix()) + 0.5
	c[claimExp] = float64(t0.AddDate(0, 0, 2).Unix())
	cert := s.verified(t, c)
	if cert.Type != TypeTest || cert.Health.Tests[0].SampleTime != "2021-05-31T10:00:00Z" || cert.IssuedAt.Unix() != t0.Unix() {
		t.Errorf("got %+v", cert)
	}
	if err := cert.Health.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestKidAndKeyUsage(t *testing.T) {
	s := newSigner(t, "AT", oidTest, oidRecov0)
	sum := sha256.Sum256(s.cert.Raw)
	if !bytes.Equal(KeyID(s.cert.Raw), sum[:8]) {
		t.Error("KeyID is not SHA-256(DER)[:8]")
	}
	got := KeyUsageTypes(s.cert)
	if len(got) != 2 || got[0] != TypeTest || got[1] != TypeRecovery {
		t.Errorf("KeyUsageTypes = %v, want [test recovery]", got)
	}
	if KeyUsageTypes(newSigner(t, "AT").cert) != nil {
		t.Error("a DSC without DCC key usages must allow all types")
	}
	d := NewDSC(s.cert)
	if d.Allows(TypeVaccination) || !d.Allows(TypeRecovery) {
		t.Error("Allows disagrees with the key usage")
	}
}

func TestIssuerFromCert(t *testing.T) {
	s := newSigner(t, "AT", oidVacc)
	for _, in := range [][]byte{s.cert.Raw, pemOf(s.cert.Raw)} {
		e, err := IssuerFromCert(in)
		if err != nil {
			t.Fatal(err)
		}
		if e.Profile != trustlist.ProfileDCC || e.Iss != "AT" || !bytes.Equal(e.Kid, KeyID(s.cert.Raw)) ||
			!bytes.Equal(e.Cert, s.cert.Raw) || e.Alg != wire.AlgES256 || len(e.Types) != 1 || e.Types[0] != uint64(TypeVaccination) ||
			!e.NotBefore.Equal(s.cert.NotBefore) || e.Name != "Test Health Ministry" {
			t.Errorf("got %+v", e)
		}
	}
	if _, err := IssuerFromCert(newSigner(t, "").cert.Raw); err == nil {
		t.Error("a certificate without a country must not make a trust list entry")
	}
}

func pemOf(der []byte) []byte {
	var b strings.Builder
	b.WriteString("-----BEGIN CERTIFICATE-----\n")
	enc := []byte(base64Std(der))
	for len(enc) > 64 {
		b.Write(enc[:64])
		b.WriteByte('\n')
		enc = enc[64:]
	}
	b.Write(enc)
	b.WriteString("\n-----END CERTIFICATE-----\n")
	return []byte(b.String())
}

func TestSchema(t *testing.T) {
	bad := []func(m map[string]any){
		func(m map[string]any) { delete(m, "dob") },
		func(m map[string]any) { m["nam"].(map[string]any)["fnt"] = "Muster" },
		func(m map[string]any) { m["v"].([]any)[0].(map[string]any)["dn"] = 0 },
		func(m map[string]any) { m["dob"] = "12.08.1964" },
		func(m map[string]any) { m["v"].([]any)[0].(map[string]any)["co"] = "de" },
		func(m map[string]any) { delete(m["v"].([]any)[0].(map[string]any), "ci") },
		func(m map[string]any) { m["v"] = append(m["v"].([]any), m["v"].([]any)[0]) },
		func(m map[string]any) { m["ver"] = "1.3" },
	}
	s := newSigner(t, "DE")
	for i, f := range bad {
		hc := vaccination()
		f(hc)
		u, err := Decode(s.code(t, claimsFor(hc), msgOpts{}))
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if err := u.claims.hc.Validate(); !errors.Is(err, ErrMalformed) {
			t.Errorf("%d: Validate = %v, want a schema error", i, err)
		}
	}
}

func TestNormalizeIndefinite(t *testing.T) {
	// {_ "a": [_ 1, 2], "b": (_ "x", "y")} as indefinite lengths.
	in := []byte{0xbf, 0x61, 'a', 0x9f, 0x01, 0x02, 0xff, 0x61, 'b', 0x7f, 0x61, 'x', 0x61, 'y', 0xff, 0xff}
	var m map[string]any
	if err := unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if m["b"] != "xy" || len(m["a"].([]any)) != 2 {
		t.Errorf("got %v", m)
	}
	for _, bad := range [][]byte{
		{0xbf, 0x61, 'a'},              // unterminated
		{0xa1, 0x61, 'a', 0xff},        // stray break
		{0xc2, 0x41, 0x01},             // bignum tag
		{0xc0, 0x01},                   // tag 0 on an integer
		{0xa2, 0x01, 0x01, 0x01, 0x02}, // duplicate key (cborx)
		{0x01, 0x02},                   // trailing bytes
	} {
		var v any
		if err := unmarshal(bad, &v); !errors.Is(err, ErrMalformed) {
			t.Errorf("% x: got %v, want malformed", bad, err)
		}
	}
	deep := bytes.Repeat([]byte{0x81}, 100)
	var v any
	if err := unmarshal(append(deep, 0x01), &v); !errors.Is(err, ErrMalformed) {
		t.Errorf("deep nesting: got %v", err)
	}
}

// The DCC CBOR mode takes indefinite lengths and the date/time tags, and
// nothing else the strict mode refuses.
func TestDCCCBORMode(t *testing.T) {
	var v any
	for name, in := range map[string][]byte{
		"indefinite map":    {0xbf, 0x01, 0x02, 0xff},
		"tag 0 text":        append([]byte{0xc0, 0x74}, "2021-06-01T10:00:00Z"...),
		"tag 1 number":      {0xc1, 0x1a, 0x60, 0x00, 0x00, 0x00},
		"indefinite string": {0x7f, 0x61, 'a', 0x61, 'b', 0xff},
	} {
		if err := unmarshal(in, &v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, in := range map[string][]byte{
		"tag 24":         {0xd8, 0x18, 0x41, 0x00},
		"bignum":         {0xc2, 0x41, 0x01},
		"nested tag":     {0xa1, 0x01, 0xd8, 0x20, 0x61, 'x'},
		"duplicate keys": {0xa2, 0x01, 0x01, 0x01, 0x02},
		"trailing":       {0x01, 0x01},
		"too deep":       append(bytes.Repeat([]byte{0x81}, 20), 0x01),
	} {
		if err := unmarshal(in, &v); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Within ECDSA the message's alg names the hash: an ES256 DCC signed with a
// P-384 document signer verifies (upstream ES cases), while a message naming
// an algorithm of another family is still refused.
func TestES256OnP384Signer(t *testing.T) {
	s := newSignerOn(t, elliptic.P384(), "DE", oidVacc)
	u, err := Decode(s.code(t, claimsFor(vaccination()), msgOpts{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.Verify(NewCerts(s.cert), t0, 0); err != nil {
		t.Fatalf("ES256 with a P-384 key: %v", err)
	}
	u, err = Decode(s.code(t, claimsFor(vaccination()), msgOpts{alg: wire.AlgPS256}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := u.Verify(NewCerts(s.cert), t0, 0); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("PS256 named for an EC key: %v", err)
	}
}

// Schema 1.0.x sets no maxItems on v, t and r; later versions allow one entry.
func TestSchemaMultipleEntries(t *testing.T) {
	s := newSigner(t, "BG")
	for ver, ok := range map[string]bool{"1.0.0": true, "1.0.1": true, "1.3.0": false} {
		hc := vaccination()
		hc["ver"] = ver
		hc["v"] = append(hc["v"].([]any), hc["v"].([]any)[0])
		u, err := Decode(s.code(t, claimsFor(hc), msgOpts{}))
		if err != nil {
			t.Fatal(err)
		}
		if err := u.claims.hc.Validate(); (err == nil) != ok {
			t.Errorf("ver %s with two entries: Validate = %v", ver, err)
		}
	}
}

// A kid written as a text string of its hex digits (upstream dgc-testdata
// HR/2DCode/raw/test_r.json: "CB7836EEFF2BE752") is taken as those bytes and
// finds the key; text that is not hex, or another type, is malformed.
func TestKidAsHexText(t *testing.T) {
	s := newSigner(t, "DE", oidVacc)
	kid := KeyID(s.cert.Raw)
	for _, text := range []string{strings.ToUpper(hex.EncodeToString(kid)), hex.EncodeToString(kid)} {
		u, err := Decode(s.code(t, claimsFor(vaccination()), msgOpts{protectedKV: map[int]any{wire.HeaderKid: text}}))
		if err != nil {
			t.Fatalf("kid %q: Decode: %v", text, err)
		}
		if !bytes.Equal(u.Kid(), kid) {
			t.Errorf("kid %q: Kid() = %x, want %x", text, u.Kid(), kid)
		}
		if _, err := u.Verify(NewCerts(s.cert), t0.Add(time.Hour), 0); err != nil {
			t.Errorf("kid %q: Verify: %v", text, err)
		}
	}
	for _, bad := range []any{"not hex", "", int64(7)} {
		_, err := Decode(s.code(t, claimsFor(vaccination()), msgOpts{protectedKV: map[int]any{wire.HeaderKid: bad}}))
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("kid %#v: Decode = %v, want malformed", bad, err)
		}
	}
}

// A CWT without exp (upstream dgc-testdata HR/2DCode/raw/test_r.json)
// decodes, so its content can be read and validated, and Verify refuses it
// as malformed: the hcert specification requires exp. An exp that is not a
// number does not decode.
func TestMissingExp(t *testing.T) {
	s := newSigner(t, "DE", oidVacc)
	c := claimsFor(vaccination())
	delete(c, claimExp)
	u, err := Decode(s.code(t, c, msgOpts{}))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if err := u.claims.hc.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	if cert, err := u.Verify(NewCerts(s.cert), t0.Add(time.Hour), 0); cert != nil || !errors.Is(err, ErrMalformed) {
		t.Errorf("Verify = %v, %v; want nil, malformed", cert, err)
	}
	c[claimExp] = "2022-01-01"
	if _, err := Decode(s.code(t, c, msgOpts{})); !errors.Is(err, ErrMalformed) {
		t.Errorf("text exp: Decode = %v, want malformed", err)
	}
}

// A leaf field of another type than its schema's (upstream dgc-testdata
// PT/2DCode/raw/5.json signs t.sc and t.dr as integers) does not stop
// decoding or verification: the typed field stays empty and the schema
// refuses the certificate, naming the fields, as the verifier applies it.
func TestWrongLeafTypeIsSchemaError(t *testing.T) {
	s := newSigner(t, "DE")
	test := map[string]any{
		"ver": "1.0.0", "dob": "1985-07-13",
		"nam": map[string]any{"fn": "Pereira", "fnt": "PEREIRA", "gn": "Jose", "gnt": "JOSE"},
		"t": []any{map[string]any{
			"tg": "840539006", "tt": "LP6464-4", "tr": "260415000", "ma": "1232",
			"sc": int64(1613824496000), "dr": int64(1613825101000), "tc": "CRC Valongo",
			"co": "PT", "is": "DGS", "ci": "urn:uvci:01/PT/SPMS/TRC01234567890123456#1",
		}},
	}
	u, err := Decode(s.code(t, claimsFor(test), msgOpts{}))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	c, err := u.Verify(NewCerts(s.cert), t0.Add(time.Hour), 0)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if got := c.Health.Tests[0]; got.SampleTime != "" || got.ResultTime != "" || got.Centre != "CRC Valongo" {
		t.Errorf("test entry %+v, want sc and dr empty, the rest read", got)
	}
	err = c.Health.Validate()
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "t[0].sc") || !strings.Contains(err.Error(), "t[0].dr") {
		t.Errorf("Validate = %v, want a schema error naming t[0].sc and t[0].dr", err)
	}
}

// A health certificate with several entry groups (upstream dgc-testdata
// IE/2DCode/RAW/5.json signs v, t and r under ver 1.0.0, whose schema
// allows it) decodes and follows its declared schema; Check refuses it (a
// DCC holds one event of one type), key usage must allow every group, and
// Verify refuses it as malformed before looking for its signer. Under
// 1.3.0 the schema itself refuses it.
func TestSeveralEntryGroups(t *testing.T) {
	hc := vaccination()
	hc["ver"] = "1.0.0"
	hc["t"] = testEntry()["t"]
	hc["t"].([]any)[0].(map[string]any)["dr"] = "2021-05-30T10:00:00Z"
	hc["r"] = []any{map[string]any{"tg": "840539006", "fr": "2021-02-20", "co": "DE",
		"is": "Robert Koch-Institut", "df": "2021-04-04", "du": "2021-10-04", "ci": "URN:UVCI:01DE/A/B#C"}}
	all, vaccOnly := newSigner(t, "DE"), newSigner(t, "DE", oidVacc)
	u, err := Decode(all.code(t, claimsFor(hc), msgOpts{}))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	h := u.claims.hc
	if got := h.Types(); !reflect.DeepEqual(got, []EntryType{TypeVaccination, TypeTest, TypeRecovery}) {
		t.Errorf("Types = %v", got)
	}
	if err := h.Validate(); err != nil {
		t.Errorf("Validate under 1.0.0: %v", err)
	}
	if _, err := h.Check(); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "3 entry groups") {
		t.Errorf("Check = %v, want malformed: 3 entry groups", err)
	}
	if err := u.keyUsage(NewDSC(all.cert)); err != nil {
		t.Errorf("key usage of a DSC for every type: %v", err)
	}
	if err := u.keyUsage(NewDSC(vaccOnly.cert)); !errors.Is(err, ErrIssuerNotAllowed) {
		t.Errorf("key usage of a vaccination-only DSC = %v, want issuer not allowed", err)
	}
	if c, err := u.Verify(NewCerts(), t0.Add(time.Hour), 0); c != nil || !errors.Is(err, ErrMalformed) {
		t.Errorf("Verify with no DSC = %v, %v; want malformed before unknown issuer", c, err)
	}
	hc["ver"] = "1.3.0"
	delete(hc["t"].([]any)[0].(map[string]any), "dr")
	if err := healthFrom(t, hc).Validate(); err == nil {
		t.Error("Validate under 1.3.0 accepts three entry groups")
	}
}
