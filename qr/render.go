package qr

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"path/filepath"
	"strings"
)

// RenderOptions control how a code is drawn. The zero value renders at
// level M with 8 pixels per module and a 4-module quiet zone.
type RenderOptions struct {
	// Level is the error correction level.
	Level Level
	// Scale is the number of pixels per module. Zero means 8, unless Size
	// is set.
	Scale int
	// Size is the target width and height in pixels, quiet zone included.
	// If non-zero it overrides Scale: the largest whole number of pixels per
	// module that fits is used and the remainder becomes extra margin, so
	// the image is exactly Size pixels wide.
	Size int
	// QuietZone is the light margin around the symbol, in modules. Zero
	// means the standard 4.
	QuietZone int
	// NoColor makes Terminal print plain characters without ANSI colour
	// escapes. Dark modules are then drawn in the terminal's foreground
	// colour, so on a light-on-dark terminal the code appears inverted.
	NoColor bool
	// FastPNG makes PNG compress at the default level, not the best: the
	// best costs about 30 times the CPU for files 10% smaller, which
	// dominates writing a large batch of codes.
	FastPNG bool
}

const (
	defaultScale = 8
	maxPixels    = 1 << 14 // rendered image side limit
)

func (o RenderOptions) quiet() int {
	if o.QuietZone <= 0 {
		return 4
	}
	return o.QuietZone
}

// layout returns the pixels per module and the pixel offset of the first
// quiet-zone module, and the total side in pixels.
func (o RenderOptions) layout(c *Code) (scale, margin, side int, err error) {
	if o.Scale < 0 || o.Size < 0 || o.QuietZone < 0 {
		return 0, 0, 0, errorf("negative render option %+v", o)
	}
	modules := c.Size() + 2*o.quiet()
	switch {
	case o.Size > 0:
		scale = o.Size / modules
		if scale < 1 {
			return 0, 0, 0, errorf("size %d px too small for %d modules (quiet zone included)", o.Size, modules)
		}
		side = o.Size
		margin = (side - scale*modules) / 2
	case o.Scale > 0:
		scale = o.Scale
		side = scale * modules
	default:
		scale = defaultScale
		side = scale * modules
	}
	if side > maxPixels {
		return 0, 0, 0, errorf("rendered image would be %d px wide (limit %d)", side, maxPixels)
	}
	return scale, margin, side, nil
}

// Image renders text as a black-on-white *image.Gray.
func Image(text string, opt RenderOptions) (image.Image, error) {
	c, err := Encode(text, opt.Level)
	if err != nil {
		return nil, err
	}
	return c.Image(opt)
}

// Image renders the code as a black-on-white *image.Gray. opt.Level is
// ignored.
func (c *Code) Image(opt RenderOptions) (*image.Gray, error) {
	scale, margin, side, err := opt.layout(c)
	if err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	off := margin + opt.quiet()*scale
	for y := 0; y < c.size; y++ {
		for x := 0; x < c.size; x++ {
			if !c.Black(x, y) {
				continue
			}
			for py := 0; py < scale; py++ {
				row := img.Pix[(off+y*scale+py)*img.Stride:]
				clear(row[off+x*scale : off+(x+1)*scale])
			}
		}
	}
	return img, nil
}

// PNG writes text as a black-on-white PNG image, at the best compression
// unless opt.FastPNG is set.
func PNG(w io.Writer, text string, opt RenderOptions) error {
	img, err := Image(text, opt)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if opt.FastPNG {
		enc.CompressionLevel = png.DefaultCompression
	}
	return enc.Encode(w, img)
}

// ErrFileType is File's error for a file name that is neither .png nor
// .svg.
var ErrFileType = errors.New("qr: not a .png or .svg file name")

// File draws text as the image a file name asks for by its extension, in
// any case: a PNG for .png, an SVG document for .svg. Another extension is
// ErrFileType, checked before anything is drawn.
func File(name, text string, opt RenderOptions) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png":
		err = PNG(&buf, text, opt)
	case ".svg":
		err = SVG(&buf, text, opt)
	default:
		return nil, ErrFileType
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SVG writes text as an SVG document. The symbol is a single path of module
// rectangles in a viewBox measured in modules, drawn with crisp edges so it
// scales without blurring. The width and height attributes follow opt as for
// PNG.
func SVG(w io.Writer, text string, opt RenderOptions) error {
	c, err := Encode(text, opt.Level)
	if err != nil {
		return err
	}
	_, _, side, err := opt.layout(c)
	if err != nil {
		return err
	}
	q := opt.quiet()
	n := c.size + 2*q
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" shape-rendering="crispEdges">`+"\n", side, side, n, n)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="#fff"/>`+"\n", n, n)
	bw.WriteString(`<path fill="#000" d="`)
	for y := 0; y < c.size; y++ {
		for x := 0; x < c.size; {
			if !c.Black(x, y) {
				x++
				continue
			}
			run := 1
			for c.Black(x+run, y) {
				run++
			}
			fmt.Fprintf(bw, "M%d %dh%dv1h-%dz", x+q, y+q, run, run)
			x += run
		}
	}
	bw.WriteString("\"/>\n</svg>\n")
	return bw.Flush()
}

// ANSI escapes used by Terminal: black foreground on a bright white
// background, so the code reads dark-on-light whatever the terminal theme.
const (
	ansiOn  = "\x1b[30;107m"
	ansiOff = "\x1b[0m"
)

// Terminal writes text as half-block characters (▀ ▄ █ and space), two
// module rows per line, one column per module, with a quiet zone of
// opt.QuietZone modules (4 by default). Unless opt.NoColor is set, every line
// is wrapped in ANSI escapes for black on white so phones can scan it off
// both light and dark terminal themes. opt.Scale and opt.Size are ignored.
func Terminal(w io.Writer, text string, opt RenderOptions) error {
	c, err := Encode(text, opt.Level)
	if err != nil {
		return err
	}
	q := opt.quiet()
	bw := bufio.NewWriter(w)
	for y := -q; y < c.size+q; y += 2 {
		if !opt.NoColor {
			bw.WriteString(ansiOn)
		}
		for x := -q; x < c.size+q; x++ {
			top, bottom := c.Black(x, y), c.Black(x, y+1)
			switch {
			case top && bottom:
				bw.WriteString("█")
			case top:
				bw.WriteString("▀")
			case bottom:
				bw.WriteString("▄")
			default:
				bw.WriteByte(' ')
			}
		}
		if !opt.NoColor {
			bw.WriteString(ansiOff)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
