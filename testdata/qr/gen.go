//go:build ignore

// Command gen writes the QR decoding benchmark set under testdata/qr/bench.
//
// Run it from the repository root:
//
//	go run ./testdata/qr/gen.go            # every set
//	go run ./testdata/qr/gen.go -only cam  # the camera sets alone
//	go run ./testdata/qr/gen.go -only cam-noisy  # the noisy camera sets
//
// The camera sets (cam-*, see the end of this file) need ImageMagick's
// convert for their plasma backgrounds (apt-get install imagemagick; made
// with 6.9.11). They draw from their own random source, so either command
// gives the same files.
//
// Each set directory holds synthetic camera frames and a manifest.tsv with
// one "file<TAB>expected text" line per image (the text is empty for frames
// without a code). Output is deterministic: the same seed gives the same
// files. Difficulty rises within each set so that some frames defeat plain
// decoders, as real camera frames do.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/venuepass/venuepass/qr"
)

const base45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

var rng = rand.New(rand.NewPCG(20240611, 45))

func main() {
	out := flag.String("out", "testdata/qr/bench", "output directory")
	only := flag.String("only", "", "write only the sets whose names start with this")
	flag.Parse()
	for _, s := range sets {
		if !strings.HasPrefix(s.name, *only) {
			continue
		}
		dir := filepath.Join(*out, s.name)
		if err := os.RemoveAll(dir); err != nil {
			log.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		mf, err := os.Create(filepath.Join(dir, "manifest.tsv"))
		if err != nil {
			log.Fatal(err)
		}
		for i := 0; i < s.n; i++ {
			t := float64(i) / float64(s.n-1) // difficulty, 0 to 1
			f := s.make(t)
			name := fmt.Sprintf("%02d.png", i)
			if f.jpegQuality > 0 {
				name = fmt.Sprintf("%02d.jpg", i)
			}
			writeImage(filepath.Join(dir, name), f)
			fmt.Fprintf(mf, "%s\t%s\n", name, f.text)
		}
		if err := mf.Close(); err != nil {
			log.Fatal(err)
		}
		log.Printf("%s: %d images", s.name, s.n)
	}
}

// A frame is a synthetic greyscale camera frame.
type frame struct {
	w, h        int
	pix         []float64
	text        string
	jpegQuality int // 0 means PNG
}

type set struct {
	name string
	n    int
	make func(t float64) *frame
}

var sets = []set{
	{"clean", 10, func(t float64) *frame {
		f, _ := codeFrame(640, 480, 0.55+0.3*t, 0, 0, false)
		f.blur(0.5)
		return f
	}},
	{"rotation", 10, func(t float64) *frame {
		f, _ := codeFrame(640, 480, 0.6, 20+340*t, 0, false)
		f.blur(0.7)
		f.noise(1.2)
		f.jpegQuality = 92 // as a phone camera would store it
		return f
	}},
	{"perspective", 10, func(t float64) *frame {
		f, _ := codeFrame(640, 480, 0.7, rng.Float64()*30-15, 0.1+0.4*t, false)
		f.blur(0.7)
		f.noise(1.2)
		f.jpegQuality = 92 // as a phone camera would store it
		return f
	}},
	{"blur", 10, func(t float64) *frame {
		f, m := codeFrame(640, 480, 0.8, rng.Float64()*20-10, 0.1, false)
		f.blur(m * (0.3 + 0.5*t))
		f.noise(1.2)
		return f
	}},
	{"motionblur", 10, func(t float64) *frame {
		f, m := codeFrame(640, 480, 0.8, rng.Float64()*20-10, 0.1, false)
		f.motionBlur(m*(0.5+1.5*t), rng.Float64()*math.Pi)
		f.noise(1.2)
		f.jpegQuality = 92 // as a phone camera would store it
		return f
	}},
	{"noise", 10, func(t float64) *frame {
		f, _ := codeFrame(640, 480, 0.75, rng.Float64()*20-10, 0.1, false)
		f.blur(0.8)
		f.noise(6 + 22*t)
		return f
	}},
	{"lowcontrast", 10, func(t float64) *frame {
		f, _ := codeFrame(640, 480, 0.75, rng.Float64()*20-10, 0.1, false)
		f.blur(0.8)
		f.contrast(0.25 - 0.19*t)
		f.noise(1.5)
		return f
	}},
	{"glare", 10, func(t float64) *frame {
		f, _ := codeFrame(640, 480, 0.75, rng.Float64()*20-10, 0.1, false)
		f.blur(0.8)
		f.glare(0.15+0.25*t, 150+200*t)
		f.noise(1.2)
		f.jpegQuality = 92 // as a phone camera would store it
		return f
	}},
	{"jpeg", 10, func(t float64) *frame {
		f, _ := codeFrame(800, 600, 0.7, rng.Float64()*20-10, 0.1, false)
		f.blur(0.8)
		f.noise(3)
		f.jpegQuality = int(60 - 50*t)
		return f
	}},
	{"inverted", 10, func(t float64) *frame {
		f, _ := codeFrame(640, 480, 0.55+0.25*t, rng.Float64()*40-20, 0.15*t, true)
		f.blur(0.7 + 0.3*t)
		f.noise(1.2 + 2*t)
		f.jpegQuality = 92 // as a phone camera would store it
		return f
	}},
	{"small720p", 10, func(t float64) *frame {
		f, _ := codeFrame(1280, 720, 0.42-0.14*t, rng.Float64()*20-10, 0.1, false)
		f.blur(0.6)
		f.noise(3)
		f.jpegQuality = 90
		return f
	}},
	{"empty", 10, func(t float64) *frame {
		f := newFrame(1280, 720)
		f.background()
		f.blur(0.8)
		f.noise(2 + 4*t)
		f.jpegQuality = 85
		return f
	}},
}

func randomText() string {
	n := 250 + rng.IntN(451)
	b := []byte("VP1:")
	for range n {
		b = append(b, base45[rng.IntN(len(base45))])
	}
	return string(b)
}

func newFrame(w, h int) *frame {
	return &frame{w: w, h: h, pix: make([]float64, w*h)}
}

// background paints a cluttered scene: a lighting gradient and a few
// rectangles of random shade, like a desk or a counter.
func (f *frame) background() {
	a, b := 60+rng.Float64()*120, 60+rng.Float64()*120
	ang := rng.Float64() * 2 * math.Pi
	ca, sa := math.Cos(ang), math.Sin(ang)
	diag := math.Hypot(float64(f.w), float64(f.h))
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			s := (float64(x)*ca+float64(y)*sa)/diag + 0.5
			f.pix[y*f.w+x] = a + (b-a)*s
		}
	}
	for range 3 + rng.IntN(5) {
		x0, y0 := rng.IntN(f.w), rng.IntN(f.h)
		x1, y1 := x0+20+rng.IntN(f.w/3), y0+20+rng.IntN(f.h/3)
		v := 20 + rng.Float64()*220
		for y := y0; y < min(y1, f.h); y++ {
			for x := x0; x < min(x1, f.w); x++ {
				f.pix[y*f.w+x] = v
			}
		}
	}
	// A few stripes, like printed text lines.
	for range rng.IntN(4) {
		x0, y0 := rng.IntN(f.w*3/4), rng.IntN(f.h*3/4)
		for line := 0; line < 6; line++ {
			for x := x0; x < min(x0+200, f.w); x++ {
				if (x/3)%4 == 0 {
					continue
				}
				for y := y0 + line*12; y < min(y0+line*12+6, f.h); y++ {
					f.pix[y*f.w+x] = 40
				}
			}
		}
	}
}

