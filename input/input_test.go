package input

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/qr"
)

const code = "VP1:6BFOXN*TS0BI$ZDZRH"

// writeFiles makes the files of m (name: contents) in a fresh folder and
// changes into it.
func writeFiles(t *testing.T, m map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range m {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

func pngOf(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := qr.PNG(&b, text, qr.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func blankPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// got is what Read passed on, one line per code or failure.
func read(ins []Input, stdin string) []string {
	var got []string
	Read(ins, strings.NewReader(stdin), func(c Code) {
		got = append(got, fmt.Sprintf("code %s %q stdin=%v", c.Label, c.Text, c.Stdin))
	}, func(e *Error) {
		got = append(got, fmt.Sprintf("fail %s %s: %s", e.Label, e.Reason, e.Msg))
	})
	return got
}

func TestExpandSortsByContent(t *testing.T) {
	writeFiles(t, map[string][]byte{
		"noext":          pngOf(t, code), // an image without an extension
		"codes.txt":      []byte(code + "\n"),
		"photo.png":      []byte("not a picture\n"),
		"doc.pdf":        []byte("%PDF-1.7\n..."),
		"IMG_0001.jpg":   append([]byte("\x00\x00\x00\x18ftypheic"), make([]byte, 16)...),
		"random.bin":     {0, 1, 2, 3, 0xff, 0xfe, 0},
		"photos/a.png":   pngOf(t, code),
		"photos/b.txt":   []byte("skipped\n"),
		"photos/.hidden": pngOf(t, code),
		"empty/x.txt":    []byte("no images here\n"),
		"zero.png":       {},
	})
	ins := Expand([]string{code, "-", "noext", "codes.txt", "photo.png", "doc.pdf", "IMG_0001.jpg", "random.bin",
		"photos", "empty", "missing.txt", "pics/missing.jpg", "not-a-file-or-code", "zero.png"}, false)
	var got []string
	for _, in := range ins {
		s := fmt.Sprintf("%d %s %s", in.Kind, in.Label, in.Value)
		if in.Kind == Failed {
			s += " " + in.Err.Reason + ": " + in.Err.Msg
		}
		got = append(got, s)
	}
	want := []string{
		fmt.Sprintf("%d arg 1 %s", Text, code),
		fmt.Sprintf("%d stdin ", Stdin),
		fmt.Sprintf("%d noext noext", Image),
		fmt.Sprintf("%d codes.txt codes.txt", File),
		fmt.Sprintf("%d photo.png  not_text: cannot read image photo.png: it holds text, not a PNG, JPEG, GIF or WebP image; pass a photo or screenshot of the code", Failed),
		fmt.Sprintf("%d doc.pdf  not_text: doc.pdf is a PDF document, not an image or a text file of codes; render its pages as images first (pdftoppm -png -r 200 FILE.pdf page) and pass those", Failed),
		fmt.Sprintf("%d IMG_0001.jpg  not_text: IMG_0001.jpg is a HEIC image, which venuepass cannot decode; export it as PNG or JPEG, or take a screenshot of it", Failed),
		fmt.Sprintf("%d random.bin  not_text: random.bin is binary data, not an image or a text file of codes; pass images of codes, or text files with one code per line", Failed),
		fmt.Sprintf("%d photos/a.png photos/a.png", Image),
		fmt.Sprintf("%d empty  io_error: folder empty holds no PNG, JPEG, GIF or WebP images", Failed),
		fmt.Sprintf("%d missing.txt  io_error: input file missing.txt does not exist; check the path", Failed),
		fmt.Sprintf("%d pics/missing.jpg  io_error: image pics/missing.jpg does not exist; check the path", Failed),
		fmt.Sprintf("%d arg 13 not-a-file-or-code", Text),
		fmt.Sprintf("%d zero.png  not_text: cannot read image zero.png: the file is empty (0 bytes); pass a photo or screenshot of the code", Failed),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Expand:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A base45 text longer than a file name may be (a code whose prefix the
	// scanner lost) is text, not an I/O error.
	long := strings.Repeat("NCFOXN%TS3DH", 30)
	if ins := Expand([]string{long}, false); len(ins) != 1 || ins[0].Kind != Text || ins[0].Value != long {
		t.Errorf("Expand(%d characters of base45) = %+v, want one Text input", len(long), ins)
	}
	// A missing file keeps its cause.
	if e := ins[10].Err; !errors.Is(e, fs.ErrNotExist) {
		t.Errorf("missing.txt: %v does not wrap fs.ErrNotExist", e)
	}
}

func TestExpandForceImage(t *testing.T) {
	writeFiles(t, map[string][]byte{"codes.txt": []byte(code + "\n")})
	ins := Expand([]string{"codes.txt", code}, true)
	if ins[0].Kind != Failed || ins[0].Err.Reason != explain.InputNotText {
		t.Errorf("--image on a text file: %+v, want a not_text failure", ins[0])
	}
	// With --image even text that looks like a code names a file.
	if ins[1].Kind != Failed || ins[1].Err.Reason != explain.InputIOError {
		t.Errorf("--image on a code: %+v, want an io_error failure", ins[1])
	}
}

func TestLooksLikePath(t *testing.T) {
	for s, want := range map[string]bool{
		"missing.txt":  true,
		"a/b":          true,
		"plainword":    false,
		"6BFOXN*TS0BI": false,
		// A code damaged at its start: long, only QR text characters.
		"X1:6BFOXN*TS0BI$ZDZRH6BFOXN*TS0BI$ZDZRH.ABC": false,
	} {
		if got := looksLikePath(s); got != want {
			t.Errorf("looksLikePath(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestReadInOrder(t *testing.T) {
	writeFiles(t, map[string][]byte{
		"a.png":     pngOf(t, code),
		"blank.png": blankPNG(t),
		"codes.txt": []byte("\n" + code + "\r\nVP1:X\n"),
	})
	ins := Expand([]string{"blank.png", "codes.txt", "-", "a.png", "VP1:Y"}, false)
	got := read(ins, "VP1:A\n\nVP1:B\n")
	want := []string{
		"fail blank.png no_qr_code: no QR code found in blank.png; check that the image shows the whole code, sharp and well lit",
		`code codes.txt line 2 "` + code + `" stdin=false`,
		`code codes.txt line 3 "VP1:X" stdin=false`,
		`code stdin line 1 "VP1:A" stdin=true`,
		`code stdin line 3 "VP1:B" stdin=true`,
		`code a.png "` + code + `" stdin=false`,
		`code arg 5 "VP1:Y" stdin=false`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Read:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReadStdin(t *testing.T) {
	for _, tc := range []struct {
		name, stdin string
		want        []string
	}{
		{"binary", "%PDF-1.7\nVP1:A\n", []string{"fail stdin not_text: stdin is a PDF document, not an image or a text file of codes; render its pages as images first (pdftoppm -png -r 200 FILE.pdf page) and pass those"}},
		{"empty", "\n \n", []string{"fail stdin not_text: stdin held no QR text; pipe the scanner's codes in, one per line, or pass them as arguments"}},
		// Later lines are always read, whatever they hold.
		{"later lines", "VP1:A\n%PDF\n", []string{`code stdin line 1 "VP1:A" stdin=true`, `code stdin line 2 "%PDF" stdin=true`}},
		{"byte order mark", "\ufeffVP1:A\n\ufeffVP1:B\n", []string{`code stdin line 1 "VP1:A" stdin=true`, `code stdin line 2 "\ufeffVP1:B" stdin=true`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := read([]Input{{Kind: Stdin, Label: "stdin"}}, tc.stdin)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestReadCodes(t *testing.T) {
	lines := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%s %d\n", prefix, i+1)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"held lines are passed on when a code follows", lines("note", MaxNonCode) + "VP1:A\n", append(func() []string {
			var w []string
			for i := range MaxNonCode {
				w = append(w, fmt.Sprintf(`code f.txt line %d "note %d" stdin=false`, i+1, i+1))
			}
			return w
		}(), fmt.Sprintf(`code f.txt line %d "VP1:A" stdin=false`, MaxNonCode+1))},
		{"a staff list is not a file of codes", "VP1:A\n" + lines("Kim,employee", MaxNonCode+1) + "VP1:B\n", []string{
			`code f.txt line 1 "VP1:A" stdin=false`,
			fmt.Sprintf("fail f.txt line 2 not_text: f.txt is not a file of codes: lines 2 to %d hold none (VP1:, VPP1: or HC1:), so verify stopped reading it; it wants one code per line (a staff list is for 'venuepass issue --batch')", MaxNonCode+2),
		}},
		{"blank", "\n\n", []string{"fail f.txt not_text: f.txt holds no QR text; it should hold one code per line"}},
		{"a few non-code lines at the end are judged", "VP1:A\nhc1:b\njunk\n", []string{
			`code f.txt line 1 "VP1:A" stdin=false`, `code f.txt line 2 "hc1:b" stdin=false`, `code f.txt line 3 "junk" stdin=false`}},
		{"a byte order mark (Notepad) is not part of the first code", "\ufeffVP1:A\r\nVP1:B\r\n", []string{
			`code f.txt line 1 "VP1:A" stdin=false`, `code f.txt line 2 "VP1:B" stdin=false`}},
		{"binary", "\x89PNG\r\n\x1a\n....", []string{"fail f.txt not_text: f.txt is a PNG image, not an image or a text file of codes; pass images of codes, or text files with one code per line"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := ReadCodes(strings.NewReader(tc.text), "f.txt", func(c Code) {
				got = append(got, fmt.Sprintf("code %s %q stdin=%v", c.Label, c.Text, c.Stdin))
			}, func(e *Error) {
				got = append(got, fmt.Sprintf("fail %s %s: %s", e.Label, e.Reason, e.Msg))
			})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestImageError(t *testing.T) {
	writeFiles(t, map[string][]byte{"blank.png": blankPNG(t), "fake.png": []byte("GIF89a broken"), "notes.png": []byte("just words\n")})
	for path, want := range map[string][2]string{
		"blank.png":   {explain.InputNoQRCode, "no QR code found in blank.png; check that the image shows the whole code, sharp and well lit"},
		"missing.png": {explain.InputIOError, "image missing.png does not exist; check the path"},
	} {
		_, err := qr.DecodeFile(path)
		e := ImageError(path, err)
		if e.Reason != want[0] || e.Msg != want[1] || !errors.Is(e, err) {
			t.Errorf("ImageError(%s) = %s %q (wraps %v), want %s %q", path, e.Reason, e.Msg, e.Err, want[0], want[1])
		}
	}
	// A file that starts like a GIF of absurd size: io_error, with qr's
	// detail.
	_, err := qr.DecodeFile("fake.png")
	if e := ImageError("fake.png", err); e.Reason != explain.InputIOError || !strings.HasPrefix(e.Msg, "cannot read image fake.png: image is ") {
		t.Errorf("fake.png: %s %q", e.Reason, e.Msg)
	}
	// A file that is no image at all: not_text.
	_, err = qr.DecodeFile("notes.png")
	if e := ImageError("notes.png", err); e.Reason != explain.InputNotText ||
		e.Msg != "cannot read image notes.png: it is not a PNG, JPEG, GIF or WebP image; pass a photo or screenshot of the code" {
		t.Errorf("notes.png: %s %q", e.Reason, e.Msg)
	}
}
