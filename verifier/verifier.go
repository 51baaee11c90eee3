// Package verifier decides whether a venuepass QR code may pass: it parses
// the QR text, verifies the credential against a signed trust list and applies
// the venue's policy, answering accept or reject with exactly one reason of
// FORMAT.md section 5.
//
// # What is verified
//
// Verify enforces the size limits before doing work, decodes CBOR only through
// the strict mode (duplicate keys, indefinite lengths, tags, deep nesting and
// trailing bytes rejected), takes the algorithm from the trust list entry
// (never from the message, and a message naming another algorithm is
// rejected), and checks the signature over the protected header bytes as
// received. Then come the issuer's iss, allowed types and key window, the
// credential's validity period with the configured clock skew, revocation
// (the revoked list and Token Status Lists), and the policy: accepted types,
// event and zone. Holder presentations (VPP1:) are checked as FORMAT.md
// section 3 says, including the replay guard. EU Digital COVID Certificates
// (HC1:) are verified by package dcc against the trust list's document
// signers (profile "dcc"), which never vouch for venuepass credentials.
//
// # What is not
//
// Anti-passback (already_checked_in) needs a log of earlier entries; it is
// decided by the gate logic on top of an accepted decision. The verifier does
// no network access, no logging and no cgo.
//
// # Concurrency
//
// A Verifier is safe for concurrent use, and SetTrustList may be called while
// verifications run: each verification uses one trust list from start to end.
package verifier

import (
	"crypto"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/trustlist"
)

// Defaults of FORMAT.md sections 2 and 3.
const (
	DefaultSkew   = 300 * time.Second
	DefaultWindow = 30 * time.Second
)

// NoSkew as Config.Skew tolerates no clock skew at all (0 there means
// DefaultSkew).
const NoSkew time.Duration = -1

// Warnings attached to a decision.
const (
	WarnTrustListStale = "trust_list_stale"
)

// Profiles of a decision.
const (
	ProfileVP  = "vp"
	ProfileDCC = "dcc"
)

// Config is the verifier's policy. Its zero value is safe: the four types of
// FORMAT.md section 2, any zone and event, 300 s clock skew, a 30 s
// presentation window, the system clock, and an in-memory replay guard.
type Config struct {
	// Types are the credential types accepted here; nil means KnownTypes.
	// A type outside FORMAT.md section 2 is accepted only if listed here.
	Types []Type
	// Zone, when set, rejects credentials whose zones do not include it
	// (a credential without zones is valid in every zone).
	Zone string
	// Event, when set, rejects credentials naming another event, and
	// tickets naming none.
	Event string
	// Venue, when set, rejects presentations that name another venue.
	Venue string
	// Skew is the clock skew tolerated on nbf and exp; 0 means DefaultSkew,
	// NoSkew (or any negative value) none.
	Skew time.Duration
	// Window is how old (or how far in the future) a presentation's t may
	// be; 0 means DefaultWindow.
	Window time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Replay remembers accepted presentations; nil means a bounded
	// in-memory guard owned by the Verifier.
	Replay ReplayGuard
	// DCCTypes are the EU DCC entry types accepted here (test,
	// vaccination, recovery); nil means all. A DCC is only ever accepted
	// when the trust list carries its document signer (profile "dcc").
	DCCTypes []dcc.EntryType
}

// Decision is the answer to one code.
type Decision struct {
	Accepted bool
	// Reason is empty when Accepted.
	Reason Reason
	// Err is the rejection: errors.Is(Err, Reason) holds, and DetailOf(Err)
	// is what exactly failed; nil when Accepted.
	Err      error
	Warnings []string
	Profile  string
	// Credential and Issuer are set once the credential's signature has
	// verified against a trusted issuer, even if it was then rejected
	// (expired, revoked, wrong zone): staff may see whose it was. They are
	// nil for anything not authenticated.
	Credential *Credential
	Issuer     *trustlist.Issuer
	// Presentation is set for a holder presentation that got as far as the
	// time check.
	Presentation *Presentation
	// DCC is the verified EU DCC when Profile is "dcc" (then Credential is
	// nil).
	DCC *dcc.Certificate
}

