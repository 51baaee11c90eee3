package qr_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
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

func TestSniff(t *testing.T) {
	random := make([]byte, qr.SniffLen)
	for i := range random {
		random[i] = byte(i*7919 + i*i*31 + 13) // deterministic, not text
	}
	long := strings.Repeat("VP1:ABC\n", qr.SniffLen/8-1) + "Kí" // cut inside í below
	for _, c := range []struct {
		name  string
		head  string
		atEOF bool
		kind  qr.Kind
		what  string
	}{
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", true, qr.KindImage, "PNG image"},
		{"jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF", true, qr.KindImage, "JPEG image"},
		{"gif", "GIF89a\x01\x00", true, qr.KindImage, "GIF image"},
		{"webp", "RIFF\x24\x00\x00\x00WEBPVP8 ", true, qr.KindImage, "WebP image"},
		{"riff wave", "RIFF\x24\x00\x00\x00WAVEfmt ", true, qr.KindBinary, "binary data"},
		{"heic", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", true, qr.KindOtherImage, "HEIC image"},
		{"avif", "\x00\x00\x00\x1cftypavif\x00\x00\x00\x00", true, qr.KindOtherImage, "AVIF image"},
		{"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", true, qr.KindBinary, "PDF document"},
		{"zip", "PK\x03\x04\x14\x00", true, qr.KindBinary, "ZIP archive (or an office document)"},
		{"sqlite", "SQLite format 3\x00\x10\x00", true, qr.KindBinary, "SQLite database"},
		{"utf16", "\xff\xfeV\x00P\x001\x00", true, qr.KindBinary, "UTF-16 text (save it as UTF-8)"},
		{"random", string(random), false, qr.KindBinary, "binary data"},
		{"nul", "VP1:ABC\x00DEF\n", true, qr.KindBinary, "binary data"},
		{"controls", "\x01\x02\x03\x04abc", true, qr.KindBinary, "binary data"},
		{"codes", "VP1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0B3KLASMUG8GJL8\r\nHC1:NCFOXN%TS3DH\n", true, qr.KindText, "text"},
		{"csv", "name,sub,zones\nKim Min-jun,E-1042,HQ-MAIN\n김민준,E-1043,LAB-2\n", true, qr.KindText, "text"},
		{"bm text", "BM is a text line that starts with BM\n", true, qr.KindText, "text"},
		{"empty", "", true, qr.KindText, "text"},
		// A character cut by the sniff window is not held against the text;
		// the same bytes as a whole file are not UTF-8.
		{"cut rune", long[:len(long)-1], false, qr.KindText, "text"},
		{"cut rune at end of file", long[:len(long)-1], true, qr.KindBinary, "binary data"},
	} {
		got := qr.Sniff([]byte(c.head), c.atEOF)
		if got.Kind != c.kind || got.Name != c.what {
			t.Errorf("%s: %v %q, want %v %q", c.name, got.Kind, got.Name, c.kind, c.what)
		}
	}
}

// TestSniffFile reads a PNG named .txt as the image it is, and WebP files
// decode.
func TestSniffFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "code.txt")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := qr.PNG(f, "VP1:HELLO", qr.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	c, err := qr.SniffFile(p)
	if err != nil || c.Kind != qr.KindImage || c.Name != "PNG image" {
		t.Fatalf("SniffFile(code.txt) = %v, %v; want a PNG image", c, err)
	}
	if _, err := qr.SniffFile(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}