// codeFrame draws a code holding a fresh random text on a card in front of
// a cluttered background. frac is the card's width as a fraction of the
// frame height, rot its rotation in degrees and tilt the strength of the
// perspective distortion. It returns the frame and the module size in
// pixels.
func codeFrame(w, h int, frac, rot, tilt float64, inverted bool) (*frame, float64) {
	f := newFrame(w, h)
	f.background()
	f.text = randomText()
	code, err := qr.Encode(f.text, qr.M)
	if err != nil {
		log.Fatal(err)
	}
	const quiet = 4
	n := float64(code.Size() + 2*quiet)
	side := frac * float64(h)
	cx := float64(w)/2 + (rng.Float64()-0.5)*(float64(w)-side)*0.5
	cy := float64(h)/2 + (rng.Float64()-0.5)*(float64(h)-side)*0.3
	// Card corners, clockwise from top left, then rotated and tilted.
	var quad [4][2]float64
	r := rot * math.Pi / 180
	for i, c := range [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
		x, y := c[0]*side/2, c[1]*side/2
		// Perspective: shrink the far (top) edge, with a random lean.
		depth := 1 - tilt*(1-c[1])/2
		x *= depth
		y *= 1 - tilt*0.3
		x += tilt * side * 0.1 * (1 - c[1]) / 2
		quad[i] = [2]float64{cx + x*math.Cos(r) - y*math.Sin(r), cy + x*math.Sin(r) + y*math.Cos(r)}
	}
	ink, paper := 35+rng.Float64()*25, 205+rng.Float64()*35
	if inverted {
		ink, paper = 215+rng.Float64()*30, 15+rng.Float64()*25
	}
	f.drawCode(code, quiet, quad, ink, paper)
	return f, side / n
}

