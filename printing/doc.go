package printing

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/venuepass/venuepass/qr"
)

// Page geometry, in millimetres.
const (
	a4W, a4H         = 210.0, 297.0
	letterW, letterH = 215.9, 279.4
	sheetCols        = 2
	ptMM             = 25.4 / 72 // millimetres per point
)

// sheetRows is the number of card rows on a sheet: five fit on A4 with
// gutters, four on US Letter.
func sheetRows(s Sheet) int {
	if s == Letter {
		return 4
	}
	return 5
}

// doc is one PDF being laid out.
type doc struct {
	o        Options
	pdf      *fpdf.Fpdf
	pageW    float64
	pageH    float64
	first    int // index of the first item in this PDF
	total    int // items in the whole run, for page numbers
	n        int // items laid out so far
	warnings []Warning
	photos   map[string]string // photo path to registered image name
	buf      []byte            // scratch for QR paths
	bleed    float64           // how far colour at a card's edge runs over it
	t        *texts            // labels in the language of the run
}

func newDoc(o Options, first, total int) (*doc, error) {
	d := &doc{o: o, first: first, total: total, photos: map[string]string{}, t: newTexts(o.Lang)}
	if o.Sheet < CardPages || o.Sheet > Letter {
		return nil, fmt.Errorf("unknown sheet %v", o.Sheet)
	}
	if o.Layout < Auto || o.Layout > Codes {
		return nil, fmt.Errorf("unknown layout %v", o.Layout)
	}
	if _, err := ParseLang(o.Lang); err != nil {
		return nil, err
	}
	switch {
	case o.Sheet == Letter:
		d.pageW, d.pageH = letterW, letterH
	case o.Sheet == A4 || o.Layout == Codes:
		d.pageW, d.pageH = a4W, a4H
	default:
		d.pageW, d.pageH = CardWidth+2*Bleed, CardHeight+2*Bleed
	}
	if o.Layout != Codes {
		d.bleed = Bleed
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           fpdf.SizeType{Wd: d.pageW, Ht: d.pageH},
	})
	// Page boxes: on card pages the TrimBox is the card and the BleedBox
	// (the whole page) 2 mm beyond it; on sheets they frame the grid of
	// cards. PDF boxes are measured from the bottom left corner.
	if o.Layout != Codes {
		x, y, w, h := Bleed, Bleed, CardWidth, CardHeight
		if o.Sheet != CardPages {
			x, y = d.gridOrigin()
			w, h = d.gridSize()
		}
		pdf.SetPageBox("trim", x, d.pageH-y-h, w, h)
		pdf.SetPageBox("bleed", x-Bleed, d.pageH-y-h-Bleed, w+2*Bleed, h+2*Bleed)
	}
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	now := o.Now()
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetCreator("venuepass", false)
	if o.Title != "" {
		pdf.SetTitle(o.Title, true)
	}
	loadFaces()
	for _, f := range []*face{faceLatin, faceKR} {
		pdf.AddUTF8FontFromBytes(f.family, "", f.regular)
		pdf.AddUTF8FontFromBytes(f.family, "B", f.bold)
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("embedded fonts: %v", err)
	}
	d.pdf = pdf
	return d, nil
}

func (d *doc) output(w io.Writer) error {
	if err := d.pdf.Error(); err != nil {
		return err
	}
	if d.bleed == 0 {
		return d.pdf.Output(w)
	}
	// fpdf writes the page boxes in map order; put them in one order so
	// that the same input gives the same bytes. Both orders have the same
	// length, so the cross-reference offsets stay right.
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return err
	}
	_, err := w.Write(boxOrder.ReplaceAll(buf.Bytes(), []byte("$2\n$1\n")))
	return err
}

// boxOrder matches a TrimBox line followed by a BleedBox line in a page
// object (page objects are not compressed; content streams are).
var boxOrder = regexp.MustCompile(`(?m)^(/TrimBox \[[0-9. ]*\])\n(/BleedBox \[[0-9. ]*\])\n`)

