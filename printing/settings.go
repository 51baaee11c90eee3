package printing

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/qr"
)

// Settings are the options of a print run as people type them, in a
// command line or a form: each names its flag of 'venuepass print' in
// errors. The zero value is not valid (MinModule and PerFile must be set;
// DefaultMinModule and DefaultPerFile are the usual values).
type Settings struct {
	Layout    string  // auto, badge, membership, ticket or codes; "" is auto
	Paper     string  // card, a4 or letter; "" is the layout's default
	Title     string  // Options.Title
	Accent    string  // #RRGGBB, or "" for the layout's colours
	Level     string  // L, M, Q or H
	MinModule float64 // millimetres, more than 0 and less than 10
	TZ        string  // an IANA zone, or "" for the machine's
	Lang      string  // en or ko, or "" for the locale's (LangFromEnv)
	EventDate string  // tickets: when the event starts (issuer.ParseEventTimes)
	Doors     string  // tickets: when doors open
	PerFile   int     // items per PDF file, at least 1
	Out       string  // the PDF to write (-o): a .pdf name
}

// Options checks the settings and returns the options of the run, or an
// error saying which setting is wrong and what it wants.
func (s Settings) Options() (*Options, error) {
	opt := &Options{Title: s.Title}
	var err error
	if opt.Layout, err = ParseLayout(s.Layout); err != nil {
		return nil, fmt.Errorf("--layout: unknown layout %q; want auto, badge, membership, ticket or codes", s.Layout)
	}
	if opt.Sheet, err = ParseSheet(s.Paper); err != nil {
		return nil, fmt.Errorf("--paper: unknown paper %q; want card, a4 or letter", s.Paper)
	}
	if opt.Layout == Codes && opt.Sheet == CardPages && s.Paper != "" {
		return nil, fmt.Errorf("codes sheets print on a4 or letter paper, not on cards; pass --paper a4 or --paper letter")
	}
	if opt.Level, err = qr.ParseLevel(s.Level); err != nil {
		return nil, fmt.Errorf("--level: unknown error correction level %q (want L, M, Q or H)", s.Level)
	}
	if s.Accent != "" {
		if opt.Accent, err = ParseColor(s.Accent); err != nil {
			return nil, fmt.Errorf("--accent: %v", err)
		}
	}
	if !(s.MinModule > 0 && s.MinModule < 10) {
		return nil, fmt.Errorf("--min-module is a module size in millimetres, such as 0.33")
	}
	opt.MinModule = s.MinModule
	if opt.Location, err = issuer.LoadZone(s.TZ); err != nil {
		return nil, fmt.Errorf("--tz: %v", err)
	}
	opt.Lang = LangFromEnv()
	if s.Lang != "" {
		if opt.Lang, err = ParseLang(s.Lang); err != nil {
			return nil, fmt.Errorf("--lang: %v", err)
		}
	}
	if opt.EventStart, opt.DoorsOpen, err = issuer.ParseEventTimes(s.EventDate, s.Doors, opt.Location, issuer.EventFlags); err != nil {
		return nil, err
	}
	if s.PerFile < 1 {
		return nil, fmt.Errorf("--per-file must be at least 1")
	}
	if s.Out == "" {
		return nil, fmt.Errorf("no output file; name the PDF to write with -o OUT.pdf")
	}
	if !strings.EqualFold(filepath.Ext(s.Out), ".pdf") {
		return nil, fmt.Errorf("-o %s: name a .pdf file", s.Out)
	}
	return opt, nil
}

// IssueFlags are the flags of 'venuepass print' that only make sense when
// it issues the credentials it prints (Sources.Batch).
var IssueFlags = []string{"key", "iss", "type", "org", "zone", "tier", "event", "seat", "valid-from", "expires", "status-uri", "draft", "save"}

// Sources says where a print run takes its credentials from, as people
// type it: each names its flag of 'venuepass print' in errors.
type Sources struct {
	Texts    []string        // QR texts or files of them, "-" for stdin (ReadTexts)
	Manifest string          // an issue manifest (ReadManifestSource)
	Batch    string          // a batch file to issue from
	Set      map[string]bool // the flags given, by name: IssueFlags need Batch
	Trusted  bool            // a trust list or anchor is given to verify with
}

// Check refuses sources a run of layout cannot print: none or more than
// one of texts, manifest and batch, issuing flags without a batch, stdin
// twice, and texts (or a manifest, unless only codes are printed) without
// a trust list to read their fields from verified credentials.
func (s Sources) Check(layout Layout) error {
	ways := 0
	for _, b := range []bool{len(s.Texts) > 0, s.Manifest != "", s.Batch != ""} {
		if b {
			ways++
		}
	}
	switch {
	case ways == 0:
		return fmt.Errorf("no credentials to print; pass QR texts, - to read them from stdin, --manifest DIR/manifest.csv, or --batch FILE with --key and --iss")
	case ways > 1:
		return fmt.Errorf("take the credentials from one place: QR texts, --manifest or --batch")
	}
	if s.Batch == "" {
		for _, f := range IssueFlags {
			if s.Set[f] {
				return fmt.Errorf("--%s is for issuing from a batch; use it with --batch FILE", f)
			}
		}
	}
	stdin := 0
	for _, p := range s.Texts {
		if p == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return fmt.Errorf("- (stdin) may be given once")
	}
	switch {
	case s.Trusted:
	case len(s.Texts) > 0:
		return fmt.Errorf("QR texts carry the names and fields printed beside the code, and they are read only from verified credentials; pass the signed trust list with --trust LIST.vptl --anchor ANCHOR.pub")
	case s.Manifest != "" && layout != Codes:
		return fmt.Errorf("a manifest names only the holder; to print the other fields, verify its credentials with --trust LIST.vptl --anchor ANCHOR.pub (or print a codes sheet with --layout codes)")
	}
	return nil
}
