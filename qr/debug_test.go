package qr

import (
	"fmt"
	"image"
	"os"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
	multidetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
)

func TestDebug(t *testing.T) {
	path := os.Getenv("IMG")
	f, _ := os.Open(path)
	img, _, _ := image.Decode(f)
	p, _ := luminance(img, nil)
	bmp, _ := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(newGrayLuminance(p.pix, p.w, p.h)))
	m, _ := bmp.GetBlackMatrix()
	fp := detector.NewFinderPatternFinder(m, nil)
	info, err := fp.Find(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	fmt.Println("tl", tl.GetX(), tl.GetY(), tl.GetEstimatedModuleSize(), "tr", tr.GetX(), tr.GetY(), tr.GetEstimatedModuleSize(), "bl", bl.GetX(), bl.GetY(), bl.GetEstimatedModuleSize())
	fmt.Println("dims", dimensions(tl, tr, bl))
	for _, dim := range dimensions(tl, tr, bl) {
		bits, err := sample(m, tl, tr, bl, dim)
		if err != nil {
			fmt.Println(dim, "sample", err)
			continue
		}
		_, err = decoder.NewDecoder().Decode(bits, nil)
		fmt.Println(dim, err)
	}
	if os.Getenv("SHOW") != "" {
		fmt.Println(m.ToString("#", "."))
	}
}

func TestDebug2(t *testing.T) {
	path := os.Getenv("IMG")
	f, _ := os.Open(path)
	img, _, _ := image.Decode(f)
	p, _ := luminance(img, nil)
	var d Decoder
	d.single = nil
	r, err := d.Decode(img)
	fmt.Println(len(r), err)
	bmp, _ := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(newGrayLuminance(p.pix, p.w, p.h)))
	m, _ := bmp.GetBlackMatrix()
	finder := multidetector.NewMultiFinderPatternFinder(m, nil)
	infos, err := finder.FindMulti(nil)
	fmt.Println("infos", len(infos), err)
	for _, c := range finder.GetPossibleCenters() {
		fmt.Println("c", c.GetX(), c.GetY(), c.GetEstimatedModuleSize(), c.GetCount())
	}
	for _, info := range triples(finder.GetPossibleCenters()) {
		tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
		fmt.Println("triple", tl.GetX(), tl.GetY(), tr.GetX(), tr.GetY(), bl.GetX(), bl.GetY(), dimensions(tl, tr, bl))
		fmt.Println(decodeInfo(m, info, nil))
	}
}

func TestDebug3(t *testing.T) {
	path := os.Getenv("IMG")
	want := os.Getenv("WANT")
	code, _ := Encode(want, M)
	fmt.Println("true dim", code.Size())
	f, _ := os.Open(path)
	img, _, _ := image.Decode(f)
	p, _ := luminance(img, nil)
	bmp, _ := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(newGrayLuminance(p.pix, p.w, p.h)))
	m, _ := bmp.GetBlackMatrix()
	fp := detector.NewFinderPatternFinder(m, nil)
	info, _ := fp.Find(nil)
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	dim := code.Size()
	module := (tl.GetEstimatedModuleSize() + tr.GetEstimatedModuleSize() + bl.GetEstimatedModuleSize()) / 3
	brX := tr.GetX() - tl.GetX() + bl.GetX()
	brY := tr.GetY() - tl.GetY() + bl.GetY()
	k := 1 - 3/float64(dim-7)
	ex, ey := tl.GetX()+k*(brX-tl.GetX()), tl.GetY()+k*(brY-tl.GetY())
	fmt.Println("expected align", ex, ey)
	for f := 4.0; f <= 16; f *= 2 {
		a := findAlignment(m, module, ex, ey, f)
		if a != nil {
			fmt.Println("align", f, a.GetX(), a.GetY())
		}
	}
	for _, a := range []*detector.AlignmentPattern{nil} {
		bits, _ := detector.Detector_sampleGrid(m, detector.Detector_createTransform(tl, tr, bl, a, dim), dim)
		n := 0
		for y := 0; y < dim; y++ {
			for x := 0; x < dim; x++ {
				if bits.Get(x, y) != code.Black(x, y) {
					n++
				}
			}
		}
		fmt.Println("no-align errors", n)
	}
	bits, _ := sample(m, tl, tr, bl, code.Size())
	errs := 0
	for y := 0; y < code.Size(); y++ {
		line := ""
		for x := 0; x < code.Size(); x++ {
			if bits.Get(x, y) != code.Black(x, y) {
				line += "X"
				errs++
			} else {
				line += "."
			}
		}
		if os.Getenv("SHOW") != "" && y >= 7 && y < 13 {
			t, b := "", ""
			for x := 0; x < code.Size(); x++ {
				t += map[bool]string{true: "#", false: "."}[code.Black(x, y)]
				b += map[bool]string{true: "#", false: "."}[bits.Get(x, y)]
			}
			fmt.Println(t)
			fmt.Println(b)
			fmt.Println()
		}
	}
	fmt.Println("errors", errs)
}
