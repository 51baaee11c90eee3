package qr

import (
	"math"
	"sort"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// This file replaces the last step of gozxing's detector. gozxing derives
// the symbol dimension from one global module size estimate; under
// perspective, blur or noise that estimate is often a few modules off and
// the frame is lost even though all three finder patterns were found. We
// estimate the dimension from the local module sizes at each finder pattern
// and then try the nearest valid dimensions in turn, letting Reed-Solomon
// decoding tell the right one.

// decodeInfo samples and decodes the code whose finder patterns are info.
func decodeInfo(m *gozxing.BitMatrix, info *detector.FinderPatternInfo, hints map[gozxing.DecodeHintType]interface{}) (string, bool) {
	dec := decoder.NewDecoder()
	if r, err := detector.NewDetector(m).ProcessFinderPatternInfo(info); err == nil {
		if res, err := dec.Decode(r.GetBits(), hints); err == nil {
			return res.GetText(), true
		}
	}
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	for _, dim := range dimensions(tl, tr, bl) {
		var text string
		if grids(m, tl, tr, bl, dim, func(bits *gozxing.BitMatrix) bool {
			res, err := dec.Decode(bits, hints)
			if err == nil {
				text = res.GetText()
			}
			return err == nil
		}) {
			return text, true
		}
	}
	return "", false
}

// dimensions returns plausible symbol dimensions (17+4*version), nearest to
// the local-module-size estimate first.
func dimensions(tl, tr, bl *detector.FinderPattern) []int {
	ms := func(a, b *detector.FinderPattern) float64 {
		return (a.GetEstimatedModuleSize() + b.GetEstimatedModuleSize()) / 2
	}
	est := (gozxing.ResultPoint_Distance(tl, tr)/ms(tl, tr)+
		gozxing.ResultPoint_Distance(tl, bl)/ms(tl, bl))/2 + 7
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

// grids yields the module grid of a dim x dim symbol sampled with each
// plausible bottom-right alignment pattern (searching ever wider around
// where an undistorted code would have it; under perspective the first
// candidate is often a look-alike in the data), and finally without one.
func grids(m *gozxing.BitMatrix, tl, tr, bl *detector.FinderPattern, dim int, yield func(*gozxing.BitMatrix) bool) bool {
	var seen []*detector.AlignmentPattern
	if dim > 21 {
		module := (tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 3
		k := 1 - 3/float64(dim-7)
		// Where an affine (parallelogram) code has it, and where a code
		// seen in perspective has it: the projective weight of each finder
		// is inversely proportional to its apparent module size.
		wr := tl.GetEstimatedModuleSize() / tr.GetEstimatedModuleSize()
		wb := tl.GetEstimatedModuleSize() / bl.GetEstimatedModuleSize()
		var at [2][2]float64
		for i, w := range [2][2]float64{{1, 1}, {wr, wb}} {
			den := 1 + k*(w[0]-1) + k*(w[1]-1)
			at[i][0] = (tl.GetX() + k*(tr.GetX()*w[0]-tl.GetX()) + k*(bl.GetX()*w[1]-tl.GetX())) / den
			at[i][1] = (tl.GetY() + k*(tr.GetY()*w[0]-tl.GetY()) + k*(bl.GetY()*w[1]-tl.GetY())) / den
		}
		tries := [...]struct {
			at     int
			factor float64
		}{{1, 4}, {0, 4}, {1, 8}, {0, 8}, {1, 16}}
	search:
		for _, t := range tries {
			a := findAlignment(m, module, at[t.at][0], at[t.at][1], t.factor)
			if a == nil {
				continue
			}
			for _, s := range seen {
				if s.AboutEquals(module, a.GetY(), a.GetX()) {
					continue search
				}
			}
			seen = append(seen, a)
		}
	}
	seen = append(seen, nil)
	for _, a := range seen {
		t := detector.Detector_createTransform(tl, tr, bl, a, dim)
		if bits, err := detector.Detector_sampleGrid(m, t, dim); err == nil && yield(bits) {
			return true
		}
	}
	return false
}

func findAlignment(m *gozxing.BitMatrix, module, x, y, factor float64) *detector.AlignmentPattern {
	allow := int(factor * module)
	left, right := max(0, int(x)-allow), min(m.GetWidth()-1, int(x)+allow)
	top, bottom := max(0, int(y)-allow), min(m.GetHeight()-1, int(y)+allow)
	if float64(right-left) < 3*module || float64(bottom-top) < 3*module {
		return nil
	}
	a, err := detector.NewAlignmentPatternFinder(m, left, top, right-left, bottom-top, module, nil).Find()
	if err != nil {
		return nil
	}
	return a
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
