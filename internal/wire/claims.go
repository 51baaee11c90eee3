package wire

import (
	"crypto"
	"time"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/internal/cborx"
)

// CWT claim keys of FORMAT.md section 2.
const (
	ClaimIss    = 1
	ClaimSub    = 2
	ClaimExp    = 4
	ClaimNbf    = 5
	ClaimIat    = 6
	ClaimCti    = 7
	ClaimCnf    = 8
	ClaimStatus = 65535
	ClaimVP     = -65537
)

// Body keys of the vp claim.
const (
	BodyType   = 1
	BodyName   = 2
	BodyOrg    = 3
	BodyZones  = 4
	BodyTier   = 5
	BodyEvent  = 6
	BodySeat   = 7
	BodyTitle  = 8
	BodyNumber = 9
	BodyBirth  = 10
	BodyPhoto  = 11
)

// CTI length bounds of FORMAT.md section 2.
const (
	MinCTI = credential.MinCTI
	MaxCTI = credential.MaxCTI
)

// StatusRef is the Token Status List reference of claim 65535.
type StatusRef = credential.StatusRef

// Claims is the decoded CWT claims map of a credential.
type Claims struct {
	Iss    string
	Sub    string
	Exp    int64
	Nbf    int64
	HasNbf bool
	Iat    int64
	CTI    []byte
	// Cnf is the decoded COSE_Key of the cnf claim, nil when absent.
	Cnf    any
	Status *StatusRef

	Type   uint64
	Name   string
	Org    string
	Zones  []string // nil = any
	Tier   string
	Event  string
	Seat   string
	Title  string
	Number string
	// BirthYear is body key 10, 0 when absent.
	BirthYear uint64
	// Photo is body key 11 (PhotoDigestLen bytes), nil when absent.
	Photo []byte
}

// ParseClaims decodes a credential payload. Every structural rule of
// FORMAT.md section 2 is checked here; unknown claims and body keys are
// ignored (after the strict decoder has checked them for well-formedness).
func ParseClaims(payload []byte) (*Claims, error) {
	c := &Claims{}
	if err := DecodeClaims(c, payload); err != nil {
		return nil, err
	}
	return c, nil
}

// DecodeClaims is ParseClaims into c, for callers that keep the claims
// inside a larger value. c's byte slices may alias payload, which must not
// change afterwards.
func DecodeClaims(c *Claims, payload []byte) error {
	*c = Claims{}
	if parseClaimsFastInto(c, payload) {
		return nil
	}
	g, err := parseClaimsGeneric(payload)
	if err != nil {
		*c = Claims{}
		return err
	}
	*c = *g
	return nil
}

// parseClaimsGeneric decodes into generic values, so that every strict
// check reaches unknown claims too (only the kind of their values is left
// open: cborx.UnmarshalClaims); it gives the authoritative answer and error
// for anything the fast path does not take.
func parseClaimsGeneric(payload []byte) (*Claims, error) {
	var m map[any]any
	if err := cborx.UnmarshalClaims(payload, &m); err != nil {
		return nil, malformed("claims: %v", err)
	}
	if m == nil {
		return nil, malformed("claims are not a map")
	}
	c := &Claims{}
	var ok bool
	if c.Iss, ok = m[int64(ClaimIss)].(string); !ok {
		return nil, malformed("iss missing or not text")
	}
	if v, present := m[int64(ClaimSub)]; present {
		if c.Sub, ok = v.(string); !ok {
			return nil, malformed("sub is not text")
		}
	}
	if c.Exp, ok = m[int64(ClaimExp)].(int64); !ok {
		return nil, malformed("exp missing or not an integer")
	}
	if c.Iat, ok = m[int64(ClaimIat)].(int64); !ok {
		return nil, malformed("iat missing or not an integer")
	}
	if v, present := m[int64(ClaimNbf)]; present {
		if c.Nbf, ok = v.(int64); !ok {
			return nil, malformed("nbf is not an integer")
		}
		c.HasNbf = true
	}
	if c.CTI, ok = m[int64(ClaimCti)].([]byte); !ok {
		return nil, malformed("cti missing or not a byte string")
	}
	if len(c.CTI) < MinCTI || len(c.CTI) > MaxCTI {
		return nil, malformed("cti of %d bytes, want %d to %d", len(c.CTI), MinCTI, MaxCTI)
	}
	if v, present := m[int64(ClaimCnf)]; present {
		cnf, ok := v.(map[any]any)
		if !ok {
			return nil, malformed("cnf is not a map")
		}
		key, ok := cnf[int64(1)]
		if !ok {
			return nil, malformed("cnf has no COSE_Key")
		}
		c.Cnf = key
	}
	if v, present := m[int64(ClaimStatus)]; present {
		st, err := parseStatus(v)
		if err != nil {
			return nil, err
		}
		c.Status = st
	}
	body, ok := m[int64(ClaimVP)].(map[any]any)
	if !ok {
		return nil, malformed("vp body missing or not a map")
	}
	if c.Type, ok = uintOf(body[int64(BodyType)]); !ok {
		return nil, malformed("type missing or not an unsigned integer")
	}
	if c.Name, ok = body[int64(BodyName)].(string); !ok {
		return nil, malformed("name missing or not text")
	}
	for _, f := range []struct {
		key int64
		dst *string
	}{
		{BodyOrg, &c.Org}, {BodyTier, &c.Tier}, {BodyEvent, &c.Event},
		{BodySeat, &c.Seat}, {BodyTitle, &c.Title}, {BodyNumber, &c.Number},
	} {
		if v, present := body[f.key]; present {
			if *f.dst, ok = v.(string); !ok {
				return nil, malformed("body field %d is not text", f.key)
			}
		}
	}
	// Keys 10 and 11 came after the first verifiers, which ignore them as
	// unknown: of the wrong type they are treated as absent, never as a
	// reason to reject, so both give the same verdict (docs/FORMAT.md
	// section 2).
	if v, present := body[int64(BodyBirth)]; present {
		if y, ok := uintOf(v); ok {
			c.BirthYear = y
		}
	}
	if v, present := body[int64(BodyPhoto)]; present {
		if p, ok := v.([]byte); ok && len(p) == credential.PhotoDigestLen {
			c.Photo = p
		}
	}
	if v, present := body[int64(BodyZones)]; present {
		arr, ok := v.([]any)
		if !ok {
			return nil, malformed("zones is not an array")
		}
		c.Zones = make([]string, len(arr))
		for i, z := range arr {
			if c.Zones[i], ok = z.(string); !ok {
				return nil, malformed("zone %d is not text", i)
			}
		}
	}
	return c, nil
}

