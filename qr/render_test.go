package qr_test

import (
	"bytes"
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
