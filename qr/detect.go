package qr

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// This file replaces the last step of gozxing's detector. When gozxing's
// own sampling of a finder pattern triple does not decode, the grid is
// fitted to the grey image instead (see grid.go), trying the symbol
// dimensions nearest the local-module-size estimate in turn and letting the
// version information and Reed-Solomon decoding tell the right one.

// decodeInfo samples and decodes the code whose finder patterns are info.
func (d *Decoder) decodeInfo(v view, m *gozxing.BitMatrix, info *detector.FinderPatternInfo, hints map[gozxing.DecodeHintType]interface{}) (string, bool) {
	dec := decoder.NewDecoder()
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	var t [3][2]float64
	for i, p := range []*detector.FinderPattern{tl, tr, bl} {
		t[i] = [2]float64{p.GetX()*v.scale + float64(v.dx), p.GetY()*v.scale + float64(v.dy)}
	}
	// Remember where each code was read, for finding the others (see
	// multi.go).
	locate := func() {
		d.codes = append(d.codes, located{t[0], t[1], t[2], tl.GetEstimatedModuleSize() * v.scale})
	}
	if d.lookalikes() {
		return "", false
	}
	if r, err := detector.NewDetector(m).ProcessFinderPatternInfo(info); err == nil {
		if res, err := dec.Decode(r.GetBits(), hints); err == nil {
			locate()
			return res.GetText(), true
		}
	}
	// The grid fit reads grey levels and centres the patterns itself, so
	// it gives the same answer for a code found again in a view of the
	// frame derived from the same pixels: fit each code only once per
	// buffer. On a denoised sibling of a buffer, fit it again only if the
	// first fit found the format information, that is, found the code.
	tol := 3 * tl.GetEstimatedModuleSize() * v.scale
	buf := v.origin()
	for _, o := range d.fitted {
		same := true
		for i := range t {
			same = same && math.Hypot(t[i][0]-o.t[i][0], t[i][1]-o.t[i][1]) < tol
		}
		if same && (o.buf == buf || v.fam != nil && o.fam == v.fam && o.fd > foundFormat) {
			return "", false
		}
	}
	text, ok, fd, found := gridDecode(v.p, info, dec, hints)
	if fd > foundFormat {
		d.blind++
	} else {
		d.seenFormat = true
	}
	d.fitted = append(d.fitted, fitted{t, buf, v.fam, fd})
	d.unreadable = d.unreadable || found && !ok
	if ok {
		locate()
	}
	return text, ok
}

// maxBlind bounds the grid fits per Decode call that find no format
// information, that is, that were fitted to something other than a code.
// Woven cloth, tiles or printed patterns can show gozxing thousands of
// finder pattern triples, each costing a grid fit; on the benchmark set a
// code that decoded was found after at most six blind fits.
const maxBlind = 16

// foundFormat is the largest number of wrong format information bits, of
// 30, that shows a grid fitted to a code rather than to something else:
// random modules come this close once in a thousand.
const foundFormat = 4

// fitted records a finder pattern triple, in source coordinates, that
// gridDecode has tried on the pixels starting at buf, in the family of
// buffers fam, and the fewest wrong format information bits it saw.
type fitted struct {
	t   [3][2]float64
	buf *byte
	fam *byte
	fd  int
}

// dimensions returns plausible symbol dimensions (17+4*version), nearest to
// the local-module-size estimate first.
func dimensions(tl, tr, bl *detector.FinderPattern) []int {
	ms := func(a, b *detector.FinderPattern) float64 {
		return (a.GetEstimatedModuleSize() + b.GetEstimatedModuleSize()) / 2
	}
	// gozxing measures a finder pattern along the row through its
	// centre, which crosses a pattern turned by a at 1/max(|cos a|, |sin a|)
	// times its width: undo that, or a turned code looks smaller.
	a := math.Atan2(tr.GetY()-tl.GetY(), tr.GetX()-tl.GetX())
	turn := math.Max(math.Abs(math.Cos(a)), math.Abs(math.Sin(a)))
	est := (gozxing.ResultPoint_Distance(tl, tr)/ms(tl, tr)+
		gozxing.ResultPoint_Distance(tl, bl)/ms(tl, bl))/2/turn + 7
	span := math.Max(8, est*0.15)
	var dims []int
	for v := 1; v <= 40; v++ {
		d := 17 + 4*v
		if math.Abs(float64(d)-est) <= span {
			dims = append(dims, d)
		}
	}
	sort.Slice(dims, func(i, j int) bool {
		return math.Abs(float64(dims[i])-est) < math.Abs(float64(dims[j])-est)
	})
	return dims
}

// triples returns candidate finder pattern triples built from loose
// candidates, for when gozxing's own selection found none that decodes:
// three patterns of similar module size forming a roughly isosceles right
// triangle.
func triples(cands []*detector.FinderPattern) []*detector.FinderPatternInfo {
	if len(cands) > 10 {
		cands = cands[:10]
	}
	var infos []*detector.FinderPatternInfo
	for i := 0; i < len(cands); i++ {
		for j := i + 1; j < len(cands); j++ {
			for k := j + 1; k < len(cands); k++ {
				a, b, c := cands[i], cands[j], cands[k]
				lo := math.Min(a.GetEstimatedModuleSize(), math.Min(b.GetEstimatedModuleSize(), c.GetEstimatedModuleSize()))
				hi := math.Max(a.GetEstimatedModuleSize(), math.Max(b.GetEstimatedModuleSize(), c.GetEstimatedModuleSize()))
				if hi > 1.6*lo {
					continue
				}
				p0, p1, p2 := gozxing.ResultPoint_OrderBestPatterns(a, b, c)
				bl, tl, tr := p0.(*detector.FinderPattern), p1.(*detector.FinderPattern), p2.(*detector.FinderPattern)
				d1, d2 := gozxing.ResultPoint_Distance(tl, tr), gozxing.ResultPoint_Distance(tl, bl)
				hyp := gozxing.ResultPoint_Distance(tr, bl)
				if d1 < 14*lo || d2 < 14*lo || math.Max(d1, d2) > 1.6*math.Min(d1, d2) {
					continue
				}
				if r := hyp / math.Hypot(d1, d2); r < 0.8 || r > 1.2 {
					continue
				}
				infos = append(infos, detector.NewFinderPatternInfo(bl, tl, tr))
			}
		}
	}
	return infos
}