// Presentation describes a verified holder presentation.
type Presentation struct {
	Time  time.Time
	Venue string
}

// Verifier verifies codes against the current trust list. Create it with New.
type Verifier struct {
	cfg    Config
	types  map[Type]bool
	trust  atomic.Pointer[trustlist.List]
	replay ReplayGuard
}

// New returns a verifier for cfg using list, which may be nil until
// SetTrustList is called (every code is then rejected, failing closed).
func New(list *trustlist.List, cfg Config) *Verifier {
	v := &Verifier{cfg: cfg, types: map[Type]bool{}}
	if cfg.Types == nil {
		cfg.Types = KnownTypes
	}
	for _, t := range cfg.Types {
		v.types[t] = true
	}
	if v.cfg.Skew == 0 {
		v.cfg.Skew = DefaultSkew
	} else if v.cfg.Skew < 0 {
		v.cfg.Skew = 0
	}
	if v.cfg.Window <= 0 {
		v.cfg.Window = DefaultWindow
	}
	if v.cfg.Now == nil {
		v.cfg.Now = time.Now
	}
	v.replay = cfg.Replay
	if v.replay == nil {
		v.replay = NewMemoryReplayGuard(v.cfg.Window, 0)
	}
	if list != nil {
		v.trust.Store(list)
	}
	return v
}

// SetTrustList swaps the trust list; verifications already running finish
// with the list they started with.
func (v *Verifier) SetTrustList(l *trustlist.List) { v.trust.Store(l) }

// TrustList returns the trust list in use.
func (v *Verifier) TrustList() *trustlist.List { return v.trust.Load() }

// errNoTrustList is reported as trust_list_expired: with no list at all the
// verifier fails closed exactly as with an expired one.
var errNoTrustList = Reject(ReasonTrustListExpired, "no trust list is loaded")

func reject(err error) Decision {
	return Decision{Reason: ReasonOf(err), Err: err, Profile: ProfileVP}
}

// fromWire maps a decoding error of the internal wire package to a
// rejection, keeping the detail without the wire sentinel's own words.
func fromWire(err error) error {
	reason := ReasonMalformed
	if errors.Is(err, wire.ErrTooLarge) {
		reason = ReasonTooLarge
	}
	return Reject(reason, "%s", wire.Detail(err))
}

// Verify answers whether the QR text may pass now.
func (v *Verifier) Verify(text string) Decision {
	now := v.cfg.Now()
	list := v.trust.Load()
	if list == nil {
		return reject(errNoTrustList)
	}
	if list.Expired(now) {
		return reject(Reject(ReasonTrustListExpired, "the trust list expired at %s; load a newer one", list.Expires.Format(time.RFC3339)))
	}
	var d Decision
	if isDCC(text) {
		d = v.verifyDCC(list, text, now)
	} else {
		prefix, body, err := wire.DecodeText(text)
		switch {
		case err != nil:
			return reject(fromWire(err))
		case prefix == wire.PrefixPresentation:
			d = v.verifyPresentation(list, body, now)
		default:
			d = v.verifyBare(list, body, now)
		}
	}
	if list.Stale(now) {
		d.Warnings = append(d.Warnings, WarnTrustListStale)
	}
	return d
}

// parsed is a credential that has been decoded but not yet verified. It is
// one allocation for the message, its claims and the credential handed out.
type parsed struct {
	msg    wire.Sign1
	claims wire.Claims
	holder crypto.PublicKey
	cred   Credential
}

