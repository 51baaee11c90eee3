// Package draft is the editable form of a trust list: the JSON file an
// issuer keeps (its issuer keys, EU DCC document signers, revoked
// credentials and Token Status Lists with their allocation state) and
// signs into the .vptl file kiosks load.
//
// The venuepass CLI ('venuepass trust', 'venuepass issue --status-uri')
// works on drafts through this package; an issuer's backend can do the
// same without shelling out. Edit locks the file (PATH.lock) so that two
// programs never hand out the same status index or lose each other's
// edits.
package draft

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/trustlist"
)

// Format names the draft file format.
const Format = "venuepass-trust-draft/1"

// MaxSize caps a draft file.
const MaxSize = 256 << 20

// DefaultStatusSize is the size of a new status list: a list that grows
// one entry per credential would tell how many were issued.
const DefaultStatusSize = 1024

// MaxStatusEntries keeps a list within the trust list's status list limit
// at 8 bits, whatever bits it has.
const MaxStatusEntries = trustlist.MaxStatusListSize

// Draft is the editable form of a trust list. It also holds the Token
// Status Lists (FORMAT.md section 4, key 8) with their allocation state, so
// that issuing with a status index and signing work from one file.
type Draft struct {
	Format string `json:"format"`
	// Seq is the seq of the last list signed from this draft.
	Seq uint64 `json:"seq"`
	// AnchorKid is the kid (hex) of the anchor key the last list was
	// signed with: Sign refuses another key until ForgetAnchor.
	AnchorKid   string       `json:"anchor_kid,omitempty"`
	Issuers     []Issuer     `json:"issuers"`
	Revoked     []string     `json:"revoked"`
	StatusLists []StatusList `json:"status_lists,omitempty"`
}

// Issuer is a trust list entry as the draft keeps it.
type Issuer struct {
	Iss       string   `json:"iss"`
	Name      string   `json:"name"`
	Kid       string   `json:"kid"`
	Alg       string   `json:"alg"`
	Types     []string `json:"types,omitempty"`
	NotBefore string   `json:"not_before,omitempty"`
	NotAfter  string   `json:"not_after,omitempty"`
	PublicKey string   `json:"public_key"`
	// Profile is "dcc" for an EU DCC document signer; empty means "vp".
	Profile string `json:"profile,omitempty"`
	// Cert is the X.509 certificate, base64 DER (required for "dcc").
	Cert string `json:"cert,omitempty"`
}

// StatusList is a Token Status List as the draft keeps it: the entries
// that are not valid, and the next index to hand out.
type StatusList struct {
	URI  string `json:"uri"`
	Bits uint   `json:"bits"`
	// Size is the number of entries the signed list covers at least; it
	// grows when issuing passes it.
	Size uint64 `json:"size"`
	// Next is the next free index: 0 to Next-1 have been issued.
	Next      uint64   `json:"next"`
	Revoked   []uint64 `json:"revoked"`
	Suspended []uint64 `json:"suspended"`
}

// New returns an empty draft.
func New() *Draft {
	return &Draft{Format: Format, Issuers: []Issuer{}, Revoked: []string{}}
}

// StatusList returns the status list named uri, or nil.
func (d *Draft) StatusList(uri string) *StatusList {
	for i := range d.StatusLists {
		if d.StatusLists[i].URI == uri {
			return &d.StatusLists[i]
		}
	}
	return nil
}

// AddStatusList adds an empty status list of bits per entry covering size
// entries.
func (d *Draft) AddStatusList(uri string, bits uint, size uint64) error {
	switch {
	case uri == "":
		return errors.New("a status list needs a uri")
	case bits != 1 && bits != 2:
		return errors.New("bits must be 1 (valid, revoked) or 2 (also suspended)")
	case size > MaxStatusEntries:
		return fmt.Errorf("size must be at most %d", MaxStatusEntries)
	case d.StatusList(uri) != nil:
		return fmt.Errorf("already has a status list %q", uri)
	}
	d.StatusLists = append(d.StatusLists, StatusList{URI: uri, Bits: bits, Size: size, Revoked: []uint64{}, Suspended: []uint64{}})
	return nil
}

