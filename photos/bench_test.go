package photos

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkInbox: what the kiosk's 30-second look at a photo inbox of 100
// ID photos (600x800 JPEGs) costs once they are imported (the files are
// not read again), next to the first import of the same folder (each file
// read, decoded and written), in the same run.
func BenchmarkInbox(b *testing.B) {
	in := b.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 600, 800))
	for y := range 800 {
		for x := range 600 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		b.Fatal(err)
	}
	for i := range 100 {
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("E-%04d.jpg", i)), buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("first-import", func(b *testing.B) {
		for b.Loop() {
			in := Inbox{From: in, To: Store{Dir: b.TempDir()}}
			if r, err := in.Import(); err != nil || len(r.Taken) != 100 {
				b.Fatal(r, err)
			}
		}
	})
	b.Run("rescan-unchanged", func(b *testing.B) {
		inbox := Inbox{From: in, To: Store{Dir: b.TempDir()}}
		if _, err := inbox.Import(); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if r, err := inbox.Import(); err != nil || len(r.Taken)+len(r.Unchanged) != 0 {
				b.Fatal(r, err)
			}
		}
	})
}