// parseCredential decodes cose, which it takes ownership of: the parsed
// credential aliases it.
func parseCredential(cose []byte) (*parsed, error) {
	p := &parsed{}
	if err := wire.DecodeSign1(&p.msg, cose, true); err != nil {
		return nil, fromWire(err)
	}
	if err := wire.DecodeClaims(&p.claims, p.msg.Payload); err != nil {
		return nil, fromWire(err)
	}
	if p.claims.Cnf != nil {
		var err error
		if p.holder, err = wire.DecodeKey(p.claims.Cnf); err != nil {
			return nil, Reject(ReasonMalformed, "cnf key: %v", err)
		}
	}
	return p, nil
}

// tbsBuffers holds Sig_structure buffers: the signature check reads the
// bytes and keeps none.
var tbsBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// authenticate finds the trust list entry that signed p (FORMAT.md
// section 2: entries may share a kid; the verifier tries each). Among entries
// whose signature verifies it prefers one that allows this credential, so
// that issuer_not_allowed is only reported when no entry would.
func authenticate(list *trustlist.List, p *parsed) (*trustlist.Issuer, error) {
	entries := vpEntries(list.Lookup(p.msg.Kid))
	if len(entries) == 0 {
		return nil, Reject(ReasonUnknownIssuer, "no trusted issuer has kid %x", p.msg.Kid)
	}
	buf := tbsBuffers.Get().(*[]byte)
	tbs := wire.AppendToBeSigned((*buf)[:0], p.msg.Protected, p.msg.Payload)
	defer func() {
		if cap(tbs) <= wire.MaxBodySize+64 {
			*buf = tbs
			tbsBuffers.Put(buf)
		}
	}()
	var verified *trustlist.Issuer
	for pass := 0; pass < 2 && verified == nil; pass++ {
		for _, e := range entries {
			if (issuerCheck(e, &p.claims) == nil) != (pass == 0) {
				continue
			}
			// The algorithm is the entry's; a message naming another one
			// is rejected, never verified with it (no algorithm confusion).
			if e.Alg != p.msg.Alg {
				continue
			}
			if e.VerifySignature(tbs, p.msg.Signature) == nil {
				verified = e
				break
			}
		}
	}
	if verified == nil {
		if len(entries) == 1 && entries[0].Alg != p.msg.Alg {
			return nil, Reject(ReasonBadSignature, "message alg %s differs from the issuer's %s", wire.AlgName(p.msg.Alg), wire.AlgName(entries[0].Alg))
		}
		return nil, Reject(ReasonBadSignature, "the signature does not verify with the key of kid %x", p.msg.Kid)
	}
	return verified, nil
}

func issuerCheck(e *trustlist.Issuer, c *wire.Claims) error {
	if c.Iss != e.Iss {
		return Reject(ReasonIssuerNotAllowed, "iss %q is not the entry's %q", c.Iss, e.Iss)
	}
	if !e.AllowsType(c.Type) {
		return Reject(ReasonIssuerNotAllowed, "issuer %q may not issue %s credentials", e.Iss, Type(c.Type))
	}
	if !e.InWindow(c.Iat) {
		return Reject(ReasonIssuerNotAllowed, "issued at %s, outside the validity window of key %x", time.Unix(c.Iat, 0).UTC().Format(time.RFC3339), e.Kid)
	}
	return nil
}

func toCredential(p *parsed) *Credential {
	p.claims.FillCredential(&p.cred, p.holder)
	return &p.cred
}

// checkStatusRange reports a status index outside its list as malformed, as
// FORMAT.md section 5 orders it; an unknown list is left to the status step.
func checkStatusRange(list *trustlist.List, c *wire.Claims) error {
	if c.Status == nil {
		return nil
	}
	if _, err := list.Status(c.Status.URI, c.Status.Idx); err != nil && !errors.Is(err, trustlist.ErrStatusListUnknown) {
		return Reject(ReasonMalformed, "%v", err)
	}
	return nil
}

