package qr

import (
	"math"
	"math/bits"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// This file is a second sampler for codes whose finder patterns were found
// but which gozxing's detector could not read. gozxing builds its sampling
// grid from the three finder patterns and at most one alignment pattern and
// samples the binarized image. Here the grid is fitted to every pattern the
// version predicts: the finder patterns and alignment patterns are located
// by matching their module layout against the grey image, one after the
// other from the top left corner outwards, refitting a projective transform
// after each, and the modules are then sampled in grey and thresholded
// against their neighbourhood in module space. That copes with strong
// perspective, where an error in the extrapolated far corner shears the
// whole grid, and with blur, where binarizing pixels before sampling loses
// the modules that differ from their neighbours.

// A hom is a projective transform from module to image coordinates, kept
// in normalized coordinates for numerical stability.
type hom struct {
	m          [8]float64
	su         float64 // module coordinates are multiplied by su
	sx, cx, cy float64 // image = normalized*sx + (cx, cy)
}

func (h *hom) apply(u, v float64) (float64, float64) {
	u, v = u*h.su, v*h.su
	d := h.m[6]*u + h.m[7]*v + 1
	x := (h.m[0]*u + h.m[1]*v + h.m[2]) / d
	y := (h.m[3]*u + h.m[4]*v + h.m[5]) / d
	return x*h.sx + h.cx, y*h.sx + h.cy
}

// A corr is a correspondence between a module point and an image point.
type corr struct{ u, v, x, y float64 }

// fitHom fits a transform to the correspondences by least squares: affine
// for fewer than four points or when proj is false, projective otherwise.
func fitHom(cs []corr, dim int, proj bool) (hom, bool) {
	var h hom
	h.su = 1 / float64(dim)
	for _, c := range cs {
		h.cx += c.x
		h.cy += c.y
	}
	n := float64(len(cs))
	h.cx /= n
	h.cy /= n
	for _, c := range cs {
		h.sx += math.Hypot(c.x-h.cx, c.y-h.cy)
	}
	h.sx /= n
	if h.sx == 0 || len(cs) < 3 {
		return h, false
	}
	k := 6
	if proj && len(cs) >= 4 {
		k = 8
	}
	var a [8][9]float64
	add := func(row [8]float64, b float64) {
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				a[i][j] += row[i] * row[j]
			}
			a[i][8] += row[i] * b
		}
	}
	for _, c := range cs {
		u, v := c.u*h.su, c.v*h.su
		x, y := (c.x-h.cx)/h.sx, (c.y-h.cy)/h.sx
		add([8]float64{u, v, 1, 0, 0, 0, -u * x, -v * x}, x)
		add([8]float64{0, 0, 0, u, v, 1, -u * y, -v * y}, y)
	}
	// Gauss-Jordan with partial pivoting; move the right-hand side into
	// column k.
	for i := 0; i < k; i++ {
		a[i][k] = a[i][8]
	}
	for c := 0; c < k; c++ {
		p := c
		for r := c + 1; r < k; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return h, false
		}
		a[c], a[p] = a[p], a[c]
		for r := 0; r < k; r++ {
			if r == c || a[r][c] == 0 {
				continue
			}
			f := a[r][c] / a[c][c]
			for j := c; j <= k; j++ {
				a[r][j] -= f * a[c][j]
			}
		}
	}
	for i := 0; i < k; i++ {
		h.m[i] = a[i][k] / a[i][i]
	}
	return h, true
}

// at returns the bilinearly interpolated grey level of p at (x, y), with
// the border repeated outside.
func (p plane) at(x, y float64) float64 {
	x, y = x-0.5, y-0.5
	if x < 0 {
		x = 0
	} else if x > float64(p.w-1) {
		x = float64(p.w - 1)
	}
	if y < 0 {
		y = 0
	} else if y > float64(p.h-1) {
		y = float64(p.h - 1)
	}
	x0, y0 := int(x), int(y)
	fx, fy := x-float64(x0), y-float64(y0)
	i := y0*p.w + x0
	dx, dy := 1, p.w
	if x0 >= p.w-1 {
		dx = 0
	}
	if y0 >= p.h-1 {
		dy = 0
	}
	r := p.pix[i : i+dy+dx+1]
	a, b := float64(r[0]), float64(r[dx])
	c, e := float64(r[dy]), float64(r[dy+dx])
	top := a + (b-a)*fx
	return top + (c+(e-c)*fx-top)*fy
}

// A tap is one module of a pattern template, relative to its centre.
type tap struct {
	du, dv float64
	dark   bool
}

