package qr

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// This file finds the remaining codes of a picture that holds several, such
// as a printed sheet of cards or a photo of a few credentials. The ladder
// stops at the first rung that decodes anything, and gozxing's row scan
// skips rows in proportion to the picture's height, so on a big page it can
// step over whole rows of small codes. Once something decoded, the finder
// pattern candidates that no decoded code explains are grouped into
// plausible triples and decoded, after scanning the rows gozxing skipped if
// its scan was too coarse for codes like those found.

// A located code is where a decoded code's finder patterns are, in source
// coordinates.
type located struct {
	tl, tr, bl [2]float64
	module     float64
}

// contains reports whether (x, y) lies on the code or within four modules
// of it.
func (l located) contains(x, y float64) bool {
	ux, uy := l.tr[0]-l.tl[0], l.tr[1]-l.tl[1]
	vx, vy := l.bl[0]-l.tl[0], l.bl[1]-l.tl[1]
	det := ux*vy - uy*vx
	if det == 0 {
		return false
	}
	px, py := x-l.tl[0], y-l.tl[1]
	a := (px*vy - py*vx) / det
	b := (ux*py - uy*px) / det
	// The finder pattern centres sit 3.5 modules inside the symbol; add
	// four for the quiet zone and a margin.
	pa := 8 * l.module / math.Hypot(ux, uy)
	pb := 8 * l.module / math.Hypot(vx, vy)
	return a > -pa && a < 1+pa && b > -pb && b < 1+pb
}

// explained reports whether a decoded code covers (x, y).
func (d *Decoder) explained(x, y float64) bool {
	for _, l := range d.codes {
		if l.contains(x, y) {
			return true
		}
	}
	return false
}

// more looks for the codes the ladder did not return, after it found at
// least one.
func (d *Decoder) more(src plane) {
	if len(d.codes) == 0 || d.win.p.pix == nil {
		return
	}
	v := d.win
	if v.scale*float64(v.p.w) < 0.9*float64(src.w) || v.scale*float64(v.p.h) < 0.9*float64(src.h) {
		// A crop, found by a later rung: look at the whole denoised
		// frame of the same polarity.
		if v.inv {
			v = d.invBlurView(src)
		} else {
			v = d.blurView(src)
		}
		v.fam = &v.p.pix[0]
	}
	matrix := d.moreIn(v)
	if matrix == nil || v.inv {
		return
	}
	// The ladder stopped before it looked at the inverted frame. Look
	// there only if the binarization shows light-on-dark finder
	// patterns outside the codes found: negating it is all but the
	// inverted frame's binarization, and scanning its runs is cheap.
	// Every pattern with modules of the target size (see moreIn) or
	// more is crossed at least once.
	step := max(int(3*math.Max(2, d.minModule()/2)/v.scale), detector.FinderPatternFinder_MIN_SKIP)
	if d.darkFinders(v, matrix, step) < 2 {
		return
	}
	iv := d.invFullView(src)
	iv.fam, iv.neg = nil, nil
	n := len(d.codes)
	d.try(iv, hybrid, 0)
	if len(d.codes) > n {
		d.moreIn(iv)
	}
}

// minModule returns the module size of the smallest code found.
func (d *Decoder) minModule() float64 {
	m := math.Inf(1)
	for _, l := range d.codes {
		m = math.Min(m, l.module)
	}
	return m
}

// moreIn decodes the codes of view v whose finder patterns gozxing saw but
// did not group, or did not see at all because it skipped the rows. It
// returns v's binarization.
func (d *Decoder) moreIn(v view) *gozxing.BitMatrix {
	bmp, _ := d.binarize(v, hybrid)
	if bmp == nil {
		return nil
	}
	matrix, err := bmp.GetBlackMatrix()
	if err != nil {
		return nil
	}
	// gozxing scans every iSkip-th row. A finder pattern is only seen
	// from rows through its three-module centre, so codes with modules
	// under a third of the row step may have been missed altogether.
	// Scan again if that could hide codes with modules half as big as
	// the smallest code found, or two pixels, whichever is bigger:
	// smaller ones do not decode at full size anyway.
	iSkip := max(3*v.p.h/(4*detector.FinderPatternFinder_MAX_MODULES), detector.FinderPatternFinder_MIN_SKIP)
	target := math.Max(2, d.minModule()/2) / v.scale
	step := max(int(2.5*target), detector.FinderPatternFinder_MIN_SKIP)
	var cands []*detector.FinderPattern
	if float64(iSkip) > 3*target && step < iSkip {
		cands = scanFinders(matrix, step)
	} else {
		// Otherwise look again at what the first scans saw, but for
		// the specks that noise makes look like tiny finder patterns.
		for _, c := range d.cands {
			if c.count >= 2 || c.module >= 2 {
				cands = append(cands, detector.NewFinderPattern((c.x-float64(v.dx))/v.scale, (c.y-float64(v.dy))/v.scale, c.module/v.scale, c.count))
			}
		}
	}
	var loose []*detector.FinderPattern
	for _, c := range cands {
		if !d.explained(c.GetX()*v.scale+float64(v.dx), c.GetY()*v.scale+float64(v.dy)) {
			loose = append(loose, c)
		}
	}
	if len(loose) >= 2 {
		d.group(v, matrix, loose)
	}
	return matrix
}