// drawCode paints code, with a quiet zone of quiet modules, into the
// quadrilateral q (corners clockwise from top left) in grey levels ink and
// paper, supersampled 3x3 so that edges blend with what lies under them.
func (f *frame) drawCode(code *qr.Code, quiet int, q [4][2]float64, ink, paper float64) {
	n := float64(code.Size() + 2*quiet)
	hm := homography(q, n)
	const ss = 3 // supersampling
	minX, minY, maxX, maxY := bounds(q)
	for y := max(0, minY); y < min(f.h, maxY+1); y++ {
		for x := max(0, minX); x < min(f.w, maxX+1); x++ {
			sum, hits := 0.0, 0
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					u, v := hm.apply(float64(x)+(float64(sx)+0.5)/ss, float64(y)+(float64(sy)+0.5)/ss)
					if u < 0 || v < 0 || u >= n || v >= n {
						continue
					}
					hits++
					if code.Black(int(u)-quiet, int(v)-quiet) {
						sum += ink
					} else {
						sum += paper
					}
				}
			}
			if hits > 0 {
				p := &f.pix[y*f.w+x]
				*p = (*p*float64(ss*ss-hits) + sum) / (ss * ss)
			}
		}
	}
}

func bounds(q [4][2]float64) (minX, minY, maxX, maxY int) {
	minX, minY, maxX, maxY = math.MaxInt, math.MaxInt, math.MinInt, math.MinInt
	for _, p := range q {
		minX, maxX = min(minX, int(p[0])), max(maxX, int(p[0])+1)
		minY, maxY = min(minY, int(p[1])), max(maxY, int(p[1])+1)
	}
	return
}

// A proj is a projective transform from image to card coordinates.
type proj [9]float64

func (m proj) apply(x, y float64) (float64, float64) {
	d := m[6]*x + m[7]*y + m[8]
	return (m[0]*x + m[1]*y + m[2]) / d, (m[3]*x + m[4]*y + m[5]) / d
}

// homography maps the image quadrilateral q (clockwise from top left) onto
// the card square [0,n]x[0,n], by solving the 8x8 linear system.
func homography(q [4][2]float64, n float64) proj {
	dst := [4][2]float64{{0, 0}, {n, 0}, {n, n}, {0, n}}
	var a [8][9]float64
	for i := range 4 {
		x, y, u, v := q[i][0], q[i][1], dst[i][0], dst[i][1]
		a[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	for c := range 8 { // Gauss-Jordan with partial pivoting
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		for r := range 8 {
			if r == c {
				continue
			}
			k := a[r][c] / a[c][c]
			for k2 := c; k2 < 9; k2++ {
				a[r][k2] -= k * a[c][k2]
			}
		}
	}
	var m proj
	for i := range 8 {
		m[i] = a[i][8] / a[i][i]
	}
	m[8] = 1
	return m
}

// blur applies a Gaussian blur of standard deviation sigma pixels.
func (f *frame) blur(sigma float64) {
	if sigma <= 0 {
		return
	}
	r := int(math.Ceil(3 * sigma))
	k := make([]float64, 2*r+1)
	sum := 0.0
	for i := range k {
		d := float64(i - r)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	tmp := make([]float64, len(f.pix))
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			s := 0.0
			for i, kv := range k {
				xx := min(max(x+i-r, 0), f.w-1)
				s += kv * f.pix[y*f.w+xx]
			}
			tmp[y*f.w+x] = s
		}
	}
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			s := 0.0
			for i, kv := range k {
				yy := min(max(y+i-r, 0), f.h-1)
				s += kv * tmp[yy*f.w+x]
			}
			f.pix[y*f.w+x] = s
		}
	}
}

