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
	tried := 0
	if r, err := detector.NewDetector(m).ProcessFinderPatternInfo(info); err == nil {
		tried = r.GetBits().GetWidth()
		if res, err := dec.Decode(r.GetBits(), hints); err == nil {
			return res.GetText(), true
		}
	}
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	for _, dim := range dimensions(tl, tr, bl) {
		if dim == tried {
			continue
		}
		bits, err := sample(m, tl, tr, bl, dim)
		if err != nil {
			continue
		}
		if res, err := dec.Decode(bits, hints); err == nil {
			return res.GetText(), true
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

// sample reads the module grid of a dim x dim symbol, using the bottom
// right alignment pattern when it can be found.
func sample(m *gozxing.BitMatrix, tl, tr, bl *detector.FinderPattern, dim int) (*gozxing.BitMatrix, error) {
	var align *detector.AlignmentPattern
	if dim > 21 {
		module := (tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 3
		brX := tr.GetX() - tl.GetX() + bl.GetX()
		brY := tr.GetY() - tl.GetY() + bl.GetY()
		k := 1 - 3/float64(dim-7)
		ex, ey := tl.GetX()+k*(brX-tl.GetX()), tl.GetY()+k*(brY-tl.GetY())
		for f := 4.0; f <= 16 && align == nil; f *= 2 {
			align = findAlignment(m, module, ex, ey, f)
		}
	}
	t := detector.Detector_createTransform(tl, tr, bl, align, dim)
	return detector.Detector_sampleGrid(m, t, dim)
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
