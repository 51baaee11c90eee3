package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/verifier"
)

// maxShownWarnings is how many warnings are printed one by one.
const maxShownWarnings = 10

func runPrint(c *command, args []string) error {
	fl := newFlags(c)
	out := fl.String("o", "", "")
	fl.StringVar(out, "out", "", "")
	layoutName := fl.String("layout", "auto", "")
	paperName := fl.String("paper", "", "")
	title := fl.String("title", "", "")
	accentName := fl.String("accent", "", "")
	levelName := fl.String("level", "M", "")
	minModule := fl.Float64("min-module", printing.DefaultMinModule, "")
	tz := fl.String("tz", "", "")
	lang := fl.String("lang", "", "")
	eventDate := fl.String("event-date", "", "")
	doors := fl.String("doors", "", "")
	perFile := fl.Int("per-file", printing.DefaultPerFile, "")
	photos := fl.String("photos", "", "")
	trustPath := fl.String("trust", "", "")
	var anchors stringList
	fl.Var(&anchors, "anchor", "")
	manifest := fl.String("manifest", "", "")
	var now nowFlag
	fl.Var(&now, "now", "")
	// Issuing from a batch.
	keyPath := fl.String("key", "", "")
	batch := fl.String("batch", "", "")
	save := fl.String("save", "", "")
	statusURI := fl.String("status-uri", "", "")
	draftPath := fl.String("draft", "", "")
	defaults := fieldFlags(fl, "iss", "type", "org", "tier", "event", "seat", "expires", "valid_from")
	var zones stringList
	fl.Var(&zones, "zone", "")
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })

	// The options of the print run.
	opt, err := printing.Settings{Layout: *layoutName, Paper: *paperName, Title: *title, Accent: *accentName,
		Level: *levelName, MinModule: *minModule, TZ: *tz, Lang: *lang, EventDate: *eventDate, Doors: *doors, PerFile: *perFile, Out: *out}.Options()
	if err != nil {
		return usageFor(c, "%v", err)
	}
	if *photos != "" {
		fi, err := os.Stat(*photos)
		if err != nil {
			return &fileutil.ReadError{What: "photo folder", Path: *photos, Err: err}
		}
		if !fi.IsDir() {
			return usageFor(c, "--photos names a folder of photos (SUB.jpg or SUB.png), and %s is not a folder", *photos)
		}
	}

	// Where the credentials come from: exactly one way.
	srcs := printing.Sources{Texts: pos, Manifest: *manifest, Batch: *batch, Set: set, Trusted: *trustPath != "" || len(anchors.vals) > 0}
	if err := srcs.Check(opt.Layout); err != nil {
		return usageFor(c, "%v", err)
	}

	t0 := now.now()
	if !now.t.IsZero() {
		opt.Now = func() time.Time { return now.t }
	}
	var v *verifier.Verifier
	if *trustPath != "" || len(anchors.vals) > 0 {
		list, err := loadTrustList(*trustPath, anchors.vals, "")
		if err != nil {
			return err
		}
		switch {
		case list.Expired(t0):
			return fmt.Errorf("trust list %s expired at %s; fetch a newer one to verify the credentials", *trustPath, utc(list.Expires))
		case list.Stale(t0):
			notef("warning: trust list %s is stale since %s; fetch a newer one", *trustPath, utc(list.NextUpdate))
		}
		cfg := verifier.Config{}
		if !now.t.IsZero() {
			cfg.Now = func() time.Time { return now.t }
		}
		v = verifier.New(list, cfg)
	}

	var src *printing.Source
	switch {
	case len(pos) > 0:
		src, err = printing.ReadTexts(pos, os.Stdin)
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = &fileutil.ReadError{What: "input file", Path: pe.Path, Err: err}
		}
	case *manifest != "":
		src, err = printing.ReadManifestSource(*manifest)
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) && pe.Path == *manifest {
			err = &fileutil.ReadError{What: "manifest", Path: *manifest, Err: err}
		}
	default:
		src, err = batchSource(c, batchRequest{
			key: *keyPath, path: *batch, defaults: defaults, zones: zones.vals,
			uri: *statusURI, draft: *draftPath, save: *save, now: t0, loc: opt.Location,
			// Nothing is written over, and the files are checked before
			// anything is signed: a draft's status indexes are not spent
			// on a run that cannot write its PDF.
			check:    func(n int) error { return checkNew(printing.PartPaths(*out, n, *perFile, opt)) },
			verifier: v, trustPath: *trustPath,
		})
	}
	if err != nil {
		return err
	}
	if len(src.Items) == 0 {
		return errors.New("no credentials to print")
	}
	// Nothing is written over: every file is checked before the work.
	if err := checkNew(printing.PartPaths(*out, len(src.Items), *perFile, opt)); err != nil {
		return err
	}
	if v != nil && *batch == "" {
		if err := src.Verify(v, *trustPath, *manifest != ""); err != nil {
			return err
		}
	}
	if *photos != "" {
		src.Warnings = append(src.Warnings, printing.FindPhotos(src.Items, *photos, opt.Layout)...)
	}

	bar := termtext.NewStderrProgress(len(src.Items), "printing")
	opt.Progress = func(done, total int) { bar.Add() }
	written, warns, err := printing.WriteFiles(*out, src.Items, *perFile, opt)
	bar.Done()
	var ce *printing.CreateError
	var ie *printing.ItemError
	switch {
	case errors.As(err, &ce) && errors.Is(err, fs.ErrExist):
		return existsError(ce.Path)
	case errors.As(err, &ce):
		return &fileutil.WriteError{Path: ce.Path, Err: ce.Err}
	case errors.As(err, &ie) && ie.Item < len(src.Items):
		return fmt.Errorf("cannot print %s: %v; nothing was printed", src.Describe(ie.Item), ie.Err)
	case err != nil:
		return err
	}
	src.Warnings = append(src.Warnings, warns...)
	for _, w := range src.WarningLines(maxShownWarnings) {
		notef("warning: %s", termtext.Sanitize(w))
	}
	for _, p := range written {
		fmt.Println(p)
	}
	notef("printed %d credential(s) into %d file(s)", len(src.Items), len(written))
	return nil
}

