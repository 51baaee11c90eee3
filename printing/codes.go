package printing

import (
	"strings"
)

// Codes sheet geometry, in millimetres.
const (
	codesCols   = 3
	codesRows   = 4
	codesMargin = 12.0
	codesHeader = 14.0 // from the top margin to the grid
)

// codesCell lays out one code of a codes sheet with the holder's name and a
// detail line under it, starting a page with a heading when needed.
func (d *doc) codesCell(c *card) {
	per := codesCols * codesRows
	k := d.n % per
	if k == 0 {
		d.pdf.AddPage()
		d.codesHeading(c)
	}
	gridTop := codesMargin + codesHeader
	cw := (d.pageW - 2*codesMargin) / codesCols
	ch := (d.pageH - gridTop - codesMargin) / codesRows
	x := codesMargin + float64(k%codesCols)*cw
	y := gridTop + float64(k/codesCols)*ch

	d.draw(rgb{0xd5, 0xd9, 0xde})
	d.pdf.SetLineWidth(0.15)
	d.pdf.RoundedRect(x+1, y+1, cw-2, ch-2, 2, "1234", "D")

	// The name, wrapped onto a second line rather than cut, after a tick
	// box for the desk; the code gives up the height a second line needs.
	const tick, tickGap = 3.6, 1.8
	cr := c.cred()
	w := cw - 6
	name, nst := c.fitName(style{pt: 11, bold: true, color: ink}, 7, w-tick-tickGap, 2)
	extra := float64(max(0, len(name)-1)) * nst.lineHeight()
	box := min(cw-6, ch-14-extra)
	d.drawQR(c, x+(cw-box)/2, y+2, box)

	ny := y + 2 + box + 2.6
	nameW := 0.0
	for _, l := range name {
		nameW = max(nameW, d.width(l, nst))
	}
	tx := x + (cw-nameW-tick-tickGap)/2
	base := ny + nst.capHeight()
	d.draw(ink)
	d.pdf.SetLineWidth(0.3)
	d.pdf.Rect(tx, base-tick+0.1, tick, tick, "D")
	for i, l := range name {
		d.text(c, tx+tick+tickGap, base+float64(i)*nst.lineHeight(), l, nst, left)
	}
	var detail []string
	for _, s := range []string{cr.Number, cr.Seat, cr.Tier, cr.Org} {
		if s != "" {
			detail = append(detail, s)
		}
	}
	if len(detail) > 0 {
		lines, st := d.fit(strings.Join(detail, " · "), style{pt: 8, color: muted}, 6, w, 1)
		d.text(c, x+cw/2, base+extra+st.lineHeight()+0.6, lines[0], st, center)
	}
}

func (d *doc) codesHeading(c *card) {
	per := codesCols * codesRows
	page := (d.first+d.n)/per + 1
	pages := (d.total + per - 1) / per
	title := d.o.Title
	if title == "" {
		title = d.t.msg(msgCodesTitle, nil)
	}
	base := codesMargin + 6
	info := d.t.msg(msgCodesInfo, map[string]any{"Page": page, "Pages": pages, "Count": d.total})
	ist := style{pt: 8, color: muted}
	iw := d.width(info, ist)
	lines, st := d.fit(title, style{pt: 15, bold: true, color: c.accent}, 9, d.pageW-2*codesMargin-iw-6, 1)
	d.text(c, codesMargin, base, lines[0], st, left)
	d.text(c, d.pageW-codesMargin, base, info, ist, right)
	d.fill(c.accent)
	d.pdf.Rect(codesMargin, base+3, d.pageW-2*codesMargin, 0.5, "F")
}
