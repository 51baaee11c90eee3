package printing_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/printing/internal/demo"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/verifier"
)

func now() time.Time { return demo.Now }

// needPoppler skips the test when a poppler tool is missing, except in CI,
// where it must be installed.
func needPoppler(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found; install poppler-utils", tool)
		}
		t.Skipf("%s not found (apt-get install poppler-utils)", tool)
	}
}

// rasterize renders page of a PDF at dpi.
func rasterize(t *testing.T, pdf []byte, page, dpi int) image.Image {
	t.Helper()
	needPoppler(t, "pdftoppm")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "page")
	cmd := exec.Command("pdftoppm", "-png", "-gray", "-r", fmt.Sprint(dpi), "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), "-singlefile", in, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func write(t *testing.T, items []printing.Item, opt printing.Options) ([]byte, []printing.Warning) {
	t.Helper()
	opt.Now, opt.Location = now, demo.KST
	var buf bytes.Buffer
	warnings, err := printing.Write(&buf, items, &opt)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), warnings
}

func demoSet(t *testing.T) *demo.Set {
	t.Helper()
	photo := filepath.Join(t.TempDir(), "photo.png")
	if err := demo.WritePhoto(photo); err != nil {
		t.Fatal(err)
	}
	set, err := demo.Make(photo)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestLayoutsScan renders page 1 of every layout and paper, rasterizes it as
// a printer would and decodes every QR code on it back to its text.
func TestLayoutsScan(t *testing.T) {
	set := demoSet(t)
	tickets, err := demo.Batch(10)
	if err != nil {
		t.Fatal(err)
	}
	mixed := append([]printing.Item{set.Badge, set.Certificate, set.Membership, set.Ticket}, set.Staff[:6]...)
	tests := []struct {
		name  string
		items []printing.Item
		opt   printing.Options
		dpi   int
	}{
		{"badge", []printing.Item{set.Badge}, printing.Options{}, 200},
		{"certificate", []printing.Item{set.Certificate}, printing.Options{Layout: printing.Badge}, 200},
		{"membership", []printing.Item{set.Membership}, printing.Options{}, 200},
		{"ticket", []printing.Item{set.Ticket}, printing.Options{Title: demo.TicketTitle}, 200},
		{"codes-a4", set.Attendees, printing.Options{Layout: printing.Codes, Title: demo.CodesTitle}, 120},
		{"codes-letter", set.Attendees, printing.Options{Layout: printing.Codes, Sheet: printing.Letter}, 120},
		{"sheet-a4", tickets, printing.Options{Sheet: printing.A4}, 150},
		{"sheet-letter", mixed, printing.Options{Sheet: printing.Letter}, 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pdf, warnings := write(t, tt.items, tt.opt)
			if len(warnings) > 0 {
				t.Errorf("warnings: %v", warnings)
			}
			img := rasterize(t, pdf, 1, tt.dpi)
			var got []string
			rects := slots(tt.opt, img.Bounds(), tt.dpi)
			rects = rects[:min(len(rects), len(tt.items))]
			for i, r := range rects {
				texts, err := qr.Decode(img.(subImager).SubImage(r))
				if err != nil {
					t.Errorf("slot %d: %v", i, err)
				}
				got = append(got, texts...)
			}
			var want []string
			for _, it := range tt.items[:len(rects)] {
				want = append(want, it.Text)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("decoded %d codes, want %d; missing %d", len(got), len(want), len(difference(want, got)))
			}
		})
	}
}

type subImager interface {
	SubImage(r image.Rectangle) image.Image
}

// slots are the pixel rectangles of the items on page 1: the whole page for
// card pages, ten ID-1 cards centred in two columns of five on sheets, and
// the 3 x 4 grid inside 12 mm margins, under a 14 mm heading, of codes.
func slots(opt printing.Options, page image.Rectangle, dpi int) []image.Rectangle {
	px := func(mm float64) int { return int(mm * float64(dpi) / 25.4) }
	pageW := float64(page.Dx()) * 25.4 / float64(dpi)
	pageH := float64(page.Dy()) * 25.4 / float64(dpi)
	var out []image.Rectangle
	grid := func(x0, y0, w, h float64, cols, rows int) {
		for r := range rows {
			for c := range cols {
				x, y := x0+float64(c)*w, y0+float64(r)*h
				out = append(out, image.Rect(px(x), px(y), px(x+w), px(y+h)))
			}
		}
	}
	switch {
	case opt.Layout == printing.Codes:
		const margin, heading = 12.0, 14.0
		grid(margin, margin+heading, (pageW-2*margin)/3, (pageH-2*margin-heading)/4, 3, 4)
	case opt.Sheet == printing.CardPages:
		out = append(out, page)
	default:
		grid((pageW-2*printing.CardWidth)/2, (pageH-5*printing.CardHeight)/2, printing.CardWidth, printing.CardHeight, 2, 5)
	}
	return out
}

