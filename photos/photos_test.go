package photos

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"github.com/venuepass/venuepass/credential"
)

// jpegOf makes a small real JPEG of one colour.
func jpegOf(t *testing.T, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 30, 40))
	for y := range 40 {
		for x := range 30 {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLookup(t *testing.T) {
	dir := t.TempDir()
	kim := jpegOf(t, color.RGBA{R: 200, A: 255})
	lee := jpegOf(t, color.RGBA{B: 200, A: 255})
	// As `venuepass print --photos` names them: SUB.jpg.
	if err := os.WriteFile(filepath.Join(dir, "E-1042.jpg"), kim, 0o644); err != nil {
		t.Fatal(err)
	}
	// Per issuer, looked at first.
	if err := os.MkdirAll(filepath.Join(dir, "acme"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "acme", "E-1042.png"), lee, 0o644); err != nil {
		t.Fatal(err)
	}
	s := Store{Dir: dir}
	for _, c := range []struct {
		name, iss, sub string
		digest         []byte
		want           Status
		photo          []byte
	}{
		{"match", "city-arena", "E-1042", credential.PhotoDigest(kim), Match, kim},
		{"issuer folder first", "acme", "E-1042", credential.PhotoDigest(lee), Match, lee},
		// The file was swapped: the digest is another photo's.
		{"mismatch", "city-arena", "E-1042", credential.PhotoDigest(lee), Mismatch, nil},
		{"missing", "city-arena", "E-9999", credential.PhotoDigest(kim), Missing, nil},
		{"no digest", "city-arena", "E-1042", nil, NoDigest, nil},
		{"path in sub", "city-arena", "../E-1042", credential.PhotoDigest(kim), Missing, nil},
		{"dot issuer ignored", "..", "E-1042", credential.PhotoDigest(kim), Match, kim},
	} {
		r, err := s.Lookup(c.iss, c.sub, c.digest)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.Status != c.want || !bytes.Equal(r.Photo, c.photo) {
			t.Errorf("%s: %v (%d bytes), want %v", c.name, r.Status, len(r.Photo), c.want)
		}
	}
	// Too large: an error, not a photo.
	big := make([]byte, MaxSize+1)
	if err := os.WriteFile(filepath.Join(dir, "BIG.jpg"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Lookup("x", "BIG", credential.PhotoDigest(big)); err == nil {
		t.Error("a photo over MaxSize was read")
	}
}