// motionBlur smears the frame over length pixels along angle a.
func (f *frame) motionBlur(length, a float64) {
	steps := int(math.Ceil(length)) + 1
	dx, dy := math.Cos(a), math.Sin(a)
	out := make([]float64, len(f.pix))
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			s := 0.0
			for i := range steps {
				t := (float64(i)/float64(steps-1) - 0.5) * length
				s += f.bilinear(float64(x)+t*dx, float64(y)+t*dy)
			}
			out[y*f.w+x] = s / float64(steps)
		}
	}
	f.pix = out
}

func (f *frame) bilinear(x, y float64) float64 {
	x = math.Min(math.Max(x, 0), float64(f.w-1))
	y = math.Min(math.Max(y, 0), float64(f.h-1))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, f.w-1), min(y0+1, f.h-1)
	fx, fy := x-float64(x0), y-float64(y0)
	return (f.pix[y0*f.w+x0]*(1-fx)+f.pix[y0*f.w+x1]*fx)*(1-fy) +
		(f.pix[y1*f.w+x0]*(1-fx)+f.pix[y1*f.w+x1]*fx)*fy
}

// noise adds Gaussian sensor noise of standard deviation sigma.
func (f *frame) noise(sigma float64) {
	for i := range f.pix {
		f.pix[i] += rng.NormFloat64() * sigma
	}
}

// contrast squeezes the frame's levels to the fraction c around mid-grey,
// as under dim or hazy light.
func (f *frame) contrast(c float64) {
	mid := 110 + rng.Float64()*40
	for i, p := range f.pix {
		f.pix[i] = mid + (p-128)*c
	}
}

// glare adds a bright specular spot of the given strength (fraction of
// full white) and radius somewhere over the centre of the frame.
func (f *frame) glare(strength, radius float64) {
	cx := float64(f.w)/2 + (rng.Float64()-0.5)*float64(f.w)/4
	cy := float64(f.h)/2 + (rng.Float64()-0.5)*float64(f.h)/4
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			d2 := (float64(x)-cx)*(float64(x)-cx) + (float64(y)-cy)*(float64(y)-cy)
			g := strength * 255 * 2 * math.Exp(-d2/(2*radius*radius))
			// Glare washes out: it lifts dark ink more than white paper.
			p := &f.pix[y*f.w+x]
			*p = *p + g*(1-*p/400)
		}
	}
}

func (f *frame) gray() *image.Gray {
	img := image.NewGray(image.Rect(0, 0, f.w, f.h))
	for i, p := range f.pix {
		img.Pix[i] = uint8(math.Round(math.Min(math.Max(p, 0), 255)))
	}
	return img
}

func writeImage(path string, f *frame) {
	out, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(out)
	if f.jpegQuality > 0 {
		err = jpeg.Encode(w, f.gray(), &jpeg.Options{Quality: f.jpegQuality})
	} else {
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(w, f.gray())
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		log.Fatal(err)
	}
}

// Camera sets: 1280x720 frames as a kiosk camera sees them, a code held
// up in front of a textured scene (ImageMagick's plasma:fractal, a printed
// page, a phone showing something else, woven cloth), 10-40% of the frame
// wide, turned up to 60 degrees, with motion or focus blur, phone glare or
// a dark-mode screen, and textured frames without a code. They use their
// own random source, so the sets above come out the same with or without
// them. The plasma backgrounds come from ImageMagick (`convert`, Debian's
// imagemagick package, 6.9.11 here) with a fixed seed.
func init() {
	sets = append(sets,
		set{"cam-rotated", 8, func(t float64) *frame {
			f := camScene(t)
			camCode(f, 0.1+0.3*t, 60*t, paperCard)
			f.blur(0.6)
			return f.camera(1.5)
		}},
		set{"cam-motion", 8, func(t float64) *frame {
			f := camScene(t)
			m := camCode(f, 0.2+0.2*crng.Float64(), 60*crng.Float64(), paperCard)
			f.motionBlur(m*(0.4+1.2*t), crng.Float64()*math.Pi)
			return f.camera(1.5)
		}},
		set{"cam-focus", 8, func(t float64) *frame {
			f := camScene(t)
			m := camCode(f, 0.2+0.2*crng.Float64(), 60*crng.Float64(), paperCard)
			f.blur(m * (0.25 + 0.4*t))
			return f.camera(1.5)
		}},
		set{"cam-glare", 8, func(t float64) *frame {
			f := camScene(t)
			camCode(f, 0.2+0.2*crng.Float64(), 60*crng.Float64(), phoneScreen)
			f.blur(0.7)
			f.phoneGlare(0.2 + 0.3*t)
			return f.camera(1.5)
		}},
		set{"cam-dark", 8, func(t float64) *frame {
			f := camScene(t)
			camCode(f, 0.15+0.25*crng.Float64(), 60*crng.Float64(), darkScreen)
			f.blur(0.7 + 0.3*t)
			if t > 0.5 {
				f.phoneGlare(0.15)
			}
			return f.camera(1.5 + t)
		}},
		set{"cam-textured", 12, func(t float64) *frame {
			i := int(math.Round(t * 11))
			f := camSceneKind(i % 4)
			if i >= 8 {
				f.blur(1.5) // out of focus
			}
			return f.camera(1.5)
		}},
	)
}