var finderTaps, alignTaps = func() (f, a []tap) {
	for dv := -4; dv <= 4; dv++ {
		for du := -4; du <= 4; du++ {
			r := max(abs(du), abs(dv))
			f = append(f, tap{float64(du), float64(dv), r <= 1 || r == 3})
			if r <= 2 {
				a = append(a, tap{float64(du), float64(dv), r != 1})
			}
		}
	}
	return f, a
}()

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// score returns the contrast of the template at module point (u, v): mean
// light minus mean dark grey level.
func (g *gridFit) score(u, v float64, taps []tap) float64 {
	var light, dark float64
	var nl, nd int
	for _, t := range taps {
		x, y := g.h.apply(u+t.du, v+t.dv)
		l := g.p.at(x, y)
		if t.dark {
			dark += l
			nd++
		} else {
			light += l
			nl++
		}
	}
	return light/float64(nl) - dark/float64(nd)
}

// locate searches within reach modules of module point (u, v) for the
// template, returning the module point where it matches best and the
// contrast there.
func (g *gridFit) locate(u, v, reach float64, taps []tap) (bu, bv, best float64) {
	bu, bv, best = u, v, math.Inf(-1)
	step := 0.5
	if reach > 2.5 {
		step = 1
	}
	// The coarse search visits a lattice of offsets whose templates
	// overlap: the taps sit a whole module apart, a multiple of the step,
	// so every tap of every offset falls on one lattice of sample points.
	// Sample each point once.
	n := 0
	for du := -reach; du <= reach+1e-9; du += step {
		n++
	}
	k := int(4/step + 0.5) // taps reach four modules from the centre
	side := n + 2*k
	var cache [32 * 32]float64
	if side > 32 {
		for du := -reach; du <= reach+1e-9; du += step {
			for dv := -reach; dv <= reach+1e-9; dv += step {
				if s := g.score(u+du, v+dv, taps); s > best {
					bu, bv, best = u+du, v+dv, s
				}
			}
		}
	} else {
		for i := range side {
			for j := range side {
				x, y := g.h.apply(u-reach+float64(i-k)*step, v-reach+float64(j-k)*step)
				cache[i*side+j] = g.p.at(x, y)
			}
		}
		idx := make([]int, len(taps))
		for t, tp := range taps {
			idx[t] = int(math.Round(tp.du/step))*side + int(math.Round(tp.dv/step))
		}
		i := 0
		for du := -reach; du <= reach+1e-9; du += step {
			j := 0
			for dv := -reach; dv <= reach+1e-9; dv += step {
				base := (i+k)*side + j + k
				var light, dark float64
				var nl, nd int
				for t, tp := range taps {
					l := cache[base+idx[t]]
					if tp.dark {
						dark += l
						nd++
					} else {
						light += l
						nl++
					}
				}
				if s := light/float64(nl) - dark/float64(nd); s > best {
					bu, bv, best = u+du, v+dv, s
				}
				j++
			}
			i++
		}
	}
	for step > 0.1 {
		step /= 2
		cu, cv := bu, bv
		for du := -step; du <= step+1e-9; du += step {
			for dv := -step; dv <= step+1e-9; dv += step {
				if du == 0 && dv == 0 {
					continue
				}
				if s := g.score(cu+du, cv+dv, taps); s > best {
					bu, bv, best = cu+du, cv+dv, s
				}
			}
		}
	}
	return bu, bv, best
}

// gridFit is the state of fitting one symbol's grid.
type gridFit struct {
	p        plane
	dim      int
	h        hom
	cs       []corr
	contrast float64 // of the finder patterns
	text     string
}

// refit refits the transform to the correspondences found so far.
func (g *gridFit) refit() bool {
	h, ok := fitHom(g.cs, g.dim, true)
	if ok {
		g.h = h
	}
	return ok
}

