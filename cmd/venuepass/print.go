package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/verifier"
)

// printIssueFlags are the flags that only make sense with --batch.
var printIssueFlags = []string{"key", "iss", "type", "org", "zone", "tier", "event", "seat", "valid-from", "expires", "status-uri", "draft", "save"}

// maxShownWarnings is how many warnings are printed one by one.
const maxShownWarnings = 10

// printSource is where print's credentials come from.
type printSource struct {
	items  []printing.Item
	labels []string // where each item came from, for messages
	warns  []printing.Warning
}

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
	opt := &printing.Options{Title: *title}
	if opt.Layout, err = printing.ParseLayout(*layoutName); err != nil {
		return usageFor(c, "--layout: unknown layout %q; want auto, badge, membership, ticket or codes", *layoutName)
	}
	if opt.Sheet, err = printing.ParseSheet(*paperName); err != nil {
		return usageFor(c, "--paper: unknown paper %q; want card, a4 or letter", *paperName)
	}
	if opt.Layout == printing.Codes && opt.Sheet == printing.CardPages && *paperName != "" {
		return usageFor(c, "codes sheets print on a4 or letter paper, not on cards; pass --paper a4 or --paper letter")
	}
	if opt.Level, err = parseLevel(c, *levelName); err != nil {
		return err
	}
	if *accentName != "" {
		if opt.Accent, err = printing.ParseColor(*accentName); err != nil {
			return usageFor(c, "--accent: %v", err)
		}
	}
	if !(*minModule > 0 && *minModule < 10) {
		return usageFor(c, "--min-module is a module size in millimetres, such as 0.33")
	}
	opt.MinModule = *minModule
	if opt.Location, err = issuer.LoadZone(*tz); err != nil {
		return usageFor(c, "--tz: %v", err)
	}
	if opt.Lang, err = printLang(*lang); err != nil {
		return usageFor(c, "--lang: %v", err)
	}
	if opt.EventStart, opt.DoorsOpen, err = eventTimes(*eventDate, *doors, opt.Location); err != nil {
		return usageFor(c, "%v", err)
	}
	if *perFile < 1 {
		return usageFor(c, "--per-file must be at least 1")
	}
	if *out == "" {
		return usageFor(c, "no output file; name the PDF to write with -o OUT.pdf")
	}
	if !strings.EqualFold(filepath.Ext(*out), ".pdf") {
		return usageFor(c, "-o %s: name a .pdf file", *out)
	}
	if *photos != "" {
		fi, err := os.Stat(*photos)
		if err != nil {
			return fileError("photo folder", *photos, err)
		}
		if !fi.IsDir() {
			return usageFor(c, "--photos names a folder of photos (SUB.jpg or SUB.png), and %s is not a folder", *photos)
		}
	}

	// Where the credentials come from: exactly one way.
	ways := 0
	for _, b := range []bool{len(pos) > 0, *manifest != "", *batch != ""} {
		if b {
			ways++
		}
	}
	switch {
	case ways == 0:
		return usageFor(c, "no credentials to print; pass QR texts, - to read them from stdin, --manifest DIR/manifest.csv, or --batch FILE with --key and --iss")
	case ways > 1:
		return usageFor(c, "take the credentials from one place: QR texts, --manifest or --batch")
	}
	if *batch == "" {
		for _, f := range printIssueFlags {
			if set[f] {
				return usageFor(c, "--%s is for issuing from a batch; use it with --batch FILE", f)
			}
		}
	}
	stdin := 0
	for _, p := range pos {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usageFor(c, "- (stdin) may be given once")
	}
	if *trustPath == "" && len(anchors.vals) == 0 {
		switch {
		case len(pos) > 0:
			return usageFor(c, "QR texts carry the names and fields printed beside the code, and they are read only from verified credentials; pass the signed trust list with --trust LIST.vptl --anchor ANCHOR.pub")
		case *manifest != "" && opt.Layout != printing.Codes:
			return usageFor(c, "a manifest names only the holder; to print the other fields, verify its credentials with --trust LIST.vptl --anchor ANCHOR.pub (or print a codes sheet with --layout codes)")
		}
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

	var src *printSource
	switch {
	case len(pos) > 0:
		src, err = textSource(pos)
	case *manifest != "":
		src, err = manifestSource(*manifest)
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
	if len(src.items) == 0 {
		return errors.New("no credentials to print")
	}
	// Nothing is written over: every file is checked before the work.
	if err := checkNew(printing.PartPaths(*out, len(src.items), *perFile, opt)); err != nil {
		return err
	}
	if v != nil && *batch == "" {
		if err := src.verify(v, *trustPath, *manifest != ""); err != nil {
			return err
		}
	}
	if *photos != "" {
		src.warns = append(src.warns, printing.FindPhotos(src.items, *photos, opt.Layout)...)
	}

	bar := newProgress(len(src.items), "printing")
	opt.Progress = func(done, total int) { bar.add() }
	var written []string
	warns, err := printing.WriteParts(src.items, *perFile, func(part, parts int) (io.WriteCloser, error) {
		p := printing.PartPath(*out, part, parts)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			if errors.Is(err, fs.ErrExist) {
				return nil, fmt.Errorf("%s already exists; venuepass does not overwrite it, choose another name or remove it", p)
			}
			return nil, writeError(p, err)
		}
		written = append(written, p)
		return f, nil
	}, opt)
	bar.done()
	if err != nil {
		for _, p := range written {
			os.Remove(p)
		}
		var ie *printing.ItemError
		if errors.As(err, &ie) && ie.Item < len(src.items) {
			return fmt.Errorf("cannot print %s: %v; nothing was printed", src.describe(ie.Item), ie.Err)
		}
		return err
	}
	src.warns = append(src.warns, warns...)
	src.reportWarnings()
	for _, p := range written {
		fmt.Println(p)
	}
	notef("printed %d credential(s) into %d file(s)", len(src.items), len(written))
	return nil
}