var crng = rand.New(rand.NewPCG(20261205, 19))

// Noisy camera sets: the scenes and codes of the camera sets with the
// sensor noise of a cheap or dim camera (Gaussian, sigma 3 to 5 grey
// levels, where the sets above have 1.5 to 2.5): cam-noisy holds a code
// (paper card, phone screen or dark-mode screen in turn), cam-noisy-empty
// the scenes alone. They draw from a random source and plasma seeds of
// their own (see noisyRand), so they come out the same whether or not the
// other sets are written in the same run, and those the same with or
// without them.
func init() {
	sets = append(sets,
		set{"cam-noisy", 8, func(t float64) *frame {
			return noisyRand(func() *frame {
				f := camScene(t)
				style := []cardStyle{paperCard, phoneScreen, darkScreen}[int(math.Round(t*7))%3]
				camCode(f, 0.15+0.25*crng.Float64(), 60*crng.Float64(), style)
				f.blur(0.7)
				return f.camera(3 + 2*t)
			})
		}},
		set{"cam-noisy-empty", 8, func(t float64) *frame {
			return noisyRand(func() *frame {
				i := int(math.Round(t * 7))
				f := camSceneKind(i % 4)
				if i >= 4 {
					f.blur(1.5) // out of focus
				}
				return f.camera(3 + 2*t)
			})
		}},
	)
}

var (
	nrng       = rand.New(rand.NewPCG(20261205, 1919))
	noisySeeds = 1000 // plasma seeds of the noisy sets start after this
)

// noisyRand runs make with the noisy sets' random source and plasma seeds
// in place of the camera sets' ones.
func noisyRand(make func() *frame) *frame {
	savedRand, savedSeed := crng, plasmaSeed
	crng, plasmaSeed = nrng, noisySeeds
	defer func() {
		noisySeeds = plasmaSeed
		crng, plasmaSeed = savedRand, savedSeed
	}()
	return make()
}

const camW, camH = 1280, 720

var plasmaSeed = 0

// plasma returns a grey ImageMagick plasma:fractal frame.
func plasma() *frame {
	plasmaSeed++
	cmd := exec.Command("convert", "-seed", fmt.Sprint(plasmaSeed), "-size", fmt.Sprintf("%dx%d", camW, camH),
		"plasma:fractal", "-colorspace", "Gray", "-depth", "8", "gray:-")
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("ImageMagick convert (apt-get install imagemagick): %v", err)
	}
	if len(out) != camW*camH {
		log.Fatalf("convert gave %d bytes, want %d", len(out), camW*camH)
	}
	f := newFrame(camW, camH)
	for i, b := range out {
		f.pix[i] = float64(b)
	}
	return f
}

// camScene returns the textured scene for a frame of difficulty t,
// cycling through the kinds of background.
func camScene(t float64) *frame {
	return camSceneKind(crng.IntN(4))
}

// camSceneKind returns a scene: 0 plasma, 1 a printed page of text
// without a code on plasma, 2 a phone showing an app screen, 3 woven
// cloth (a coat) with a hand-like blob.
func camSceneKind(kind int) *frame {
	f := plasma()
	switch kind {
	case 1:
		f.page()
	case 2:
		f.phoneApp()
	case 3:
		f.cloth()
	}
	return f
}

