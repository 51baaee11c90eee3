package draft

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/trustlist"
)

// StatusChange is a status to set for an index of a status list; Where
// names its origin in errors ("leavers.csv line 3").
type StatusChange struct {
	Idx    uint64
	Status uint8
	Where  string
}

// ParseStatusChanges reads a CSV of idx,status lines (a header line
// "idx,status" and # comments allowed); name names it in errors. Every
// line is checked.
func ParseStatusChanges(data []byte, name string) ([]StatusChange, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.TrimLeadingSpace = true
	r.FieldsPerRecord = -1
	r.Comment = '#'
	var changes []StatusChange
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("status file %s: %v", name, err)
		}
		line, _ := r.FieldPos(0)
		where := fmt.Sprintf("%s line %d", name, line)
		if first && len(rec) > 0 && strings.ToLower(strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff"))) == "idx" {
			continue
		}
		if len(rec) != 2 {
			return nil, fmt.Errorf("%s: want idx,status (for example 17,revoked)", where)
		}
		idx, err := strconv.ParseUint(strings.TrimSpace(rec[0]), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not an index", where, rec[0])
		}
		st, err := ParseStatus(rec[1])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		changes = append(changes, StatusChange{Idx: idx, Status: st, Where: where})
	}
	if len(changes) == 0 {
		return nil, fmt.Errorf("status file %s has no idx,status lines", name)
	}
	return changes, nil
}

// StatusSet is a change of status list entries as a tool is told it, each
// field named by its flag of 'venuepass trust status set' in errors: the
// list (URI), then either one index (Idx, a decimal) with its new status
// as the one argument, or File, a CSV of changes (ParseStatusChanges).
type StatusSet struct {
	URI, Idx, File string
	Args           []string
}

// UsageError is StatusSet.Changes' error for arguments that do not say
// the changes: it says what to pass instead.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, a ...any) error { return &UsageError{Msg: fmt.Sprintf(format, a...)} }

// Changes checks the arguments and returns the changes they say; readFile
// reads File, its errors and those of ParseStatusChanges returned as they
// are. Arguments that do not say the changes are a *UsageError.
func (s StatusSet) Changes(readFile func(path string) ([]byte, error)) ([]StatusChange, error) {
	if s.URI == "" {
		return nil, usagef("name the status list with --uri")
	}
	switch {
	case s.Idx != "" && s.File != "":
		return nil, usagef("pass either --idx N STATUS or --file CHANGES.csv, not both")
	case s.Idx != "":
		if len(s.Args) != 1 {
			return nil, usagef("say the new status after the draft or --idx N: revoked, suspended or valid")
		}
		idx, err := strconv.ParseUint(s.Idx, 10, 64)
		if err != nil {
			return nil, usagef("--idx %q is not an index; use the idx of the issue manifest", s.Idx)
		}
		st, err := ParseStatus(s.Args[0])
		if err != nil {
			return nil, usagef("%v", err)
		}
		return []StatusChange{{Idx: idx, Status: st}}, nil
	case s.File != "":
		if len(s.Args) > 0 {
			return nil, usagef("unexpected argument %q; the statuses come from --file", s.Args[0])
		}
		data, err := readFile(s.File)
		if err != nil {
			return nil, err
		}
		return ParseStatusChanges(data, s.File)
	}
	return nil, usagef("pass --idx N and the status, or --file CHANGES.csv")
}

// Summary describes a draft or a signed list for people and programs (the
// JSON of 'venuepass trust show --json').
type Summary struct {
	File        string          `json:"file"`
	Signed      bool            `json:"signed"`
	Verified    bool            `json:"verified"`
	AnchorKid   string          `json:"anchor_kid,omitempty"`
	Seq         uint64          `json:"seq"`
	IssuedAt    string          `json:"issued_at,omitempty"`
	NextUpdate  string          `json:"next_update,omitempty"`
	Expires     string          `json:"expires,omitempty"`
	Status      string          `json:"status,omitempty"`
	Issuers     []IssuerSummary `json:"issuers"`
	Revoked     []string        `json:"revoked"`
	StatusLists []StatusSummary `json:"status_lists"`
}

