// Package printing lays out venuepass credentials as print-ready PDF: badges,
// membership cards and tickets on ID-1 (CR80) cards, and sheets of codes with
// names for check-in desks.
//
// # Layouts and paper
//
// A [Layout] is a design: [Badge] (holder, organisation, title, number and an
// optional photo), [Membership] (tier and valid-until), [Ticket] (event, seat,
// gate and entry window) or [Codes] (a grid of codes with names). With the
// zero Layout each item gets the design of its credential type. A [Sheet] is
// the paper: cards print one per page for card printers ([CardPages]: the
// 85.60 x 53.98 mm card plus [Bleed] on every side, the card as the PDF
// TrimBox), or ten per A4 or eight per US Letter sheet, [Gutter] apart, with
// crop marks for cutting. Colour that reaches a card's edge (the band) runs
// into the bleed, so a cut a little off never shows a white edge or a
// neighbour's colour. Codes always print on A4 or Letter, sorted by holder
// name in the order of the language, each with a tick box for the desk.
//
// # Languages
//
// Labels and dates print in English or Korean ([Options.Lang]), from the
// message catalogue in locales/ (go-i18n): "VALID UNTIL 31 Mar 2027" or
// "유효 기간 2027년 3월 31일". Tickets print the event's start and doors-open
// time when the print run gives them ([Options.EventStart]).
//
// # What is printed
//
// The QR symbol is drawn as vector rectangles, one per run of dark modules,
// inside its 4-module quiet zone, so it stays sharp at any printer
// resolution. Layouts give it up to 0.5 mm per module; when a long code leaves
// less than [Options.MinModule] (0.33 mm, the smallest that cheap scanners
// read reliably) the item still prints and a [Warning] says so. Display fields
// come from the caller and are printed as given: this package does not verify
// credentials or check that the fields match the signed claims in the QR text.
//
// Text is set in embedded fonts (DejaVu Sans Condensed for Latin, Greek and
// Cyrillic; NanumGothic, ExtraBold for bold, for Hangul), so names like "김민준" or "Zoë Ångström"
// print without system fonts. Long names shrink, wrap onto a second line or,
// at last, end in an ellipsis, with a [Warning] for a holder's name cut
// short; they never run into the code.
//
// # Batches
//
// The PDF library keeps a whole document in memory until it is written (about
// 20 KB of page content per card, then a burst of compression garbage while
// writing), so a single PDF of 10,000 cards peaks near 750 MB of heap. [Write]
// makes one PDF; [WriteParts] splits a large batch into several PDFs of at
// most a given number of items ([DefaultPerFile]), each written and released
// before the next is laid out, so memory stays bounded whatever the batch
// size. QR codes are encoded on all cores a little ahead of the layout.
// Output is about 4.5 KB per card, fonts included once per file.
package printing

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/verifier"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// DefaultMinModule is the smallest printed QR module, in millimetres, that
// does not draw a warning.
const DefaultMinModule = 0.33

// DefaultPerFile is the number of items per PDF that WriteParts uses when
// asked for zero: a card printer job, and a peak heap near 100 MB.
const DefaultPerFile = 500

// Card size, ISO/IEC 7810 ID-1 (CR80), in millimetres.
const (
	CardWidth  = 85.60
	CardHeight = 53.98
)

// Item is one credential to print.
type Item struct {
	// Text is the QR text, such as "VP1:...".
	Text string
	// Credential holds the fields printed beside the code: Name, Org, Title,
	// Number, Tier, Event, Seat, Zones, NotBefore and Expires, and Type for
	// the automatic layout. They are printed as given, not checked against
	// Text.
	Credential verifier.Credential
	// Photo is an optional JPEG, PNG or GIF file printed on badges. It is
	// cropped to 3:4 around its centre and scaled for 300 dpi.
	Photo string
	// EventStart and DoorsOpen are this ticket's event date and time and
	// when its doors open, for a run of tickets to several events; zero
	// takes Options.EventStart and Options.DoorsOpen.
	EventStart, DoorsOpen time.Time
}

// Options control a print run. The zero value prints each item in the layout
// of its credential type, one card per page, at QR level M, with the default
// colours and times in UTC.
type Options struct {
	// Layout is the design; zero picks one per item from its credential type.
	Layout Layout
	// Sheet is the paper; zero means one card per page (codes: A4).
	Sheet Sheet
	// Level is the QR error correction level.
	Level qr.Level
	// MinModule is the printed module size, in mm, below which a Warning is
	// returned; zero means DefaultMinModule.
	MinModule float64
	// Accent is the colour of bands and headings; nil means the layout's own.
	Accent color.Color
	// Title is printed as the event name on tickets (credentials carry only
	// an event id) and as the heading of codes sheets. It is also the PDF
	// title.
	Title string
	// Location is the time zone of printed dates and times; nil means UTC.
	Location *time.Location
	// Lang is the language of the printed labels and dates: "en" (the
	// default when empty) or "ko" (see Languages and ParseLang). It also
	// sets the order of names on codes sheets.
	Lang string
	// EventStart and DoorsOpen, when set, print on tickets as the event's
	// date and time and when doors open. A credential carries only an
	// event id and its validity; without them a ticket prints its entry
	// window (valid-from to expiry) or, lacking a valid-from, the last day
	// it is valid. An Item's own EventStart and DoorsOpen win.
	EventStart, DoorsOpen time.Time
	// Now stamps the PDF creation date; nil means time.Now.
	Now func() time.Time
	// Progress, when set, is called after each item is laid out with the
	// number done so far and the total.
	Progress func(done, total int)
}

// Warning is a problem that does not stop printing but may make an item hard
// to use, such as QR modules smaller than Options.MinModule, characters
// that no embedded font has, or a holder's name too long to print whole.
type Warning struct {
	// Item is the index of the item in the slice passed in.
	Item int
	// Name is the holder's name, to help find the item.
	Name string
	// Module is the printed module size in mm when the warning is about
	// the code's size, and zero otherwise.
	Module float64
	// Message says what is wrong and what to do, without the item.
	Message string
}

func (w Warning) String() string {
	if w.Name != "" {
		return fmt.Sprintf("item %d (%s): %s", w.Item+1, w.Name, w.Message)
	}
	return fmt.Sprintf("item %d: %s", w.Item+1, w.Message)
}

// Write lays out items as one PDF on w. Its memory grows with the number of
// items; use WriteParts for large batches.
func Write(w io.Writer, items []Item, opt *Options) ([]Warning, error) {
	o := opt.normalize()
	if len(items) == 0 {
		return nil, ErrNoItems
	}
	d, err := newDoc(o, 0, len(items))
	if err != nil {
		return nil, err
	}
	items, orig := o.order(items)
	next, stop := encodeAhead(items, o.Level)
	defer stop()
	for i := range items {
		if err := d.add(orig[i], &items[i], next); err != nil {
			return d.warnings, err
		}
		if o.Progress != nil {
			o.Progress(i+1, len(items))
		}
	}
	return d.warnings, d.output(w)
}

// WriteParts lays out items as consecutive PDFs of at most perFile items each
// (zero means DefaultPerFile; sheets are kept whole, so the count is rounded
// up to a multiple of the items per sheet). create is called for part 0 to
// parts-1 in order, and each part is written and closed before the next one
// is laid out, so memory is bounded by perFile, not by len(items). Use
// PartPath to name the files.
func WriteParts(items []Item, perFile int, create func(part, parts int) (io.WriteCloser, error), opt *Options) ([]Warning, error) {
	o := opt.normalize()
	if len(items) == 0 {
		return nil, ErrNoItems
	}
	if _, err := ParseLang(o.Lang); err != nil {
		return nil, err
	}
	perFile, parts := o.split(len(items), perFile)
	items, orig := o.order(items)
	var warnings []Warning
	for p := range parts {
		lo, hi := p*perFile, min((p+1)*perFile, len(items))
		d, err := newDoc(o, lo, len(items))
		if err != nil {
			return warnings, err
		}
		next, stop := encodeAhead(items[lo:hi], o.Level)
		for i := lo; i < hi; i++ {
			if err := d.add(orig[i], &items[i], next); err != nil {
				stop()
				return append(warnings, d.warnings...), err
			}
			if o.Progress != nil {
				o.Progress(i+1, len(items))
			}
		}
		stop()
		warnings = append(warnings, d.warnings...)
		w, err := create(p, parts)
		if err != nil {
			return warnings, err
		}
		err = d.output(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return warnings, err
		}
	}
	return warnings, nil
}