func uintOf(v any) (uint64, bool) {
	i, ok := v.(int64)
	if !ok || i < 0 {
		return 0, false
	}
	return uint64(i), true
}

func parseStatus(v any) (*StatusRef, error) {
	m, ok := v.(map[any]any)
	if !ok {
		return nil, malformed("status is not a map")
	}
	sl, ok := m["status_list"].(map[any]any)
	if !ok {
		return nil, malformed("status has no status_list map")
	}
	idx, ok := uintOf(sl["idx"])
	if !ok {
		return nil, malformed("status_list idx missing or not an unsigned integer")
	}
	uri, ok := sl["uri"].(string)
	if !ok {
		return nil, malformed("status_list uri missing or not text")
	}
	return &StatusRef{URI: uri, Idx: idx}, nil
}

// MarshalClaims encodes c in core deterministic encoding. cnf is the COSE_Key
// map of the holder key, or nil.
func MarshalClaims(c *Claims, cnf map[int]any) ([]byte, error) {
	body := map[int]any{BodyType: c.Type, BodyName: c.Name}
	for _, f := range []struct {
		key int
		val string
	}{
		{BodyOrg, c.Org}, {BodyTier, c.Tier}, {BodyEvent, c.Event},
		{BodySeat, c.Seat}, {BodyTitle, c.Title}, {BodyNumber, c.Number},
	} {
		if f.val != "" {
			body[f.key] = f.val
		}
	}
	if c.Zones != nil {
		body[BodyZones] = c.Zones
	}
	if c.BirthYear != 0 {
		body[BodyBirth] = c.BirthYear
	}
	if c.Photo != nil {
		body[BodyPhoto] = c.Photo
	}
	m := map[int]any{
		ClaimIss: c.Iss,
		ClaimExp: c.Exp,
		ClaimIat: c.Iat,
		ClaimCti: c.CTI,
		ClaimVP:  body,
	}
	if c.Sub != "" {
		m[ClaimSub] = c.Sub
	}
	if c.HasNbf {
		m[ClaimNbf] = c.Nbf
	}
	if cnf != nil {
		m[ClaimCnf] = map[int]any{1: cnf}
	}
	if c.Status != nil {
		m[ClaimStatus] = map[string]any{"status_list": map[string]any{"idx": c.Status.Idx, "uri": c.Status.URI}}
	}
	return cborx.Marshal(m)
}

// ClaimsOf returns the claims of c as an issuer signs them (without cnf,
// which MarshalClaims takes as a COSE_Key map).
func ClaimsOf(c *credential.Credential) *Claims {
	claims := &Claims{
		Iss: c.Iss, Sub: c.Sub, Exp: c.Expires.Unix(), Iat: c.IssuedAt.Unix(), CTI: c.CTI,
		Type: uint64(c.Type), Name: c.Name, Org: c.Org, Zones: c.Zones, Tier: c.Tier,
		Event: c.Event, Seat: c.Seat, Title: c.Title, Number: c.Number,
		BirthYear: uint64(c.BirthYear), Photo: c.PhotoDigest,
	}
	if !c.NotBefore.IsZero() {
		claims.Nbf, claims.HasNbf = c.NotBefore.Unix(), true
	}
	if c.Status != nil {
		st := *c.Status
		claims.Status = &st
	}
	return claims
}

// FillCredential sets *cred to the credential these claims describe; holder
// is the decoded cnf key, or nil.
func (c *Claims) FillCredential(cred *credential.Credential, holder crypto.PublicKey) {
	*cred = credential.Credential{
		Type: credential.Type(c.Type), Name: c.Name, Org: c.Org, Zones: c.Zones, Tier: c.Tier,
		Event: c.Event, Seat: c.Seat, Title: c.Title, Number: c.Number,
		BirthYear: int(c.BirthYear), PhotoDigest: c.Photo,
		Iss: c.Iss, Sub: c.Sub, CTI: c.CTI,
		IssuedAt:  time.Unix(c.Iat, 0).UTC(),
		Expires:   time.Unix(c.Exp, 0).UTC(),
		HolderKey: holder,
		Status:    c.Status,
	}
	if c.HasNbf {
		cred.NotBefore = time.Unix(c.Nbf, 0).UTC()
	}
}
