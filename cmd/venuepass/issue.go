package main

import (
	"bytes"
	"crypto"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/trustlist/draft"
	"github.com/venuepass/venuepass/verifier"
)

// fieldFlags defines a flag for each credential field (valid_from as
// --valid-from) and returns their values by field, the defaults of a row.
func fieldFlags(fl *flag.FlagSet, fields ...string) map[string]*string {
	defaults := map[string]*string{}
	for _, f := range fields {
		defaults[f] = fl.String(strings.ReplaceAll(f, "_", "-"), "", "")
	}
	return defaults
}

// values are the values of fieldFlags.
func values(defaults map[string]*string) map[string]string {
	m := map[string]string{}
	for f, v := range defaults {
		m[f] = *v
	}
	return m
}

// issueAll signs the credentials in parallel; creds[i] comes from rows[i],
// which an error names.
func issueAll(key *issuer.Key, creds []*verifier.Credential, rows []issuer.Row) ([]string, error) {
	texts, err := key.IssueAll(creds)
	var ie *issuer.ItemError
	if errors.As(err, &ie) {
		return nil, fmt.Errorf("%s: %v", rows[ie.Index].Where, ie.Err)
	}
	return texts, err
}

// buildCredentials is issuer.BuildCredentials, holder keys worded as
// the CLI words a key file.
func buildCredentials(rows []issuer.Row, now time.Time, loc *time.Location) ([]*verifier.Credential, *issuer.Row, error) {
	return issuer.BuildCredentials(rows, now, loc, func(p string) (crypto.PublicKey, error) { return loadPublicKey(p, "holder key") })
}

const maxBatchSize = 64 << 20

func runIssue(c *command, args []string) error {
	fl := newFlags(c)
	keyPath := fl.String("key", "", "")
	batch := fl.String("batch", "", "")
	out := fl.String("out", "", "")
	doPNG := fl.Bool("png", false, "")
	doSVG := fl.Bool("svg", false, "")
	levelName := fl.String("level", "M", "")
	scale := fl.Int("scale", 0, "")
	var now nowFlag
	fl.Var(&now, "now", "")
	tz := fl.String("tz", "", "")
	defaults := fieldFlags(fl, "iss", "type", "name", "org", "tier", "event", "seat", "title", "number", "sub", "expires", "valid_from", "holder_key", "birth_year", "photo")
	var zones stringList
	fl.Var(&zones, "zone", "")
	statusURI := fl.String("status-uri", "", "")
	draftPath := fl.String("draft", "", "")
	replaces := fl.String("replaces", "", "")
	replacesIdx := fl.String("replaces-idx", "", "")
	if err := parseNone(c, fl, args, "credential fields are given as flags (--name ...)"); err != nil {
		return err
	}
	level, err := parseLevel(c, *levelName)
	if err != nil {
		return err
	}
	if (*doPNG || *doSVG) && *out == "" {
		return usageFor(c, "--png and --svg write into a folder; name it with --out DIR (or draw one code with 'venuepass render')")
	}
	if *scale < 0 {
		return usageFor(c, "--scale must be positive")
	}
	loc, err := issuer.LoadZone(*tz)
	if err != nil {
		return usageFor(c, "--tz: %v", err)
	}
	re, err := parseReissue(c, *statusURI, *draftPath, *replaces, *replacesIdx, *batch != "")
	if err != nil {
		return err
	}
	key, err := loadPrivateKey(*keyPath, "--key")
	if err != nil {
		return err
	}

	var rows []issuer.Row
	if *batch != "" {
		if rows, err = readBatch(*batch); err != nil {
			return err
		}
		if len(rows) == 0 {
			return fmt.Errorf("batch file %s has no rows", *batch)
		}
	} else {
		rows = []issuer.Row{{Where: "flags", Fields: map[string]string{}}}
	}
	for i := range rows {
		rows[i].Fill(values(defaults), zones.vals)
	}
	creds, bad, err := buildCredentials(rows, now.now(), loc)
	switch {
	case err != nil && *batch == "":
		return usageFor(c, "%v", err)
	case err != nil:
		return fmt.Errorf("%s: %v", bad.Where, err)
	}
	// The draft records the allocation (and the revocation of a replaced
	// credential) before anything is signed: a failure later wastes
	// indexes, never hands one out twice.
	if err := re.apply(creds); err != nil {
		return err
	}

	texts, err := issueAll(key, creds, rows)
	if err != nil {
		return err
	}

	if *out == "" {
		var buf bytes.Buffer
		for _, t := range texts {
			buf.WriteString(t)
			buf.WriteByte('\n')
		}
		if _, err := os.Stdout.Write(buf.Bytes()); err != nil {
			return err
		}
		re.report(creds)
		return nil
	}
	opts := issuer.SaveOptions{PNG: *doPNG, SVG: *doSVG, QR: qr.RenderOptions{Level: level, Scale: *scale}}
	if err := writeIssued(*out, creds, texts, opts); err != nil {
		return err
	}
	re.report(nil)
	return nil
}

// reissue is what --status-uri, --replaces and --replaces-idx ask of the
// trust list draft.
type reissue struct {
	draft.Reissue
	draft string
}

