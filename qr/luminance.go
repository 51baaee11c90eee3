package qr

import (
	"encoding/binary"
	"fmt"
	"image"
	"image/color"

	"github.com/makiuchi-d/gozxing"
)

// grayLuminance is a gozxing.LuminanceSource over a tightly packed 8-bit
// grey buffer. Unlike gozxing's image.Image source it neither converts nor
// copies the pixels: the binarizer reads them in place.
type grayLuminance struct {
	gozxing.LuminanceSourceBase
	pix []byte // Width*Height bytes, row-major
}

func newGrayLuminance(pix []byte, w, h int) *grayLuminance {
	return &grayLuminance{gozxing.LuminanceSourceBase{Width: w, Height: h}, pix[:w*h]}
}

func (g *grayLuminance) GetRow(y int, row []byte) ([]byte, error) {
	if y < 0 || y >= g.Height {
		return nil, fmt.Errorf("qr: row %d outside image of height %d", y, g.Height)
	}
	if cap(row) < g.Width {
		row = make([]byte, g.Width)
	}
	row = row[:g.Width]
	copy(row, g.pix[y*g.Width:(y+1)*g.Width])
	return row, nil
}

func (g *grayLuminance) GetMatrix() []byte { return g.pix }

func (g *grayLuminance) Invert() gozxing.LuminanceSource {
	return gozxing.NewInvertedLuminanceSource(g)
}

func (g *grayLuminance) String() string { return gozxing.LuminanceSourceString(g) }

// plane is an 8-bit luminance image with a tight stride.
type plane struct {
	pix  []byte
	w, h int
}

// luminance returns the luminance of img as a plane. *image.Gray and
// *image.YCbCr images with a tight stride are used in place; everything else
// is converted into buf, which is grown as needed and returned for reuse.
func luminance(img image.Image, buf []byte) (plane, []byte) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.Gray:
		if m.Stride == w {
			return plane{m.Pix[:w*h], w, h}, buf
		}
		buf = grow(buf, w*h)
		for y := 0; y < h; y++ {
			copy(buf[y*w:(y+1)*w], m.Pix[y*m.Stride:])
		}
		return plane{buf, w, h}, buf
	case *image.YCbCr:
		if m.YStride == w {
			return plane{m.Y[:w*h], w, h}, buf
		}
		buf = grow(buf, w*h)
		for y := 0; y < h; y++ {
			copy(buf[y*w:(y+1)*w], m.Y[y*m.YStride:])
		}
		return plane{buf, w, h}, buf
	}
	buf = grow(buf, w*h)
	switch m := img.(type) {
	case *image.RGBA:
		// Premultiplied: compositing over white adds the missing coverage.
		for y := 0; y < h; y++ {
			row := m.Pix[y*m.Stride : y*m.Stride+4*w]
			out := buf[y*w : (y+1)*w]
			for x := range out {
				p := row[4*x : 4*x+4]
				out[x] = byte((int(p[0])+2*int(p[1])+int(p[2]))/4 + 255 - int(p[3]))
			}
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[y*m.Stride : y*m.Stride+4*w]
			out := buf[y*w : (y+1)*w]
			for x := range out {
				p := row[4*x : 4*x+4]
				l := (int(p[0]) + 2*int(p[1]) + int(p[2])) / 4
				a := int(p[3])
				out[x] = byte((l*a + 255*(255-a)) / 255)
			}
		}
	case *image.Paletted:
		var lut [256]byte
		for i, c := range m.Palette {
			lut[i] = lumOf(c)
		}
		for y := 0; y < h; y++ {
			row := m.Pix[y*m.Stride : y*m.Stride+w]
			out := buf[y*w : (y+1)*w]
			for x, p := range row {
				out[x] = lut[p]
			}
		}
	default:
		for y := 0; y < h; y++ {
			out := buf[y*w : (y+1)*w]
			for x := range out {
				out[x] = lumOf(img.At(b.Min.X+x, b.Min.Y+y))
			}
		}
	}
	return plane{buf[:w*h], w, h}, buf
}

// lumOf returns the luminance of c composited over white, using the same
// (r+2g+b)/4 weighting as gozxing.
func lumOf(c color.Color) byte {
	r, g, b, a := c.RGBA()
	l := (r + 2*g + b) / 4 // premultiplied, 0..0xffff
	return byte((l + 0xffff - a) >> 8)
}

func grow(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, n)
	}
	return buf[:n]
}

