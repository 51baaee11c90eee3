package qr

import (
	"image"
	"math/rand/v2"
	"strings"
	"testing"
)

// withNoise returns a copy of img with fresh Gaussian sensor noise of standard
// deviation sigma, as consecutive camera frames of a still scene differ.
func withNoise(img image.Image, sigma float64, r *rand.Rand) *image.Gray {
	src, _ := luminance(img, nil)
	out := image.NewGray(image.Rect(0, 0, src.w, src.h))
	for i, p := range src.pix {
		out.Pix[i] = uint8(min(max(float64(p)+r.NormFloat64()*sigma, 0), 255))
	}
	return out
}

// texturedScene returns a textured 720p frame without a code from the
// benchmark set.
func texturedScene(t testing.TB) image.Image {
	return loadImage(t, benchDir+"/cam-textured/00.jpg")
}

func TestFrameDecoderReuse(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 19))
	scene := texturedScene(t)
	var f FrameDecoder
	decode := func(img image.Image) []string {
		t.Helper()
		texts, err := f.Decode(img)
		if err != nil && err != ErrNotFound {
			t.Fatal(err)
		}
		return texts
	}
	// A still scene: searched once, then reused.
	for i := 0; i < 10; i++ {
		if texts := decode(withNoise(scene, 3, r)); len(texts) != 0 {
			t.Fatalf("frame %d of an empty scene gave %q", i, texts)
		}
	}
	if f.Searched != 1 || f.Reused != 9 {
		t.Fatalf("still scene: %d searched, %d reused; want 1 and 9", f.Searched, f.Reused)
	}
	// A code held up in a corner of the same scene is read on the first
	// frame that shows it, however long the scene was still before.
	text := credential(300, 19)
	withCode := withNoise(scene, 3, r)
	paste(withCode, mustImage(t, text, RenderOptions{Scale: 3}), 900, 380)
	for i := 0; i < 3; i++ {
		if texts := decode(withCode); len(texts) != 1 || texts[0] != text {
			t.Fatalf("frame %d with a code: got %q", i, texts)
		}
	}
	if f.Searched != 4 {
		t.Fatalf("frames with a code: %d searched in all, want 4 (every one)", f.Searched)
	}
	// The still scene again: searched once more, then reused; a change of
	// light ends the reuse.
	decode(withNoise(scene, 3, r))
	decode(withNoise(scene, 3, r))
	if f.Searched != 5 || f.Reused != 10 {
		t.Fatalf("back to the scene: %d searched, %d reused; want 5 and 10", f.Searched, f.Reused)
	}
	brighter := withNoise(scene, 3, r)
	for i := range brighter.Pix {
		brighter.Pix[i] = uint8(min(int(brighter.Pix[i])+25, 255))
	}
	decode(brighter)
	if f.Searched != 6 {
		t.Fatalf("a change of light was not searched (%d searched)", f.Searched)
	}
	// A small change in one place, a hand entering a corner, is searched.
	hand := withNoise(brighter, 2, r)
	for y := 0; y < 60; y++ {
		for x := 0; x < 60; x++ {
			hand.Pix[y*hand.Stride+x] = 200
		}
	}
	decode(hand)
	if f.Searched != 7 {
		t.Fatalf("a 60x60 pixel change was not searched (%d searched)", f.Searched)
	}
	// At most frameMaxReuse frames in a row come from one search.
	for i := 0; i < 2*frameMaxReuse+2; i++ {
		decode(hand)
	}
	if f.Searched != 9 {
		t.Fatalf("%d frames of a still scene: %d searches, want 2 (one per %d reuses)", 2*frameMaxReuse+2, f.Searched-7, frameMaxReuse)
	}
}

// A frame that shows part of a code is never taken as a reference,
// so a code that does not read yet is searched again on every frame.
func TestFrameDecoderSearchesEvidence(t *testing.T) {
	text := credential(300, 7)
	code := mustImage(t, text, RenderOptions{Scale: 4, Level: L})
	// Damage the code's data so that it cannot decode, finders intact.
	r := rand.New(rand.NewPCG(7, 7))
	side := code.Bounds().Dx()
	for y := side / 4; y < side*3/4; y++ {
		for x := side / 4; x < side*3/4; x++ {
			code.Pix[y*code.Stride+x] = uint8(r.IntN(2) * 255)
		}
	}
	scene := withNoise(texturedScene(t), 0, r)
	paste(scene, code, 300, 100)
	var f FrameDecoder
	for i := 0; i < 5; i++ {
		if texts, _ := f.Decode(scene); len(texts) != 0 {
			t.Fatalf("damaged code read as %q", texts)
		}
	}
	if f.Searched != 5 || f.Reused != 0 {
		t.Fatalf("frames with finder patterns: %d searched, %d reused; want 5 and 0", f.Searched, f.Reused)
	}
}

// FrameDecoder gives Decoder's answer on every frame of the benchmark set
// decoded in turn (consecutive frames of a set differ, so nothing is
// reused there, and nothing must be lost).
func TestFrameDecoderBenchSet(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes the whole benchmark set")
	}
	var f FrameDecoder
	var d Decoder
	for _, s := range loadBenchSets(t) {
		for _, im := range s.images {
			want, _ := d.Decode(im.img)
			got, _ := f.Decode(im.img)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s/%s: FrameDecoder gave %q, Decoder %q", s.name, im.name, got, want)
			}
		}
	}
}

// BenchmarkCameraLoop times a camera loop on a still textured scene
// without a code (each of the twelve cam-textured frames, eight noisy
// frames apiece, sensor noise sigma 3), decoded with a Decoder (search) and
// with a FrameDecoder (reuse), and on the code frames of the cam-* sets,
// where a FrameDecoder must search every frame (its cost is the sampling).
func BenchmarkCameraLoop(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var still, codes []image.Image
	for _, s := range loadBenchSets(b) {
		if !strings.HasPrefix(s.name, "cam-") {
			continue
		}
		for _, im := range s.images {
			if im.want == "" {
				for range 8 {
					still = append(still, withNoise(im.img, 3, r))
				}
			} else {
				codes = append(codes, im.img)
			}
		}
	}
	for _, c := range []struct {
		name   string
		frames []image.Image
	}{{"still-empty", still}, {"code-present", codes}} {
		b.Run(c.name+"/Decoder", func(b *testing.B) {
			var d Decoder
			for i := 0; b.Loop(); i++ {
				d.Decode(c.frames[i%len(c.frames)])
			}
		})
		b.Run(c.name+"/FrameDecoder", func(b *testing.B) {
			var f FrameDecoder
			for i := 0; b.Loop(); i++ {
				f.Decode(c.frames[i%len(c.frames)])
			}
			b.ReportMetric(float64(f.Reused)/float64(f.Reused+f.Searched), "reused/op")
		})
	}
}