// printLang is the --lang option: the language of the printed labels, by
// default the locale's when labels exist in it.
func printLang(flag string) (string, error) {
	if flag != "" {
		return printing.ParseLang(flag)
	}
	return printing.LangFromEnv(), nil
}

// eventTimes reads --event-date and --doors; doors may be a time of day
// (17:00) on the event's day.
func eventTimes(start, doors string, loc *time.Location) (time.Time, time.Time, error) {
	var s, d time.Time
	var err error
	if start != "" {
		if s, err = issuer.ParseTime(start, loc, false); err != nil {
			return s, d, fmt.Errorf("--event-date: %v", err)
		}
	}
	if doors != "" {
		if hm, herr := time.Parse("15:04", strings.TrimSpace(doors)); herr == nil {
			if s.IsZero() {
				return s, d, fmt.Errorf("--doors %s is a time of day; give the day with --event-date, or a date and time (2026-10-31T17:00)", doors)
			}
			y, m, day := s.In(loc).Date()
			d = time.Date(y, m, day, hm.Hour(), hm.Minute(), 0, 0, loc)
		} else if d, err = issuer.ParseTime(doors, loc, false); err != nil {
			return s, d, fmt.Errorf("--doors: %v", err)
		}
		if !s.IsZero() && d.After(s) {
			return s, d, fmt.Errorf("--doors %s is after the event starts (--event-date %s)", doors, start)
		}
	}
	return s, d, nil
}

// checkNew refuses to go on when a file to be written exists.
func checkNew(paths []string) error {
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s already exists; venuepass does not overwrite it, choose another name or remove it", p)
		}
	}
	return nil
}

// textSource reads QR texts from the arguments and stdin.
func textSource(pos []string) (*printSource, error) {
	src := &printSource{}
	for i, p := range pos {
		if p != "-" && !looksLikeFile(p) {
			src.add(strings.TrimSpace(p), fmt.Sprintf("arg %d", i+1))
			continue
		}
		var err error
		before := len(src.items)
		if p == "-" {
			err = readLines(os.Stdin, func(line string, n int) {
				src.add(line, fmt.Sprintf("stdin line %d", n))
			})
			if err != nil {
				return nil, fmt.Errorf("reading stdin: %v", err)
			}
			if len(src.items) == before {
				return nil, errors.New("stdin held no QR text; pipe the texts in, one per line, or pass them as arguments")
			}
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fileError("input file", p, err)
		}
		err = readLines(io.LimitReader(f, maxBatchSize), func(line string, n int) {
			src.add(line, fmt.Sprintf("%s line %d", p, n))
		})
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("reading %s: %v", p, err)
		}
		if len(src.items) == before {
			return nil, fmt.Errorf("%s holds no QR text; it should hold one code per line", p)
		}
	}
	return src, nil
}

