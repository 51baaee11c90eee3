package qr_test

import (
	"bytes"
	"errors"
	"image/png"
	"testing"

	"github.com/venuepass/venuepass/qr"
)

// TestFastPNG: FastPNG changes only the compression, never the image.
func TestFastPNG(t *testing.T) {
	const text = "VP1:6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3"
	var best, fast bytes.Buffer
	if err := qr.PNG(&best, text, qr.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := qr.PNG(&fast, text, qr.RenderOptions{FastPNG: true}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(best.Bytes(), fast.Bytes()) {
		t.Fatal("FastPNG wrote the same bytes as the best compression")
	}
	a, err := png.Decode(&best)
	if err != nil {
		t.Fatal(err)
	}
	b, err := png.Decode(&fast)
	if err != nil {
		t.Fatal(err)
	}
	if a.Bounds() != b.Bounds() {
		t.Fatalf("bounds %v and %v", a.Bounds(), b.Bounds())
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				t.Fatalf("pixel %d,%d differs", x, y)
			}
		}
	}
	texts, err := qr.Decode(b)
	if err != nil || len(texts) != 1 || texts[0] != text {
		t.Fatalf("decoded %q %v", texts, err)
	}
}

// TestFile: the extension, in any case, picks the format; another is
// ErrFileType.
func TestFile(t *testing.T) {
	text := "VP1:김민준"
	data, err := qr.File("code.PNG", text, qr.RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("code.PNG is not a PNG: %v", err)
	}
	if texts, err := qr.Decode(img); err != nil || len(texts) != 1 || texts[0] != text {
		t.Errorf("the PNG decodes to %q, %v", texts, err)
	}
	data, err = qr.File("code.svg", text, qr.RenderOptions{})
	var want bytes.Buffer
	if err != nil || qr.SVG(&want, text, qr.RenderOptions{}) != nil || !bytes.Equal(data, want.Bytes()) {
		t.Errorf("code.svg is not qr.SVG's document: %v", err)
	}
	for _, name := range []string{"code.jpg", "code", ""} {
		if _, err := qr.File(name, text, qr.RenderOptions{}); !errors.Is(err, qr.ErrFileType) {
			t.Errorf("%q: %v, want ErrFileType", name, err)
		}
	}
}
