package printing

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // photo formats
	"image/jpeg"
	_ "image/png"
	"io"
	"os"

	"github.com/go-pdf/fpdf"
)

// Limits on photo files, checked before a photo is decoded.
const (
	MaxPhotoSize   = 20 << 20 // bytes
	MaxPhotoPixels = 40 << 20 // width times height
)

// Photos are cropped to 3:4 and stored at this size, about 340 dpi at the
// 18 x 24 mm they print at, so a 20-megapixel original costs no more than a
// thumbnail in the PDF.
const photoW, photoH = 240, 320

// photo draws the photo file at path cropped to fill w x h at x, y.
func (d *doc) photo(path string, x, y, w, h float64) error {
	name, ok := d.photos[path]
	if !ok {
		data, err := readPhoto(path)
		if err != nil {
			return err
		}
		name = fmt.Sprintf("photo%d", len(d.photos))
		d.pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(data))
		if err := d.pdf.Error(); err != nil {
			return fmt.Errorf("photo %s: %v", path, err)
		}
		d.photos[path] = name
	}
	d.pdf.ImageOptions(name, x, y, w, h, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	d.draw(rgb{0xd0, 0xd4, 0xda})
	d.pdf.SetLineWidth(0.15)
	d.pdf.Rect(x, y, w, h, "D")
	return nil
}

// readPhoto reads, crops and scales a photo file and returns it as JPEG.
func readPhoto(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("photo: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxPhotoSize+1))
	if err != nil {
		return nil, fmt.Errorf("photo %s: %v", path, err)
	}
	if len(data) > MaxPhotoSize {
		return nil, fmt.Errorf("photo %s is larger than %d MB; make it smaller", path, MaxPhotoSize>>20)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("photo %s: not a JPEG, PNG or GIF image: %v", path, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPhotoPixels {
		return nil, fmt.Errorf("photo %s is %dx%d pixels; at most %d megapixels are accepted", path, cfg.Width, cfg.Height, MaxPhotoPixels>>20)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("photo %s: %v", path, err)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, cover(img, photoW, photoH), &jpeg.Options{Quality: 88}); err != nil {
		return nil, fmt.Errorf("photo %s: %v", path, err)
	}
	return buf.Bytes(), nil
}

// cover crops src around its centre to the aspect of w x h and scales it to
// w x h by averaging the source pixels under each target pixel.
func cover(src image.Image, w, h int) *image.RGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	// Crop to the target aspect.
	cw, ch := sw, sw*h/w
	if ch > sh {
		cw, ch = sh*w/h, sh
	}
	cx, cy := b.Min.X+(sw-cw)/2, b.Min.Y+(sh-ch)/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for ty := range h {
		y0, y1 := cy+ty*ch/h, cy+(ty+1)*ch/h
		y1 = max(y1, y0+1)
		for tx := range w {
			x0, x1 := cx+tx*cw/w, cx+(tx+1)*cw/w
			x1 = max(x1, x0+1)
			var r, g, bl, n uint64
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					// Transparent parts are laid on white.
					cr, cg, cb, ca := src.At(x, y).RGBA()
					bg := uint64(0xffff - ca)
					r, g, bl, n = r+uint64(cr)+bg, g+uint64(cg)+bg, bl+uint64(cb)+bg, n+1
				}
			}
			i := dst.PixOffset(tx, ty)
			dst.Pix[i] = uint8(r / n >> 8)
			dst.Pix[i+1] = uint8(g / n >> 8)
			dst.Pix[i+2] = uint8(bl / n >> 8)
			dst.Pix[i+3] = 255
		}
	}
	return dst
}