// add lays out item i, whose code next returns.
func (d *doc) add(i int, it *Item, next func() (*qr.Code, error)) error {
	code, err := next()
	if it.Text == "" {
		return &ItemError{i, fmt.Errorf("no QR text")}
	}
	if err != nil {
		return &ItemError{i, err}
	}
	layout := d.o.Layout
	if layout == Auto {
		layout = LayoutFor(it.Credential.Type)
	}
	c := &card{d: d, it: it, i: i, code: code, accent: d.accent(layout)}
	if layout == Codes {
		d.codesCell(c)
	} else {
		c.x, c.y = d.cardSlot()
		switch layout {
		case Badge:
			err = c.badge()
		case Membership:
			c.membership()
		case Ticket:
			c.ticket()
		}
	}
	if err != nil {
		return &ItemError{i, err}
	}
	cr := &it.Credential
	shown := strings.Join(append([]string{cr.Name, cr.Org, cr.Title, cr.Number, cr.Tier, cr.Event, cr.Seat, d.o.Title}, cr.Zones...), "")
	if r := missing(shown); len(r) > 0 {
		d.warn(c, 0, fmt.Sprintf("no embedded font has %q; it prints as \uFFFD", string(r)))
	}
	d.n++
	if err := d.pdf.Error(); err != nil {
		return &ItemError{i, err}
	}
	return nil
}

func (d *doc) warn(c *card, module float64, msg string) {
	d.warnings = append(d.warnings, Warning{Item: c.i, Name: c.it.Credential.Name, Module: module, Message: msg})
}

// Bleed is how far, in millimetres, colour that reaches a card's edge is
// printed beyond it, so that a cut or a card printer a little off still
// leaves colour to the edge. Card pages are the card plus Bleed on every
// side, with the card as TrimBox; cards on sheets are Gutter apart.
const Bleed = 2.0

// Gutter is the space between cards on a sheet: each card's bleed and no
// more, so a cut up to Bleed off lands in the card's own colour, never on a
// colour edge or a neighbour's colour.
const Gutter = 2 * Bleed

// gridSize is the size of the cards on a sheet, gutters included.
func (d *doc) gridSize() (w, h float64) {
	rows := sheetRows(d.o.Sheet)
	return sheetCols*CardWidth + (sheetCols-1)*Gutter, float64(rows)*CardHeight + float64(rows-1)*Gutter
}

// gridOrigin is the top left corner of the first card on a sheet: the grid
// is centred on the page.
func (d *doc) gridOrigin() (x, y float64) {
	w, h := d.gridSize()
	return (d.pageW - w) / 2, (d.pageH - h) / 2
}

// cardSlot starts a page when needed and returns the top left corner of the
// next card.
func (d *doc) cardSlot() (x, y float64) {
	if d.o.Sheet == CardPages {
		d.pdf.AddPage()
		return Bleed, Bleed
	}
	per := sheetCols * sheetRows(d.o.Sheet)
	mx, my := d.gridOrigin()
	k := d.n % per
	if k == 0 {
		d.pdf.AddPage()
		d.cropMarks(mx, my)
	}
	return mx + float64(k%sheetCols)*(CardWidth+Gutter), my + float64(k/sheetCols)*(CardHeight+Gutter)
}

// cropMarks draws the cut lines of every card in the margins of a sheet, 1 mm
// clear of the bleed so that no mark is left on a card cut slightly off.
func (d *doc) cropMarks(mx, my float64) {
	const gap = 1.0
	p := d.pdf
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(0.12)
	gw, gh := d.gridSize()
	right, bottom := mx+gw, my+gh
	clear := Bleed + gap
	lx := min(6, mx-clear-0.5)
	ly := min(6, my-clear-0.5)
	for c := 0; c < sheetCols; c++ {
		for _, x := range []float64{mx + float64(c)*(CardWidth+Gutter), mx + float64(c)*(CardWidth+Gutter) + CardWidth} {
			p.Line(x, my-clear-ly, x, my-clear)
			p.Line(x, bottom+clear, x, bottom+clear+ly)
		}
	}
	for r := 0; r < sheetRows(d.o.Sheet); r++ {
		for _, y := range []float64{my + float64(r)*(CardHeight+Gutter), my + float64(r)*(CardHeight+Gutter) + CardHeight} {
			p.Line(mx-clear-lx, y, mx-clear, y)
			p.Line(right+clear, y, right+clear+lx, y)
		}
	}
}

// drawQR draws code in a box of side box (quiet zone included) with its top
// left corner at x, y, and returns the module size. The dark modules are one
// filled path of rectangles in module units: runs of dark modules in a row,
// merged with identical runs in the rows below. One path means no hairline
// seams between rectangles when a viewer anti-aliases.
func (d *doc) drawQR(c *card, x, y, box float64) float64 {
	n := c.code.Size()
	mod := box / float64(n+8)
	d.pdf.SetFillColor(255, 255, 255)
	d.pdf.Rect(x, y, box, box, "F")

	// PDF space is in points with y up; one unit is one module, y down.
	k := 72 / 25.4
	b := append(d.buf[:0], "q 0 g "...)
	b = appendNum(b, mod*k)
	b = append(b, " 0 0 "...)
	b = appendNum(b, -mod*k)
	b = append(b, ' ')
	b = appendNum(b, (x+4*mod)*k)
	b = append(b, ' ')
	b = appendNum(b, (d.pageH-y-4*mod)*k)
	b = append(b, " cm\n"...)

	// runs[r] maps the first column of each dark run in row r to its end.
	runs := make([]map[int]int, n)
	for r := range n {
		runs[r] = map[int]int{}
		for x := 0; x < n; {
			if !c.code.Black(x, r) {
				x++
				continue
			}
			x0 := x
			for x < n && c.code.Black(x, r) {
				x++
			}
			runs[r][x0] = x
		}
	}
	for r := range n {
		for x := 0; x < n; x++ {
			x1, ok := runs[r][x]
			if !ok {
				continue
			}
			h := 1
			for r2 := r + 1; r2 < n; r2++ {
				if e, ok := runs[r2][x]; !ok || e != x1 {
					break
				}
				delete(runs[r2], x)
				h++
			}
			b = strconv.AppendInt(b, int64(x), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(r), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(x1-x), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(h), 10)
			b = append(b, " re\n"...)
			x = x1
		}
	}
	b = append(b, "f Q\n"...)
	d.pdf.RawWriteStr(string(b))
	d.buf = b

	if mod < d.o.MinModule-1e-9 {
		d.warn(c, mod, fmt.Sprintf("QR code version %d (%d modules) prints at %.2f mm per module, below %.2f mm; cheap scanners may not read it. Shorten the code (an ES256 or EdDSA key, fewer or shorter fields) or use the codes layout",
			c.code.Version(), n, mod, d.o.MinModule))
	}
	return mod
}

func appendNum(b []byte, v float64) []byte {
	b = strconv.AppendFloat(b, v, 'f', 4, 64)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

// rgb is a colour with 8-bit channels.
type rgb struct{ r, g, b int }

func rgbOf(c color.Color) rgb {
	r, g, b, _ := c.RGBA()
	return rgb{int(r >> 8), int(g >> 8), int(b >> 8)}
}

// tint mixes c with white; f = 0 is c, f = 1 is white.
func (c rgb) tint(f float64) rgb {
	m := func(v int) int { return v + int(float64(255-v)*f+0.5) }
	return rgb{m(c.r), m(c.g), m(c.b)}
}

var (
	ink   = rgb{0x1a, 0x1c, 0x20}
	muted = rgb{0x55, 0x5b, 0x66}
	faint = rgb{0x86, 0x8c, 0x96}
	white = rgb{255, 255, 255}
)

// Default accents per layout.
var accents = map[Layout]rgb{
	Badge:      {0x1d, 0x3b, 0x6e},
	Membership: {0x0d, 0x5c, 0x55},
	Ticket:     {0x5a, 0x2a, 0x82},
	Codes:      {0x1d, 0x3b, 0x6e},
}

func (d *doc) accent(l Layout) rgb {
	if d.o.Accent != nil {
		return rgbOf(d.o.Accent)
	}
	return accents[l]
}

func (d *doc) fill(c rgb) { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb) { d.pdf.SetDrawColor(c.r, c.g, c.b) }

// style is how a piece of text is set.
type style struct {
	pt    float64 // size in points
	bold  bool
	color rgb
}

func (s style) size(pt float64) style { s.pt = pt; return s }

// lineHeight is the distance between baselines, in mm.
func (s style) lineHeight() float64 { return s.pt * ptMM * 1.18 }

// capHeight is the height of capitals above the baseline, in mm.
func (s style) capHeight() float64 { return s.pt * ptMM * 0.72 }

func (d *doc) setFont(f *face, s style) {
	st := ""
	if s.bold {
		st = "B"
	}
	d.pdf.SetFont(f.family, st, s.pt)
}

// width is the width of s in mm.
func (d *doc) width(s string, st style) float64 {
	w := 0.0
	for _, r := range runs(s) {
		d.setFont(r.face, st)
		w += d.pdf.GetStringWidth(r.text)
	}
	return w
}

type align int

const (
	left align = iota
	center
	right
)

// text draws s with its baseline at y, starting at, centred on or ending at x.
func (d *doc) text(c *card, x, y float64, s string, st style, a align) {
	if s == "" {
		return
	}
	switch a {
	case center:
		x -= d.width(s, st) / 2
	case right:
		x -= d.width(s, st)
	}
	d.pdf.SetTextColor(st.color.r, st.color.g, st.color.b)
	for _, r := range runs(s) {
		d.setFont(r.face, st)
		d.pdf.Text(x, y, r.text)
		x += d.pdf.GetStringWidth(r.text)
	}
}

// fit returns s set in st, shrunk down to minPt, in at most maxLines lines
// no wider than w: first one line at up to 15% below st.pt, then two or more
// lines broken at spaces and after hyphens, then one line at minPt ending in
// an ellipsis.
func (d *doc) fit(s string, st style, minPt, w float64, maxLines int) ([]string, style) {
	lines, st, _ := d.fitCut(s, st, minPt, w, maxLines)
	return lines, st
}

// fitCut is fit that also says whether s had to be cut short.
func (d *doc) fitCut(s string, st style, minPt, w float64, maxLines int) (lines []string, _ style, cut bool) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return nil, st, false
	}
	for pt := st.pt; pt >= max(minPt, st.pt*0.85)-1e-9; pt -= 0.25 {
		if d.width(s, st.size(pt)) <= w {
			return []string{s}, st.size(pt), false
		}
	}
	for n := 2; n <= maxLines; n++ {
		for pt := st.pt; pt >= minPt-1e-9; pt -= 0.25 {
			if lines := d.wrap(s, st.size(pt), w, n); lines != nil {
				return lines, st.size(pt), false
			}
		}
	}
	for pt := st.pt; pt >= minPt-1e-9; pt -= 0.25 {
		if d.width(s, st.size(pt)) <= w {
			return []string{s}, st.size(pt), false
		}
	}
	st = st.size(minPt)
	return []string{d.ellipsize(s, st, w)}, st, true
}