func parseReissue(c *command, uri, draftPath, replaces, replacesIdx string, batch bool) (*reissue, error) {
	re := &reissue{Reissue: draft.Reissue{URI: uri}, draft: draftPath}
	if replaces != "" {
		b, err := parseCTI(replaces)
		if err != nil {
			return nil, usageFor(c, "--replaces: %v", err)
		}
		re.ReplacesCTI = hex.EncodeToString(b)
	}
	if replacesIdx != "" {
		n, err := strconv.ParseUint(replacesIdx, 10, 64)
		if err != nil {
			return nil, usageFor(c, "--replaces-idx %q is not a status index; use the idx of the issue manifest", replacesIdx)
		}
		re.ReplacesIdx = &n
	}
	switch {
	case (re.ReplacesCTI != "" || re.ReplacesIdx != nil) && batch:
		return nil, usageFor(c, "--replaces and --replaces-idx re-issue one credential; do not combine them with --batch")
	case re.ReplacesIdx != nil && uri == "":
		return nil, usageFor(c, "--replaces-idx names an index of a status list; pass the list with --status-uri")
	case (uri != "" || re.ReplacesCTI != "") && draftPath == "":
		return nil, usageFor(c, "status lists and revocations live in the trust list draft; name it with --draft (e.g. --draft trust.json)")
	case draftPath != "" && uri == "" && re.ReplacesCTI == "":
		return nil, usageFor(c, "--draft is used with --status-uri or --replaces")
	}
	return re, nil
}

// apply allocates status indexes for creds and revokes the replaced
// credential, in one edit of the draft (draft.ApplyReissue).
func (re *reissue) apply(creds []*verifier.Credential) error {
	if re.draft == "" {
		return nil
	}
	return editDraft(re.draft, func(d *draft.Draft) error {
		res, err := d.ApplyReissue(re.Reissue, creds)
		var ie *draft.ReplacesIdxError
		switch {
		case errors.As(err, &ie):
			return fmt.Errorf("--replaces-idx: %v", ie.Err)
		case err != nil:
			return statusListError(re.draft, err)
		}
		if res.Grew {
			notef("status list %q grew to %d entries", re.URI, res.Size)
		}
		if res.AlreadyRevoked {
			notef("%s is already revoked in %s", re.ReplacesCTI, re.draft)
		}
		return nil
	})
}

// report tells what apply did; creds are listed when no manifest was
// written.
func (re *reissue) report(creds []*verifier.Credential) {
	if re.draft == "" {
		return
	}
	for _, cr := range creds {
		if cr.Status != nil {
			notef("credential %x has index %d in status list %q", cr.CTI, cr.Status.Idx, cr.Status.URI)
		}
	}
	if re.ReplacesCTI != "" {
		notef("revoked the replaced credential %s in %s", re.ReplacesCTI, re.draft)
	}
	if re.ReplacesIdx != nil {
		notef("revoked index %d of status list %q in %s, the replaced credential", *re.ReplacesIdx, re.URI, re.draft)
	}
	notef("sign %s again ('venuepass trust sign') and distribute the list before handing out the credential(s)", re.draft)
}

// writeIssued saves issued credentials into dir (issuer.SaveBatch), with
// a progress bar.
func writeIssued(dir string, creds []*verifier.Credential, texts []string, opts issuer.SaveOptions) error {
	bar := newProgress(len(creds), "writing credentials")
	opts.Progress = bar.add
	err := issuer.SaveBatch(dir, creds, texts, opts)
	bar.done()
	if err != nil {
		return err
	}
	notef("issued %d credential(s) into %s; the list is %s", len(creds), dir, filepath.Join(dir, issuer.ManifestName))
	return nil
}

// readBatch reads the rows of a batch file.
func readBatch(path string) ([]issuer.Row, error) {
	data, err := readFileCapped(path, maxBatchSize, "batch file")
	if err != nil {
		return nil, err
	}
	return issuer.ParseBatch(path, data)
}

// writePNG draws text as a PNG. It is qr.PNG with the default compression:
// qr.PNG's best compression costs about 30 times the CPU for files 10%
// smaller, which dominates issuing a large batch.
func writePNG(w io.Writer, text string, opts qr.RenderOptions) error {
	img, err := qr.Image(text, opts)
	if err != nil {
		return err
	}
	return (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(w, img)
}

// progress draws a bar on stderr for large jobs when stderr is a terminal.
type progress struct {
	mu    sync.Mutex
	n, at int
	shown int // last percentage drawn
	label string
	on    bool
}

func newProgress(n int, label string) *progress {
	return &progress{n: n, label: label, shown: -1, on: n >= 50 && isTerminal(os.Stderr)}
}

func (p *progress) add() {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.at++
	pct := p.at * 100 / p.n
	if pct == p.shown {
		return
	}
	p.shown = pct
	const width = 30
	fill := pct * width / 100
	fmt.Fprintf(os.Stderr, "\r%s [%s%s] %d/%d", p.label, strings.Repeat("#", fill), strings.Repeat(".", width-fill), p.at, p.n)
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintln(os.Stderr)
	}
}
