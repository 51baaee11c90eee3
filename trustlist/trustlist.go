// Package trustlist builds, signs, parses and checks venuepass trust lists
// (FORMAT.md section 4): the signed file that tells an offline kiosk which
// issuer keys to trust, for which credential types and key windows, and which
// credentials are revoked.
//
// # What Parse verifies
//
// Parse checks the size limits, decodes the COSE_Sign1 with the strict CBOR
// mode, requires the trust list content type, finds the pinned anchor by kid
// and verifies the anchor signature with the algorithm of the anchor key (never
// the one the message names). Only then is the payload decoded.
//
// # What it does not
//
// Staleness (next_update) and expiry are properties of the current time:
// Stale and Expired answer them, and the verifier fails closed on an expired
// list. The seq rollback guard needs state across runs: Load keeps it in a
// small file the caller names. LoadFile does the same from files on disk (the
// list, the pinned anchor keys as PEM, the state file), which is all a kiosk
// or an embedder needs.
//
// # Token Status Lists
//
// Status lists (key 8) are inflated at load through a capped reader (32 MiB
// for all lists together) so that a lookup by index is O(1) and never
// allocates; StatusArray builds them on the issuer side.
package trustlist

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/veraison/go-cose"
)

// ContentType is the protected content type of a trust list.
const ContentType = "application/vp-trustlist+cbor"

// Version is the trust list format version.
const Version = 1

// Limits of FORMAT.md section 4.
const (
	MaxFileSize       = 64 << 20
	MaxIssuers        = cborx.MaxTrustListIssuers
	MaxRevoked        = cborx.MaxTrustListRevoked
	MaxStatusListSize = 32 << 20
)

// Profiles of issuer entries.
const (
	ProfileVP  = "vp"
	ProfileDCC = "dcc"
)

// Issuer is one issuer entry of a trust list.
type Issuer struct {
	Kid []byte
	// Key is the issuer public key. It is nil when the entry holds a key of
	// a kind this version cannot use (such an entry never verifies).
	Key  crypto.PublicKey
	Alg  int64
	Iss  string
	Name string
	// Types lists the credential types the issuer may sign; nil means all.
	Types []uint64
	// NotBefore and NotAfter bound the iat of credentials signed by this
	// key: [NotBefore, NotAfter). A zero time is unbounded.
	NotBefore, NotAfter time.Time
	Cert                []byte
	Profile             string

	nbf, exp int64 // unix seconds; 0 = unbounded
	// verifier checks the entry's signatures (wire.NewVerifier: cheap to
	// make; an Ed25519 key's point is decoded at its first check).
	verifier cose.Verifier
}

// AllowsType reports whether the entry may sign credentials of type t.
func (e *Issuer) AllowsType(t uint64) bool {
	if e.Types == nil {
		return true
	}
	for _, x := range e.Types {
		if x == t {
			return true
		}
	}
	return false
}

// InWindow reports whether iat (unix seconds) lies in the key's validity
// window [nbf, exp).
func (e *Issuer) InWindow(iat int64) bool {
	if !e.NotBefore.IsZero() && iat < e.nbf {
		return false
	}
	if !e.NotAfter.IsZero() && iat >= e.exp {
		return false
	}
	return true
}

// VerifySignature checks sig over the to-be-signed bytes with the entry's
// key and algorithm.
func (e *Issuer) VerifySignature(tbs, sig []byte) error {
	if e.verifier == nil {
		return fmt.Errorf("issuer %q has no usable key", e.Iss)
	}
	return e.verifier.Verify(tbs, sig)
}

func (e *Issuer) prepare() error {
	if e.Key == nil {
		return nil
	}
	alg, err := wire.AlgForKey(e.Key)
	if err != nil {
		return err
	}
	if e.Alg == 0 {
		e.Alg = alg
	} else if e.Alg != alg {
		return fmt.Errorf("issuer %q: alg %s does not fit its key", e.Iss, wire.AlgName(e.Alg))
	}
	if e.verifier, err = wire.NewVerifier(e.Alg, e.Key); err != nil {
		return err
	}
	if !e.NotBefore.IsZero() {
		e.nbf = e.NotBefore.Unix()
	}
	if !e.NotAfter.IsZero() {
		e.exp = e.NotAfter.Unix()
	}
	return nil
}

// StatusList is a Token Status List carried in the trust list (key 8).
type StatusList struct {
	URI  string
	Bits uint
	// List is the zlib-compressed status array, as carried.
	List []byte
}

// Contents is what a trust list says.
type Contents struct {
	Seq         uint64
	IssuedAt    time.Time
	NextUpdate  time.Time
	Expires     time.Time
	Issuers     []*Issuer
	Revoked     [][]byte
	StatusLists []StatusList
}