// checkNew refuses to go on when a file to be written exists.
func checkNew(paths []string) error {
	if pe := (*fs.PathError)(nil); errors.As(fileutil.CheckNew(paths...), &pe) {
		return existsError(pe.Path)
	}
	return nil
}

type batchRequest struct {
	key, path  string
	defaults   map[string]*string
	zones      []string
	uri, draft string
	save       string
	now        time.Time
	loc        *time.Location    // zone of dates in the batch
	check      func(n int) error // checks the output files for n items
	// verifier, when set, verifies the credentials before they are saved.
	verifier  *verifier.Verifier
	trustPath string
}

// batchSource issues the credentials of a batch file, as 'venuepass issue
// --batch' does, and keeps them in memory for printing.
func batchSource(c *command, r batchRequest) (*printing.Source, error) {
	re, err := parseReissue(c, r.uri, r.draft, "", "", true)
	if err != nil {
		return nil, err
	}
	if r.key == "" {
		return nil, usageFor(c, "--batch issues the credentials it prints; pass the issuer's private key with --key (and its id with --iss)")
	}
	key, err := loadPrivateKey(r.key, "--key")
	if err != nil {
		return nil, err
	}
	if r.save != "" {
		if err := checkNew([]string{filepath.Join(r.save, "manifest.csv")}); err != nil {
			return nil, fmt.Errorf("%s already exists; save into a new folder with --save", filepath.Join(r.save, "manifest.csv"))
		}
	}
	rows, err := readBatch(r.path)
	if err != nil {
		return nil, err
	}
	if err := r.check(len(rows)); err != nil {
		return nil, err
	}
	issued, err := key.IssueBatch(issuer.Batch{Rows: rows, Defaults: values(r.defaults), Zones: r.zones,
		Now: r.now, Loc: r.loc, LoadKey: holderKeyFile, Printed: true, Prepare: prepare(re)})
	if err != nil {
		return nil, err
	}
	creds, texts, events := issued.Creds, issued.Texts, issued.Events
	src := printing.IssuedSource(rows, creds, texts, events)
	if r.verifier != nil {
		if err := src.Verify(r.verifier, r.trustPath, false); err != nil {
			return nil, err
		}
	}
	if r.save != "" {
		if err := writeIssued(r.save, creds, texts, issuer.SaveOptions{Events: events}); err != nil {
			return nil, err
		}
		reported(re, nil)
	} else {
		reported(re, creds)
		notef("the %d credential(s) issued are kept only in the PDF; pass --save DIR to keep their texts and cti for reprinting and revocation", len(creds))
	}
	return src, nil
}