// boxBlur3 writes the 3x3 mean of src into dst. Edge pixels repeat the
// border. tmp holds the horizontal sums of three rows at a time, so that
// the pass stays in cache.
func boxBlur3(dst []byte, src plane, tmp []uint16) ([]byte, []uint16) {
	w, h := src.w, src.h
	dst = grow(dst, w*h)
	if cap(tmp) < 3*w {
		tmp = make([]uint16, 3*w)
	}
	tmp = tmp[:3*w]
	// Horizontal sums of three of row y, into slot y%3.
	across := func(y int) {
		s := src.pix[y*w : (y+1)*w]
		t := tmp[y%3*w : (y%3+1)*w]
		if w < 2 {
			t[0] = 3 * uint16(s[0])
			return
		}
		t[0] = uint16(s[0])*2 + uint16(s[1])
		a, b := uint16(s[0]), uint16(s[1])
		s = s[2:]
		t = t[1 : len(s)+1]
		for x, c8 := range s {
			c := uint16(c8)
			t[x] = a + b + c
			a, b = b, c
		}
		tmp[y%3*w+w-1] = uint16(src.pix[y*w+w-2]) + uint16(src.pix[y*w+w-1])*2
	}
	across(0)
	if h > 1 {
		across(1)
	}
	// Vertical sums of three, divided by nine (x*7282>>16 = x/9 for x < 2296).
	for y := 0; y < h; y++ {
		if y+1 < h && y+1 >= 2 {
			across(y + 1)
		}
		up, down := max(y-1, 0), min(y+1, h-1)
		a, b, c := tmp[up%3*w:(up%3+1)*w], tmp[y%3*w:(y%3+1)*w], tmp[down%3*w:(down%3+1)*w]
		out := dst[y*w : (y+1)*w]
		b, c = b[:len(a)], c[:len(a)]
		out = out[:len(a)]
		for x, av := range a {
			out[x] = byte(((uint32(av)+uint32(b[x])+uint32(c[x]))*7282 + 32768) >> 16)
		}
	}
	return dst, tmp
}

// invert writes 255-p for every pixel of src into dst. 255-p is p with
// every bit flipped, so whole words are flipped at a time.
func invert(dst []byte, src plane) []byte {
	dst = grow(dst, len(src.pix))
	n := len(src.pix) &^ 7
	for i := 0; i < n; i += 8 {
		binary.LittleEndian.PutUint64(dst[i:], ^binary.LittleEndian.Uint64(src.pix[i:]))
	}
	for i := n; i < len(src.pix); i++ {
		dst[i] = ^src.pix[i]
	}
	return dst
}

// downscale2 writes the 2x2 mean of src into dst, halving both dimensions.
func downscale2(dst []byte, src plane) ([]byte, plane) {
	w, h := src.w/2, src.h/2
	dst = grow(dst, w*h)
	for y := 0; y < h; y++ {
		r0 := src.pix[2*y*src.w:]
		r1 := src.pix[(2*y+1)*src.w:]
		out := dst[y*w : (y+1)*w]
		for x := range out {
			out[x] = byte((int(r0[2*x]) + int(r0[2*x+1]) + int(r1[2*x]) + int(r1[2*x+1]) + 2) / 4)
		}
	}
	return dst, plane{dst, w, h}
}

// upscale2 writes src enlarged twice with bilinear interpolation into dst:
// even output pixels copy a source pixel, odd ones average its neighbours
// to the right and below, the last row and column repeating.
func upscale2(dst []byte, src plane) ([]byte, plane) {
	w, h := src.w*2, src.h*2
	dst = grow(dst, w*h)
	for sy := 0; sy < src.h; sy++ {
		r0 := src.pix[sy*src.w : (sy+1)*src.w]
		r1 := r0
		if sy+1 < src.h {
			r1 = src.pix[(sy+1)*src.w : (sy+2)*src.w]
		}
		even := dst[2*sy*w : (2*sy+1)*w]
		odd := dst[(2*sy+1)*w : (2*sy+2)*w]
		even, odd = even[:2*len(r0)], odd[:2*len(r0)]
		r1 = r1[:len(r0)]
		for sx, a := range r0 {
			c := r1[sx]
			b, e := a, c
			if sx+1 < len(r0) {
				b, e = r0[sx+1], r1[sx+1]
			}
			ia, ib, ic, ie := int(a), int(b), int(c), int(e)
			even[2*sx] = a
			even[2*sx+1] = byte((2*ia + 2*ib + 2) >> 2)
			odd[2*sx] = byte((2*ia + 2*ic + 2) >> 2)
			odd[2*sx+1] = byte((ia + ib + ic + ie + 2) >> 2)
		}
	}
	return dst, plane{dst, w, h}
}

// crop copies the rectangle r of src into dst.
func crop(dst []byte, src plane, r image.Rectangle) ([]byte, plane) {
	w, h := r.Dx(), r.Dy()
	dst = grow(dst, w*h)
	for y := 0; y < h; y++ {
		copy(dst[y*w:(y+1)*w], src.pix[(r.Min.Y+y)*src.w+r.Min.X:])
	}
	return dst, plane{dst, w, h}
}

// levels returns the 1st and 99th percentile grey levels of p, sampling
// every fourth pixel.
func levels(p plane) (lo, hi int) {
	var hist [256]int
	n := 0
	for i := 0; i < len(p.pix); i += 4 {
		hist[p.pix[i]]++
		n++
	}
	cut, sum := n/100, 0
	for lo = 0; lo < 255; lo++ {
		if sum += hist[lo]; sum > cut {
			break
		}
	}
	sum = 0
	for hi = 255; hi > 0; hi-- {
		if sum += hist[hi]; sum > cut {
			break
		}
	}
	return lo, hi
}

// stretch maps the grey levels lo..hi of src linearly onto 0..255 in dst.
func stretch(dst []byte, src plane, lo, hi int) []byte {
	dst = grow(dst, len(src.pix))
	var lut [256]byte
	span := max(hi-lo, 1)
	for i := range lut {
		lut[i] = byte(min(max((i-lo)*255/span, 0), 255))
	}
	for i, p := range src.pix {
		dst[i] = lut[p]
	}
	return dst
}