// looksLikeFile tells a file of QR texts from a QR text, as verify does: an
// argument that is not a code and names a regular file.
func looksLikeFile(arg string) bool {
	a := strings.TrimSpace(arg)
	if strings.HasPrefix(a, "VP") || strings.HasPrefix(a, "HC1:") {
		return false
	}
	fi, err := os.Stat(arg)
	return err == nil && fi.Mode().IsRegular()
}

func (s *printSource) add(text, label string) {
	s.items = append(s.items, printing.Item{Text: text})
	s.labels = append(s.labels, label)
}

// manifestSource reads an issue manifest.
func manifestSource(path string) (*printSource, error) {
	items, err := printing.ReadManifest(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if _, serr := os.Stat(path); serr != nil {
				return nil, fileError("manifest", path, serr)
			}
		}
		return nil, err
	}
	src := &printSource{items: items, labels: make([]string, len(items))}
	for i := range items {
		src.labels[i] = fmt.Sprintf("%s line %d", path, i+2)
	}
	return src, nil
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
func batchSource(c *command, r batchRequest) (*printSource, error) {
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
	if len(rows) == 0 {
		return nil, fmt.Errorf("batch file %s has no rows", r.path)
	}
	if err := r.check(len(rows)); err != nil {
		return nil, err
	}
	creds := make([]*verifier.Credential, len(rows))
	for i := range rows {
		rw := &rows[i]
		rw.Fill(values(r.defaults), r.zones)
		if rw.Fields["holder_key"] != "" {
			return nil, fmt.Errorf("%s: a holder-bound credential (holder_key) is accepted only inside the wallet's rotating code, never as a printed one; leave holder_key out to print it", rw.Where)
		}
		cr, _, err := buildCredentials(rows[i:i+1], r.now, r.loc)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", rw.Where, err)
		}
		creds[i] = cr[0]
	}
	if err := re.apply(creds); err != nil {
		return nil, err
	}
	texts, err := issueAll(key, creds, rows)
	if err != nil {
		return nil, err
	}
	src := &printSource{}
	for i, cr := range creds {
		src.items = append(src.items, printing.Item{Text: texts[i], Credential: *cr, Photo: rows[i].Fields["photo"]})
		src.labels = append(src.labels, rows[i].Where)
	}
	if r.verifier != nil {
		if err := src.verify(r.verifier, r.trustPath, false); err != nil {
			return nil, err
		}
	}
	if r.save != "" {
		if err := writeIssued(r.save, creds, texts, issuer.SaveOptions{}); err != nil {
			return nil, err
		}
		re.report(nil)
	} else {
		re.report(creds)
		notef("the %d credential(s) issued are kept only in the PDF; pass --save DIR to keep their texts and cti for reprinting and revocation", len(creds))
	}
	return src, nil
}

// verify replaces each item's fields by those of its verified credential
// (printing.VerifyItems).
func (s *printSource) verify(v *verifier.Verifier, trustPath string, fromManifest bool) error {
	warns, err := printing.VerifyItems(s.items, v, printing.VerifyOptions{TrustName: trustPath, FromManifest: fromManifest, Labels: s.labels})
	s.warns = append(s.warns, warns...)
	return err
}

// describe names item i for messages.
func (s *printSource) describe(i int) string { return printing.Describe(s.items, i, s.labels) }

// reportWarnings prints the first warnings, in item order, and a count of
// the rest.
func (s *printSource) reportWarnings() {
	sort.SliceStable(s.warns, func(i, j int) bool { return s.warns[i].Item < s.warns[j].Item })
	for i, w := range s.warns {
		if i == maxShownWarnings {
			notef("warning: and %d more", len(s.warns)-maxShownWarnings)
			break
		}
		notef("warning: %s", termtext.Sanitize(w.String()))
	}
}
