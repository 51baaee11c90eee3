package main

import (
	"bytes"
	"crypto"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/termtext"
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

// holderKeyFile loads a holder key named in a row, worded as the CLI
// words a key file.
func holderKeyFile(path string) (crypto.PublicKey, error) {
	k, private, err := issuer.LoadPublicKeyFile(path)
	switch {
	case err != nil:
		return nil, &fileutil.ReadError{What: "holder key", Path: path, Err: err}
	case private:
		return nil, fmt.Errorf("holder key %s is a private key; pass the holder's public key (%s.pub): the private key never leaves the holder's phone", path, path)
	}
	return k, nil
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
	} else {
		rows = []issuer.Row{{Where: "flags", Fields: map[string]string{}}}
	}
	// The draft records the allocation (and the revocation of a replaced
	// credential) before anything is signed (Batch.Prepare).
	issued, err := key.IssueBatch(issuer.Batch{Rows: rows, Defaults: values(defaults), Zones: zones.vals,
		Now: now.now(), Loc: loc, LoadKey: holderKeyFile, Prepare: prepare(re)})
	if rerr := (*issuer.RowError)(nil); errors.As(err, &rerr) && *batch == "" && !rerr.Signing {
		return usageFor(c, "%v", rerr.Err)
	}
	if err != nil {
		return err
	}

	creds, texts := issued.Creds, issued.Texts
	if *out == "" {
		var buf bytes.Buffer
		for _, t := range texts {
			buf.WriteString(t)
			buf.WriteByte('\n')
		}
		if _, err := os.Stdout.Write(buf.Bytes()); err != nil {
			return err
		}
		reported(re, creds)
		return nil
	}
	opts := issuer.SaveOptions{PNG: *doPNG, SVG: *doSVG, QR: qr.RenderOptions{Level: level, Scale: *scale}, Events: issued.Events}
	if err := writeIssued(*out, creds, texts, opts); err != nil {
		return err
	}
	reported(re, nil)
	return nil
}

// parseReissue reads what --status-uri, --replaces and --replaces-idx ask
// of the trust list draft --draft.
func parseReissue(c *command, uri, draftPath, replaces, replacesIdx string, batch bool) (draft.Reissue, error) {
	r, err := draft.NewReissue(uri, draftPath, replaces, replacesIdx, batch)
	if err != nil {
		return r, usageFor(c, "%v", err)
	}
	return r, nil
}

// prepare is the Batch.Prepare of re: the edit of the draft before
// anything is signed (draft.Reissue.Apply), with its notes.
func prepare(re draft.Reissue) func(creds []*verifier.Credential) error {
	return func(creds []*verifier.Credential) error {
		n, err := re.Apply(creds)
		notes(n)
		return err
	}
}

// reported tells what re recorded in its draft; creds are listed when no
// manifest was written.
func reported(re draft.Reissue, creds []*verifier.Credential) {
	if re.Draft != "" {
		notes(re.Report(re.Draft, creds))
	}
}

// writeIssued saves issued credentials into dir (issuer.SaveBatch), with
// a progress bar.
func writeIssued(dir string, creds []*verifier.Credential, texts []string, opts issuer.SaveOptions) error {
	bar := termtext.NewStderrProgress(len(creds), "writing credentials")
	opts.Progress = bar.Add
	err := issuer.SaveBatch(dir, creds, texts, opts)
	bar.Done()
	if err != nil {
		return err
	}
	notef("issued %d credential(s) into %s; the list is %s", len(creds), dir, filepath.Join(dir, issuer.ManifestName))
	return nil
}

// readBatch reads the rows of a batch file, refusing one without rows.
func readBatch(path string) ([]issuer.Row, error) {
	data, err := fileutil.ReadFile(path, maxBatchSize, "batch file")
	if err != nil {
		return nil, err
	}
	rows, err := issuer.ParseBatch(path, data)
	if err == nil && len(rows) == 0 {
		return nil, fmt.Errorf("batch file %s has no rows", path)
	}
	return rows, err
}
