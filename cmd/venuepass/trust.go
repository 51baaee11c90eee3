package main

import (
	"bytes"
	"crypto"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

var trustCmd = &command{
	name: "trust",
	usage: `Usage:
    venuepass trust init DRAFT.json
    venuepass trust add-issuer DRAFT.json --key ISSUER.pub --iss ID --name NAME [--types T,...] [--not-before WHEN] [--not-after WHEN]
    venuepass trust revoke DRAFT.json CTI...
    venuepass trust sign DRAFT.json --key ANCHOR.key [-o LIST.vptl] [--next-update WHEN] [--expires WHEN]
    venuepass trust show [--json] [--anchor ANCHOR.pub] FILE

A trust list is kept as an editable JSON draft (the issuers and the revoked
credentials) that 'trust sign' turns into the signed .vptl file kiosks load.
Each signing bumps the sequence number kept in the draft, so kiosks can refuse
an older list (rollback).

Run 'venuepass help trust COMMAND' for each command's options.

Examples:
    $ venuepass trust init trust.json
    $ venuepass trust add-issuer trust.json --key acme.key.pub --iss acme-corp \
        --name "ACME Corporation" --types employee,certificate --not-after 2y
    $ venuepass trust revoke trust.json 5f0c4be2a1d39e7708b1c2d3e4f50617
    $ venuepass trust sign trust.json --key anchor.key --next-update 7d --expires 30d
    $ venuepass trust show --anchor anchor.key.pub trust.vptl
`,
}

var trustCommands = []*command{
	{name: "trust init", usage: `Usage:
    venuepass trust init DRAFT.json

Creates a new, empty trust list draft. An existing file is never overwritten.

Example:
    $ venuepass trust init trust.json
`},
	{name: "trust add-issuer", usage: `Usage:
    venuepass trust add-issuer DRAFT.json --key ISSUER.pub --iss ID --name NAME [options]

Adds an issuer key to the draft. Credentials it signs must carry this iss,
be of one of the allowed types, and have been issued inside the key window.

Options:
    --key FILE          the issuer's public key (or its private key file)
    --iss ID            the issuer id its credentials carry (required)
    --name NAME         the issuer's name shown to staff (required)
    --types T,...       allowed credential types (repeatable); none means all
    --not-before WHEN   credentials issued before WHEN are not accepted
    --not-after WHEN    credentials issued at or after WHEN are not accepted
    --now TIME          base for relative times (RFC 3339)

Example:
    $ venuepass trust add-issuer trust.json --key acme.key.pub --iss acme-corp \
        --name "ACME Corporation" --types employee --not-before 2026-01-01 --not-after 2y
`},
	{name: "trust revoke", usage: `Usage:
    venuepass trust revoke DRAFT.json CTI...

Adds credential ids (cti, 8 to 16 bytes in hex, as in an issue manifest or
'venuepass verify --json') to the draft's revoked list. Sign the draft again
and distribute the new list for the revocation to take effect.

Example:
    $ venuepass trust revoke trust.json 5f0c4be2a1d39e7708b1c2d3e4f50617
`},
	{name: "trust sign", usage: `Usage:
    venuepass trust sign DRAFT.json --key ANCHOR.key [options]

Signs the draft with the trust anchor key into a .vptl file. The sequence
number is one more than the last one signed from this draft, and the draft
records it.

Options:
    --key FILE           the anchor private key (required)
    -o FILE              the signed list (default: DRAFT with .vptl)
    --next-update WHEN   after it kiosks warn that the list is stale (default 7d)
    --expires WHEN       after it kiosks reject everything (default 30d)
    --now TIME           signing time (RFC 3339) instead of the clock

Example:
    $ venuepass trust sign trust.json --key anchor.key -o trust.vptl --next-update 1d --expires 14d
`},
	{name: "trust show", usage: `Usage:
    venuepass trust show [--json] [--anchor ANCHOR.pub] FILE

Shows a draft, or a signed list after verifying its signature with a pinned
anchor (--anchor, repeatable; required for a signed list).

Options:
    --anchor FILE   trust anchor public key (repeatable)
    --json          print one JSON object
    --now TIME      judge staleness and expiry at TIME (RFC 3339)

Example:
    $ venuepass trust show --anchor anchor.key.pub trust.vptl
`},
}

func init() {
	trustCmd.run = runTrust
	runs := map[string]func([]string) error{
		"trust init": runTrustInit, "trust add-issuer": runTrustAddIssuer,
		"trust revoke": runTrustRevoke, "trust sign": runTrustSign, "trust show": runTrustShow,
	}
	for _, c := range trustCommands {
		c.run = runs[c.name]
	}
}

func runTrust(args []string) error {
	if len(args) == 0 {
		return usageFor(trustCmd, "name a trust command: init, add-issuer, revoke, sign or show")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		return &helpError{usage: trustCmd.usage}
	}
	c := lookup("trust " + args[0])
	if c == nil {
		return usageFor(trustCmd, "unknown command %q; want init, add-issuer, revoke, sign or show", args[0])
	}
	return c.run(args[1:])
}

// draftFormat names the draft file format.
const draftFormat = "venuepass-trust-draft/1"

// draft is the editable form of a trust list.
type draft struct {
	Format string `json:"format"`
	// Seq is the seq of the last list signed from this draft.
	Seq     uint64        `json:"seq"`
	Issuers []draftIssuer `json:"issuers"`
	Revoked []string      `json:"revoked"`
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
	d := new(draft)
	if err := json.Unmarshal(data, d); err != nil {
		return nil, fmt.Errorf("trust list draft %s is not valid JSON: %v", path, err)
	}
	if d.Format != draftFormat {
		return nil, fmt.Errorf("%s is not a venuepass trust list draft (format %q, want %q)", path, d.Format, draftFormat)
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

func draftArg(c *command, pos []string) (string, error) {
	if len(pos) == 0 {
		return "", usageFor(c, "name the trust list draft (e.g. trust.json)")
	}
	return pos[0], nil
}

func runTrustInit(args []string) error {
	c := lookup("trust init")
	fl := newFlags(c)
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageFor(c, "name the new draft file, e.g. trust.json")
	}
	data, _ := json.MarshalIndent(&draft{Format: draftFormat, Issuers: []draftIssuer{}, Revoked: []string{}}, "", "  ")
	if err := writeFileNew(pos[0], append(data, '\n'), 0o644); err != nil {
		return err
	}
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
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	path, err := draftArg(c, pos)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageFor(c, "unexpected argument %q; the issuer key is given with --key", pos[1])
	}
	switch {
	case *keyPath == "":
		return usageFor(c, "pass the issuer's public key with --key")
	case *iss == "":
		return usageFor(c, "pass the issuer id its credentials carry with --iss")
	case *name == "":
		return usageFor(c, "pass the issuer's display name with --name")
	}
	d, err := readDraft(path)
	if err != nil {
		return err
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
	for _, x := range d.Issuers {
		if x.Kid == e.Kid && x.Iss == e.Iss {
			return fmt.Errorf("%s already lists the key %s for issuer %q", path, e.Kid, e.Iss)
		}
	}
	d.Issuers = append(d.Issuers, e)
	if err := writeDraft(path, d); err != nil {
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
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	path, err := draftArg(c, pos)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usageFor(c, "name the credential ids (cti, hex) to revoke")
	}
	var ctis []string
	for _, s := range pos[1:] {
		b, err := parseCTI(s)
		if err != nil {
			return usageFor(c, "%v", err)
		}
		ctis = append(ctis, hex.EncodeToString(b))
	}
	d, err := readDraft(path)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, r := range d.Revoked {
		have[r] = true
	}
	added := 0
	for _, cti := range ctis {
		if have[cti] {
			notef("%s is already revoked in %s", cti, path)
			continue
		}
		have[cti] = true
		d.Revoked = append(d.Revoked, cti)
		added++
	}
	if added == 0 {
		return nil
	}
	if err := writeDraft(path, d); err != nil {
		return err
	}
	notef("revoked %d credential(s) in %s; sign it again and distribute the new list", added, path)
	return nil
}

// contents turns the draft into trust list contents.
func (d *draft) contents(path string) (*trustlist.Contents, error) {
	c := &trustlist.Contents{Revoked: [][]byte{}}
	for i, e := range d.Issuers {
		where := fmt.Sprintf("%s: issuer %d (%s)", path, i+1, e.Iss)
		pub, err := issuer.ParsePublicKey([]byte(e.PublicKey))
		if err != nil {
			return nil, fmt.Errorf("%s: public_key: %v", where, err)
		}
		kid, err := issuer.KeyID(pub)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		if e.Kid != "" && e.Kid != hex.EncodeToString(kid) {
			return nil, fmt.Errorf("%s: kid %s does not match its public key (%x)", where, e.Kid, kid)
		}
		ti := &trustlist.Issuer{Kid: kid, Key: pub, Iss: e.Iss, Name: e.Name}
		for _, t := range e.Types {
			typ, err := verifier.ParseType(t)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", where, err)
			}
			ti.Types = append(ti.Types, uint64(typ))
		}
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
	return c, nil
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
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	path, err := draftArg(c, pos)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageFor(c, "unexpected argument %q; name the output with -o", pos[1])
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
	d, err := readDraft(path)
	if err != nil {
		return err
	}
	contents, err := d.contents(path)
	if err != nil {
		return err
	}
	t := now.now()
	contents.IssuedAt = t
	contents.Seq = d.Seq + 1
	if contents.NextUpdate, err = parseWhen(*nextUpdate, t); err != nil {
		return usageFor(c, "--next-update: %v", err)
	}
	if contents.Expires, err = parseWhen(*expires, t); err != nil {
		return usageFor(c, "--expires: %v", err)
	}
	if !contents.Expires.After(t) {
		return usageFor(c, "--expires %s is not after the signing time %s", utc(contents.Expires), utc(t))
	}
	data, err := trustlist.Sign(contents, key)
	if err != nil {
		return fmt.Errorf("signing %s: %v", path, err)
	}
	if err := writeFileAtomic(*out, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %v", *out, err)
	}
	d.Seq = contents.Seq
	if err := writeDraft(path, d); err != nil {
		return fmt.Errorf("%s was signed, but recording seq %d in %s failed: %v", *out, d.Seq, path, err)
	}
	notef("signed %s: seq %d, %d issuer(s), %d revoked, next update %s, expires %s (anchor kid %x)",
		*out, contents.Seq, len(contents.Issuers), len(contents.Revoked), utc(contents.NextUpdate), utc(contents.Expires), key.KeyID())
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
	StatusLists []string     `json:"status_lists,omitempty"`
}

func typeNames(types []uint64) []string {
	if types == nil {
		return nil
	}
	names := []string{}
	for _, t := range types {
		names = append(names, verifier.Type(t).String())
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
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageFor(c, "name one trust list file (.vptl) or draft (.json)")
	}
	path := pos[0]
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
		s = showList{File: path, Seq: d.Seq, Revoked: d.Revoked, Issuers: []showIssuer{}}
		for _, e := range d.Issuers {
			si := showIssuer{Iss: e.Iss, Name: e.Name, Kid: e.Kid, Alg: e.Alg, Types: e.Types}
			if e.NotBefore != "" {
				si.NotBefore = &e.NotBefore
			}
			if e.NotAfter != "" {
				si.NotAfter = &e.NotAfter
			}
			s.Issuers = append(s.Issuers, si)
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
			Status: "current", Issuers: []showIssuer{}, Revoked: []string{},
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
				Iss: e.Iss, Name: e.Name, Kid: hex.EncodeToString(e.Kid), Alg: alg, Types: typeNames(e.Types),
				NotBefore: optTime(e.NotBefore), NotAfter: optTime(e.NotAfter), Profile: e.Profile,
			})
		}
		for _, r := range l.Revoked {
			s.Revoked = append(s.Revoked, hex.EncodeToString(r))
		}
		for _, sl := range l.StatusLists {
			s.StatusLists = append(s.StatusLists, sl.URI)
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
		fmt.Fprintf(w, "  %s\t%s\tkid %s\t%s\t%s\twindow %s\n", e.Iss, e.Name, e.Kid, e.Alg, types, window)
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
