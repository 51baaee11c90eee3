package verifier

import (
	"time"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/trustlist"
)

// Presentation payload keys (FORMAT.md section 3).
const (
	presCredential = 1
	presTime       = 2
	presVenue      = 3
)

type parsedPresentation struct {
	outer *wire.Sign1
	inner *parsed
	t     int64
	venue string
}

func parsePresentation(cose []byte) (*parsedPresentation, error) {
	outer, err := wire.ParseSign1NoKid(cose)
	if err != nil {
		return nil, fromWire(err)
	}
	var m map[any]any
	if err := cborx.Unmarshal(outer.Payload, &m); err != nil {
		return nil, Reject(ReasonMalformed, "presentation payload: %v", err)
	}
	if m == nil {
		return nil, Reject(ReasonMalformed, "presentation payload is not a map")
	}
	inner, ok := m[int64(presCredential)].([]byte)
	if !ok {
		return nil, Reject(ReasonMalformed, "presentation carries no credential")
	}
	p := &parsedPresentation{outer: outer}
	if p.t, ok = m[int64(presTime)].(int64); !ok {
		return nil, Reject(ReasonMalformed, "presentation time missing or not an integer")
	}
	if v, present := m[int64(presVenue)]; present {
		if p.venue, ok = v.(string); !ok {
			return nil, Reject(ReasonMalformed, "presentation venue is not text")
		}
	}
	if p.inner, err = parseCredential(inner); err != nil {
		return nil, err
	}
	if p.inner.holder == nil {
		return nil, Reject(ReasonMalformed, "the presented credential is not bound to a holder key (no cnf)")
	}
	return p, nil
}

// verifyPresentation checks a holder presentation. All signatures are
// verified before any policy, in the order of FORMAT.md section 5.
func (v *Verifier) verifyPresentation(list *trustlist.List, cose []byte, now time.Time) Decision {
	p, err := parsePresentation(cose)
	if err != nil {
		return reject(err)
	}
	if err := checkStatusRange(list, &p.inner.claims); err != nil {
		return reject(err)
	}
	e, err := authenticate(list, p.inner)
	if err != nil {
		return reject(err)
	}
	d := Decision{Profile: ProfileVP, Credential: toCredential(p.inner), Issuer: e}
	fail := func(err error) Decision {
		d.Refuse(err)
		return d
	}
	// The outer signature is checked with the cnf key and its algorithm.
	alg, err := wire.AlgForKey(p.inner.holder)
	if err != nil {
		return fail(Reject(ReasonMalformed, "holder key: %v", err))
	}
	if p.outer.Alg != alg {
		return fail(Reject(ReasonBadSignature, "presentation alg %s differs from the holder key's %s", wire.AlgName(p.outer.Alg), wire.AlgName(alg)))
	}
	hv, err := wire.NewVerifier(alg, p.inner.holder)
	if err != nil {
		return fail(Reject(ReasonMalformed, "holder key: %v", err))
	}
	if hv.Verify(wire.ToBeSigned(p.outer.Protected, p.outer.Payload), p.outer.Signature) != nil {
		return fail(Reject(ReasonBadSignature, "the presentation is not signed by the holder's key"))
	}
	if err := v.policy(list, e, &p.inner.claims, now); err != nil {
		return fail(err)
	}
	d.Presentation = &Presentation{Time: time.Unix(p.t, 0).UTC(), Venue: p.venue}
	// Compare t with the window bounds rather than |now - t| with the
	// window: now - t overflows int64 for a t near math.MinInt64, and the
	// overflowed age passed the check.
	window := int64(v.cfg.Window / time.Second)
	if p.t < now.Unix()-window || p.t > now.Unix()+window {
		return fail(Reject(ReasonPresentationExpired, "code made at %s, outside the %d s window", d.Presentation.Time.Format(time.RFC3339), window))
	}
	if v.cfg.Venue != "" && p.venue != "" && p.venue != v.cfg.Venue {
		return fail(Reject(ReasonWrongVenue, "code made for venue %q, this is %q", p.venue, v.cfg.Venue))
	}
	if v.replay.Seen(p.inner.claims.CTI, p.t, now) {
		return fail(Reject(ReasonReplay, "this exact code was already accepted"))
	}
	d.Accepted = true
	return d
}
