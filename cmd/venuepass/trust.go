package main

import (
	"crypto"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/trustlist/draft"
)

// editDraft is draft.Edit, with a missing or unreadable file worded for
// the user (draft.FileError).
func editDraft(path string, edit func(d *draft.Draft) error) error {
	return draft.FileError(path, draft.Edit(path, edit))
}

// pickDraft is draft.Pick, a draft named twice being a usage error.
func pickDraft(c *command, flagged string, pos []string, filesFollow bool) (string, []string, error) {
	path, rest, err := draft.Pick(flagged, pos, filesFollow)
	return path, rest, draftUsage(c, err)
}

// draftUsage makes the usage errors of draft's argument checks
// (NamedTwiceError, UsageError) usage errors of c.
func draftUsage(c *command, err error) error {
	te, ue := (*draft.NamedTwiceError)(nil), (*draft.UsageError)(nil)
	if errors.As(err, &te) || errors.As(err, &ue) {
		return usageFor(c, "%v", err)
	}
	return err
}

// parseDraft parses the flags of a command that edits a draft, and returns
// the draft (see pickDraft) and the other positional arguments.
func parseDraft(c *command, fl *flag.FlagSet, args []string, filesFollow bool) (path string, rest []string, err error) {
	flagged := fl.String("draft", "", "")
	pos, err := parse(c, fl, args)
	if err != nil {
		return "", nil, err
	}
	return pickDraft(c, *flagged, pos, filesFollow)
}

// parseDraftOnly is parseDraft for a command that takes the draft alone:
// its one argument, whatever it names, or --draft, or trust.json; hint
// says where what follows it belongs.
func parseDraftOnly(c *command, fl *flag.FlagSet, args []string, hint string) (string, error) {
	flagged := fl.String("draft", "", "")
	pos, err := parse(c, fl, args)
	if err != nil {
		return "", err
	}
	path, err := draft.PickOnly(*flagged, pos, hint)
	return path, draftUsage(c, err)
}

func runTrustInit(c *command, args []string) error {
	fl := newFlags(c)
	flagged := fl.String("draft", "", "")
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	path, err := draft.PickNew(*flagged, pos)
	if err != nil {
		return usageFor(c, "%v", err)
	}
	if err := draft.Create(path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsError(path)
		}
		return err
	}
	notef("made the empty trust list draft %s; add issuers with 'venuepass trust add-issuer'", path)
	return nil
}

func runTrustAddIssuer(c *command, args []string) error {
	fl := newFlags(c)
	var is draft.IssuerSettings
	fl.StringVar(&is.Key, "key", "", "")
	fl.StringVar(&is.Iss, "iss", "", "")
	fl.StringVar(&is.Name, "name", "", "")
	fl.StringVar(&is.NotBefore, "not-before", "", "")
	fl.StringVar(&is.NotAfter, "not-after", "", "")
	var types stringList
	types.split = true
	fl.Var(&types, "types", "")
	fl.Var(&types, "type", "")
	sharedKey := fl.Bool("allow-shared-key", false, "")
	var now nowFlag
	fl.Var(&now, "now", "")
	path, err := parseDraftOnly(c, fl, args, "the issuer key is given with --key")
	if err != nil {
		return err
	}
	is.Types = types.vals
	e, err := is.Issuer(now.now())
	if err != nil {
		return draftUsage(c, err)
	}
	if err := draft.AddIssuerFile(path, e, *sharedKey); err != nil {
		return err
	}
	notef("added issuer %q (%s, kid %s) to %s; sign it with 'venuepass trust sign'", e.Iss, e.Alg, e.Kid, path)
	return nil
}