// darkFinders counts the light-on-dark finder patterns that the rows of m,
// every step-th, cross outside the codes found, each confirmed by the
// column through its centre.
func (d *Decoder) darkFinders(v view, m *gozxing.BitMatrix, step int) int {
	w, h := m.GetWidth(), m.GetHeight()
	var row *gozxing.BitArray
	var runs []int
	hits := 0
	for y := step - 1; y < h; y += step {
		row = m.GetRow(y, row)
		runs = runs[:0]
		// Run lengths, the first (possibly empty) one light.
		for x, dark := 0, false; x < w; dark = !dark {
			var nx int
			if dark {
				nx = row.GetNextUnset(x)
			} else {
				nx = row.GetNextSet(x)
			}
			nx = min(nx, w)
			runs = append(runs, nx-x)
			x = nx
		}
		x := 0
		for i := 0; i+4 < len(runs); i++ {
			if i%2 == 0 && detector.FinderPatternFinder_foundPatternCross(runs[i:i+5]) {
				total := runs[i] + runs[i+1] + runs[i+2] + runs[i+3] + runs[i+4]
				cx := x + runs[i] + runs[i+1] + runs[i+2]/2
				// Noise makes specks look like tiny patterns.
				if float64(total)*v.scale >= 14 && darkColumn(m, cx, y, total) &&
					!d.explained(float64(cx)*v.scale+float64(v.dx), float64(y)*v.scale+float64(v.dy)) {
					hits++
					if hits >= 2 {
						return hits
					}
				}
			}
			x += runs[i]
		}
	}
	return hits
}

// darkColumn reports whether the column of m through (x, y) crosses a
// light-on-dark finder pattern of about the given width there.
func darkColumn(m *gozxing.BitMatrix, x, y, total int) bool {
	var c [5]int
	// From the light centre up, then down.
	i := y
	for ; i >= 0 && !m.Get(x, i); i-- {
		c[2]++
	}
	for ; i >= 0 && m.Get(x, i) && c[1] <= total; i-- {
		c[1]++
	}
	for ; i >= 0 && !m.Get(x, i) && c[0] <= total; i-- {
		c[0]++
	}
	for i = y + 1; i < m.GetHeight() && !m.Get(x, i); i++ {
		c[2]++
	}
	for ; i < m.GetHeight() && m.Get(x, i) && c[3] <= total; i++ {
		c[3]++
	}
	for ; i < m.GetHeight() && !m.Get(x, i) && c[4] <= total; i++ {
		c[4]++
	}
	vt := c[0] + c[1] + c[2] + c[3] + c[4]
	return 5*abs(vt-total) < 2*total && detector.FinderPatternFinder_foundPatternCross(c[:])
}

// group decodes the codes whose finder patterns are among cands, best
// shaped triples first, and then the codes of which two finder patterns
// are among them.
func (d *Decoder) group(v view, matrix *gozxing.BitMatrix, cands []*detector.FinderPattern) {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].GetCount() > cands[j].GetCount() })
	if len(cands) > 60 {
		cands = cands[:60]
	}
	type triple struct {
		i, j, k int
		info    *detector.FinderPatternInfo
		err     float64
	}
	var ts []triple
	for i := 0; i < len(cands); i++ {
		for j := i + 1; j < len(cands); j++ {
			for k := j + 1; k < len(cands); k++ {
				info, err := shape(cands[i], cands[j], cands[k])
				if info != nil {
					ts = append(ts, triple{i, j, k, info, err})
				}
			}
		}
	}
	sort.SliceStable(ts, func(a, b int) bool { return ts[a].err < ts[b].err })
	used := make([]bool, len(cands))
	hints := map[gozxing.DecodeHintType]interface{}{}
	fails := 0
	for _, t := range ts {
		if used[t.i] || used[t.j] || used[t.k] {
			continue
		}
		if fails >= 8+2*len(d.codes) {
			break
		}
		n := len(d.codes)
		if text, ok := d.decodeInfo(v, matrix, t.info, hints); ok {
			d.add(text)
		}
		if len(d.codes) == n {
			fails++
			continue
		}
		for i, c := range cands {
			used[i] = used[i] || d.codes[n].contains(c.GetX()*v.scale+float64(v.dx), c.GetY()*v.scale+float64(v.dy))
		}
		used[t.i], used[t.j], used[t.k] = true, true, true
	}
	var rest []*detector.FinderPattern
	for i, c := range cands {
		if !used[i] {
			rest = append(rest, c)
		}
	}
	if len(rest) < 2 {
		return
	}
	// The pairs share the triples' budget of fits that read nothing:
	// sensor noise makes dozens of look-alikes around a code, and every
	// pair of them would be a grid fit.
	for _, info := range completePairs(v.p, rest) {
		if fails >= 8+2*len(d.codes) {
			break
		}
		n := len(d.codes)
		if text, ok := d.decodeInfo(v, matrix, info, hints); ok {
			d.add(text)
		}
		if len(d.codes) == n {
			fails++
		}
	}
}

// shape orders three finder pattern candidates as a code's bottom left, top
// left and top right ones if they look like one: similar module sizes, a
// roughly isosceles right triangle, and a plausible number of modules
// between them. It also returns how far they are from the ideal shape.
func shape(a, b, c *detector.FinderPattern) (*detector.FinderPatternInfo, float64) {
	lo := math.Min(a.GetEstimatedModuleSize(), math.Min(b.GetEstimatedModuleSize(), c.GetEstimatedModuleSize()))
	hi := math.Max(a.GetEstimatedModuleSize(), math.Max(b.GetEstimatedModuleSize(), c.GetEstimatedModuleSize()))
	if hi > 1.6*lo {
		return nil, 0
	}
	p0, p1, p2 := gozxing.ResultPoint_OrderBestPatterns(a, b, c)
	bl, tl, tr := p0.(*detector.FinderPattern), p1.(*detector.FinderPattern), p2.(*detector.FinderPattern)
	d1, d2 := gozxing.ResultPoint_Distance(tl, tr), gozxing.ResultPoint_Distance(tl, bl)
	hyp := gozxing.ResultPoint_Distance(tr, bl)
	mean := (a.GetEstimatedModuleSize() + b.GetEstimatedModuleSize() + c.GetEstimatedModuleSize()) / 3
	if d1 < 14*lo || d2 < 14*lo || (d1+d2)/2 > 180*mean || math.Max(d1, d2) > 1.6*math.Min(d1, d2) {
		return nil, 0
	}
	r := hyp / math.Hypot(d1, d2)
	if r < 0.8 || r > 1.2 {
		return nil, 0
	}
	err := math.Abs(d1-d2)/math.Min(d1, d2) + math.Abs(r-1) + (hi-lo)/lo
	return detector.NewFinderPatternInfo(bl, tl, tr), err
}

// scanFinders looks for finder patterns on every step-th row of m, as
// gozxing's detector does on every iSkip-th, and returns what it found.
func scanFinders(m *gozxing.BitMatrix, step int) []*detector.FinderPattern {
	f := detector.NewFinderPatternFinder(m, nil)
	w, h := m.GetWidth(), m.GetHeight()
	var row *gozxing.BitArray
	state := make([]int, 5)
	for i := step - 1; i < h; i += step {
		row = m.GetRow(i, row)
		detector.FinderPatternFinder_doClearCounts(state)
		cur := 0
		for j := 0; j < w; j++ {
			if row.Get(j) {
				if cur&1 == 1 {
					cur++
				}
				state[cur]++
				continue
			}
			if cur&1 == 1 {
				state[cur]++
				continue
			}
			if cur != 4 {
				cur++
				state[cur]++
				continue
			}
			if detector.FinderPatternFinder_foundPatternCross(state) && f.HandlePossibleCenter(state, i, j) {
				cur = 0
				detector.FinderPatternFinder_doClearCounts(state)
			} else {
				detector.FinderPatternFinder_doShiftCounts2(state)
				cur = 3
			}
		}
		if detector.FinderPatternFinder_foundPatternCross(state) {
			f.HandlePossibleCenter(state, i, w)
		}
	}
	return f.GetPossibleCenters()
}
