package qr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const base45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// credential returns a deterministic "VP1:" text of n characters in total.
func credential(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	b := []byte("VP1:")
	for len(b) < n {
		b = append(b, base45[r.IntN(len(base45))])
	}
	return string(b[:n])
}

func mustImage(t testing.TB, text string, opt RenderOptions) *image.Gray {
	t.Helper()
	img, err := Image(text, opt)
	if err != nil {
		t.Fatal(err)
	}
	return img.(*image.Gray)
}

// expect decodes img and checks that exactly the wanted texts come back.
func expect(t *testing.T, img image.Image, want ...string) {
	t.Helper()
	got, err := Decode(img)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("Decode returned %d texts, want %d", len(got), len(want))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Fatalf("Decode did not return %.40q...", w)
		}
	}
}

func TestParseLevel(t *testing.T) {
	for s, want := range map[string]Level{"l": L, "M": M, "": M, "q": Q, " H ": H} {
		got, err := ParseLevel(s)
		if err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := ParseLevel("X"); err == nil {
		t.Error("ParseLevel(X) succeeded")
	}
	var zero Level
	if zero != M {
		t.Error("zero Level is not M")
	}
}

func TestEncodeModeAndVersion(t *testing.T) {
	// 300 alphanumeric characters take 15+1650 bits: version 10 at level
	// M (1728 data bits), 57x57 modules.
	c, err := Encode(credential(300, 1), M)
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode() != Alphanumeric || c.Version() != 10 || c.Size() != 57 || c.Level() != M {
		t.Fatalf("got mode %s version %d size %d level %v; want alphanumeric 10 57 M", c.Mode(), c.Version(), c.Size(), c.Level())
	}
	// Finder pattern corners are dark, quiet zone is light.
	if !c.Black(0, 0) || !c.Black(56, 0) || !c.Black(0, 56) || c.Black(56, 56) || c.Black(-1, 0) || c.Black(0, 57) {
		t.Error("unexpected module colours at the corners")
	}
	// The same length in lower case needs byte mode and a bigger symbol.
	b, err := Encode(strings.ToLower(credential(300, 1)), M)
	if err != nil {
		t.Fatal(err)
	}
	if b.Mode() != Byte || b.Version() <= c.Version() {
		t.Errorf("lower-case text: %s mode, version %d", b.Mode(), b.Version())
	}
	if _, err := Encode("", M); err == nil {
		t.Error("empty text encoded")
	}
	if _, err := Encode(credential(5000, 1), H); err == nil {
		t.Error("5000 characters fit at level H")
	}
	if _, err := Encode("A", Level(9)); err == nil {
		t.Error("invalid level accepted")
	}
}

func TestRoundTrip(t *testing.T) {
	for _, level := range []Level{L, M, Q, H} {
		for _, n := range []int{50, 250, 700, 1500} {
			text := credential(n, uint64(n))
			t.Run(level.String()+"/"+strconv.Itoa(n), func(t *testing.T) {
				img := mustImage(t, text, RenderOptions{Level: level, Scale: 2})
				expect(t, img, text)
				var buf bytes.Buffer
				if err := PNG(&buf, text, RenderOptions{Level: level, Scale: 3}); err != nil {
					t.Fatal(err)
				}
				pimg, err := png.Decode(&buf)
				if err != nil {
					t.Fatal(err)
				}
				expect(t, pimg, text)
			})
		}
	}
	// Non-ASCII text survives the trip too.
	expect(t, mustImage(t, "Entrée für 2 — ✓", RenderOptions{}), "Entrée für 2 — ✓")
}

func TestRenderOptions(t *testing.T) {
	text := credential(300, 2) // 57 modules
	img := mustImage(t, text, RenderOptions{})
	if got := img.Bounds().Dx(); got != 8*(57+8) {
		t.Errorf("default width %d, want %d", got, 8*(57+8))
	}
	img = mustImage(t, text, RenderOptions{Size: 500, QuietZone: 2})
	if img.Bounds().Dx() != 500 || img.Bounds().Dy() != 500 {
		t.Errorf("Size 500 gave %v", img.Bounds())
	}
	expect(t, img, text)
	if _, err := Image(text, RenderOptions{Size: 50}); err == nil {
		t.Error("Size smaller than the module count accepted")
	}
	if _, err := Image(text, RenderOptions{Scale: -1}); err == nil {
		t.Error("negative Scale accepted")
	}
	if _, err := Image(text, RenderOptions{Scale: 1000}); err == nil {
		t.Error("huge Scale accepted")
	}
}

// rasterizeSVG draws the module rectangles of an SVG written by SVG.
func rasterizeSVG(t *testing.T, svg string, scale int) *image.Gray {
	t.Helper()
	vb := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(svg)
	if vb == nil {
		t.Fatal("no viewBox")
	}
	n, _ := strconv.Atoi(vb[1])
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	d := regexp.MustCompile(` d="([^"]*)"`).FindStringSubmatch(svg)
	for _, m := range regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`).FindAllStringSubmatch(d[1], -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		for py := y * scale; py < (y+1)*scale; py++ {
			for px := x * scale; px < (x+w)*scale; px++ {
				img.Pix[py*img.Stride+px] = 0
			}
		}
	}
	return img
}

func TestSVG(t *testing.T) {
	text := credential(400, 3)
	var buf bytes.Buffer
	if err := SVG(&buf, text, RenderOptions{Level: Q}); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if strings.Count(svg, "<path") != 1 || !strings.Contains(svg, `shape-rendering="crispEdges"`) {
		t.Fatalf("unexpected SVG structure:\n%.300s", svg)
	}
	c, _ := Encode(text, Q)
	if n := c.Size() + 8; !strings.Contains(svg, `viewBox="0 0 `+strconv.Itoa(n)+" "+strconv.Itoa(n)+`"`) {
		t.Errorf("viewBox is not in modules (%d)", n)
	}
	expect(t, rasterizeSVG(t, svg, 3), text)
}

// rasterizeTerminal turns half-block output back into an image, one pixel
// block per module, ignoring ANSI escapes.
func rasterizeTerminal(t *testing.T, out string, scale int) *image.Gray {
	t.Helper()
	out = regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out, "")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	w := len([]rune(lines[0]))
	img := image.NewGray(image.Rect(0, 0, w*scale, 2*len(lines)*scale))
	for y, line := range lines {
		for x, r := range []rune(line) {
			var top, bottom bool
			switch r {
			case '█':
				top, bottom = true, true
			case '▀':
				top = true
			case '▄':
				bottom = true
			case ' ':
			default:
				t.Fatalf("unexpected rune %q", r)
			}
			for i, dark := range []bool{top, bottom} {
				v := uint8(255)
				if dark {
					v = 0
				}
				for py := 0; py < scale; py++ {
					for px := 0; px < scale; px++ {
						img.SetGray(x*scale+px, (2*y+i)*scale+py, color.Gray{v})
					}
				}
			}
		}
	}
	return img
}

func TestTerminal(t *testing.T) {
	text := credential(250, 4)
	for _, noColor := range []bool{false, true} {
		var buf bytes.Buffer
		if err := Terminal(&buf, text, RenderOptions{NoColor: noColor}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if hasEsc := strings.Contains(out, "\x1b["); hasEsc == noColor {
			t.Errorf("NoColor=%v but escapes present=%v", noColor, hasEsc)
		}
		c, _ := Encode(text, M)
		if lines := strings.Count(out, "\n"); lines != (c.Size()+8+1)/2 {
			t.Errorf("%d lines for %d modules", lines, c.Size()+8)
		}
		expect(t, rasterizeTerminal(t, out, 4), text)
	}
}

func TestMultipleCodes(t *testing.T) {
	a, b := credential(300, 5), credential(500, 6)
	ia, ib := mustImage(t, a, RenderOptions{Scale: 4}), mustImage(t, b, RenderOptions{Scale: 3})
	img := image.NewGray(image.Rect(0, 0, ia.Bounds().Dx()+ib.Bounds().Dx()+40, max(ia.Bounds().Dy(), ib.Bounds().Dy())))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	paste(img, ia, 0, 0)
	paste(img, ib, ia.Bounds().Dx()+40, 0)
	expect(t, img, a, b)
}

func paste(dst, src *image.Gray, x0, y0 int) {
	for y := 0; y < src.Bounds().Dy(); y++ {
		copy(dst.Pix[(y0+y)*dst.Stride+x0:], src.Pix[y*src.Stride:(y+1)*src.Stride])
	}
}

func TestInverted(t *testing.T) {
	text := credential(600, 7)
	img := mustImage(t, text, RenderOptions{Scale: 4})
	for i, p := range img.Pix {
		img.Pix[i] = 255 - p
	}
	expect(t, img, text)
}

// transform samples src through the inverse mapping f (destination to
// source coordinates) with bilinear interpolation; outside is white.
func transform(src *image.Gray, w, h int, f func(x, y float64) (float64, float64)) *image.Gray {
	dst := image.NewGray(image.Rect(0, 0, w, h))
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= sw || y >= sh {
			return 255
		}
		return float64(src.Pix[y*src.Stride+x])
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sx, sy := f(float64(x)+0.5, float64(y)+0.5)
			sx, sy = sx-0.5, sy-0.5
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			fx, fy := sx-float64(x0), sy-float64(y0)
			v := (at(x0, y0)*(1-fx)+at(x0+1, y0)*fx)*(1-fy) + (at(x0, y0+1)*(1-fx)+at(x0+1, y0+1)*fx)*fy
			dst.Pix[y*dst.Stride+x] = uint8(v + 0.5)
		}
	}
	return dst
}

func rotate(src *image.Gray, deg float64) *image.Gray {
	n := src.Bounds().Dx()
	side := int(float64(n) * 1.5)
	a := deg * math.Pi / 180
	c, s := math.Cos(a), math.Sin(a)
	return transform(src, side, side, func(x, y float64) (float64, float64) {
		x, y = x-float64(side)/2, y-float64(side)/2
		return c*x + s*y + float64(n)/2, -s*x + c*y + float64(n)/2
	})
}

func blur(src *image.Gray) *image.Gray {
	p := plane{src.Pix, src.Bounds().Dx(), src.Bounds().Dy()}
	out, _ := boxBlur3(nil, p, nil)
	return &image.Gray{Pix: out, Stride: p.w, Rect: src.Rect}
}

func TestDegradedImages(t *testing.T) {
	text := credential(500, 8)
	base := mustImage(t, text, RenderOptions{Scale: 4})
	r := rand.New(rand.NewPCG(8, 8))
	cases := map[string]func() *image.Gray{
		"rotate90": func() *image.Gray { return rotate(base, 90) },
		"rotate45": func() *image.Gray { return rotate(base, 45) },
		"blur": func() *image.Gray {
			return blur(blur(base))
		},
		"noise": func() *image.Gray {
			img := rotate(base, 10)
			for i, p := range img.Pix {
				img.Pix[i] = uint8(min(max(float64(p)+r.NormFloat64()*30, 0), 255))
			}
			return img
		},
		"lowcontrast": func() *image.Gray {
			img := rotate(base, 5)
			for i, p := range img.Pix {
				img.Pix[i] = uint8(120 + int(p)*14/255 + r.IntN(2))
			}
			return img
		},
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) { expect(t, make(), text) })
	}
}

func TestEmptyFrames(t *testing.T) {
	flat := image.NewGray(image.Rect(0, 0, 1280, 720))
	for i := range flat.Pix {
		flat.Pix[i] = 128
	}
	noisy := emptyFrame()
	for name, img := range map[string]image.Image{"flat": flat, "noisy": noisy, "tiny": image.NewGray(image.Rect(0, 0, 3, 3))} {
		if got, err := Decode(img); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: Decode = %q, %v; want ErrNotFound", name, got, err)
		}
	}
	if ErrNotFound.Error() != "no QR code found" {
		t.Errorf("ErrNotFound says %q", ErrNotFound)
	}
	if _, err := Decode(image.NewGray(image.Rect(0, 0, MaxSide+1, 1))); err == nil || errors.Is(err, ErrNotFound) {
		t.Errorf("oversized image: %v", err)
	}
}

// emptyFrame returns a 1280x720 frame of gradient, shapes and sensor
// noise without any code.
func emptyFrame() *image.Gray {
	r := rand.New(rand.NewPCG(9, 9))
	img := image.NewGray(image.Rect(0, 0, 1280, 720))
	for y := 0; y < 720; y++ {
		for x := 0; x < 1280; x++ {
			v := 60 + float64(x)/10 + r.NormFloat64()*4
			if x > 300 && x < 500 && y > 200 && y < 400 {
				v = 30
			}
			img.Pix[y*img.Stride+x] = uint8(min(max(v, 0), 255))
		}
	}
	return img
}

func TestDecodeFile(t *testing.T) {
	dir := t.TempDir()
	text := credential(350, 10)
	img := mustImage(t, text, RenderOptions{Scale: 3})
	write := func(name string, enc func(*bytes.Buffer) error) string {
		var buf bytes.Buffer
		if err := enc(&buf); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	pngPath := write("code.png", func(b *bytes.Buffer) error { return png.Encode(b, img) })
	files := []string{
		pngPath,
		write("code.jpg", func(b *bytes.Buffer) error { return jpeg.Encode(b, img, &jpeg.Options{Quality: 60}) }),
		write("code.gif", func(b *bytes.Buffer) error { return gif.Encode(b, img, nil) }),
	}
	for _, f := range files {
		got, err := DecodeFile(f)
		if err != nil || len(got) != 1 || got[0] != text {
			t.Errorf("DecodeFile(%s) = %d texts, %v", filepath.Base(f), len(got), err)
		}
	}

	full, _ := os.ReadFile(pngPath)
	bad := map[string][]byte{
		"garbage.png":   []byte("this is not an image at all"),
		"truncated.png": full[:len(full)/2],
		"empty.png":     nil,
	}
	for name, data := range bad {
		path := filepath.Join(dir, name)
		os.WriteFile(path, data, 0o644)
		_, err := DecodeFile(path)
		if err == nil || errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "qr: cannot read "+path) {
			t.Errorf("DecodeFile(%s) error = %v", name, err)
		}
	}
	if _, err := DecodeFile(filepath.Join(dir, "missing.png")); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("missing file: %v", err)
	}
	// A header that announces absurd dimensions is rejected before decoding.
	var huge bytes.Buffer
	png.Encode(&huge, image.NewGray(image.Rect(0, 0, 1, 1)))
	h := huge.Bytes()
	copy(h[16:24], []byte{0, 1, 0, 0, 0, 1, 0, 0}) // 65536 x 65536
	binary.BigEndian.PutUint32(h[29:33], crc32.ChecksumIEEE(h[12:29]))
	path := filepath.Join(dir, "huge.png")
	os.WriteFile(path, h, 0o644)
	if _, err := DecodeFile(path); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("huge image: %v", err)
	}
}

func TestDecoderReuseAndFormats(t *testing.T) {
	var d Decoder
	a, b := credential(260, 11), credential(650, 12)
	ga := mustImage(t, a, RenderOptions{Scale: 3})
	gb := mustImage(t, b, RenderOptions{Scale: 2})
	rgba := image.NewRGBA(gb.Bounds())
	pal := image.NewPaletted(ga.Bounds(), color.Palette{color.White, color.Black})
	for y := 0; y < gb.Bounds().Dy(); y++ {
		for x := 0; x < gb.Bounds().Dx(); x++ {
			rgba.Set(x, y, gb.At(x, y))
		}
	}
	for y := 0; y < ga.Bounds().Dy(); y++ {
		for x := 0; x < ga.Bounds().Dx(); x++ {
			pal.Set(x, y, ga.At(x, y))
		}
	}
	// A sub-image has a stride wider than its width.
	big := image.NewGray(image.Rect(0, 0, ga.Bounds().Dx()+50, ga.Bounds().Dy()+50))
	for i := range big.Pix {
		big.Pix[i] = 255
	}
	paste(big, ga, 25, 25)
	sub := big.SubImage(image.Rect(10, 10, ga.Bounds().Dx()+40, ga.Bounds().Dy()+40))
	for i, tc := range []struct {
		img  image.Image
		want string
	}{{ga, a}, {gb, b}, {rgba, b}, {pal, a}, {sub, a}, {ga, a}} {
		got, err := d.Decode(tc.img)
		if err != nil || len(got) != 1 || got[0] != tc.want {
			t.Errorf("image %d (%T): %d texts, %v", i, tc.img, len(got), err)
		}
	}
	if _, err := d.Decode(nil); err == nil {
		t.Error("nil image accepted")
	}
}

func TestFormatWords(t *testing.T) {
	// The masked format words of ISO/IEC 18004 table C.1, as zxing lists
	// them, for data 0, 1, 0x10 and 0x1f.
	for data, want := range map[int]uint{0: 0x5412, 1: 0x5125, 0x10: 0x1689, 0x1f: 0x2BED} {
		if formatWords[data] != want {
			t.Errorf("format word %#x = %#x, want %#x", data, formatWords[data], want)
		}
	}
}

func TestUpscale2(t *testing.T) {
	// Compare with the bilinear definition, edges repeated.
	for _, sz := range [][2]int{{1, 1}, {1, 5}, {7, 1}, {13, 9}} {
		w, h := sz[0], sz[1]
		src := plane{make([]byte, w*h), w, h}
		for i := range src.pix {
			src.pix[i] = byte(i * 97 % 251)
		}
		at := func(x, y int) int { return int(src.pix[min(y, h-1)*w+min(x, w-1)]) }
		_, up := upscale2(nil, src)
		for y := 0; y < 2*h; y++ {
			for x := 0; x < 2*w; x++ {
				sx, fx, sy, fy := x/2, x%2, y/2, y%2
				v := at(sx, sy)*(2-fx)*(2-fy) + at(sx+1, sy)*fx*(2-fy) + at(sx, sy+1)*(2-fx)*fy + at(sx+1, sy+1)*fx*fy
				if fx == 0 && fy == 0 {
					v = 4 * at(sx, sy)
				}
				if got, want := up.pix[y*2*w+x], byte((v+2)/4); got != want {
					t.Fatalf("%dx%d: pixel %d,%d = %d, want %d", w, h, x, y, got, want)
				}
			}
		}
	}
}

// TestEncodeErrorType: encoding and rendering errors are *Error, whose
// Detail is the text without the "qr: " prefix, and keep their cause.
func TestEncodeErrorType(t *testing.T) {
	_, err := Encode("", M)
	var qe *Error
	if !errors.As(err, &qe) || qe.Detail != "cannot encode empty text" || err.Error() != "qr: cannot encode empty text" {
		t.Fatalf("Encode(\"\"): %v (%#v)", err, qe)
	}
	_, err = Encode(strings.Repeat("x", 5000), H)
	if !errors.As(err, &qe) || !strings.HasPrefix(qe.Detail, "5000 characters are too many for a QR code at error correction level H (it holds at most 1273 of these)") || qe.Err == nil {
		t.Fatalf("Encode(too long): %v (%#v)", err, qe)
	}
	// The limits are the largest symbol's: one more character than it
	// holds is too many, in alphanumeric mode and in byte mode.
	for _, tc := range []struct {
		char  string
		level Level
	}{{"A", M}, {"A", L}, {"x", Q}, {"x", M}} {
		max := maxChars(tc.char, tc.level)
		if c, err := Encode(strings.Repeat(tc.char, max), tc.level); err != nil || c.Version() != 40 {
			t.Errorf("%d x %q at %v: %v, want version 40", max, tc.char, tc.level, err)
		}
		if _, err := Encode(strings.Repeat(tc.char, max+1), tc.level); err == nil || !strings.Contains(err.Error(), "too many") {
			t.Errorf("%d x %q at %v: %v, want too many", max+1, tc.char, tc.level, err)
		}
	}
}

// TestFileErrorType: DecodeFile's errors are *FileError naming the path,
// with the cause (here fs.ErrNotExist) reachable by errors.Is.
func TestFileErrorType(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.png")
	_, err := DecodeFile(path)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Path != path || !errors.Is(err, fs.ErrNotExist) || err.Error() != "qr: cannot read "+path+": "+fe.Err.Error() {
		t.Fatalf("DecodeFile(missing): %v (%#v)", err, fe)
	}
}
