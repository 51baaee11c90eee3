package printing

import (
	"strings"
	"time"

	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/verifier"
)

// Card geometry, in millimetres.
const (
	pad       = 4.0 // left and right margin of text
	qrInset   = 1.5 // card edge to the QR quiet zone, which is the real margin
	maxModule = 0.5 // cards never print a module larger than this
	gutter    = 3.0 // text to the visible QR symbol
)

// card is one item being laid out, with its top left corner at x, y.
type card struct {
	d      *doc
	it     *Item
	i      int
	code   *qr.Code
	accent rgb
	x, y   float64
}

func (c *card) cred() *verifier.Credential { return &c.it.Credential }

// band draws the coloured header with the organisation on the left and a
// label (or, for memberships, a tier pill) on the right.
func (c *card) band(h float64, orgPt float64, label string, pill bool) {
	d := c.d
	// The band reaches the top, left and right edges: it runs over them
	// by the bleed.
	d.fill(c.accent)
	b := d.bleed
	d.pdf.Rect(c.x-b, c.y-b, CardWidth+2*b, h+b, "F")
	labelW := 0.0
	base := c.y + h/2 + style{pt: orgPt}.capHeight()/2
	if label != "" {
		st := style{pt: 6.5, bold: true, color: white}
		label = strings.ToUpper(label)
		if pill {
			st.color = c.accent
			lines, fs := d.fit(label, st, 5.5, 26, 1)
			label, st = lines[0], fs
			tw := d.width(label, st)
			ph := st.capHeight() + 2.6
			labelW = tw + 5
			px := c.x + CardWidth - pad - labelW
			d.fill(white)
			d.pdf.RoundedRect(px, c.y+(h-ph)/2, labelW, ph, ph/2, "1234", "F")
			d.text(c, px+labelW/2, c.y+h/2+st.capHeight()/2, label, st, center)
		} else {
			st.color = white.tint(0)
			lines, fs := d.fit(label, st, 5.5, 24, 1)
			labelW = d.width(lines[0], fs)
			d.text(c, c.x+CardWidth-pad, c.y+h/2+fs.capHeight()/2, lines[0], fs, right)
		}
		labelW += 3
	}
	if org := c.cred().Org; org != "" {
		lines, st := d.fit(org, style{pt: orgPt, bold: true, color: white}, orgPt*0.7, CardWidth-2*pad-labelW, 1)
		d.text(c, c.x+pad, base, lines[0], st, left)
	}
}

// qrRight draws the code at the right of the card body below a band of
// height top, as large as fits up to maxModule, and returns the x of the
// visible symbol's left edge.
func (c *card) qrRight(top float64) float64 {
	n := float64(c.code.Size() + 8)
	box := min(n*maxModule, CardHeight-top-2*qrInset)
	qx := c.x + CardWidth - qrInset - box
	qy := c.y + top + (CardHeight-top-box)/2
	mod := c.d.drawQR(c, qx, qy, box)
	return qx + 4*mod
}

// field is a labelled value in the grid at the bottom of a card.
type field struct {
	label, value string
	wide         bool // takes a whole row
}

const fieldRow = 7.4 // mm from one field row's label to the next one's

var (
	labelStyle = style{pt: 5.2, bold: true, color: faint}
	valueStyle = style{pt: 8, bold: true, color: ink}
)