func difference(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// TestSmallModules prints a code too long for a card: it still prints, with
// a warning giving the module size, and the codes layout has room for it.
func TestSmallModules(t *testing.T) {
	long := "VP1:" + strings.Repeat("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 40)
	item := printing.Item{Text: long, Credential: verifier.Credential{Name: "Zoë Ångström"}}
	for _, l := range []printing.Layout{printing.Badge, printing.Membership, printing.Ticket} {
		_, warnings := write(t, []printing.Item{item}, printing.Options{Layout: l})
		if len(warnings) != 1 || warnings[0].Module <= 0 || warnings[0].Module >= printing.DefaultMinModule {
			t.Fatalf("%v: warnings %v, want one about the module size", l, warnings)
		}
		if w := warnings[0]; w.Item != 0 || w.Name != "Zoë Ångström" || !strings.Contains(w.String(), "item 1 (Zoë Ångström): QR code version") {
			t.Errorf("%v: warning %q", l, w)
		}
	}
	if _, warnings := write(t, []printing.Item{item}, printing.Options{Layout: printing.Codes}); len(warnings) != 0 {
		t.Errorf("codes: %v", warnings)
	}
	// A stricter minimum warns about a normal code too.
	set := demoSet(t)
	if _, warnings := write(t, []printing.Item{set.Badge}, printing.Options{MinModule: 0.6}); len(warnings) != 1 {
		t.Errorf("MinModule 0.6: %v", warnings)
	}
}

// TestUnicodeText checks that names come out of the PDF as the same text,
// which needs correct glyphs and ToUnicode maps in the embedded subsets.
func TestUnicodeText(t *testing.T) {
	needPoppler(t, "pdftotext")
	set := demoSet(t)
	items := append([]printing.Item{set.Badge, set.Certificate, set.Membership}, set.Attendees...)
	pdf, warnings := write(t, items, printing.Options{Sheet: printing.A4})
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"김민준", "Zoë Ångström", "Club Atlético Río de la Plata", "Łucja Wiśniewska", "Ελένη Παπαδοπούλου", "Анна Смирнова", "Nguyễn Thị Minh Khai", "윤서아", "Senior Firmware"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestMissingGlyph(t *testing.T) {
	set := demoSet(t)
	it := set.Certificate
	// Devanagari and emoji are in no embedded font; Hanja and rare Hangul
	// syllables are.
	it.Credential.Name = "山田 똠햏 देवी 🎫"
	_, warnings := write(t, []printing.Item{it}, printing.Options{})
	if len(warnings) != 1 || !strings.Contains(warnings[0].Message, `"देवी🎫"`) {
		t.Errorf("warnings %v", warnings)
	}
}

func TestDeterministic(t *testing.T) {
	set := demoSet(t)
	items := []printing.Item{set.Badge, set.Membership, set.Ticket}
	a, _ := write(t, items, printing.Options{Sheet: printing.A4})
	b, _ := write(t, items, printing.Options{Sheet: printing.A4})
	if !bytes.Equal(a, b) {
		t.Error("two runs gave different PDFs")
	}
}

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func TestWriteParts(t *testing.T) {
	items, err := demo.Batch(25)
	if err != nil {
		t.Fatal(err)
	}
	var parts []*bytes.Buffer
	var progress []int
	opt := printing.Options{Sheet: printing.A4, Now: now, Progress: func(done, total int) {
		if total != 25 {
			t.Errorf("progress total %d", total)
		}
		progress = append(progress, done)
	}}
	// 8 per file rounds up to whole sheets of 10.
	_, err = printing.WriteParts(items, 8, func(part, n int) (io.WriteCloser, error) {
		if part != len(parts) || n != 3 {
			t.Errorf("create(%d, %d) after %d parts", part, n, len(parts))
		}
		parts = append(parts, new(bytes.Buffer))
		return nopCloser{parts[part]}, nil
	}, &opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 3 || len(progress) != 25 || progress[24] != 25 {
		t.Fatalf("%d parts, progress %v", len(parts), progress)
	}
	for i, p := range parts {
		if !bytes.HasPrefix(p.Bytes(), []byte("%PDF-")) {
			t.Errorf("part %d is not a PDF", i)
		}
	}
	// The last part holds items 20 to 24.
	img := rasterize(t, parts[2].Bytes(), 1, 150)
	texts, err := qr.Decode(img.(subImager).SubImage(slots(opt, img.Bounds(), 150)[4]))
	if err != nil || len(texts) != 1 || texts[0] != items[24].Text {
		t.Errorf("part 3 slot 5: %v %v", len(texts), err)
	}

	want := errors.New("disk full")
	_, err = printing.WriteParts(items, 10, func(part, n int) (io.WriteCloser, error) { return nil, want }, nil)
	if !errors.Is(err, want) {
		t.Errorf("create error: got %v", err)
	}
}

func TestPartPath(t *testing.T) {
	for _, tt := range []struct {
		path        string
		part, parts int
		want        string
	}{
		{"cards.pdf", 0, 1, "cards.pdf"},
		{"cards.pdf", 0, 3, "cards-001.pdf"},
		{"out/cards.pdf", 11, 12, "out/cards-012.pdf"},
		{"out.d/cards", 1, 2, "out.d/cards-002"},
		{"cards.pdf", 999, 1000, "cards-1000.pdf"},
	} {
		if got := printing.PartPath(tt.path, tt.part, tt.parts); got != tt.want {
			t.Errorf("PartPath(%q, %d, %d) = %q, want %q", tt.path, tt.part, tt.parts, got, tt.want)
		}
	}
}

func TestErrors(t *testing.T) {
	if _, err := printing.Write(io.Discard, nil, nil); !errors.Is(err, printing.ErrNoItems) {
		t.Errorf("no items: %v", err)
	}
	set := demoSet(t)
	bad := set.Badge
	bad.Photo = filepath.Join(t.TempDir(), "missing.jpg")
	_, err := printing.Write(io.Discard, []printing.Item{set.Ticket, bad}, nil)
	var ie *printing.ItemError
	if !errors.As(err, &ie) || ie.Item != 1 || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing photo: %v", err)
	}
	notImage := filepath.Join(t.TempDir(), "photo.jpg")
	if err := os.WriteFile(notImage, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad.Photo = notImage
	if _, err := printing.Write(io.Discard, []printing.Item{bad}, nil); err == nil || !strings.Contains(err.Error(), "not a JPEG, PNG or GIF") {
		t.Errorf("bad photo: %v", err)
	}
	if _, err := printing.Write(io.Discard, []printing.Item{{}}, nil); err == nil {
		t.Error("empty text accepted")
	}
	if _, err := printing.Write(io.Discard, []printing.Item{set.Badge}, &printing.Options{Layout: 42}); err == nil {
		t.Error("unknown layout accepted")
	}
}

func TestParse(t *testing.T) {
	for s, want := range map[string]printing.Layout{"": printing.Auto, "Badge": printing.Badge, "membership": printing.Membership, "ticket": printing.Ticket, "codes": printing.Codes} {
		if got, err := printing.ParseLayout(s); err != nil || got != want {
			t.Errorf("ParseLayout(%q) = %v, %v", s, got, err)
		}
		if s != "" && want.String() != strings.ToLower(s) {
			t.Errorf("%v.String() = %q", want, want.String())
		}
	}
	for s, want := range map[string]printing.Sheet{"": printing.CardPages, "cr80": printing.CardPages, "A4": printing.A4, "letter": printing.Letter} {
		if got, err := printing.ParseSheet(s); err != nil || got != want {
			t.Errorf("ParseSheet(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := printing.ParseLayout("poster"); err == nil {
		t.Error("ParseLayout accepted poster")
	}
	if _, err := printing.ParseSheet("a3"); err == nil {
		t.Error("ParseSheet accepted a3")
	}
}
