package draft

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/trustlist"
)

// NoStatusListError is the error for a status list the draft does not
// have; Have are the URIs of those it has.
type NoStatusListError struct {
	URI  string
	Have []string
}

func (e *NoStatusListError) Error() string {
	have := "it has none"
	if len(e.Have) > 0 {
		have = "it has " + strings.Join(e.Have, ", ")
	}
	return fmt.Sprintf("no status list %q (%s)", e.URI, have)
}

// MustStatusList returns the status list named uri, or a
// *NoStatusListError.
func (d *Draft) MustStatusList(uri string) (*StatusList, error) {
	if s := d.StatusList(uri); s != nil {
		return s, nil
	}
	e := &NoStatusListError{URI: uri}
	for _, s := range d.StatusLists {
		e.Have = append(e.Have, s.URI)
	}
	return nil, e
}

// SetStatuses applies changes to the status list uri, in order, and
// returns how many indexes got each status. An error (a change naming an
// index outside the list, or an unknown list) leaves the changes before it
// made: edit a copy (as Edit does, writing nothing on error) to have all
// or none.
func (d *Draft) SetStatuses(uri string, changes []StatusChange) (map[uint8]int, error) {
	s, err := d.MustStatusList(uri)
	if err != nil {
		return nil, err
	}
	counts := map[uint8]int{}
	for _, ch := range changes {
		if err := s.Set(ch.Idx, ch.Status); err != nil {
			if ch.Where == "" {
				return nil, err
			}
			return nil, fmt.Errorf("%s: %v", ch.Where, err)
		}
		counts[ch.Status]++
	}
	return counts, nil
}

// AllocateStatus gives each credential the next free index of the status
// list uri (its Status reference) and reports whether the list grew to
// hold them.
func (d *Draft) AllocateStatus(uri string, creds []*credential.Credential) (grew bool, err error) {
	s, err := d.MustStatusList(uri)
	if err != nil {
		return false, err
	}
	size := s.Size
	for _, cr := range creds {
		cr.Status = &credential.StatusRef{URI: uri, Idx: s.Allocate()}
	}
	return s.Size > size, nil
}

// Reissue is what issuing credentials asks of the draft, in one edit:
// status indexes from the list URI for the new credentials, and the
// credential they replace revoked, by its cti (hex) or by its index in
// the list URI.
type Reissue struct {
	URI         string
	ReplacesCTI string
	ReplacesIdx *uint64
	// Draft is the draft file that records them (Apply); "" when nothing
	// is asked of a draft.
	Draft string
}

// ReplacesIdxError is a ReplacesIdx the status list cannot revoke (an
// index outside the list).
type ReplacesIdxError struct{ Err error }

func (e *ReplacesIdxError) Error() string { return e.Err.Error() }
func (e *ReplacesIdxError) Unwrap() error { return e.Err }

// ReissueResult says what ApplyReissue did.
type ReissueResult struct {
	Grew           bool   // the status list grew to Size to hold the credentials
	Size           uint64 // the status list's size after
	AlreadyRevoked bool   // ReplacesCTI was revoked before
}

// ApplyReissue allocates status indexes for creds (their Status
// references) and revokes the replaced credential. A missing status list
// is a *NoStatusListError, a bad ReplacesIdx a *ReplacesIdxError; on an
// error the draft may be half changed (Edit writes nothing then).
func (d *Draft) ApplyReissue(r Reissue, creds []*credential.Credential) (ReissueResult, error) {
	var res ReissueResult
	if r.URI != "" {
		s, err := d.MustStatusList(r.URI)
		if err != nil {
			return res, err
		}
		if r.ReplacesIdx != nil {
			if err := s.Set(*r.ReplacesIdx, trustlist.StatusRevoked); err != nil {
				return res, &ReplacesIdxError{Err: err}
			}
		}
		if res.Grew, err = d.AllocateStatus(r.URI, creds); err != nil {
			return res, err
		}
		res.Size = s.Size
	}
	if r.ReplacesCTI != "" {
		res.AlreadyRevoked = len(d.Revoke(r.ReplacesCTI)) > 0
	}
	return res, nil
}

// CTIHint says where people find a credential's cti, for errors about one.
const CTIHint = "see the manifest of 'venuepass issue --out' or 'venuepass verify --json'"

// NewReissue reads a reissue request as people give it to 'venuepass
// issue': uri the status list to put the credentials on (--status-uri),
// replaces the cti in hex of the credential they replace (--replaces),
// replacesIdx its index in uri's list (--replaces-idx), draftPath the
// draft holding both (--draft); batch is set when a batch is issued. Each
// may be empty. Errors name the flags and say what to pass instead.
func NewReissue(uri, draftPath, replaces, replacesIdx string, batch bool) (Reissue, error) {
	r := Reissue{URI: uri, Draft: draftPath}
	if replaces != "" {
		b, err := ParseCTI(replaces)
		if err != nil {
			return r, fmt.Errorf("--replaces: %v (%s)", err, CTIHint)
		}
		r.ReplacesCTI = hex.EncodeToString(b)
	}
	if replacesIdx != "" {
		n, err := strconv.ParseUint(replacesIdx, 10, 64)
		if err != nil {
			return r, fmt.Errorf("--replaces-idx %q is not a status index; use the idx of the issue manifest", replacesIdx)
		}
		r.ReplacesIdx = &n
	}
	switch {
	case (r.ReplacesCTI != "" || r.ReplacesIdx != nil) && batch:
		return r, errors.New("--replaces and --replaces-idx re-issue one credential; do not combine them with --batch")
	case r.ReplacesIdx != nil && uri == "":
		return r, errors.New("--replaces-idx names an index of a status list; pass the list with --status-uri")
	case (uri != "" || r.ReplacesCTI != "") && draftPath == "":
		return r, errors.New("status lists and revocations live in the trust list draft; name it with --draft (e.g. --draft trust.json)")
	case draftPath != "" && uri == "" && r.ReplacesCTI == "":
		return r, errors.New("--draft is used with --status-uri or --replaces")
	}
	return r, nil
}

// Notes say what ApplyReissue did to the draft at path beyond the
// expected: the status list grew, or the replaced cti was revoked before.
func (res ReissueResult) Notes(r Reissue, path string) []string {
	var notes []string
	if res.Grew {
		notes = append(notes, fmt.Sprintf("status list %q grew to %d entries", r.URI, res.Size))
	}
	if res.AlreadyRevoked {
		notes = append(notes, fmt.Sprintf("%s is already revoked in %s", r.ReplacesCTI, path))
	}
	return notes
}

// Report says what the reissue recorded in the draft at path, once the
// credentials are issued: the index of each of creds on its status list
// (creds may be nil when a manifest lists them), the revocation of the
// replaced credential, and that the list must be signed and distributed
// before the credentials are handed out.
func (r Reissue) Report(path string, creds []*credential.Credential) []string {
	var lines []string
	for _, cr := range creds {
		if cr.Status != nil {
			lines = append(lines, fmt.Sprintf("credential %x has index %d in status list %q", cr.CTI, cr.Status.Idx, cr.Status.URI))
		}
	}
	if r.ReplacesCTI != "" {
		lines = append(lines, fmt.Sprintf("revoked the replaced credential %s in %s", r.ReplacesCTI, path))
	}
	if r.ReplacesIdx != nil {
		lines = append(lines, fmt.Sprintf("revoked index %d of status list %q in %s, the replaced credential", *r.ReplacesIdx, r.URI, path))
	}
	return append(lines, fmt.Sprintf("sign %s again ('venuepass trust sign') and distribute the list before handing out the credential(s)", path))
}
