package qr_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/venuepass/venuepass/qr"
)

func TestDecodeFilesInOrder(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, text := range []string{"first", "second", "third"} {
		p := filepath.Join(dir, text+".png")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := qr.PNG(f, text, qr.RenderOptions{}); err != nil {
			t.Fatal(err)
		}
		f.Close()
		paths = append(paths, p)
	}
	paths = append(paths[:1], append([]string{filepath.Join(dir, "missing.png")}, paths[1:]...)...)
	want := []string{"first", "", "second", "third"}
	for i, ch := range qr.DecodeFiles(paths) {
		r := <-ch
		if want[i] == "" {
			if !errors.Is(r.Err, os.ErrNotExist) {
				t.Errorf("%s: %v, want not exist", paths[i], r.Err)
			}
			continue
		}
		if r.Err != nil || len(r.Texts) != 1 || r.Texts[0] != want[i] {
			t.Errorf("%s: %q %v, want %q", paths[i], r.Texts, r.Err, want[i])
		}
	}
}
