package printing

import (
	"fmt"
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

	box := min(cw-6, ch-14)
	d.drawQR(c, x+(cw-box)/2, y+2, box)

	cr := c.cred()
	w := cw - 6
	ny := y + 2 + box + 2.6
	name, nst := d.fit(cr.Name, style{pt: 11, bold: true, color: ink}, 7, w, 1)
	if len(name) > 0 {
		d.text(c, x+cw/2, ny+nst.capHeight(), name[0], nst, center)
	}
	var detail []string
	for _, s := range []string{cr.Number, cr.Seat, cr.Tier, cr.Org} {
		if s != "" {
			detail = append(detail, s)
		}
	}
	if len(detail) > 0 {
		lines, st := d.fit(strings.Join(detail, " · "), style{pt: 8, color: muted}, 6, w, 1)
		d.text(c, x+cw/2, ny+nst.capHeight()+st.lineHeight()+0.6, lines[0], st, center)
	}
}

func (d *doc) codesHeading(c *card) {
	per := codesCols * codesRows
	page := (d.first+d.n)/per + 1
	pages := (d.total + per - 1) / per
	title := d.o.Title
	if title == "" {
		title = "Check-in codes"
	}
	base := codesMargin + 6
	info := fmt.Sprintf("page %d of %d · %d codes", page, pages, d.total)
	ist := style{pt: 8, color: muted}
	iw := d.width(info, ist)
	lines, st := d.fit(title, style{pt: 15, bold: true, color: c.accent}, 9, d.pageW-2*codesMargin-iw-6, 1)
	d.text(c, codesMargin, base, lines[0], st, left)
	d.text(c, d.pageW-codesMargin, base, info, ist, right)
	d.fill(c.accent)
	d.pdf.Rect(codesMargin, base+3, d.pageW-2*codesMargin, 0.5, "F")
}