// List is a parsed trust list whose anchor signature has been verified.
// It is immutable and safe for concurrent use.
type List struct {
	Contents
	// AnchorKid is the kid of the anchor that signed the list.
	AnchorKid []byte
	// Digest is the SHA-256 of the file.
	Digest [32]byte

	byKid      map[string][]*Issuer
	revoked    map[string]struct{}
	nextUpdate int64
	expires    int64

	statusByURI map[string]*statusState
}

// Lookup returns the entries with this kid, in list order. It is O(1).
func (l *List) Lookup(kid []byte) []*Issuer { return l.byKid[string(kid)] }

// IsRevoked reports whether cti is in the revoked list. It is O(1).
func (l *List) IsRevoked(cti []byte) bool {
	_, ok := l.revoked[string(cti)]
	return ok
}

// Stale reports whether now is at or past next_update.
func (l *List) Stale(now time.Time) bool { return now.Unix() >= l.nextUpdate }

// Expired reports whether now is at or past expires: the list must no longer
// be used to accept anything.
func (l *List) Expired(now time.Time) bool { return now.Unix() >= l.expires }

func (l *List) index() error {
	l.byKid = make(map[string][]*Issuer, len(l.Issuers))
	for _, e := range l.Issuers {
		if err := e.prepare(); err != nil {
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		l.byKid[string(e.Kid)] = append(l.byKid[string(e.Kid)], e)
	}
	l.revoked = make(map[string]struct{}, len(l.Revoked))
	for _, cti := range l.Revoked {
		l.revoked[string(cti)] = struct{}{}
	}
	l.statusByURI = make(map[string]*statusState, len(l.StatusLists))
	budget := int64(MaxStatusListSize)
	for _, s := range l.StatusLists {
		if _, dup := l.statusByURI[s.URI]; dup {
			return malformed("two status lists with uri %q", s.URI)
		}
		// Inflated at load, capped, so that a bad list is refused here
		// and a lookup never waits.
		// The cap applies to all lists together, so that many small
		// compressed lists cannot add up to a memory bomb.
		a, err := decodeStatusArray(s, budget)
		if err != nil {
			return err
		}
		budget -= int64(len(a.data))
		l.statusByURI[s.URI] = &statusState{StatusList: s, array: a}
	}
	l.nextUpdate = l.NextUpdate.Unix()
	l.expires = l.Expires.Unix()
	return nil
}

// Sign encodes c as a trust list signed by the anchor key. The algorithm is
// the one of the anchor key; the kid is the anchor's kid.
func Sign(c *Contents, anchor crypto.Signer) ([]byte, error) {
	if c.Expires.IsZero() || c.NextUpdate.IsZero() || c.IssuedAt.IsZero() {
		return nil, fmt.Errorf("trust list needs issued-at, next-update and expires times")
	}
	if c.NextUpdate.After(c.Expires) {
		return nil, fmt.Errorf("next-update %s is after expires %s", c.NextUpdate.Format(time.RFC3339), c.Expires.Format(time.RFC3339))
	}
	alg, err := wire.AlgForKey(anchor.Public())
	if err != nil {
		return nil, err
	}
	kid, err := wire.KeyID(anchor.Public())
	if err != nil {
		return nil, err
	}
	issuers := make([]any, 0, len(c.Issuers))
	for _, e := range c.Issuers {
		if e.Key == nil {
			return nil, fmt.Errorf("issuer %q has no key", e.Iss)
		}
		key, err := wire.EncodeKey(e.Key)
		if err != nil {
			return nil, fmt.Errorf("issuer %q: %w", e.Iss, err)
		}
		m := map[int]any{1: e.Kid, 2: key, 3: e.Iss, 4: e.Name}
		if e.Types != nil {
			m[5] = e.Types
		}
		if !e.NotBefore.IsZero() {
			m[6] = e.NotBefore.Unix()
		}
		if !e.NotAfter.IsZero() {
			m[7] = e.NotAfter.Unix()
		}
		if e.Cert != nil {
			m[8] = e.Cert
		}
		if e.Profile != "" && e.Profile != ProfileVP {
			m[9] = e.Profile
		}
		issuers = append(issuers, m)
	}
	revoked := c.Revoked
	if revoked == nil {
		revoked = [][]byte{}
	}
	payload := map[int]any{
		1: Version,
		2: c.Seq,
		3: c.IssuedAt.Unix(),
		4: c.NextUpdate.Unix(),
		5: c.Expires.Unix(),
		6: issuers,
		7: revoked,
	}
	if len(c.StatusLists) > 0 {
		sls := make([]any, 0, len(c.StatusLists))
		for _, s := range c.StatusLists {
			sls = append(sls, map[int]any{1: s.URI, 2: s.Bits, 3: s.List})
		}
		payload[8] = sls
	}
	enc, err := cborx.Marshal(payload)
	if err != nil {
		return nil, err
	}
	return wire.Sign(anchor, alg, kid, ContentType, enc)
}

type wireEntry struct {
	Kid     []byte           `cbor:"1,keyasint"`
	Key     cborx.RawMessage `cbor:"2,keyasint"`
	Iss     *string          `cbor:"3,keyasint"`
	Name    *string          `cbor:"4,keyasint"`
	Types   cborx.RawMessage `cbor:"5,keyasint"`
	Nbf     *int64           `cbor:"6,keyasint"`
	Exp     *int64           `cbor:"7,keyasint"`
	Cert    []byte           `cbor:"8,keyasint"`
	Profile string           `cbor:"9,keyasint"`
}

type wireStatus struct {
	URI  *string `cbor:"1,keyasint"`
	Bits uint    `cbor:"2,keyasint"`
	Lst  []byte  `cbor:"3,keyasint"`
}

type wireList struct {
	Version     *uint64      `cbor:"1,keyasint"`
	Seq         *uint64      `cbor:"2,keyasint"`
	Iat         *int64       `cbor:"3,keyasint"`
	NextUpdate  *int64       `cbor:"4,keyasint"`
	Expires     *int64       `cbor:"5,keyasint"`
	Issuers     []wireEntry  `cbor:"6,keyasint"`
	Revoked     [][]byte     `cbor:"7,keyasint"`
	StatusLists []wireStatus `cbor:"8,keyasint"`
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// Parse decodes a trust list file and verifies its signature against the
// pinned anchors. It does not check the time or the rollback guard (see Load).
func Parse(data []byte, anchors []crypto.PublicKey) (*List, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%w: %d bytes exceeds %d", ErrTooLarge, len(data), MaxFileSize)
	}
	if len(anchors) == 0 {
		return nil, fmt.Errorf("%w: no anchor keys are pinned", ErrUnknownAnchor)
	}
	msg, err := parseSign1(data)
	if err != nil {
		return nil, err
	}
	if ct, _ := msg.ContentType.(string); ct != ContentType {
		return nil, malformed("content type %v, want %q", msg.ContentType, ContentType)
	}
	tbs := wire.ToBeSigned(msg.Protected, msg.Payload)
	var anchorKid []byte
	found := false
	pinned := make([][]byte, 0, len(anchors))
	for _, a := range anchors {
		kid, err := wire.KeyID(a)
		if err == nil {
			pinned = append(pinned, kid)
		}
		if err != nil || !bytes.Equal(kid, msg.Kid) {
			continue
		}
		found = true
		alg, err := wire.AlgForKey(a)
		if err != nil || alg != msg.Alg {
			continue
		}
		v, err := wire.NewVerifier(alg, a)
		if err != nil {
			continue
		}
		if v.Verify(tbs, msg.Signature) == nil {
			anchorKid = kid
			break
		}
	}
	if !found {
		return nil, &AnchorError{ListKid: msg.Kid, Pinned: pinned}
	}
	if anchorKid == nil {
		return nil, ErrBadSignature
	}
	l, err := decodePayload(msg.Payload)
	if err != nil {
		return nil, err
	}
	l.AnchorKid = anchorKid
	l.Digest = sha256.Sum256(data)
	return l, nil
}

// parseSign1 parses the envelope with the strict mode: its limits bound
// counts and nesting, not byte string lengths, so the large payload passes
// as one byte string and gets the trust list limits in decodePayload.
func parseSign1(data []byte) (*wire.Sign1, error) {
	if len(data) == 0 || data[0] != 0xD2 {
		return nil, malformed("not a tagged COSE_Sign1")
	}
	msg, err := wire.ParseSign1(data)
	if err != nil {
		return nil, malformed("%s", wire.Detail(err))
	}
	return msg, nil
}

func decodePayload(payload []byte) (*List, error) {
	var w wireList
	if err := cborx.UnmarshalTrustList(payload, &w); err != nil {
		return nil, malformed("payload: %v", err)
	}
	if w.Version == nil || *w.Version != Version {
		return nil, malformed("version missing or not %d", Version)
	}
	if w.Seq == nil || w.Iat == nil || w.NextUpdate == nil || w.Expires == nil {
		return nil, malformed("seq, iat, next_update or expires missing")
	}
	if len(w.Issuers) > MaxIssuers {
		return nil, fmt.Errorf("%w: %d issuers exceeds %d", ErrTooLarge, len(w.Issuers), MaxIssuers)
	}
	if len(w.Revoked) > MaxRevoked {
		return nil, fmt.Errorf("%w: %d revoked entries exceeds %d", ErrTooLarge, len(w.Revoked), MaxRevoked)
	}
	l := &List{Contents: Contents{
		Seq:        *w.Seq,
		IssuedAt:   time.Unix(*w.Iat, 0).UTC(),
		NextUpdate: time.Unix(*w.NextUpdate, 0).UTC(),
		Expires:    time.Unix(*w.Expires, 0).UTC(),
		Revoked:    w.Revoked,
		Issuers:    make([]*Issuer, 0, len(w.Issuers)),
	}}
	for i, we := range w.Issuers {
		// FORMAT.md section 4: keys 1 to 4 of an entry are required.
		if we.Kid == nil || we.Key == nil || we.Iss == nil || we.Name == nil {
			return nil, malformed("issuer entry %d lacks kid, key, iss or name", i)
		}
		var km any
		if err := cborx.Unmarshal(we.Key, &km); err != nil {
			return nil, malformed("issuer entry %d key: %v", i, err)
		}
		e := &Issuer{Kid: we.Kid, Iss: *we.Iss, Name: *we.Name, Cert: we.Cert, Profile: we.Profile}
		if we.Types != nil {
			// Absent means all types; anything present must be an array
			// (a null must not widen the entry to all types).
			if we.Types[0]>>5 != 4 {
				return nil, malformed("issuer entry %d (%s): types is not an array", i, *we.Iss)
			}
			if err := cborx.Unmarshal(we.Types, &e.Types); err != nil {
				return nil, malformed("issuer entry %d (%s) types: %v", i, *we.Iss, err)
			}
			if e.Types == nil {
				e.Types = []uint64{}
			}
		}
		if e.Profile == "" {
			e.Profile = ProfileVP
		}
		key, err := wire.DecodeKey(km)
		switch {
		case err == nil:
			e.Key = key
			if alg, ok := wire.KeyAlg(km); ok {
				e.Alg = alg
			}
		case isUnsupported(err):
			// A key kind from a later version: keep the entry, unusable.
		default:
			return nil, malformed("issuer entry %d (%s): %v", i, *we.Iss, err)
		}
		if e.Cert != nil {
			// FORMAT.md section 4: with a certificate, the key MUST be
			// the certificate's public key.
			if err := certMatches(e.Cert, e.Key); err != nil {
				return nil, malformed("issuer entry %d (%s): %v", i, *we.Iss, err)
			}
		}
		if we.Nbf != nil {
			e.NotBefore = time.Unix(*we.Nbf, 0).UTC()
		}
		if we.Exp != nil {
			e.NotAfter = time.Unix(*we.Exp, 0).UTC()
		}
		l.Issuers = append(l.Issuers, e)
	}
	for _, s := range w.StatusLists {
		if s.URI == nil || s.Lst == nil {
			return nil, malformed("status list without uri or lst")
		}
		switch s.Bits {
		case 1, 2, 4, 8:
		default:
			return nil, malformed("status list %q has bits %d, want 1, 2, 4 or 8", *s.URI, s.Bits)
		}
		l.StatusLists = append(l.StatusLists, StatusList{URI: *s.URI, Bits: s.Bits, List: s.Lst})
	}
	if err := l.index(); err != nil {
		return nil, err
	}
	return l, nil
}

func isUnsupported(err error) bool { return errors.Is(err, wire.ErrUnsupportedKey) }

// Status values of a Token Status List (FORMAT.md section 4).
const (
	StatusValid     = 0
	StatusRevoked   = 1
	StatusSuspended = 2
)

// Errors of Status.
var (
	ErrStatusListUnknown = errors.New("the trust list carries no status list with this uri")
	ErrStatusIndex       = errors.New("status index is outside the status list")
)

// Status returns the status of entry idx in the status list named uri.
// It is O(1) and does not allocate.
func (l *List) Status(uri string, idx uint64) (uint8, error) {
	sl := l.statusByURI[uri]
	if sl == nil {
		return 0, fmt.Errorf("%w: %q", ErrStatusListUnknown, uri)
	}
	return sl.array.Get(idx)
}

// StatusArrays returns the inflated status lists by uri.
func (l *List) StatusArrays() map[string]*StatusArray {
	m := make(map[string]*StatusArray, len(l.statusByURI))
	for uri, s := range l.statusByURI {
		m[uri] = s.array
	}
	return m
}

type statusState struct {
	StatusList
	array *StatusArray
}

func inflateStatus(lst []byte, limit int64) ([]byte, error) {
	raw, err := wire.Inflate(lst, limit)
	if errors.Is(err, wire.ErrTooLarge) {
		return nil, fmt.Errorf("%w: status lists inflate past %d bytes", ErrTooLarge, MaxStatusListSize)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: status list: %v", ErrMalformed, err)
	}
	return raw, nil
}

func certMatches(der []byte, key crypto.PublicKey) error {
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return fmt.Errorf("cert: %v", err)
	}
	k, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || key == nil || !k.Equal(key) {
		return errors.New("key is not the certificate's public key")
	}
	return nil
}
