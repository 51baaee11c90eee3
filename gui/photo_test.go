package gui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/photos"
)

// The steward badge carries a photo digest and a birth year (issued
// through the issuer package by the demo): the verdict shows the photo
// beside the name when the stored file matches, says so when the file was
// swapped, and shows the birth year.
func TestPhotoVerdict(t *testing.T) {
	tk := newTestKiosk(t, nil)
	tk.wedgeScan(tk.sample("Steward badge"))
	v := tk.wait()
	if v.Photo == nil || v.Photo.Status != photos.Match || tk.verdict.shownPhoto != "match" || !tk.verdict.photoBox.Visible() {
		t.Fatalf("photo: %+v shown %q", v.Photo, tk.verdict.shownPhoto)
	}
	if got := richText(tk.verdict.details); !strings.Contains(got, "Born 1991") {
		t.Errorf("details %q", got)
	}
	// Large enough to compare a face: it grows with the screen, past its
	// minimum (120 wide) on a 1280x800 window.
	if sz := tk.verdict.photoBox.Size(); sz.Width < 180 || sz.Height < 240 {
		t.Errorf("photo shown %v", sz)
	}
	dir := t.TempDir()
	if *updateScreens {
		dir = filepath.Join("testdata", "screens")
	}
	writePNG(t, filepath.Join(dir, "photo.png"), tk.win.Canvas().Capture())
	// Someone swaps the file in the store: no face, and staff are told.
	other, err := os.ReadFile(filepath.Join(tk.demo.dir, "01-season-member.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tk.demo.dir, "photos", "E-1042.jpg"), other, 0o644); err != nil {
		t.Fatal(err)
	}
	tk.backFromVerdict()
	tk.wedgeScan(tk.sample("Steward badge"))
	v = tk.wait()
	if v.Photo == nil || v.Photo.Status != photos.Mismatch || tk.verdict.photoBox.Visible() {
		t.Fatalf("swapped photo: %+v, shown %v", v.Photo, tk.verdict.photoBox.Visible())
	}
	if got := richText(tk.verdict.details); !strings.Contains(got, "DOES NOT MATCH") {
		t.Errorf("details %q", got)
	}
	// A credential without a digest shows no photo.
	tk.backFromVerdict()
	tk.wedgeScan(tk.sample("Season member"))
	if v := tk.wait(); v.Photo == nil || v.Photo.Status != photos.NoDigest || tk.verdict.photoBox.Visible() {
		t.Errorf("no digest: %+v", v.Photo)
	}
}
