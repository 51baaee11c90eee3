package printing

import (
	"fmt"

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
	return opt, nil
}