// Revoke adds credential ids (hex) to the revoked list and returns those
// that were already there.
func (d *Draft) Revoke(ctis ...string) (already []string) {
	for _, cti := range ctis {
		if slices.Contains(d.Revoked, cti) {
			already = append(already, cti)
			continue
		}
		d.Revoked = append(d.Revoked, cti)
	}
	return already
}

// Status returns the status of idx.
func (s *StatusList) Status(idx uint64) uint8 {
	if slices.Contains(s.Revoked, idx) {
		return trustlist.StatusRevoked
	}
	if slices.Contains(s.Suspended, idx) {
		return trustlist.StatusSuspended
	}
	return trustlist.StatusValid
}

// Set records the status of idx, which must have been issued. Revoked is
// final, and suspended needs a 2-bit list.
func (s *StatusList) Set(idx uint64, status uint8) error {
	if idx >= s.Next {
		if s.Next == 0 {
			return fmt.Errorf("index %d has not been issued: no credential uses status list %q yet", idx, s.URI)
		}
		return fmt.Errorf("index %d has not been issued: status list %q has handed out 0 to %d", idx, s.URI, s.Next-1)
	}
	if s.Status(idx) == trustlist.StatusRevoked && status != trustlist.StatusRevoked {
		return fmt.Errorf("index %d of status list %q is revoked, which is final; issue a new credential instead (suspend to block one for a while)", idx, s.URI)
	}
	if status == trustlist.StatusSuspended && s.Bits < 2 {
		return fmt.Errorf("status list %q has 1 bit per entry, which holds only valid and revoked; make a list with --bits 2 to suspend", s.URI)
	}
	s.Revoked = slices.DeleteFunc(s.Revoked, func(x uint64) bool { return x == idx })
	s.Suspended = slices.DeleteFunc(s.Suspended, func(x uint64) bool { return x == idx })
	switch status {
	case trustlist.StatusRevoked:
		s.Revoked = append(s.Revoked, idx)
		slices.Sort(s.Revoked)
	case trustlist.StatusSuspended:
		s.Suspended = append(s.Suspended, idx)
		slices.Sort(s.Suspended)
	}
	return nil
}

// Allocate hands out the next free index, growing the list when needed.
func (s *StatusList) Allocate() uint64 {
	idx := s.Next
	s.Next++
	s.Size = max(s.Size, s.Next)
	return idx
}

// Array builds the status array of the signed list.
func (s *StatusList) Array() (*trustlist.StatusArray, error) {
	a, err := trustlist.NewStatusArray(s.Bits, max(s.Size, s.Next))
	if err != nil {
		return nil, err
	}
	for _, idx := range s.Revoked {
		if err := a.Set(idx, trustlist.StatusRevoked); err != nil {
			return nil, err
		}
	}
	for _, idx := range s.Suspended {
		if err := a.Set(idx, trustlist.StatusSuspended); err != nil {
			return nil, err
		}
	}
	return a, nil
}

var statusNames = map[string]uint8{
	"valid": trustlist.StatusValid, "revoked": trustlist.StatusRevoked, "suspended": trustlist.StatusSuspended,
}

// StatusName names a status: valid, revoked, suspended or status-N.
func StatusName(s uint8) string {
	for name, v := range statusNames {
		if v == s {
			return name
		}
	}
	return fmt.Sprintf("status-%d", s)
}

// ParseStatus reads valid, revoked or suspended.
func ParseStatus(s string) (uint8, error) {
	v, ok := statusNames[strings.ToLower(strings.TrimSpace(s))]
	if !ok {
		return 0, fmt.Errorf("unknown status %q; want revoked, suspended or valid", s)
	}
	return v, nil
}

// LooksLikeDraft reports whether data is JSON, as a draft is, rather than a
// signed list.
func LooksLikeDraft(data []byte) bool {
	data = bytes.TrimSpace(data)
	return len(data) > 0 && data[0] == '{'
}