// gridDecode fits the module grid of the code whose finder patterns gozxing
// found at info in the grey plane p and decodes it.
//
// It also returns the fewest format information bits, of 30, that were
// wrong in any grid it fitted (see formatDistance), and whether a grid
// that failed to decode matched the finder and timing patterns so well
// that the code was surely found (see found).
func gridDecode(p plane, info *detector.FinderPatternInfo, dec *decoder.Decoder, hints map[gozxing.DecodeHintType]interface{}) (text string, ok bool, fd int, found bool) {
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	dims := dimensions(tl, tr, bl)
	if len(dims) > 4 {
		dims = dims[:4]
	}
	fd = 30
	tried := map[int]bool{}
	for i := 0; i < len(dims); i++ {
		dim := dims[i]
		if tried[dim] {
			continue
		}
		tried[dim] = true
		g := &gridFit{p: p, dim: dim}
		d := float64(dim)
		fs := [3]corr{{3.5, 3.5, tl.GetX(), tl.GetY()}, {d - 3.5, 3.5, tr.GetX(), tr.GetY()}, {3.5, d - 3.5, bl.GetX(), bl.GetY()}}
		// Start from the projective transform that the finder patterns'
		// apparent module sizes suggest, centre the finder patterns on it,
		// then search the perspective that best fits the finder and timing
		// patterns, and centre the finder patterns again.
		wr := tl.GetEstimatedModuleSize() / tr.GetEstimatedModuleSize()
		wb := tl.GetEstimatedModuleSize() / bl.GetEstimatedModuleSize()
		if !g.weighted(fs, wr, wb) {
			return "", false, fd, found
		}
		var refined [3]corr
		refine := func() {
			var sum float64
			for j, f := range fs {
				u, v, s := g.locate(f.u, f.v, 1.5, finderTaps)
				x, y := g.h.apply(u, v)
				refined[j] = corr{f.u, f.v, x, y}
				sum += s
			}
			g.contrast = sum / 3
		}
		refine()
		wr, wb = g.perspective(refined, wr, wb)
		g.weighted(refined, wr, wb)
		refine()
		if g.contrast <= 8 || !g.weighted(refined, wr, wb) {
			continue
		}
		g.cs = append(g.cs[:0], refined[:]...)
		// Keep the fourth corner the perspective search implies, as a
		// prior for the fits until the alignment patterns outvote it.
		x, y := g.h.apply(d-3.5, d-3.5)
		g.cs = append(g.cs, corr{d - 3.5, d - 3.5, x, y})
		// A wrong size or a wrong finder pattern shows as timing patterns
		// that do not alternate.
		tm := g.timing()
		if tm < 0.2*g.contrast {
			continue
		}
		if dim >= 45 {
			if v := g.version(); v != nil && v.GetDimensionForVersion() != dim {
				// The version information names another size: go there
				// next, ahead of the remaining estimates.
				nd := v.GetDimensionForVersion()
				if !tried[nd] {
					dims = append(dims[:i+1], append([]int{nd}, dims[i+1:]...)...)
				}
				continue
			}
		}
		fd = min(fd, g.formatDistance())
		found = found || g.found(tm)
		if text, ok := g.decode(dec, hints); ok {
			return text, true, fd, found
		}
	}
	return "", false, fd, found
}

// found reports whether the finder patterns, at a contrast of a third of
// the grey scale or more, and the timing patterns, alternating at half that
// or more, show that the grid was fitted to a code of the right size:
// wrong sizes and triples that are not a code's finder patterns match the
// timing patterns far worse.
func (g *gridFit) found(timing float64) bool {
	return g.contrast >= 80 && timing >= 0.5*g.contrast
}

// weighted sets the transform through the three finder pattern centres fs
// with the projective weights wr and wb at the top right and bottom left
// ones: in homogeneous coordinates a pattern's weight is its depth, which
// is inversely proportional to its apparent module size, and the fourth
// corner completes the parallelogram.
func (g *gridFit) weighted(fs [3]corr, wr, wb float64) bool {
	den := wr + wb - 1
	if den < 0.2 {
		return false
	}
	tl, tr, bl := fs[0], fs[1], fs[2]
	cs := append(fs[:], corr{tr.u, bl.v,
		(wr*tr.x + wb*bl.x - tl.x) / den,
		(wr*tr.y + wb*bl.y - tl.y) / den})
	h, ok := fitHom(cs, g.dim, true)
	if ok {
		g.h = h
	}
	return ok
}

// perspective searches the projective weights (see weighted) around wr, wb
// under which the finder and timing patterns match best.
func (g *gridFit) perspective(fs [3]corr, wr, wb float64) (float64, float64) {
	best := math.Inf(-1)
	bwr, bwb := wr, wb
	eval := func(a, b float64) {
		if !g.weighted(fs, a, b) {
			return
		}
		s := g.functionScore()
		if s > best {
			best, bwr, bwb = s, a, b
		}
	}
	// Log-spaced weights: a ratio of 1.6 between the modules at two
	// finder patterns is a strongly tilted code.
	// Search coarse to fine: steps of 1.21 up to 1.46 either way, then
	// 1.1, 1.04 and 1.015 around the best so far.
	for i := -2; i <= 2; i++ {
		for j := -2; j <= 2; j++ {
			eval(wr*math.Pow(1.1, float64(2*i)), wb*math.Pow(1.1, float64(2*j)))
		}
	}
	for _, f := range []float64{1.1, 1.04, 1.015} {
		cr, cb := bwr, bwb
		for i := -1; i <= 1; i++ {
			for j := -1; j <= 1; j++ {
				if i != 0 || j != 0 {
					eval(cr*math.Pow(f, float64(i)), cb*math.Pow(f, float64(j)))
				}
			}
		}
	}
	return bwr, bwb
}

// timing returns the contrast of the timing patterns.
func (g *gridFit) timing() float64 {
	var light, dark float64
	for i := 8; i <= g.dim-9; i++ {
		a := g.sample(i, 6) + g.sample(6, i)
		if i%2 == 0 {
			dark += a
		} else {
			light += a
		}
	}
	n := float64((g.dim - 16) / 2)
	return (light/n - dark/(n+1)) / 2
}

// functionScore returns the contrast of the finder and timing patterns
// under the current transform.
func (g *gridFit) functionScore() float64 {
	d := float64(g.dim)
	s := g.score(3.5, 3.5, finderTaps) + g.score(d-3.5, 3.5, finderTaps) + g.score(3.5, d-3.5, finderTaps)
	return s/3 + g.timing()
}

// version reads the version information blocks next to the top right and
// bottom left finder patterns.
func (g *gridFit) version() *decoder.Version {
	dim := g.dim
	mid := g.midLevel()
	bit := func(x, y int) int {
		if g.sample(x, y) < mid {
			return 1
		}
		return 0
	}
	bits := 0
	for j := 5; j >= 0; j-- {
		for i := dim - 9; i >= dim-11; i-- {
			bits = bits<<1 | bit(i, j)
		}
	}
	if v, err := decoder.Version_decodeVersionInformation(bits); err == nil {
		return v
	}
	bits = 0
	for i := 5; i >= 0; i-- {
		for j := dim - 9; j >= dim-11; j-- {
			bits = bits<<1 | bit(i, j)
		}
	}
	if v, err := decoder.Version_decodeVersionInformation(bits); err == nil {
		return v
	}
	return nil
}

// midLevel returns the grey level halfway between the dark and light
// modules of the top left finder pattern.
func (g *gridFit) midLevel() float64 {
	var light, dark float64
	var nl, nd int
	for _, t := range finderTaps {
		l := g.sample(int(3+t.du), int(3+t.dv))
		if t.dark {
			dark += l
			nd++
		} else {
			light += l
			nl++
		}
	}
	return (light/float64(nl) + dark/float64(nd)) / 2
}

// sample returns the grey level at the centre of module (x, y).
func (g *gridFit) sample(x, y int) float64 {
	ix, iy := g.h.apply(float64(x)+0.5, float64(y)+0.5)
	return g.p.at(ix, iy)
}