// fitName is fit for the holder's name. Staff compare the printed name with
// the person in front of them, so a name cut short is a Warning: the card
// still prints, and whoever printed it learns which one to reissue with a
// shorter display name (or print with the codes layout, which has more room).
func (c *card) fitName(st style, minPt, w float64, maxLines int) ([]string, style) {
	name := c.cred().Name
	lines, st, cut := c.d.fitCut(name, st, minPt, w, maxLines)
	if cut {
		c.d.warn(c, 0, fmt.Sprintf("the name does not fit and prints cut short as %q", lines[0]))
	}
	return lines, st
}

// wrap breaks s into n lines no wider than w, or returns nil. Lines break at
// spaces, which are dropped, and after hyphens. Two lines are balanced: the
// break that makes the wider line narrowest wins.
func (d *doc) wrap(s string, st style, w float64, n int) []string {
	type brk struct{ end, next int }
	var brks []brk
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == ' ':
			brks = append(brks, brk{i, i + 1})
		case s[i] == '-' && i+1 < len(s) && s[i+1] != ' ':
			brks = append(brks, brk{i + 1, i + 1})
		}
	}
	if len(brks) == 0 {
		return nil
	}
	if n == 2 {
		best, bi := 0.0, -1
		for i, b := range brks {
			m := max(d.width(s[:b.end], st), d.width(s[b.next:], st))
			if bi < 0 || m < best {
				best, bi = m, i
			}
		}
		if best > w {
			return nil
		}
		return []string{s[:brks[bi].end], s[brks[bi].next:]}
	}
	// Greedy: each line takes as much as fits.
	var lines []string
	start := 0
	for start < len(s) {
		if d.width(s[start:], st) <= w {
			lines = append(lines, s[start:])
			break
		}
		last := -1
		for i, b := range brks {
			if b.end > start && d.width(s[start:b.end], st) <= w {
				last = i
			}
		}
		if last < 0 {
			return nil
		}
		lines = append(lines, s[start:brks[last].end])
		start = brks[last].next
	}
	if len(lines) > n {
		return nil
	}
	return lines
}

// ellipsize cuts s so that it and a trailing ellipsis fit in w.
func (d *doc) ellipsize(s string, st style, w float64) string {
	if d.width(s, st) <= w {
		return s
	}
	for len(s) > 0 {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
		t := strings.TrimRight(s, " ") + "…"
		if d.width(t, st) <= w {
			return t
		}
	}
	return "…"
}