// LooksSigned reports whether data starts like a signed trust list: a
// tagged COSE_Sign1 (0xD2).
func LooksSigned(data []byte) bool { return len(data) > 0 && data[0] == 0xD2 }

// NotDraftError says what data, named name, is instead of a draft (see
// LooksLikeDraft): empty, a signed list, or something else.
func NotDraftError(name string, data []byte) error {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return fmt.Errorf("%s is empty, not a trust list draft; make a draft with 'venuepass trust init'", name)
	case LooksSigned(data):
		return fmt.Errorf("%s is not a trust list draft (a signed .vptl cannot be edited; edit the JSON draft it was signed from)", name)
	}
	return fmt.Errorf("%s is neither a trust list draft (JSON, from 'venuepass trust init') nor a signed trust list (.vptl)", name)
}

// HasFormat reports whether data is a JSON object of the draft format.
func HasFormat(data []byte) bool {
	var head struct {
		Format string `json:"format"`
	}
	return LooksLikeDraft(data) && json.Unmarshal(data, &head) == nil && head.Format == Format
}

// Parse reads a draft; name names it in errors. Unknown fields are
// refused, not dropped: a draft written by a newer venuepass would
// otherwise lose them when this one writes it back.
func Parse(data []byte, name string) (*Draft, error) {
	if !LooksLikeDraft(data) {
		return nil, NotDraftError(name, data)
	}
	var head struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("trust list draft %s is not valid JSON: %v", name, err)
	}
	if head.Format != Format {
		return nil, fmt.Errorf("%s is not a venuepass trust list draft (format %q, want %q)", name, head.Format, Format)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	d := new(Draft)
	if err := dec.Decode(d); err != nil {
		return nil, fmt.Errorf("trust list draft %s: %v; was it written by a newer venuepass?", name, err)
	}
	return d, nil
}

// ReadFile reads at most MaxSize bytes of a file that may be a draft. An
// error opening or reading it is an *fs.PathError.
func ReadFile(path string) ([]byte, error) {
	data, err := fileutil.ReadCapped(path, MaxSize)
	if errors.Is(err, fileutil.ErrTooLarge) {
		return nil, fmt.Errorf("trust list draft %s is larger than %d bytes", path, MaxSize)
	}
	return data, err
}

// Read reads the draft at path.
func Read(path string) (*Draft, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}

// Marshal returns the draft as indented JSON with a final newline.
func (d *Draft) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Write replaces the draft at path atomically: readers see the old file or
// the new one, never a torn one.
func (d *Draft) Write(path string) error {
	data, err := d.Marshal()
	if err != nil {
		return err
	}
	return fileutil.WriteAtomic(path, data, 0o644)
}

// Create writes a new empty draft at path, which must not exist.
func Create(path string) error {
	data, err := New().Marshal()
	if err != nil {
		return err
	}
	return fileutil.WriteNew(path, data, 0o644)
}

// Edit reads the draft at path under a lock (see Lock), lets edit change
// it, and writes it back unless edit fails.
func Edit(path string, edit func(d *Draft) error) error {
	unlock, err := Lock(path)
	if err != nil {
		return err
	}
	defer unlock()
	d, err := Read(path)
	if err != nil {
		return err
	}
	if err := edit(d); err != nil {
		return err
	}
	if err := d.Write(path); err != nil {
		return fmt.Errorf("writing %s: %v", path, err)
	}
	return nil
}

// Lock takes PATH.lock, made with O_EXCL, and returns its release. When
// path does not exist the error is its *fs.PathError.
func Lock(path string) (func(), error) {
	lock := path + ".lock"
	f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%s is being edited by another venuepass (%s exists); wait for it, or remove %s if no venuepass is running", path, lock, lock)
	}
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(path); serr != nil {
			return nil, serr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot lock %s: %v", path, err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	f.Close()
	return func() { os.Remove(lock) }, nil
}

// utc formats a time for the draft: RFC 3339 in UTC.
func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }
