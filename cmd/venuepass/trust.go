package main

import (
	"bytes"
	"crypto"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

var trustCmd = &command{
	name: "trust",
	usage: `Usage:
    venuepass trust init [DRAFT.json]
    venuepass trust add-issuer --key ISSUER.pub --iss ID --name NAME [--types T,...] [--not-before WHEN] [--not-after WHEN]
    venuepass trust add-dsc CERT...
    venuepass trust revoke CTI...
    venuepass trust status new --uri URI [--bits 1|2] [--size N]
    venuepass trust status set --uri URI (--idx N revoked|suspended|valid | --file CHANGES.csv)
    venuepass trust sign --key ANCHOR.key [-o LIST.vptl] [--next-update WHEN] [--expires WHEN]
    venuepass trust show [--json] [--anchor ANCHOR.pub] [FILE]

    venuepass trust init DRAFT.json
    venuepass trust add-issuer DRAFT.json --key ISSUER.pub --iss ID --name NAME [options]
    venuepass trust add-dsc DRAFT.json CERT...
    venuepass trust revoke DRAFT.json CTI...
    venuepass trust status new DRAFT.json --uri URI [--bits 1|2] [--size N]
    venuepass trust status set DRAFT.json --uri URI (--idx N STATUS | --file CHANGES.csv)
    venuepass trust sign DRAFT.json --key ANCHOR.key [options]

A trust list is kept as an editable JSON draft (the issuers, EU DCC document
signers, revoked credentials and status lists) that 'trust sign' turns into
the signed .vptl file kiosks load. Each signing bumps the sequence number
kept in the draft, so kiosks can refuse an older list (rollback). Commands
that change a draft lock it (DRAFT.json.lock) while they run.

The draft: every trust command takes --draft FILE, or the draft as its
first argument (a .json file, or an existing file that is a draft); without
either it works on trust.json in the current folder, which 'venuepass trust
init' makes. For add-dsc, certificate files (.pem, .der, .crt, .cer, or
files that parse as certificates) are never taken for the draft.

Run 'venuepass help trust COMMAND' for each command's options.

Examples:
    $ venuepass trust init
    $ venuepass trust add-issuer --key acme.key.pub --iss acme-corp --name "ACME Corporation" --types employee
    $ venuepass trust add-dsc DE_DSC.pem
    $ venuepass trust status set --uri https://acme.example/status/1 --idx 17 revoked
    $ venuepass trust sign --key anchor.key --next-update 7d --expires 30d
    $ venuepass trust show --json
    $ venuepass trust init trust.json
    $ venuepass trust add-issuer trust.json --key acme.key.pub --iss acme-corp \
        --name "ACME Corporation" --types employee,certificate --not-after 2y
    $ venuepass trust add-dsc trust.json DE_DSC.pem
    $ venuepass trust revoke trust.json 5f0c4be2a1d39e7708b1c2d3e4f50617
    $ venuepass trust status new trust.json --uri https://acme.example/status/1 --bits 2
    $ venuepass trust status set trust.json --uri https://acme.example/status/1 --idx 17 suspended
    $ venuepass trust sign trust.json --key anchor.key --next-update 7d --expires 30d
    $ venuepass trust show --anchor anchor.key.pub trust.vptl
`,
}

var trustCommands = []*command{
	{name: "trust init", usage: `Usage:
    venuepass trust init [--draft DRAFT.json]
    venuepass trust init DRAFT.json

Creates a new, empty trust list draft: DRAFT.json, or trust.json in the
current folder, which the other trust commands use when no draft is named.
An existing file is never overwritten.

Examples:
    $ venuepass trust init
    $ venuepass trust init trust.json
`},
	{name: "trust add-issuer", usage: `Usage:
    venuepass trust add-issuer [--draft DRAFT.json] --key ISSUER.pub --iss ID --name NAME [options]
    venuepass trust add-issuer DRAFT.json --key ISSUER.pub --iss ID --name NAME [options]

Adds an issuer key to the draft. Credentials it signs must carry this iss,
be of one of the allowed types, and have been issued inside the key window.

Options:
    --draft FILE        the trust list draft (default: trust.json here)
    --key FILE          the issuer's public key (or its private key file)
    --iss ID            the issuer id its credentials carry (required)
    --name NAME         the issuer's name shown to staff (required)
    --types T,...       allowed credential types (repeatable); none means all
    --not-before WHEN   credentials issued before WHEN are not accepted
    --not-after WHEN    credentials issued at or after WHEN are not accepted
    --now TIME          base for relative times (RFC 3339)

Examples:
    $ venuepass trust add-issuer --key acme.key.pub --iss acme-corp --name "ACME Corporation"
    $ venuepass trust add-issuer trust.json --key acme.key.pub --iss acme-corp \
        --name "ACME Corporation" --types employee --not-before 2026-01-01 --not-after 2y
`},
	{name: "trust add-dsc", usage: `Usage:
    venuepass trust add-dsc [--draft DRAFT.json] CERT...
    venuepass trust add-dsc DRAFT.json CERT...

Imports EU Digital COVID Certificate document signer certificates (DSC),
each file DER or PEM (a PEM file may hold several), into the draft as
issuers of profile "dcc": kid by the DCC rule (SHA-256 over the certificate),
iss the certificate's country, the types its extended key usage allows, and
its validity as the key window. The same signed list then verifies both
venuepass credentials and HC1: codes; a DSC never vouches for a venuepass
credential. A certificate already in the draft is skipped.

The draft is --draft FILE, or the first argument when it is a .json file or
a draft, else trust.json in the current folder; certificate files (.pem,
.der, .crt, .cer, or parsing as certificates) are always certificates.

Options:
    --draft FILE   the trust list draft (default: trust.json here)
    --now TIME     the clock (RFC 3339), for the expiry warning

Examples:
    $ venuepass trust add-dsc DE_DSC.pem AT_DSC.der
    $ venuepass trust add-dsc trust.json DE_DSC.pem AT_DSC.der
`},
	{name: "trust revoke", usage: `Usage:
    venuepass trust revoke [--draft DRAFT.json] CTI...
    venuepass trust revoke DRAFT.json CTI...

Adds credential ids (cti, 8 to 16 bytes in hex, as in an issue manifest or
'venuepass verify --json') to the draft's revoked list. Sign the draft again
and distribute the new list for the revocation to take effect.

Options:
    --draft FILE   the trust list draft (default: trust.json here)

Examples:
    $ venuepass trust revoke 5f0c4be2a1d39e7708b1c2d3e4f50617
    $ venuepass trust revoke trust.json 5f0c4be2a1d39e7708b1c2d3e4f50617
`},
	{name: "trust status", usage: `Usage:
    venuepass trust status new [--draft DRAFT.json] --uri URI [--bits 1|2] [--size N]
    venuepass trust status set [--draft DRAFT.json] --uri URI --idx N revoked|suspended|valid
    venuepass trust status set [--draft DRAFT.json] --uri URI --file CHANGES.csv
    venuepass trust status new DRAFT.json --uri URI [--bits 1|2] [--size N]
    venuepass trust status set DRAFT.json --uri URI --idx N revoked|suspended|valid
    venuepass trust status set DRAFT.json --uri URI --file CHANGES.csv

Token Status Lists (docs/FORMAT.md section 4) revoke or suspend credentials by
index without listing their ids. A list lives in the trust list draft: its
bits per entry, the next free index, and the entries that are not valid.
'venuepass issue --status-uri URI --draft DRAFT.json' hands out the indexes
and records them in the draft (and in the batch manifest); 'trust sign'
puts the compressed list into the signed trust list. After issuing or
changing statuses, sign the draft again and distribute the new list:
credentials whose index lies past the signed list are rejected as
malformed, and those naming a list it lacks as status_unknown. Without
--draft or a DRAFT.json argument the draft is trust.json in the current
folder.

Run 'venuepass help trust status new' or '... set' for the options.
`},
	{name: "trust status new", usage: `Usage:
    venuepass trust status new [--draft DRAFT.json] --uri URI [--bits 1|2] [--size N]
    venuepass trust status new DRAFT.json --uri URI [--bits 1|2] [--size N]

Adds an empty status list to the draft.

Options:
    --draft FILE the trust list draft (default: trust.json here)
    --uri URI    the list's name, carried by every credential on it (required)
    --bits 1|2   bits per entry: 1 holds valid and revoked, 2 also suspended
                 (default 2)
    --size N     entries the signed list covers before any are issued, so that
                 its size tells nothing of how many were (default 1024); the
                 list grows past it as needed

Examples:
    $ venuepass trust status new --uri https://acme.example/status/1
    $ venuepass trust status new trust.json --uri https://acme.example/status/1
`},
	{name: "trust status set", usage: `Usage:
    venuepass trust status set [--draft DRAFT.json] --uri URI --idx N revoked|suspended|valid
    venuepass trust status set [--draft DRAFT.json] --uri URI --file CHANGES.csv
    venuepass trust status set DRAFT.json --uri URI --idx N revoked|suspended|valid
    venuepass trust status set DRAFT.json --uri URI --file CHANGES.csv

Sets the status of issued indexes of a status list: revoked (for good),
suspended (until set valid again; needs a 2-bit list) or valid. CHANGES.csv
has one idx,status pair per line (a header line "idx,status" is allowed);
every line is checked before any is applied.

Options:
    --draft FILE  the trust list draft (default: trust.json here)
    --uri URI     the status list (required)
    --idx N       the index to change, as in the issue manifest
    --file FILE   many changes from a CSV file

Examples:
    $ venuepass trust status set --uri https://acme.example/status/1 --idx 17 revoked
    $ venuepass trust status set --uri https://acme.example/status/1 --file leavers.csv
    $ venuepass trust status set trust.json --uri https://acme.example/status/1 --idx 17 suspended
    $ venuepass trust status set trust.json --uri https://acme.example/status/1 --idx 17 valid
    $ venuepass trust status set trust.json --uri https://acme.example/status/1 --file leavers.csv
`},
	{name: "trust sign", usage: `Usage:
    venuepass trust sign [--draft DRAFT.json] --key ANCHOR.key [options]
    venuepass trust sign DRAFT.json --key ANCHOR.key [options]

Signs the draft with the trust anchor key into a .vptl file. The sequence
number is one more than the last one signed from this draft, and the draft
records it.

Options:
    --draft FILE         the trust list draft (default: trust.json here)
    --key FILE           the anchor private key (required)
    -o FILE              the signed list (default: DRAFT with .vptl)
    --next-update WHEN   after it kiosks warn that the list is stale (default 7d)
    --expires WHEN       after it kiosks reject everything (default 30d)
    --now TIME           signing time (RFC 3339) instead of the clock

Examples:
    $ venuepass trust sign --key anchor.key --next-update 7d --expires 30d
    $ venuepass trust sign trust.json --key anchor.key -o trust.vptl --next-update 1d --expires 14d
`},
	{name: "trust show", usage: `Usage:
    venuepass trust show [--json] [--anchor ANCHOR.pub] [FILE]

Shows a draft, or a signed list after verifying its signature with a pinned
anchor (--anchor, repeatable; required for a signed list): human readable,
or one JSON object with --json. Without FILE (or --draft FILE) it shows
the draft trust.json in the current folder.

Options:
    --draft FILE    the draft or signed list to show, as FILE
    --anchor FILE   trust anchor public key (repeatable)
    --json          print one JSON object
    --now TIME      judge staleness and expiry at TIME (RFC 3339)

Examples:
    $ venuepass trust show
    $ venuepass trust show --json
    $ venuepass trust show --anchor anchor.key.pub trust.vptl
`},
}

func init() {
	trustCmd.run = runTrust
	runs := map[string]func([]string) error{
		"trust init": runTrustInit, "trust add-issuer": runTrustAddIssuer,
		"trust revoke": runTrustRevoke, "trust sign": runTrustSign, "trust show": runTrustShow,
		"trust add-dsc": runTrustAddDSC, "trust status": runTrustStatus,
		"trust status new": runTrustStatusNew, "trust status set": runTrustStatusSet,
	}
	for _, c := range trustCommands {
		c.run = runs[c.name]
	}
}

func runTrust(args []string) error {
	return runSub(trustCmd, args, "init, add-issuer, add-dsc, revoke, status, sign or show")
}

// draftFormat names the draft file format.
const draftFormat = "venuepass-trust-draft/1"

// draft is the editable form of a trust list. It also holds the Token Status
// Lists (FORMAT.md section 4, key 8) with their allocation state, so that
// 'issue --status-uri' and 'trust sign' work from one file.
type draft struct {
	Format string `json:"format"`
	// Seq is the seq of the last list signed from this draft.
	Seq         uint64            `json:"seq"`
	Issuers     []draftIssuer     `json:"issuers"`
	Revoked     []string          `json:"revoked"`
	StatusLists []draftStatusList `json:"status_lists,omitempty"`
}

type draftIssuer struct {
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

// draftStatusList is a Token Status List as the draft keeps it: the entries
// that are not valid, and the next index 'issue --status-uri' hands out.
type draftStatusList struct {
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

func (d *draft) statusList(uri string) *draftStatusList {
	for i := range d.StatusLists {
		if d.StatusLists[i].URI == uri {
			return &d.StatusLists[i]
		}
	}
	return nil
}

// noStatusList words a missing status list, naming the ones there are.
func (d *draft) noStatusList(path, uri string) error {
	var uris []string
	for _, s := range d.StatusLists {
		uris = append(uris, s.URI)
	}
	have := "it has none"
	if len(uris) > 0 {
		have = "it has " + strings.Join(uris, ", ")
	}
	return fmt.Errorf("%s has no status list %q (%s); create it with 'venuepass trust status new %s --uri %s'", path, uri, have, path, uri)
}

// status returns the status of idx.
func (s *draftStatusList) status(idx uint64) uint8 {
	if slices.Contains(s.Revoked, idx) {
		return trustlist.StatusRevoked
	}
	if slices.Contains(s.Suspended, idx) {
		return trustlist.StatusSuspended
	}
	return trustlist.StatusValid
}

// set records the status of idx, which must have been issued.
func (s *draftStatusList) set(idx uint64, status uint8) error {
	if idx >= s.Next {
		if s.Next == 0 {
			return fmt.Errorf("index %d has not been issued: no credential uses status list %q yet", idx, s.URI)
		}
		return fmt.Errorf("index %d has not been issued: status list %q has handed out 0 to %d", idx, s.URI, s.Next-1)
	}
	if s.status(idx) == trustlist.StatusRevoked && status != trustlist.StatusRevoked {
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

// allocate hands out the next free index, growing the list when needed.
func (s *draftStatusList) allocate() uint64 {
	idx := s.Next
	s.Next++
	s.Size = max(s.Size, s.Next)
	return idx
}

// array builds the status array of the signed list.
func (s *draftStatusList) array() (*trustlist.StatusArray, error) {
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

func statusName(s uint8) string {
	for name, v := range statusNames {
		if v == s {
			return name
		}
	}
	return fmt.Sprintf("status-%d", s)
}

func parseStatus(s string) (uint8, error) {
	v, ok := statusNames[strings.ToLower(strings.TrimSpace(s))]
	if !ok {
		return 0, fmt.Errorf("unknown status %q; want revoked, suspended or valid", s)
	}
	return v, nil
}

const maxDraftSize = 256 << 20

func isDraft(data []byte) bool {
	return len(bytes.TrimSpace(data)) > 0 && bytes.TrimSpace(data)[0] == '{'
}

func readDraft(path string) (*draft, error) {
	data, err := readFileCapped(path, maxDraftSize, "trust list draft")
	if err != nil {
		return nil, err
	}
	if !isDraft(data) {
		return nil, fmt.Errorf("%s is not a trust list draft (a signed .vptl cannot be edited; edit the JSON draft it was signed from)", path)
	}
	var head struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("trust list draft %s is not valid JSON: %v", path, err)
	}
	if head.Format != draftFormat {
		return nil, fmt.Errorf("%s is not a venuepass trust list draft (format %q, want %q)", path, head.Format, draftFormat)
	}
	// Unknown fields are refused, not dropped: a draft written by a newer
	// venuepass would otherwise lose them when this one writes it back.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	d := new(draft)
	if err := dec.Decode(d); err != nil {
		return nil, fmt.Errorf("trust list draft %s: %v; was it written by a newer venuepass?", path, err)
	}
	return d, nil
}

func writeDraft(path string, d *draft) error {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(data, '\n'), 0o644)
}

// editDraft reads the draft at path under a lock, lets edit change it, and
// writes it back unless edit fails. The lock keeps two venuepass runs from
// handing out the same status index or losing each other's edits.
func editDraft(path string, edit func(d *draft) error) error {
	unlock, err := lockFile(path)
	if err != nil {
		return err
	}
	defer unlock()
	d, err := readDraft(path)
	if err != nil {
		return err
	}
	if err := edit(d); err != nil {
		return err
	}
	if err := writeDraft(path, d); err != nil {
		return fmt.Errorf("writing %s: %v", path, err)
	}
	return nil
}

// lockFile takes PATH.lock, made with O_EXCL, and returns its release.
func lockFile(path string) (func(), error) {
	lock := path + ".lock"
	f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%s is being edited by another venuepass (%s exists); wait for it, or remove %s if no venuepass is running", path, lock, lock)
	}
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(path); serr != nil {
			return nil, fileError("trust list draft", path, serr)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot lock %s: %v", path, err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	f.Close()
	return func() { os.Remove(lock) }, nil
}

// defaultDraft is the trust list draft the trust commands use when none
// is named: trust.json in the current folder.
const defaultDraft = "trust.json"

// noDefaultDraft is the error when no draft is named and there is no
// default draft.
var noDefaultDraft = errors.New("no trust list draft " + defaultDraft + " here; run 'venuepass trust init' or pass --draft FILE")

// namesDraft reports whether an argument names a trust list draft: a .json
// name, or an existing file that parses as a draft. When files may follow
// (add-dsc takes certificate files), a certificate never names a draft;
// else any existing file does, so that a wrong one is reported as such.
func namesDraft(arg string, filesFollow bool) bool {
	if strings.EqualFold(filepath.Ext(arg), ".json") {
		return true
	}
	fi, err := os.Stat(arg)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	if !filesFollow {
		return true
	}
	if isCertName(arg) {
		return false
	}
	data, err := readFileCapped(arg, maxDraftSize, "trust list draft")
	if err != nil || !isDraft(data) {
		return false
	}
	var head struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(data, &head) == nil && head.Format == draftFormat
}

// addDraftFlag adds --draft FILE to a trust command.
func addDraftFlag(fl *flag.FlagSet) *string {
	return fl.String("draft", "", "")
}

// pickDraft returns the draft a trust command works on and its other
// positional arguments: --draft FILE, else the first argument when it
// names a draft (see namesDraft), else trust.json in the current folder,
// which must exist unless create is set.
func pickDraft(c *command, flagged string, pos []string, filesFollow, create bool) (string, []string, error) {
	if flagged != "" {
		if len(pos) > 0 && pos[0] == flagged {
			return flagged, pos[1:], nil
		}
		if len(pos) > 0 && strings.EqualFold(filepath.Ext(pos[0]), ".json") {
			return "", nil, usageFor(c, "name the trust list draft either with --draft FILE or as the first argument, not both (--draft %s, argument %s)", flagged, pos[0])
		}
		return flagged, pos, nil
	}
	if len(pos) > 0 && namesDraft(pos[0], filesFollow) {
		return pos[0], pos[1:], nil
	}
	if !create {
		if _, err := os.Stat(defaultDraft); errors.Is(err, fs.ErrNotExist) {
			return "", nil, noDefaultDraft
		}
	}
	return defaultDraft, pos, nil
}

// parseDraft parses the flags of a command that edits a draft, and returns
// the draft (see pickDraft) and the other positional arguments.
func parseDraft(c *command, fl *flag.FlagSet, args []string, filesFollow bool) (path string, rest []string, err error) {
	flagged := addDraftFlag(fl)
	pos, err := parse(c, fl, args)
	if err != nil {
		return "", nil, err
	}
	return pickDraft(c, *flagged, pos, filesFollow, false)
}

// parseDraftOnly is parseDraft for a command that takes the draft alone:
// its one argument, whatever it names, or --draft, or trust.json; hint
// says where what follows it belongs.
func parseDraftOnly(c *command, fl *flag.FlagSet, args []string, hint string) (string, error) {
	flagged := addDraftFlag(fl)
	pos, err := parse(c, fl, args)
	if err != nil {
		return "", err
	}
	if *flagged == "" && len(pos) == 1 {
		return pos[0], nil
	}
	path, rest, err := pickDraft(c, *flagged, pos, false, false)
	if err != nil {
		return "", err
	}
	if len(rest) > 0 {
		return "", usageFor(c, "unexpected argument %q; %s", rest[0], hint)
	}
	return path, nil
}

func runTrustInit(args []string) error {
	c := lookup("trust init")
	fl := newFlags(c)
	flagged := addDraftFlag(fl)
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	path := defaultDraft
	switch {
	case len(pos) > 1:
		return usageFor(c, "unexpected argument %q; name one new draft file", pos[1])
	case *flagged != "" && len(pos) == 1 && pos[0] != *flagged:
		return usageFor(c, "name the new draft either with --draft FILE or as the argument, not both")
	case *flagged != "":
		path = *flagged
	case len(pos) == 1:
		path = pos[0]
	}
	data, _ := json.MarshalIndent(&draft{Format: draftFormat, Issuers: []draftIssuer{}, Revoked: []string{}}, "", "  ")
	if err := writeFileNew(path, append(data, '\n'), 0o644); err != nil {
		return err
	}
	notef("made the empty trust list draft %s; add issuers with 'venuepass trust add-issuer'", path)
	return nil
}

func runTrustAddIssuer(args []string) error {
	c := lookup("trust add-issuer")
	fl := newFlags(c)
	keyPath := fl.String("key", "", "")
	iss := fl.String("iss", "", "")
	name := fl.String("name", "", "")
	notBefore := fl.String("not-before", "", "")
	notAfter := fl.String("not-after", "", "")
	var types stringList
	types.split = true
	fl.Var(&types, "types", "")
	fl.Var(&types, "type", "")
	var now nowFlag
	fl.Var(&now, "now", "")
	path, err := parseDraftOnly(c, fl, args, "the issuer key is given with --key")
	if err != nil {
		return err
	}
	switch {
	case *keyPath == "":
		return usageFor(c, "pass the issuer's public key with --key")
	case *iss == "":
		return usageFor(c, "pass the issuer id its credentials carry with --iss")
	case *name == "":
		return usageFor(c, "pass the issuer's display name with --name")
	}
	pub, err := loadPublicKey(*keyPath, "issuer key")
	if err != nil {
		return err
	}
	kid, err := issuer.KeyID(pub)
	if err != nil {
		return err
	}
	alg, err := issuer.AlgOf(pub)
	if err != nil {
		return err
	}
	pemData, err := issuer.MarshalPublicKey(pub)
	if err != nil {
		return err
	}
	e := draftIssuer{Iss: *iss, Name: *name, Kid: hex.EncodeToString(kid), Alg: alg, PublicKey: string(pemData)}
	for _, t := range types.vals {
		typ, err := verifier.ParseType(t)
		if err != nil {
			return usageFor(c, "--types: %v", err)
		}
		e.Types = append(e.Types, typ.String())
	}
	var nb, na time.Time
	if *notBefore != "" {
		if nb, err = parseWhen(*notBefore, now.now()); err != nil {
			return usageFor(c, "--not-before: %v", err)
		}
		e.NotBefore = utc(nb)
	}
	if *notAfter != "" {
		if na, err = parseWhen(*notAfter, now.now()); err != nil {
			return usageFor(c, "--not-after: %v", err)
		}
		e.NotAfter = utc(na)
	}
	if !nb.IsZero() && !na.IsZero() && !na.After(nb) {
		return usageFor(c, "--not-after %s is not after --not-before %s", e.NotAfter, e.NotBefore)
	}
	err = editDraft(path, func(d *draft) error {
		for _, x := range d.Issuers {
			if x.Kid == e.Kid && x.Iss == e.Iss && x.Profile == "" {
				return fmt.Errorf("%s already lists the key %s for issuer %q", path, e.Kid, e.Iss)
			}
		}
		d.Issuers = append(d.Issuers, e)
		return nil
	})
	if err != nil {
		return err
	}
	notef("added issuer %q (%s, kid %s) to %s; sign it with 'venuepass trust sign'", e.Iss, alg, e.Kid, path)
	return nil
}

func parseCTI(s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) < 8 || len(b) > 16 {
		return nil, fmt.Errorf("%q is not a credential id; a cti is 8 to 16 bytes in hex (see the manifest of 'venuepass issue --out' or 'venuepass verify --json')", s)
	}
	return b, nil
}

func runTrustRevoke(args []string) error {
	c := lookup("trust revoke")
	fl := newFlags(c)
	path, pos, err := parseDraft(c, fl, args, false)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageFor(c, "name the credential ids (cti, hex) to revoke")
	}
	var ctis []string
	for _, s := range pos {
		b, err := parseCTI(s)
		if err != nil {
			return usageFor(c, "%v", err)
		}
		ctis = append(ctis, hex.EncodeToString(b))
	}
	added := 0
	err = editDraft(path, func(d *draft) error {
		added = d.revoke(path, ctis...)
		return nil
	})
	if err != nil {
		return err
	}
	if added > 0 {
		notef("revoked %d credential(s) in %s; sign it again and distribute the new list", added, path)
	}
	return nil
}

// revoke adds ctis (hex) to the revoked list and returns how many were new.
func (d *draft) revoke(path string, ctis ...string) int {
	added := 0
	for _, cti := range ctis {
		if slices.Contains(d.Revoked, cti) {
			notef("%s is already revoked in %s", cti, path)
			continue
		}
		d.Revoked = append(d.Revoked, cti)
		added++
	}
	return added
}

// contents turns the draft into trust list contents.
func (d *draft) contents(path string) (*trustlist.Contents, error) {
	c := &trustlist.Contents{Revoked: [][]byte{}}
	for i, e := range d.Issuers {
		where := fmt.Sprintf("%s: issuer %d (%s)", path, i+1, e.Iss)
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
		b, err := parseCTI(r)
		if err != nil {
			return nil, fmt.Errorf("%s: revoked: %v", path, err)
		}
		c.Revoked = append(c.Revoked, b)
	}
	seen := map[string]bool{}
	for _, s := range d.StatusLists {
		if seen[s.URI] {
			return nil, fmt.Errorf("%s: two status lists with uri %q", path, s.URI)
		}
		seen[s.URI] = true
		a, err := s.array()
		if err != nil {
			return nil, fmt.Errorf("%s: status list %q: %v", path, s.URI, err)
		}
		c.StatusLists = append(c.StatusLists, a.StatusList(s.URI))
	}
	return c, nil
}

// vpIssuer is the trust list entry of a venuepass issuer key.
func (e *draftIssuer) vpIssuer() (*trustlist.Issuer, error) {
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
func (e *draftIssuer) dccIssuer() (*trustlist.Issuer, error) {
	der, err := base64.StdEncoding.DecodeString(e.Cert)
	if err != nil || len(der) == 0 {
		return nil, errors.New("profile dcc needs cert, the document signer certificate in base64 DER")
	}
	ti, err := dcc.IssuerFromCert(der)
	if err != nil {
		return nil, fmt.Errorf("cert: %v", strings.TrimPrefix(err.Error(), "dcc: "))
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
		typ, err := parseDCCType(t)
		if err != nil {
			return nil, err
		}
		ti.Types = append(ti.Types, uint64(typ))
	}
	ti.NotBefore, ti.NotAfter = time.Time{}, time.Time{}
	return ti, nil
}

func parseDCCType(s string) (dcc.EntryType, error) {
	for _, t := range dcc.AllTypes {
		if s == t.String() {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown EU DCC entry type %q (want test, vaccination or recovery)", s)
}

func runTrustSign(args []string) error {
	c := lookup("trust sign")
	fl := newFlags(c)
	keyPath := fl.String("key", "", "")
	fl.StringVar(keyPath, "anchor-key", "", "")
	out := fl.String("o", "", "")
	fl.StringVar(out, "out", "", "")
	nextUpdate := fl.String("next-update", "7d", "")
	expires := fl.String("expires", "30d", "")
	var now nowFlag
	fl.Var(&now, "now", "")
	path, err := parseDraftOnly(c, fl, args, "name the output with -o")
	if err != nil {
		return err
	}
	if *out == "" {
		*out = strings.TrimSuffix(path, filepath.Ext(path)) + ".vptl"
	}
	if *out == path {
		return usageFor(c, "-o %s would overwrite the draft; choose a .vptl name", *out)
	}
	key, err := loadPrivateKey(*keyPath, "--key (the trust anchor key)")
	if err != nil {
		return err
	}
	t := now.now()
	next, err := parseWhen(*nextUpdate, t)
	if err != nil {
		return usageFor(c, "--next-update: %v", err)
	}
	exp, err := parseWhen(*expires, t)
	if err != nil {
		return usageFor(c, "--expires: %v", err)
	}
	if !exp.After(t) {
		return usageFor(c, "--expires %s is not after the signing time %s", utc(exp), utc(t))
	}
	var contents *trustlist.Contents
	err = editDraft(path, func(d *draft) error {
		var err error
		if contents, err = d.contents(path); err != nil {
			return err
		}
		contents.IssuedAt, contents.NextUpdate, contents.Expires = t, next, exp
		contents.Seq = d.Seq + 1
		data, err := trustlist.Sign(contents, key)
		if err != nil {
			return fmt.Errorf("signing %s: %v", path, err)
		}
		if err := writeFileAtomic(*out, data, 0o644); err != nil {
			return writeError(*out, err)
		}
		d.Seq = contents.Seq
		return nil
	})
	if err != nil {
		return err
	}
	lists := ""
	if n := len(contents.StatusLists); n > 0 {
		lists = fmt.Sprintf(", %d status list(s)", n)
	}
	notef("signed %s: seq %d, %d issuer(s), %d revoked%s, next update %s, expires %s (anchor kid %x)",
		*out, contents.Seq, len(contents.Issuers), len(contents.Revoked), lists, utc(contents.NextUpdate), utc(contents.Expires), key.KeyID())
	return nil
}

// loadAnchors reads the pinned anchor public keys.
func loadAnchors(paths []string) ([]crypto.PublicKey, error) {
	var keys []crypto.PublicKey
	for _, p := range paths {
		k, err := loadPublicKey(p, "anchor key")
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// loadTrustList reads and verifies a signed trust list, with the rollback
// guard when state is set, and words each failure as what to do.
func loadTrustList(path string, anchorPaths []string, state string) (*trustlist.List, error) {
	if path == "" {
		return nil, usageErrorf("no trust list; pass the signed list with --trust FILE.vptl")
	}
	if len(anchorPaths) == 0 {
		return nil, usageErrorf("no trust anchor is pinned; pass the anchor public key that signs %s with --anchor", path)
	}
	data, err := readFileCapped(path, trustlist.MaxFileSize, "trust list")
	if err != nil {
		return nil, err
	}
	if isDraft(data) {
		return nil, fmt.Errorf("%s is an unsigned trust list draft; sign it with 'venuepass trust sign %s --key ANCHOR.key' and use the .vptl", path, path)
	}
	anchors, err := loadAnchors(anchorPaths)
	if err != nil {
		return nil, err
	}
	l, err := trustlist.Load(data, anchors, state)
	switch {
	case err == nil:
		return l, nil
	case errors.Is(err, trustlist.ErrUnknownAnchor):
		return nil, fmt.Errorf("trust list %s is signed by an anchor that is not pinned; pass its public key with --anchor", path)
	case errors.Is(err, trustlist.ErrBadSignature):
		return nil, fmt.Errorf("trust list %s does not verify with the pinned anchor; it was altered or damaged, fetch it again", path)
	case errors.Is(err, trustlist.ErrRollback):
		return nil, fmt.Errorf("trust list %s is older than the one this kiosk already accepted (state %s): %v; load the newest list", path, state, strings.TrimPrefix(err.Error(), trustlist.ErrRollback.Error()+": "))
	case errors.Is(err, trustlist.ErrMalformed), errors.Is(err, trustlist.ErrTooLarge):
		return nil, fmt.Errorf("%s is not a usable trust list: %v", path, err)
	}
	return nil, fmt.Errorf("trust list %s: %v", path, err)
}

type showIssuer struct {
	Iss       string   `json:"iss"`
	Name      string   `json:"name"`
	Kid       string   `json:"kid"`
	Alg       string   `json:"alg"`
	Types     []string `json:"types"`
	NotBefore *string  `json:"not_before"`
	NotAfter  *string  `json:"not_after"`
	Profile   string   `json:"profile,omitempty"`
}

type showList struct {
	File        string       `json:"file"`
	Signed      bool         `json:"signed"`
	Verified    bool         `json:"verified"`
	AnchorKid   string       `json:"anchor_kid,omitempty"`
	Seq         uint64       `json:"seq"`
	IssuedAt    string       `json:"issued_at,omitempty"`
	NextUpdate  string       `json:"next_update,omitempty"`
	Expires     string       `json:"expires,omitempty"`
	Status      string       `json:"status,omitempty"`
	Issuers     []showIssuer `json:"issuers"`
	Revoked     []string     `json:"revoked"`
	StatusLists []showStatus `json:"status_lists"`
}

// showStatus is a status list: its size and how many entries have each
// status. Next, the next free index, is known only for a draft.
type showStatus struct {
	URI       string  `json:"uri"`
	Bits      uint    `json:"bits"`
	Size      uint64  `json:"size"`
	Issued    *uint64 `json:"issued,omitempty"`
	Valid     uint64  `json:"valid"`
	Revoked   uint64  `json:"revoked"`
	Suspended uint64  `json:"suspended"`
	Other     uint64  `json:"other,omitempty"`
}

func countStatus(uri string, a *trustlist.StatusArray) showStatus {
	counts := a.Count()
	s := showStatus{URI: uri, Bits: a.Bits, Size: a.Len(), Valid: counts[trustlist.StatusValid],
		Revoked: counts[trustlist.StatusRevoked], Suspended: counts[trustlist.StatusSuspended]}
	s.Other = s.Size - s.Valid - s.Revoked - s.Suspended
	return s
}

// typeNames names the types a trust list entry allows: credential types,
// or EU DCC entry types for profile dcc. Nil (all types) stays nil.
func typeNames(profile string, types []uint64) []string {
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

func optTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := utc(t)
	return &s
}

func runTrustShow(args []string) error {
	c := lookup("trust show")
	fl := newFlags(c)
	var anchors stringList
	fl.Var(&anchors, "anchor", "")
	asJSON := fl.Bool("json", false, "")
	var now nowFlag
	fl.Var(&now, "now", "")
	path, err := parseDraftOnly(c, fl, args, "name one trust list file (.vptl) or draft (.json)")
	if err != nil {
		return err
	}
	data, err := readFileCapped(path, trustlist.MaxFileSize, "trust list")
	if err != nil {
		return err
	}
	var s showList
	if isDraft(data) {
		d, err := readDraft(path)
		if err != nil {
			return err
		}
		if _, err := d.contents(path); err != nil {
			return err
		}
		s = showList{File: path, Seq: d.Seq, Revoked: d.Revoked, Issuers: []showIssuer{}, StatusLists: []showStatus{}}
		for _, e := range d.Issuers {
			profile := e.Profile
			if profile == "" {
				profile = trustlist.ProfileVP
			}
			si := showIssuer{Iss: e.Iss, Name: e.Name, Kid: e.Kid, Alg: e.Alg, Types: e.Types, Profile: profile}
			if e.NotBefore != "" {
				si.NotBefore = &e.NotBefore
			}
			if e.NotAfter != "" {
				si.NotAfter = &e.NotAfter
			}
			s.Issuers = append(s.Issuers, si)
		}
		for _, sl := range d.StatusLists {
			a, err := sl.array()
			if err != nil {
				return fmt.Errorf("%s: status list %q: %v", path, sl.URI, err)
			}
			st := countStatus(sl.URI, a)
			st.Issued = &sl.Next
			s.StatusLists = append(s.StatusLists, st)
		}
	} else {
		if len(anchors.vals) == 0 {
			return usageErrorf("%s is a signed trust list; pass the anchor public key with --anchor to show it verified", path)
		}
		l, err := loadTrustList(path, anchors.vals, "")
		if err != nil {
			return err
		}
		t := now.now()
		s = showList{
			File: path, Signed: true, Verified: true, AnchorKid: hex.EncodeToString(l.AnchorKid),
			Seq: l.Seq, IssuedAt: utc(l.IssuedAt), NextUpdate: utc(l.NextUpdate), Expires: utc(l.Expires),
			Status: "current", Issuers: []showIssuer{}, Revoked: []string{}, StatusLists: []showStatus{},
		}
		switch {
		case l.Expired(t):
			s.Status = "expired"
		case l.Stale(t):
			s.Status = "stale"
		}
		for _, e := range l.Issuers {
			alg := "unsupported"
			if e.Key != nil {
				alg, _ = issuer.AlgOf(e.Key)
			}
			s.Issuers = append(s.Issuers, showIssuer{
				Iss: e.Iss, Name: e.Name, Kid: hex.EncodeToString(e.Kid), Alg: alg, Types: typeNames(e.Profile, e.Types),
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
	}
	if *asJSON {
		data, err := json.Marshal(s)
		if err != nil {
			return err
		}
		fmt.Println(string(data))
		return nil
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
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
		fmt.Println("\nissuers:")
	}
	w = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
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
		fmt.Println("\nstatus lists:")
	}
	w = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
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
		fmt.Println("\nrevoked:")
	}
	for _, r := range s.Revoked {
		fmt.Printf("  %s\n", r)
	}
	return nil
}