// page lays a tilted sheet of paper with lines of words over the frame.
func (f *frame) page() {
	x0, y0 := 100+crng.Float64()*300, 40+crng.Float64()*100
	pw, ph := 500+crng.Float64()*300, 560.0
	a := (crng.Float64() - 0.5) * 0.5
	ca, sa := math.Cos(a), math.Sin(a)
	paper := 200 + crng.Float64()*40
	// Words: random lengths on lines 22 px apart.
	type word struct{ x0, x1, y0, y1 float64 }
	var words []word
	for y := 40.0; y < ph-40; y += 22 {
		for x := 40.0; x < pw-40; {
			n := 15 + crng.Float64()*70
			words = append(words, word{x, math.Min(x+n, pw-40), y, y + 11})
			x += n + 9
		}
	}
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			dx, dy := float64(x)-x0, float64(y)-y0
			u, v := dx*ca+dy*sa, -dx*sa+dy*ca
			if u < 0 || v < 0 || u >= pw || v >= ph {
				continue
			}
			p := paper - 30*v/ph
			// Letters: stripes inside each word box.
			line := int(v-40) / 22
			if line >= 0 && int(v-40)%22 < 11 {
				for _, w := range words[:] {
					if v >= w.y0 && v < w.y1 && u >= w.x0 && u < w.x1 && int(v-40)/22 == line {
						if int(u*0.6+math.Sin(v))%3 != 0 {
							p = 50
						}
						break
					}
				}
			}
			f.pix[y*f.w+x] = p
		}
	}
}

// phoneApp draws a phone held up showing an app: a dark body, a light
// screen with a header bar, icons and lines of text.
func (f *frame) phoneApp() {
	cx, cy := 400+crng.Float64()*480, 360+crng.Float64()*40
	w2, h2 := 170.0, 330.0
	a := (crng.Float64() - 0.5) * 0.8
	ca, sa := math.Cos(a), math.Sin(a)
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			u, v := dx*ca+dy*sa, -dx*sa+dy*ca
			if math.Abs(u) > w2 || math.Abs(v) > h2 {
				continue
			}
			p := 25.0 // body
			su, sv := u+w2-12, v+h2-40
			if su >= 0 && sv >= 0 && su < 2*w2-24 && sv < 2*h2-80 {
				p = 235 // screen
				switch {
				case sv < 50:
					p = 90 // header bar
				case sv > 70 && sv < 250:
					// A grid of rounded app icons.
					iu, iv := math.Mod(su-12, 76), math.Mod(sv-70, 76)
					if iu < 56 && iv < 56 {
						p = 60 + 40*math.Sin(float64(int(su/76)*3+int(sv/76)))
					}
				case sv > 270 && int(sv-270)%24 < 10 && math.Mod(su*0.5, 40) < 34:
					p = 70 // text
				}
			}
			f.pix[y*f.w+x] = p
		}
	}
}

// cloth weaves a fine diagonal twill with folds over the frame, and a
// smooth light blob like a hand.
func (f *frame) cloth() {
	base := 60 + crng.Float64()*80
	per := 4 + crng.Float64()*3
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			fold := 25 * math.Sin(float64(x)/90+math.Sin(float64(y)/70)*2)
			tw := 18 * math.Sin(2*math.Pi*(float64(x)+float64(y))/per) * math.Sin(2*math.Pi*(float64(x)-float64(y))/(per*1.7))
			f.pix[y*f.w+x] = base + fold + tw + 0.3*(f.pix[y*f.w+x]-128)
		}
	}
	hx, hy := 300+crng.Float64()*700, 300+crng.Float64()*200
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			dx, dy := (float64(x)-hx)/140, (float64(y)-hy)/200
			if d := dx*dx + dy*dy; d < 1 {
				f.pix[y*f.w+x] = 170 + 30*(1-d) + 0.2*(f.pix[y*f.w+x]-128)
			}
		}
	}
}

type cardStyle int

const (
	paperCard   cardStyle = iota // dark ink on a printed card
	phoneScreen                  // dark modules on a bright screen in a phone body
	darkScreen                   // light modules on a dark screen (dark mode)
)