func runTrustRevoke(c *command, args []string) error {
	fl := newFlags(c)
	path, pos, err := parseDraft(c, fl, args, false)
	if err != nil {
		return err
	}
	ctis, err := draft.ParseCTIs(pos)
	if err != nil {
		return draftUsage(c, err)
	}
	added := 0
	err = editDraft(path, func(d *draft.Draft) error {
		already := d.Revoke(ctis...)
		for _, cti := range already {
			notef("%s is already revoked in %s", cti, path)
		}
		added = len(ctis) - len(already)
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

func runTrustSign(c *command, args []string) error {
	fl := newFlags(c)
	keyPath := fl.String("key", "", "")
	fl.StringVar(keyPath, "anchor-key", "", "")
	out := fl.String("o", "", "")
	fl.StringVar(out, "out", "", "")
	nextUpdate := fl.String("next-update", "7d", "")
	expires := fl.String("expires", "30d", "")
	newAnchor := fl.Bool("new-anchor", false, "")
	var now nowFlag
	fl.Var(&now, "now", "")
	path, err := parseDraftOnly(c, fl, args, "name the output with -o")
	if err != nil {
		return err
	}
	if *out, err = draft.SignedOut(path, *out); err != nil {
		return draftUsage(c, err)
	}
	key, err := loadPrivateKey(*keyPath, "--key (the trust anchor key)")
	if err != nil {
		return err
	}
	t := now.now()
	next, exp, err := draft.ParseSignTimes(*nextUpdate, *expires, t)
	if err != nil {
		return usageFor(c, "%v", err)
	}
	req := draft.SignRequest{Path: path, Out: *out, Anchor: key, IssuedAt: t, NextUpdate: next, Expires: exp, NewAnchor: *newAnchor}
	res, err := draft.SignFile(req)
	if err != nil {
		return req.SignError(*keyPath, err)
	}
	notes(res.Notes(req, *keyPath))
	return nil
}

// loadAnchors reads the pinned anchor public keys. A private key file is
// taken for its public half, with a warning (once per file and run): a
// kiosk needs the public key only, and should not hold the anchor's
// private key.
func loadAnchors(paths []string) ([]crypto.PublicKey, error) {
	var keys []crypto.PublicKey
	for _, p := range paths {
		k, private, err := issuer.LoadPublicKeyFile(p)
		if err != nil {
			return nil, &fileutil.ReadError{What: "anchor key", Path: p, Err: err}
		}
		if private && !warnedPrivate[p] {
			warnedPrivate[p] = true
			notef("warning: --anchor %s is a private key; pinned its public half (kid %s). Pin the public key (%s.pub, written by keygen) and keep the anchor's private key off kiosks", p, trustlist.KidText(k), p)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// warnedPrivate holds the --anchor files already warned about.
var warnedPrivate = map[string]bool{}

// loadTrustList reads and verifies a signed trust list, with the rollback
// guard when state is set, and words each failure as what to do
// (trustlist.LoadNamed).
func loadTrustList(path string, anchorPaths []string, state string) (*trustlist.List, error) {
	if path == "" {
		return nil, usageErrorf("no trust list; pass the signed list with --trust FILE.vptl")
	}
	if len(anchorPaths) == 0 {
		return nil, usageErrorf("no trust anchor is pinned; pass the anchor public key that signs %s with --anchor", path)
	}
	data, err := fileutil.ReadFile(path, trustlist.MaxFileSize, "trust list")
	if err != nil {
		return nil, err
	}
	if draft.LooksLikeDraft(data) {
		return nil, fmt.Errorf("%s is an unsigned trust list draft; sign it with 'venuepass trust sign %s --key ANCHOR.key' and use the .vptl", path, path)
	}
	anchors, err := loadAnchors(anchorPaths)
	if err != nil {
		return nil, err
	}
	return trustlist.LoadNamed(path, data, anchors, state)
}

func runTrustShow(c *command, args []string) error {
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
	data, err := fileutil.ReadFile(path, trustlist.MaxFileSize, "trust list")
	if err != nil {
		return err
	}
	var s *draft.Summary
	if draft.LooksLikeDraft(data) {
		d, err := draft.Read(path)
		if err != nil {
			return draft.FileError(path, err)
		}
		if s, err = d.Summarize(path); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
	} else {
		if len(anchors.vals) == 0 && !draft.LooksSigned(data) {
			return draft.NotDraftError(path, data)
		}
		if len(anchors.vals) == 0 {
			return usageErrorf("%s is a signed trust list; pass the anchor public key with --anchor to show it verified", path)
		}
		l, err := loadTrustList(path, anchors.vals, "")
		if err != nil {
			return err
		}
		s = draft.SummarizeList(l, path, now.now())
	}
	if *asJSON {
		writeJSONLine(os.Stdout, s)
		return nil
	}
	_, err = io.WriteString(os.Stdout, s.Text())
	return err
}
