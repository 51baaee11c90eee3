package photos

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/venuepass/venuepass/credential"
)

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// refusedFor returns the error the report gives for path, nil if none.
func refusedFor(r Report, path string) error {
	for _, f := range r.Refused {
		if f.Path == path {
			return f
		}
	}
	return nil
}

// TestImport: a drop folder with good photos, hostile names, a truncated
// JPEG, a PNG renamed .jpg, links and oversized files: the good ones are
// in the store where Lookup finds them, every bad one is refused naming
// why, and no stored photo is lost to bad input.
func TestImport(t *testing.T) {
	in, storeDir, outside := t.TempDir(), t.TempDir(), t.TempDir()
	kim := jpegOf(t, color.RGBA{R: 200, A: 255})
	lee := jpegOf(t, color.RGBA{B: 200, A: 255})
	park := jpegOf(t, color.RGBA{G: 200, A: 255})
	s := Store{Dir: storeDir}
	// Already in the store: E-7.jpg, which a truncated file in the inbox
	// must not replace.
	write(t, filepath.Join(storeDir, "E-7.jpg"), park)

	write(t, filepath.Join(in, "E-1042.jpg"), kim)
	write(t, filepath.Join(in, "acme", "E-1042.JPEG"), lee)
	write(t, filepath.Join(in, "김민준.jpg"), lee)
	write(t, filepath.Join(in, "E-7.jpg"), park[:len(park)/2]) // truncated
	var pngb bytes.Buffer
	if err := png.Encode(&pngb, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(in, "E-8.jpg"), pngb.Bytes())   // a PNG renamed
	write(t, filepath.Join(in, "E-9.png"), pngb.Bytes())   // a PNG: JPEG only
	write(t, filepath.Join(in, `E\..\E-1042.jpg`), kim)    // a backslash
	write(t, filepath.Join(in, "E\x01.jpg"), kim)          // a control character
	write(t, filepath.Join(in, "a", "b", "E-1.jpg"), kim)  // too deep
	write(t, filepath.Join(in, ".hidden.jpg"), kim)        // passed over
	write(t, filepath.Join(in, "trust.vptl"), []byte("x")) // not a photo: passed over
	write(t, filepath.Join(outside, "secret.jpg"), kim)    // reached only by links
	write(t, filepath.Join(in, "E-3.jpg"), make([]byte, MaxImportSize+1))
	wide := image.NewGray(image.Rect(0, 0, MaxDimension+1, 1))
	var wb bytes.Buffer
	if err := jpeg.Encode(&wb, wide, nil); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(in, "E-4.jpg"), wb.Bytes())
	if err := os.Symlink(filepath.Join(outside, "secret.jpg"), filepath.Join(in, "E-5.jpg")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(in, "linked")); err != nil {
		t.Fatal(err)
	}

	r, err := s.Import(in)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(r.Taken)
	if want := []string{"E-1042.jpg", "acme/E-1042.jpg", "김민준.jpg"}; !slices.Equal(r.Taken, want) {
		t.Errorf("taken %q, want %q", r.Taken, want)
	}
	for path, want := range map[string]error{
		"E-7.jpg": ErrNotJPEG, "E-8.jpg": ErrNotJPEG, "E-9.png": ErrNotJPEG,
		`E\..\E-1042.jpg`: ErrName, "E\x01.jpg": ErrName, "a/b/": ErrNotRegular,
		"E-3.jpg": ErrTooLarge, "E-4.jpg": ErrTooLarge, "E-5.jpg": ErrNotRegular, "linked": ErrNotRegular,
	} {
		if err := refusedFor(r, path); !errors.Is(err, want) {
			t.Errorf("%q: refused with %v, want %v", path, err, want)
		}
	}
	if len(r.Refused) != 10 {
		t.Errorf("%d refusals, want 10: %v", len(r.Refused), r.Refused)
	}
	// Where Lookup finds them; the truncated E-7.jpg left the stored one.
	for _, c := range []struct {
		iss, sub string
		photo    []byte
	}{{"city", "E-1042", kim}, {"acme", "E-1042", lee}, {"city", "김민준", lee}, {"city", "E-7", park}} {
		res, err := s.Lookup(c.iss, c.sub, credential.PhotoDigest(c.photo))
		if err != nil || res.Status != Match {
			t.Errorf("%s/%s after the import: %v %v", c.iss, c.sub, res.Status, err)
		}
	}
	names, _ := filepath.Glob(filepath.Join(storeDir, "*"))
	if len(names) != 4 { // E-1042.jpg, E-7.jpg, 김민준.jpg, acme
		t.Errorf("the store holds %q", names)
	}
	if _, err := os.Stat(filepath.Join(storeDir, "secret.jpg")); err == nil {
		t.Error("a link was followed")
	}

	// Again: unchanged files are not read again; a changed one is taken.
	r, err = s.Import(in)
	if err != nil || len(r.Taken) != 0 || len(r.Unchanged) != 3 {
		t.Errorf("a second import: %+v %v", r, err)
	}
	inbox := Inbox{From: in, To: s}
	if _, err := inbox.Import(); err != nil {
		t.Fatal(err)
	}
	if r, _ := inbox.Import(); len(r.Taken)+len(r.Unchanged) != 0 {
		t.Errorf("the inbox read unchanged files again: %+v", r)
	}
	write(t, filepath.Join(in, "E-1042.jpg"), park)
	future := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(in, "E-1042.jpg"), future, future)
	if r, _ := inbox.Import(); !slices.Equal(r.Taken, []string{"E-1042.jpg"}) {
		t.Errorf("a replaced photo: %+v", r)
	}
	if res, _ := s.Lookup("city", "E-1042", credential.PhotoDigest(park)); res.Status != Match {
		t.Errorf("the replaced photo: %v", res.Status)
	}

	if _, err := s.Import(filepath.Join(in, "no-such-folder")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing folder: %v", err)
	}
}