// IssuerSummary is one issuer entry of a Summary.
type IssuerSummary struct {
	Iss       string   `json:"iss"`
	Name      string   `json:"name"`
	Kid       string   `json:"kid"`
	Alg       string   `json:"alg"`
	Types     []string `json:"types"`
	NotBefore *string  `json:"not_before"`
	NotAfter  *string  `json:"not_after"`
	Profile   string   `json:"profile,omitempty"`
}

// StatusSummary is a status list: its size and how many entries have each
// status. Issued, the next free index, is known only for a draft.
type StatusSummary struct {
	URI       string  `json:"uri"`
	Bits      uint    `json:"bits"`
	Size      uint64  `json:"size"`
	Issued    *uint64 `json:"issued,omitempty"`
	Valid     uint64  `json:"valid"`
	Revoked   uint64  `json:"revoked"`
	Suspended uint64  `json:"suspended"`
	Other     uint64  `json:"other,omitempty"`
}

func countStatus(uri string, a *trustlist.StatusArray) StatusSummary {
	counts := a.Count()
	s := StatusSummary{URI: uri, Bits: a.Bits, Size: a.Len(), Valid: counts[trustlist.StatusValid],
		Revoked: counts[trustlist.StatusRevoked], Suspended: counts[trustlist.StatusSuspended]}
	s.Other = s.Size - s.Valid - s.Revoked - s.Suspended
	return s
}

// Summarize describes the draft, after checking that it signs (see
// Contents); file names it.
func (d *Draft) Summarize(file string) (*Summary, error) {
	if _, err := d.Contents(); err != nil {
		return nil, err
	}
	s := &Summary{File: file, Seq: d.Seq, Revoked: d.Revoked, Issuers: []IssuerSummary{}, StatusLists: []StatusSummary{}}
	for _, e := range d.Issuers {
		profile := e.Profile
		if profile == "" {
			profile = trustlist.ProfileVP
		}
		si := IssuerSummary{Iss: e.Iss, Name: e.Name, Kid: e.Kid, Alg: e.Alg, Types: e.Types, Profile: profile}
		if e.NotBefore != "" {
			si.NotBefore = &e.NotBefore
		}
		if e.NotAfter != "" {
			si.NotAfter = &e.NotAfter
		}
		s.Issuers = append(s.Issuers, si)
	}
	for _, sl := range d.StatusLists {
		a, err := sl.Array()
		if err != nil {
			return nil, fmt.Errorf("status list %q: %v", sl.URI, err)
		}
		st := countStatus(sl.URI, a)
		st.Issued = &sl.Next
		s.StatusLists = append(s.StatusLists, st)
	}
	return s, nil
}

// SummarizeList describes a verified signed list as of now; file names it.
func SummarizeList(l *trustlist.List, file string, now time.Time) *Summary {
	s := &Summary{
		File: file, Signed: true, Verified: true, AnchorKid: hex.EncodeToString(l.AnchorKid),
		Seq: l.Seq, IssuedAt: utc(l.IssuedAt), NextUpdate: utc(l.NextUpdate), Expires: utc(l.Expires),
		Status: "current", Issuers: []IssuerSummary{}, Revoked: []string{}, StatusLists: []StatusSummary{},
	}
	switch {
	case l.Expired(now):
		s.Status = "expired"
	case l.Stale(now):
		s.Status = "stale"
	}
	for _, e := range l.Issuers {
		alg := "unsupported"
		if e.Key != nil {
			alg, _ = issuer.AlgOf(e.Key)
		}
		s.Issuers = append(s.Issuers, IssuerSummary{
			Iss: e.Iss, Name: e.Name, Kid: hex.EncodeToString(e.Kid), Alg: alg, Types: TypeNames(e.Profile, e.Types),
			NotBefore: optTime(e.NotBefore), NotAfter: optTime(e.NotAfter), Profile: e.Profile,
		})
	}
	for _, r := range l.Revoked {
		s.Revoked = append(s.Revoked, hex.EncodeToString(r))
	}
	arrays := l.StatusArrays()
	for _, sl := range l.StatusLists {
		s.StatusLists = append(s.StatusLists, countStatus(sl.URI, arrays[sl.URI]))
	}
	return s
}

func optTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := utc(t)
	return &s
}

// Text shows the summary for people: the list's header, then its issuers,
// status lists and revoked credentials, in aligned columns.
func (s *Summary) Text() string {
	var b strings.Builder
	w := termtext.NewWriter(&b, 2)
	if s.Signed {
		fmt.Fprintf(w, "trust list\t%s (signature verified, anchor kid %s)\n", s.File, s.AnchorKid)
		fmt.Fprintf(w, "seq\t%d\n", s.Seq)
		fmt.Fprintf(w, "issued\t%s\n", s.IssuedAt)
		fmt.Fprintf(w, "next update\t%s\n", s.NextUpdate)
		fmt.Fprintf(w, "expires\t%s\n", s.Expires)
		fmt.Fprintf(w, "status\t%s\n", s.Status)
	} else {
		fmt.Fprintf(w, "trust list draft\t%s (unsigned)\n", s.File)
		fmt.Fprintf(w, "last signed seq\t%d\n", s.Seq)
	}
	fmt.Fprintf(w, "issuers\t%d\n", len(s.Issuers))
	fmt.Fprintf(w, "revoked\t%d\n", len(s.Revoked))
	fmt.Fprintf(w, "status lists\t%d\n", len(s.StatusLists))
	w.Flush()
	if len(s.Issuers) > 0 {
		b.WriteString("\nissuers:\n")
	}
	w = termtext.NewWriter(&b, 2)
	for _, e := range s.Issuers {
		types := "all types"
		if e.Types != nil {
			types = strings.Join(e.Types, ",")
		}
		window := "any time"
		if e.NotBefore != nil || e.NotAfter != nil {
			from, to := "-", "-"
			if e.NotBefore != nil {
				from = *e.NotBefore
			}
			if e.NotAfter != nil {
				to = *e.NotAfter
			}
			window = from + " to " + to
		}
		profile := ""
		if e.Profile == trustlist.ProfileDCC {
			profile = "\tEU DCC signer"
		}
		fmt.Fprintf(w, "  %s\t%s\tkid %s\t%s\t%s\twindow %s%s\n", e.Iss, e.Name, e.Kid, e.Alg, types, window, profile)
	}
	w.Flush()
	if len(s.StatusLists) > 0 {
		b.WriteString("\nstatus lists:\n")
	}
	w = termtext.NewWriter(&b, 2)
	for _, sl := range s.StatusLists {
		issued := ""
		if sl.Issued != nil {
			issued = fmt.Sprintf("\t%d issued", *sl.Issued)
		}
		other := ""
		if sl.Other > 0 {
			other = fmt.Sprintf("\t%d other", sl.Other)
		}
		fmt.Fprintf(w, "  %s\t%d bit(s)\t%d entries%s\t%d valid\t%d revoked\t%d suspended%s\n",
			sl.URI, sl.Bits, sl.Size, issued, sl.Valid, sl.Revoked, sl.Suspended, other)
	}
	w.Flush()
	if len(s.Revoked) > 0 {
		b.WriteString("\nrevoked:\n")
	}
	for _, r := range s.Revoked {
		fmt.Fprintf(&b, "  %s\n", r)
	}
	return b.String()
}

// DescribeCounts words the counts SetStatuses returns, most serious
// first: "2 revoked, 1 valid".
func DescribeCounts(counts map[uint8]int) string {
	var parts []string
	for _, st := range []uint8{trustlist.StatusRevoked, trustlist.StatusSuspended, trustlist.StatusValid} {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], StatusName(st)))
		}
	}
	return strings.Join(parts, ", ")
}