// PartPath names part (0-based) of parts: path itself when there is one
// part, else path with "-001", "-002"... before its extension.
func PartPath(path string, part, parts int) string {
	if parts <= 1 {
		return path
	}
	ext := ""
	if i := strings.LastIndexByte(path, '.'); i > strings.LastIndexAny(path, `/\`) {
		path, ext = path[:i], path[i:]
	}
	width := max(3, len(fmt.Sprint(parts)))
	return fmt.Sprintf("%s-%0*d%s", path, width, part+1, ext)
}

func (o *Options) normalize() Options {
	var n Options
	if o != nil {
		n = *o
	}
	if n.MinModule <= 0 {
		n.MinModule = DefaultMinModule
	}
	if n.Location == nil {
		n.Location = time.UTC
	}
	if n.Now == nil {
		n.Now = time.Now
	}
	if l, err := ParseLang(n.Lang); err == nil {
		n.Lang = l
	}
	return n
}

// Parts returns how many files WriteParts makes for n items with perFile
// (at least one), so that callers can name and check them beforehand.
func Parts(n, perFile int, opt *Options) int {
	o := opt.normalize()
	_, parts := o.split(n, perFile)
	return max(1, parts)
}

// split rounds perFile up to whole sheets (zero means DefaultPerFile) and
// returns it with the number of parts for n items.
func (o *Options) split(n, perFile int) (int, int) {
	if perFile <= 0 {
		perFile = DefaultPerFile
	}
	if k := o.perPage(); perFile%k != 0 {
		perFile += k - perFile%k
	}
	return perFile, (n + perFile - 1) / perFile
}

// perPage is the number of items on a page.
func (o *Options) perPage() int {
	switch {
	case o.Layout == Codes:
		return codesCols * codesRows
	case o.Sheet == A4 || o.Sheet == Letter:
		return sheetCols * sheetRows(o.Sheet)
	}
	return 1
}

// order returns the items in the order they print, with the index in items
// of each: codes sheets for check-in desks are sorted by holder name in the
// order of the language (가나다 for Korean, Korean names before others), so
// that staff find a name;
// cards print in the order given.
func (o *Options) order(items []Item) ([]Item, []int) {
	orig := make([]int, len(items))
	for i := range orig {
		orig[i] = i
	}
	if o.Layout != Codes {
		return items, orig
	}
	tag := language.English
	if o.Lang == "ko" {
		tag = language.Korean
	}
	col := collate.New(tag, collate.IgnoreCase, collate.Numeric)
	keys := make([][]byte, len(items))
	var buf collate.Buffer
	for i := range items {
		name := strings.TrimSpace(items[i].Credential.Name)
		// Korean lists put Korean names first, then the others.
		group := byte(0)
		if r, _ := utf8.DecodeRuneInString(name); o.Lang == "ko" && !unicode.Is(unicode.Hangul, r) {
			group = 1
		}
		keys[i] = append([]byte{group}, col.KeyFromString(&buf, name)...)
		buf.Reset()
	}
	sort.SliceStable(orig, func(a, b int) bool { return bytes.Compare(keys[orig[a]], keys[orig[b]]) < 0 })
	sorted := make([]Item, len(items))
	for i, k := range orig {
		sorted[i] = items[k]
	}
	return sorted, orig
}

// ItemError is an error about one item, such as an unreadable photo or a text
// too long for a QR code.
type ItemError struct {
	Item int // index of the item
	Err  error
}

func (e *ItemError) Error() string { return fmt.Sprintf("item %d: %v", e.Item+1, e.Err) }
func (e *ItemError) Unwrap() error { return e.Err }