// camCode draws a code holding a fresh credential-sized text over f: frac
// is the side of the code with its quiet zone as a fraction of the frame
// width, rot the rotation in degrees. It returns the module size.
func camCode(f *frame, frac, rot float64, style cardStyle) float64 {
	b := []byte("VP1:")
	for range 150 + crng.IntN(200) {
		b = append(b, base45[crng.IntN(len(base45))])
	}
	f.text = string(b)
	code, err := qr.Encode(f.text, qr.M)
	if err != nil {
		log.Fatal(err)
	}
	const quiet = 4
	n := float64(code.Size() + 2*quiet)
	side := frac * float64(f.w)
	// Keep the turned code inside the frame.
	reach := side / 2 * (math.Abs(math.Cos(rot*math.Pi/180)) + math.Abs(math.Sin(rot*math.Pi/180)))
	if style != paperCard {
		reach *= 1.25
	}
	cx := reach + crng.Float64()*math.Max(float64(f.w)-2*reach, 0)
	cy := reach + crng.Float64()*math.Max(float64(f.h)-2*reach, 0)
	if 2*reach > float64(f.h) {
		cy = float64(f.h) / 2
	}
	tilt := 0.1 * crng.Float64()
	var ink, paper float64
	switch style {
	case paperCard:
		ink, paper = 30+crng.Float64()*30, 190+crng.Float64()*50
	case phoneScreen:
		ink, paper = 20+crng.Float64()*20, 225+crng.Float64()*25
	case darkScreen:
		ink, paper = 200+crng.Float64()*40, 15+crng.Float64()*20
	}
	r := rot * math.Pi / 180
	// quad returns the corners of the code (1, 1) or of the phone around
	// it, scaled across and down.
	quad := func(sx, sy float64) (q [4][2]float64) {
		for i, c := range [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
			x, y := c[0]*side/2*sx, c[1]*side/2*sy
			x *= 1 - tilt*(1-c[1])/2
			q[i] = [2]float64{cx + x*math.Cos(r) - y*math.Sin(r), cy + x*math.Sin(r) + y*math.Cos(r)}
		}
		return q
	}
	if style != paperCard {
		// The phone body and the screen around the code.
		fill(f, quad(1.2, 1.7), 18)
		fill(f, quad(1.1, 1.55), paper)
	}
	f.drawCode(code, quiet, quad(1, 1), ink, paper)
	return side / n
}

// fill paints the convex quadrilateral q with grey level v.
func fill(f *frame, q [4][2]float64, v float64) {
	minX, minY, maxX, maxY := bounds(q)
	for y := max(0, minY); y < min(f.h, maxY+1); y++ {
		for x := max(0, minX); x < min(f.w, maxX+1); x++ {
			in := true
			for i := range 4 {
				a, b := q[i], q[(i+1)%4]
				if (b[0]-a[0])*(float64(y)-a[1])-(b[1]-a[1])*(float64(x)-a[0]) < 0 {
					in = false
					break
				}
			}
			if in {
				f.pix[y*f.w+x] = v
			}
		}
	}
}

// phoneGlare adds what a phone screen reflects: a bright soft spot and a
// diagonal band, of the given strength.
func (f *frame) phoneGlare(strength float64) {
	f.glareAt(strength, 120+crng.Float64()*120, float64(f.w)*(0.3+0.4*crng.Float64()), float64(f.h)*(0.3+0.4*crng.Float64()))
	a := crng.Float64() * math.Pi
	off := (crng.Float64() - 0.5) * 400
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			d := (float64(x)-float64(f.w)/2)*math.Cos(a) + (float64(y)-float64(f.h)/2)*math.Sin(a) - off
			g := strength * 120 * math.Exp(-d*d/(2*40*40))
			p := &f.pix[y*f.w+x]
			*p = *p + g*(1-*p/400)
		}
	}
}

func (f *frame) glareAt(strength, radius, cx, cy float64) {
	for y := 0; y < f.h; y++ {
		for x := 0; x < f.w; x++ {
			d2 := (float64(x)-cx)*(float64(x)-cx) + (float64(y)-cy)*(float64(y)-cy)
			g := strength * 255 * 2 * math.Exp(-d2/(2*radius*radius))
			p := &f.pix[y*f.w+x]
			*p = *p + g*(1-*p/400)
		}
	}
}

// camera adds sensor noise and stores the frame as a grey JPEG.
func (f *frame) camera(noise float64) *frame {
	for i := range f.pix {
		f.pix[i] += crng.NormFloat64() * noise
	}
	f.jpegQuality = 80
	return f
}