// alignment locates the alignment patterns, nearest the top left first,
// refitting the grid after each one found.
func (g *gridFit) alignment() bool {
	v, err := decoder.Version_GetVersionForNumber((g.dim - 17) / 4)
	if err != nil {
		return false
	}
	centers := v.GetAlignmentPatternCenters()
	type pos struct{ u, v float64 }
	var ps []pos
	for _, a := range centers {
		for _, b := range centers {
			last := centers[len(centers)-1]
			if a == 6 && b == 6 || a == 6 && b == last || a == last && b == 6 {
				continue
			}
			ps = append(ps, pos{float64(a) + 0.5, float64(b) + 0.5})
		}
	}
	// Nearest the finder patterns first: by distance from the nearest one.
	d := float64(g.dim)
	near := func(p pos) float64 {
		return math.Min(p.u+p.v, math.Min(d-p.u+p.v, p.u+d-p.v))
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && near(ps[j]) < near(ps[j-1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	found := false
	for _, p := range ps {
		u, vv, s := g.locate(p.u, p.v, 1.5, alignTaps)
		if s < 0.5*g.contrast {
			continue
		}
		x, y := g.h.apply(u, vv)
		g.cs = append(g.cs, corr{p.u, p.v, x, y})
		g.refit()
		found = true
	}
	if !found {
		return false
	}
	// With the grid fitted to all of them, look again closely: the first
	// patterns were found with a cruder grid.
	cs := g.cs[:0:0]
	for _, c := range g.cs {
		if c.u == d-3.5 && c.v == d-3.5 {
			cs = append(cs, c) // the prior corner
			continue
		}
		taps := alignTaps
		if c.u == 3.5 || c.v == 3.5 {
			taps = finderTaps
		}
		u, v, s := g.locate(c.u, c.v, 0.75, taps)
		if len(taps) == len(alignTaps) && s < 0.5*g.contrast {
			continue
		}
		x, y := g.h.apply(u, v)
		cs = append(cs, corr{c.u, c.v, x, y})
	}
	g.cs = cs
	g.refit()
	return true
}

// decode samples the grid and decodes it with several thresholds, first as
// fitted to the finder and timing patterns, then refined with the alignment
// patterns.
func (g *gridFit) decode(dec *decoder.Decoder, hints map[gozxing.DecodeHintType]interface{}) (string, bool) {
	dim := g.dim
	vals := make([]float64, dim*dim)
	sharp := make([]float64, dim*dim)
	bits, _ := gozxing.NewSquareBitMatrix(dim)
	try := func(vs []float64) bool {
		thresholdGrid(bits, vs, dim, 4)
		res, err := dec.Decode(bits, hints)
		if err == nil {
			g.text = res.GetText()
		}
		return err == nil
	}
	pass := func() bool {
		for y := 0; y < dim; y++ {
			for x := 0; x < dim; x++ {
				vals[y*dim+x] = g.sample(x, y)
			}
		}
		if try(vals) {
			return true
		}
		for _, k := range []float64{0.5, 1} {
			sharpenGrid(sharp, vals, dim, k)
			if try(sharp) {
				return true
			}
		}
		return false
	}
	if pass() || g.alignment() && pass() {
		return g.text, true
	}
	return "", false
}

// thresholdGrid sets each module dark when its value is below the mean of
// the (2r+1)^2 modules around it.
func thresholdGrid(bits *gozxing.BitMatrix, vals []float64, dim, r int) {
	bits.Clear()
	sat := make([]float64, (dim+1)*(dim+1))
	for y := 0; y < dim; y++ {
		row := 0.0
		for x := 0; x < dim; x++ {
			row += vals[y*dim+x]
			sat[(y+1)*(dim+1)+x+1] = sat[y*(dim+1)+x+1] + row
		}
	}
	for y := 0; y < dim; y++ {
		y0, y1 := max(0, y-r), min(dim, y+r+1)
		for x := 0; x < dim; x++ {
			x0, x1 := max(0, x-r), min(dim, x+r+1)
			s := sat[y1*(dim+1)+x1] - sat[y0*(dim+1)+x1] - sat[y1*(dim+1)+x0] + sat[y0*(dim+1)+x0]
			if vals[y*dim+x]*float64((y1-y0)*(x1-x0)) < s {
				bits.Set(x, y)
			}
		}
	}
}

// sharpenGrid writes vals with the mean of each module's four neighbours
// subtracted k times, undoing some of the blur in module space.
func sharpenGrid(dst, vals []float64, dim int, k float64) {
	for y := 0; y < dim; y++ {
		for x := 0; x < dim; x++ {
			c := vals[y*dim+x]
			n := (vals[max(y-1, 0)*dim+x] + vals[min(y+1, dim-1)*dim+x] +
				vals[y*dim+max(x-1, 0)] + vals[y*dim+min(x+1, dim-1)]) / 4
			dst[y*dim+x] = c + k*(c-n)
		}
	}
}

// finderAt matches a finder pattern of module size ms, its axes at angle
// theta, within reach modules of (x, y). It returns where it matched best
// and the contrast there.
func finderAt(p plane, x, y, ms, theta, reach float64) (bx, by, score float64) {
	c, s := math.Cos(theta)*ms, math.Sin(theta)*ms
	h, ok := fitHom([]corr{{3.5, 3.5, x, y}, {10.5, 3.5, x + 7*c, y + 7*s}, {3.5, 10.5, x - 7*s, y + 7*c}}, 21, false)
	if !ok {
		return x, y, 0
	}
	g := &gridFit{p: p, dim: 21, h: h}
	u, v, score := g.locate(3.5, 3.5, reach, finderTaps)
	bx, by = g.h.apply(u, v)
	return bx, by, score
}

// lonelyFinder reports whether a finder pattern of module size ms is
// really at (x, y), in any orientation.
func lonelyFinder(p plane, x, y, ms float64) float64 {
	best := 0.0
	for deg := 0; deg < 90; deg += 15 {
		_, _, s := finderAt(p, x, y, ms, float64(deg)*math.Pi/180, 1)
		best = math.Max(best, s)
	}
	return best
}

// completePairs hypothesizes the third finder pattern of a code of which
// gozxing saw two, checks for it in p and returns the triples found.
func completePairs(p plane, cands []*detector.FinderPattern) []*detector.FinderPatternInfo {
	var good []*detector.FinderPattern
	for _, c := range cands {
		if len(good) < 5 {
			good = append(good, c)
		}
	}
	var infos []*detector.FinderPatternInfo
	for i, a := range good {
		for _, b := range good[i+1:] {
			ma, mb := a.GetEstimatedModuleSize(), b.GetEstimatedModuleSize()
			if ma > 1.5*mb || mb > 1.5*ma {
				continue
			}
			ms := (ma + mb) / 2
			ex, ey := b.GetX()-a.GetX(), b.GetY()-a.GetY()
			dist := math.Hypot(ex, ey) / ms
			type hyp struct{ x, y, theta float64 }
			var hs []hyp
			if dist >= 14 && dist <= 180 {
				th := math.Atan2(ey, ex)
				hs = append(hs, hyp{a.GetX() - ey, a.GetY() + ex, th}, hyp{a.GetX() + ey, a.GetY() - ex, th},
					hyp{b.GetX() - ey, b.GetY() + ex, th}, hyp{b.GetX() + ey, b.GetY() - ex, th})
			}
			if dist >= 20 && dist <= 250 {
				mx, my := (a.GetX()+b.GetX())/2, (a.GetY()+b.GetY())/2
				th := math.Atan2(ey, ex) + math.Pi/4
				hs = append(hs, hyp{mx - ey/2, my + ex/2, th}, hyp{mx + ey/2, my - ex/2, th})
			}
			if len(hs) == 0 {
				continue
			}
			th := hs[0].theta
			_, _, sa := finderAt(p, a.GetX(), a.GetY(), ma, th, 1)
			_, _, sb := finderAt(p, b.GetX(), b.GetY(), mb, th, 1)
			ref := math.Min(sa, sb)
			if ref < 30 {
				continue // not a pair of finder patterns of one code
			}
			for _, h := range hs {
				if h.x < 3*ms || h.y < 3*ms || h.x > float64(p.w)-3*ms || h.y > float64(p.h)-3*ms {
					continue
				}
				x, y, s := finderAt(p, h.x, h.y, ms, h.theta, 6)
				if s < 0.6*ref {
					continue
				}
				c := detector.NewFinderPattern(x, y, ms, 1)
				p0, p1, p2 := gozxing.ResultPoint_OrderBestPatterns(a, b, c)
				infos = append(infos, detector.NewFinderPatternInfo(p0.(*detector.FinderPattern), p1.(*detector.FinderPattern), p2.(*detector.FinderPattern)))
			}
		}
	}
	return infos
}

// formatWords are the 32 masked format information words.
var formatWords = func() (ws [32]uint) {
	for data := range uint(32) {
		v := data << 10
		for i := 14; i >= 10; i-- {
			if v&(1<<i) != 0 {
				v ^= 0x537 << (i - 10)
			}
		}
		ws[data] = (data<<10 | v) ^ 0x5412
	}
	return ws
}()

// formatDistance samples both copies of the format information and returns
// the number of their 30 bits that differ from the nearest valid pair of
// identical format words, in either reading direction. Random modules are
// within four bits of one once in a thousand.
func (g *gridFit) formatDistance() int {
	mid := g.midLevel()
	dim := g.dim
	best := 30
	for _, mirror := range []bool{false, true} {
		var a, b uint
		bit := func(w uint, i, j int) uint {
			if mirror {
				i, j = j, i
			}
			w <<= 1
			if g.sample(i, j) < mid {
				w |= 1
			}
			return w
		}
		for i := 0; i < 6; i++ {
			a = bit(a, i, 8)
		}
		a = bit(a, 7, 8)
		a = bit(a, 8, 8)
		a = bit(a, 8, 7)
		for j := 5; j >= 0; j-- {
			a = bit(a, 8, j)
		}
		for j := dim - 1; j >= dim-7; j-- {
			b = bit(b, 8, j)
		}
		for i := dim - 8; i < dim; i++ {
			b = bit(b, i, 8)
		}
		for _, w := range formatWords {
			best = min(best, bits.OnesCount(a^w)+bits.OnesCount(b^w))
		}
	}
	return best
}
