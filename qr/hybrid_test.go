package qr

import (
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
	multidetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
)

// TestFastHybridMatchesGozxing checks that fastHybrid gives exactly
// gozxing's HybridBinarizer output, on sizes that are and are not
// multiples of the block size and on frames with flat and busy areas.
func TestFastHybridMatchesGozxing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := [][2]int{{40, 40}, {41, 43}, {64, 57}, {100, 37}, {203, 155}, {1280, 720}, {33, 300}}
	for _, sz := range sizes {
		w, h := sz[0], sz[1]
		for trial := range 4 {
			pix := make([]byte, w*h)
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					var v int
					switch trial {
					case 0: // noise
						v = rng.IntN(256)
					case 1: // flat areas with a few edges
						v = 200
						if (x/13+y/9)%3 == 0 {
							v = 30
						}
						v += rng.IntN(10)
					case 2: // smooth gradient
						v = (x*255/w + y*255/h) / 2
					default: // dark
						v = rng.IntN(20)
					}
					pix[y*w+x] = byte(v)
				}
			}
			src := newGrayLuminance(pix, w, h)
			want, werr := gozxing.NewHybridBinarizer(src).GetBlackMatrix()
			got, err := newFastHybrid(src).GetBlackMatrix()
			if (err != nil) != (werr != nil) {
				t.Fatalf("%dx%d trial %d: error %v, gozxing's %v", w, h, trial, err, werr)
			}
			if err != nil {
				continue
			}
			fh := newFastHybrid(src)
			// The negative, binarized from the statistics of src.
			neg := invert(nil, plane{pix, w, h})
			negSrc := newGrayLuminance(neg, w, h)
			wantNeg, werr := gozxing.NewHybridBinarizer(negSrc).GetBlackMatrix()
			fneg := newFastHybrid(negSrc)
			fneg.negativeOf(fh)
			gotNeg, err := fneg.GetBlackMatrix()
			if (err != nil) != (werr != nil) {
				t.Fatalf("%dx%d trial %d negative: error %v, gozxing's %v", w, h, trial, err, werr)
			}
			if err == nil && gotNeg.String() != wantNeg.String() {
				t.Fatalf("%dx%d trial %d: negative binarized differently from gozxing", w, h, trial)
			}
			for y := 0; y < h; y++ {
				for x := 0; x < w; x++ {
					if got.Get(x, y) != want.Get(x, y) {
						t.Fatalf("%dx%d trial %d: pixel (%d,%d) is %v, gozxing says %v", w, h, trial, x, y, got.Get(x, y), want.Get(x, y))
					}
					if !fh.small() && fh.grid().dark(pix, x, y) != want.Get(x, y) {
						t.Fatalf("%dx%d trial %d: dark(%d,%d) is %v, gozxing says %v", w, h, trial, x, y, !want.Get(x, y), want.Get(x, y))
					}
				}
			}
		}
	}
}

func benchPlasma(b *testing.B) (pix []byte, w, h int) {
	w, h = 1280, 720
	rng := rand.New(rand.NewPCG(3, 4))
	pix = make([]byte, w*h)
	for i := range pix {
		pix[i] = byte(100 + rng.IntN(60))
	}
	return
}

func BenchmarkHybridGozxing(b *testing.B) {
	pix, w, h := benchPlasma(b)
	for b.Loop() {
		gozxing.NewHybridBinarizer(newGrayLuminance(pix, w, h)).GetBlackMatrix()
	}
}

func BenchmarkHybridFast(b *testing.B) {
	pix, w, h := benchPlasma(b)
	for b.Loop() {
		newFastHybrid(newGrayLuminance(pix, w, h)).GetBlackMatrix()
	}
}

// TestMayHoldFinder checks the shortcut of mayHoldFinder against gozxing's
// finder pattern search: whenever it says no, the search must find no
// candidate. The frames are the benchmark set, where most say yes, and
// textures and noise, where most say no.
func TestMayHoldFinder(t *testing.T) {
	var planes []plane
	for _, s := range loadBenchSets(t) {
		for _, im := range s.images {
			p, _ := luminance(im.img, nil)
			planes = append(planes, p)
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		w, h := 200+rng.IntN(700), 200+rng.IntN(500)
		p := plane{make([]byte, w*h), w, h}
		amp := 10 + rng.IntN(120)
		for i := range p.pix {
			p.pix[i] = byte(128 - amp/2 + rng.IntN(amp))
		}
		planes = append(planes, p)
	}
	no := 0
	for _, p := range planes {
		for _, inv := range []bool{false, true} {
			pix := p.pix
			if inv {
				pix = invert(nil, p)
			}
			for _, harder := range []bool{false, true} {
				fh := newFastHybrid(newGrayLuminance(pix, p.w, p.h))
				if fh.mayHoldFinder(harder) {
					continue
				}
				no++
				m, err := fh.GetBlackMatrix()
				if err != nil {
					t.Fatal(err)
				}
				hints := map[gozxing.DecodeHintType]interface{}{}
				if harder {
					hints[gozxing.DecodeHintType_TRY_HARDER] = true
				}
				f := multidetector.NewMultiFinderPatternFinder(m, nil)
				f.FindMulti(hints)
				if n := len(f.GetPossibleCenters()); n > 0 {
					t.Errorf("%dx%d inverted=%v tryHarder=%v: mayHoldFinder says no, gozxing finds %d candidates", p.w, p.h, inv, harder, n)
				}
			}
		}
	}
	if no == 0 {
		t.Error("mayHoldFinder never ruled a frame out")
	}
	t.Logf("%d of %d binarizations ruled out", no, 4*len(planes))
}

// TestBoxBlur3 compares boxBlur3 with a plain 3x3 mean that repeats the
// border pixels.
func TestBoxBlur3(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, sz := range [][2]int{{1, 1}, {1, 5}, {5, 1}, {2, 2}, {3, 7}, {64, 33}, {101, 99}} {
		w, h := sz[0], sz[1]
		p := plane{make([]byte, w*h), w, h}
		for i := range p.pix {
			p.pix[i] = byte(rng.IntN(256))
		}
		got, _ := boxBlur3(nil, p, nil)
		at := func(x, y int) int { return int(p.pix[min(max(y, 0), h-1)*w+min(max(x, 0), w-1)]) }
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				sum := 0
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						sum += at(x+dx, y+dy)
					}
				}
				if want := byte((sum*2 + 9) / 18); got[y*w+x] != want {
					t.Fatalf("%dx%d: (%d,%d) is %d, want %d", w, h, x, y, got[y*w+x], want)
				}
			}
		}
	}
}