// TestCheckName: the names a store holds, and the hostile ones it does
// not (a hub's object names go through it too).
func TestCheckName(t *testing.T) {
	for name, want := range map[string]string{
		"E-1.jpg": "E-1.jpg", "E-1.JPG": "E-1.jpg", "acme/E-1.jpeg": "acme/E-1.jpg", "김민준.jpg": "김민준.jpg",
		"../E-1.jpg": "", "acme/../E-1.jpg": "", "/E-1.jpg": "", "a/b/E-1.jpg": "", ".jpg": "", "E-1.png": "",
		"acme/.jpg": "", ".acme/E-1.jpg": "", "E\x00.jpg": "", "E\n.jpg": "", "\xff.jpg": "", "acme//E.jpg": "",
		`a\b.jpg`: "", "": "",
	} {
		got, err := CheckName(name)
		if got != want || (want == "") != errors.Is(err, ErrName) {
			t.Errorf("CheckName(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
}

// TestPutRemove: Put replaces atomically and says when nothing changed;
// Remove of a missing photo is no error; a store's issuer folder that is
// a link out of the store is refused.
func TestPutRemove(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	kim := jpegOf(t, color.RGBA{R: 200, A: 255})
	p, err := Check("acme/E-1.jpg", kim)
	if err != nil {
		t.Fatal(err)
	}
	if changed, err := s.Put(p); !changed || err != nil {
		t.Fatalf("put: %v %v", changed, err)
	}
	if changed, err := s.Put(p); changed || err != nil {
		t.Fatalf("put again: %v %v", changed, err)
	}
	if err := s.Remove("acme/E-1.jpg"); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove("acme/E-1.jpg"); err != nil {
		t.Fatalf("removing a missing photo: %v", err)
	}
	if err := s.Remove("../x.jpg"); !errors.Is(err, ErrName) {
		t.Errorf("removing ../x.jpg: %v", err)
	}
	if _, err := s.Put(Photo{}); err == nil {
		t.Error("a photo not made by Check was stored")
	}
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(s.Dir, "evil")); err != nil {
		t.Fatal(err)
	}
	p, _ = Check("evil/E-1.jpg", kim)
	if _, err := s.Put(p); !errors.Is(err, ErrNotRegular) {
		t.Errorf("put through a linked issuer folder: %v", err)
	}
	if names, _ := os.ReadDir(outside); len(names) != 0 {
		t.Errorf("written through a link: %v", names)
	}
}