// fieldRows arranges fields in rows of cols columns, dropping empty ones.
func fieldRows(fs []field, cols int) [][]field {
	var rows [][]field
	var row []field
	for _, f := range fs {
		if f.value == "" {
			continue
		}
		if f.wide || cols == 1 {
			if len(row) > 0 {
				rows = append(rows, row)
				row = nil
			}
			rows = append(rows, []field{f})
			continue
		}
		row = append(row, f)
		if len(row) == cols {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// fields draws rows of fields between x0 and x1 with the last value's
// baseline at bottom, and returns the top of the first label.
func (c *card) fields(rows [][]field, cols int, x0, x1, bottom float64) float64 {
	d := c.d
	colW := (x1 - x0) / float64(cols)
	top := bottom - float64(len(rows))*fieldRow + 1.2
	for ri, row := range rows {
		vy := bottom - float64(len(rows)-1-ri)*fieldRow
		ly := vy - valueStyle.lineHeight() + 0.25
		xs, ws := c.columns(row, x0, x1, colW)
		for ci, f := range row {
			fx, w := xs[ci], ws[ci]
			lines, st := d.fit(strings.ToUpper(f.label), labelStyle, 4.5, w, 1)
			d.text(c, fx, ly, lines[0], st, left)
			lines, st = d.fit(f.value, valueStyle, 6, w, 1)
			d.text(c, fx, vy, lines[0], st, left)
		}
	}
	return top - valueStyle.capHeight()
}

// columns places the fields of a row on a grid of colW when each fits its
// cell, and otherwise packs them left to right, giving the last one the rest
// of the row. It returns the x and width of each field.
func (c *card) columns(row []field, x0, x1, colW float64) (xs, ws []float64) {
	const gap = 3.0
	if len(row) == 1 {
		return []float64{x0}, []float64{x1 - x0}
	}
	nat := make([]float64, len(row))
	grid := true
	for i, f := range row {
		nat[i] = max(c.d.width(strings.ToUpper(f.label), labelStyle), c.d.width(f.value, valueStyle))
		if nat[i] > colW-gap {
			grid = false
		}
	}
	x := x0
	for i := range row {
		w := colW - gap
		if !grid {
			w = min(nat[i], (x1-x0)/float64(len(row)))
			if i == len(row)-1 {
				w = x1 - x
			}
		}
		xs, ws = append(xs, x), append(ws, max(w, 0))
		if grid {
			x += colW
		} else {
			x += w + gap
		}
	}
	return xs, ws
}

// block draws lines of text from baseline y and returns the baseline after.
func (c *card) block(lines []string, st style, x, y float64) float64 {
	for _, l := range lines {
		c.d.text(c, x, y, l, st, left)
		y += st.lineHeight()
	}
	return y
}

// badge: photo, name, title, number, validity and zones, for staff and
// certificates.
func (c *card) badge() error {
	const bandH = 11.0
	cr := c.cred()
	t := c.d.t
	label, numLabel := t.msg(msgLabelStaff, nil), t.msg(msgLabelEmployeeNo, nil)
	if cr.Type == verifier.Certificate {
		label, numLabel = t.msg(msgLabelCertificate, nil), t.msg(msgLabelCertificateNo, nil)
	}
	c.band(bandH, 9.5, label, false)
	qrLeft := c.qrRight(bandH)
	x0, x1 := c.x+pad, qrLeft-gutter
	if c.it.Photo != "" {
		const pw, ph = 18.0, 24.0
		py := c.y + bandH + 4
		if err := c.d.photo(c.it.Photo, x0, py, pw, ph); err != nil {
			return err
		}
		x0 += pw + 3.5
	}
	cols := 1
	if x1-x0 >= 40 {
		cols = 2
	}
	fs := []field{
		{label: numLabel, value: cr.Number},
		{label: t.msg(msgLabelValidUntil, nil), value: t.untilDate(cr.Expires, c.d.o.Location)},
		{label: t.msg(msgLabelAccess, nil), value: strings.Join(cr.Zones, " · "), wide: true},
	}
	bottom := c.y + CardHeight - 4.2
	c.nameBlock(x0, x1, c.y+bandH+4, bottom, fs, cols, cr.Title, 3)
	return nil
}

// nameBlock draws the holder's name and a subtitle from the top and as many
// fields as fit from the bottom.
func (c *card) nameBlock(x0, x1, top, bottom float64, fs []field, cols int, subtitle string, nameLines int) {
	d := c.d
	w := x1 - x0
	name, nst := c.fitName(style{pt: 13, bold: true, color: ink}, 8, w, nameLines)
	sub, sst := d.fit(subtitle, style{pt: 7.5, color: muted}, 6, w, 2)
	nameH := nst.capHeight() + float64(max(0, len(name)-1))*nst.lineHeight()
	if len(sub) > 0 {
		nameH += 1.2 + float64(len(sub))*sst.lineHeight()
	}
	rows := fieldRows(fs, cols)
	for len(rows) > 0 && bottom-float64(len(rows))*fieldRow-1.5 < top+nameH {
		rows = rows[:len(rows)-1]
	}
	y := c.block(name, nst, x0, top+nst.capHeight())
	if len(sub) > 0 {
		c.block(sub, sst, x0, y-nst.lineHeight()+1.2+sst.lineHeight())
	}
	c.fields(rows, cols, x0, x1, bottom)
}

// membership: tier, name, member number and valid-until.
func (c *card) membership() {
	const bandH = 13.0
	cr := c.cred()
	t := c.d.t
	tier := cr.Tier
	if tier == "" {
		tier = t.msg(msgLabelMember, nil)
	}
	c.band(bandH, 11, tier, true)
	qrLeft := c.qrRight(bandH)
	x0, x1 := c.x+pad, qrLeft-gutter
	d := c.d
	d.text(c, x0, c.y+bandH+6.2, strings.ToUpper(t.msg(msgLabelMember, nil)), labelStyle, left)
	fs := []field{
		{label: t.msg(msgLabelMemberNo, nil), value: cr.Number},
		{label: t.msg(msgLabelValidUntil, nil), value: t.untilDate(cr.Expires, d.o.Location)},
		{label: t.msg(msgLabelAccess, nil), value: strings.Join(cr.Zones, " · "), wide: true},
	}
	cols := 1
	if x1-x0 >= 36 {
		cols = 2
	}
	c.nameBlock(x0, x1, c.y+bandH+8.6, c.y+CardHeight-4.6, fs, cols, cr.Title, 2)
	// A thin rule in the accent colour grounds the card.
	d.fill(c.accent)
	d.pdf.Rect(c.x+pad, c.y+bandH+3.0, 6, 0.7, "F")
}

// ticket: event, holder, gate, seat and entry window, with the code on a
// stub behind a perforation line.
func (c *card) ticket() {
	const bandH = 11.0
	cr := c.cred()
	d := c.d
	t := d.t
	c.band(bandH, 9, t.msg(msgLabelTicket, nil), false)
	qrLeft := c.qrRight(bandH)
	perf := qrLeft - gutter
	d.draw(faint)
	d.pdf.SetLineWidth(0.2)
	d.pdf.SetDashPattern([]float64{0.8, 0.8}, 0)
	d.pdf.Line(perf, c.y+bandH+2.5, perf, c.y+CardHeight-2.5)
	d.pdf.SetDashPattern(nil, 0)
	x0, x1 := c.x+pad, perf-gutter
	w := x1 - x0

	event := d.o.Title
	if event == "" {
		event = cr.Event
	}
	top := c.y + bandH + 4
	ev, est := d.fit(event, style{pt: 11.5, bold: true, color: ink}, 7.5, w, 2)
	y := c.block(ev, est, x0, top+est.capHeight())
	if cr.Name != "" {
		hs := style{pt: 7.5, color: muted}
		lines, hs := c.fitName(hs, 6, w, 1)
		c.block(lines, hs, x0, y-est.lineHeight()+1.4+hs.lineHeight())
	}
	gate := strings.Join(cr.Zones, " · ")
	fs := []field{
		{label: t.msg(msgLabelGate, nil), value: gate},
		{label: t.msg(msgLabelSeat, nil), value: cr.Seat},
	}
	// When the event is: its start and doors-open time when the print run
	// gives them, else the entry window that the credential's validity
	// makes, else only the last day it is valid. The expiry alone is no
	// entry time.
	es, do := d.o.EventStart, d.o.DoorsOpen
	if !c.it.EventStart.IsZero() || !c.it.DoorsOpen.IsZero() {
		es, do = c.it.EventStart, c.it.DoorsOpen
	}
	start, doors := t.eventTimes(es, do, d.o.Location)
	switch {
	case start != "" || doors != "":
		fs = append(fs, field{label: t.msg(msgLabelEventDate, nil), value: start, wide: true},
			field{label: t.msg(msgLabelDoors, nil), value: doors})
	case !cr.NotBefore.IsZero():
		fs = append(fs, field{label: t.msg(msgLabelEntry, nil), value: t.entryWindow(cr.NotBefore, cr.Expires, d.o.Location), wide: true})
	default:
		fs = append(fs, field{label: t.msg(msgLabelValidUntil, nil), value: t.untilDate(cr.Expires, d.o.Location)})
	}
	cols := 1
	if w >= 36 {
		cols = 2
	}
	c.fields(fieldRows(fs, cols), cols, x0, x1, c.y+CardHeight-4.6)
}

// untilDate is the last day a credential is valid: an expiry at midnight
// means the day before.
func (t *texts) untilDate(exp time.Time, loc *time.Location) string {
	if exp.IsZero() {
		return ""
	}
	exp = exp.In(loc)
	if exp.Hour() == 0 && exp.Minute() == 0 && exp.Second() == 0 {
		exp = exp.Add(-time.Second)
	}
	return t.date(exp)
}

// entryWindow prints nbf to exp, on one day when it can.
func (t *texts) entryWindow(nbf, exp time.Time, loc *time.Location) string {
	if exp.IsZero() || nbf.IsZero() {
		return ""
	}
	exp, nbf = exp.In(loc), nbf.In(loc)
	zone := exp.Format("MST")
	if y, m, dd := nbf.Date(); y == exp.Year() && m == exp.Month() && dd == exp.Day() {
		return t.msg(msgWindowSameDay, map[string]any{"Date": t.dateWeekday(nbf), "From": nbf.Format("15:04"), "To": exp.Format("15:04"), "Zone": zone})
	}
	return t.msg(msgWindow, map[string]any{"From": t.dateTime(nbf), "To": t.dateTime(exp), "Zone": zone})
}

// eventTimes prints the event's start ("Sat 5 Dec 2026, 19:00 KST") and the
// time doors open: only the time on the same day, else day and time.
func (t *texts) eventTimes(start, doors time.Time, loc *time.Location) (string, string) {
	var s, d string
	if !start.IsZero() {
		start = start.In(loc)
		s = t.msg(msgTimeZone, map[string]any{"Time": t.dateTime(start), "Zone": start.Format("MST")})
	}
	if !doors.IsZero() {
		doors = doors.In(loc)
		d = doors.Format("15:04")
		if y, m, dd := doors.Date(); start.IsZero() || y != start.Year() || m != start.Month() || dd != start.Day() {
			d = t.dateTime(doors)
		}
		if start.IsZero() {
			d = t.msg(msgTimeZone, map[string]any{"Time": d, "Zone": doors.Format("MST")})
		}
	}
	return s, d
}