// policy applies the checks after authentication, in the order of FORMAT.md
// section 5.
func (v *Verifier) policy(list *trustlist.List, e *trustlist.Issuer, c *wire.Claims, now time.Time) error {
	if err := issuerCheck(e, c); err != nil {
		return err
	}
	skew := int64(v.cfg.Skew / time.Second)
	t := now.Unix()
	if c.HasNbf && t+skew < c.Nbf {
		return Reject(ReasonNotYetValid, "valid from %s", time.Unix(c.Nbf, 0).UTC().Format(time.RFC3339))
	}
	if t-skew >= c.Exp {
		return Reject(ReasonExpired, "expired on %s", time.Unix(c.Exp, 0).UTC().Format(time.RFC3339))
	}
	if list.IsRevoked(c.CTI) {
		return Reject(ReasonRevoked, "credential %x is revoked", c.CTI)
	}
	if c.Status != nil {
		st, err := list.Status(c.Status.URI, c.Status.Idx)
		switch {
		case errors.Is(err, trustlist.ErrStatusListUnknown):
			return Reject(ReasonStatusUnknown, "the trust list carries no status list %q", c.Status.URI)
		case err != nil:
			return Reject(ReasonMalformed, "%v", err)
		case st == trustlist.StatusRevoked:
			return Reject(ReasonRevoked, "status list %q marks index %d revoked", c.Status.URI, c.Status.Idx)
		case st == trustlist.StatusSuspended:
			return Reject(ReasonSuspended, "status list %q marks index %d suspended", c.Status.URI, c.Status.Idx)
		case st != trustlist.StatusValid:
			// Status values other than valid, revoked and suspended are
			// not understood: fail closed.
			return Reject(ReasonStatusUnknown, "status list %q gives index %d the status %d", c.Status.URI, c.Status.Idx, st)
		}
	}
	if !v.types[Type(c.Type)] {
		return Reject(ReasonTypeNotAccepted, "%s credentials are not accepted here", Type(c.Type))
	}
	if v.cfg.Event != "" {
		if c.Event != "" && c.Event != v.cfg.Event {
			return Reject(ReasonWrongEvent, "ticket for event %q, not %q", c.Event, v.cfg.Event)
		}
		if c.Event == "" && Type(c.Type) == Ticket {
			return Reject(ReasonWrongEvent, "ticket names no event; this gate is for %q", v.cfg.Event)
		}
	}
	if v.cfg.Zone != "" && c.Zones != nil {
		ok := false
		for _, z := range c.Zones {
			if z == v.cfg.Zone {
				ok = true
				break
			}
		}
		if !ok {
			return Reject(ReasonWrongZone, "not valid for %s", v.cfg.Zone)
		}
	}
	return nil
}

func (v *Verifier) verifyBare(list *trustlist.List, cose []byte, now time.Time) Decision {
	p, err := parseCredential(cose)
	if err != nil {
		return reject(err)
	}
	if err := checkStatusRange(list, &p.claims); err != nil {
		return reject(err)
	}
	e, err := authenticate(list, p)
	if err != nil {
		return reject(err)
	}
	d := Decision{Profile: ProfileVP, Credential: toCredential(p), Issuer: e}
	if err := v.policy(list, e, &p.claims, now); err != nil {
		d.Refuse(err)
		return d
	}
	if p.holder != nil {
		d.Refuse(Reject(ReasonPresentationRequired, "this credential is bound to the holder's device; show the rotating code from the wallet"))
		return d
	}
	d.Accepted = true
	return d
}

// vpEntries keeps the entries of profile "vp": an EU DCC document signer
// must never vouch for a venuepass credential, even with a matching kid.
func vpEntries(entries []*trustlist.Issuer) []*trustlist.Issuer {
	for i, e := range entries {
		if e.Profile != trustlist.ProfileVP {
			kept := append([]*trustlist.Issuer(nil), entries[:i]...)
			for _, e := range entries[i+1:] {
				if e.Profile == trustlist.ProfileVP {
					kept = append(kept, e)
				}
			}
			return kept
		}
	}
	return entries
}
