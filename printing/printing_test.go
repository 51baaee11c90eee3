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
	"unicode"
	"unicode/utf8"

	"github.com/venuepass/venuepass/internal/testenv"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/printing/internal/demo"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/verifier"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

func now() time.Time { return demo.Now }

// needPoppler skips the test when a poppler tool is missing, except under
// CI=1, where it must be installed (testenv.LookPath).
func needPoppler(t *testing.T, tool string) {
	t.Helper()
	testenv.LookPath(t, tool, "apt-get install poppler-utils")
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
		{"badge", []printing.Item{set.Badge}, printing.Options{}, 150},
		{"certificate", []printing.Item{set.Certificate}, printing.Options{Layout: printing.Badge}, 150},
		{"membership", []printing.Item{set.Membership}, printing.Options{}, 150},
		{"ticket", []printing.Item{set.Ticket}, printing.Options{Title: demo.TicketTitle}, 150},
		{"badge-ko", []printing.Item{set.Badge}, printing.Options{Lang: "ko"}, 150},
		{"ticket-ko", []printing.Item{set.Ticket}, printing.Options{Lang: "ko", Title: demo.TicketTitleKO, EventStart: demo.GameStart}, 150},
		{"codes-a4", set.Attendees, printing.Options{Layout: printing.Codes, Title: demo.CodesTitle}, 150},
		{"codes-a4-ko", set.Attendees, printing.Options{Layout: printing.Codes, Lang: "ko", Title: demo.CodesTitleKO}, 150},
		{"codes-letter", set.Attendees, printing.Options{Layout: printing.Codes, Sheet: printing.Letter}, 150},
		{"sheet-a4", tickets, printing.Options{Sheet: printing.A4}, 150},
		{"sheet-a4-ko", mixed, printing.Options{Sheet: printing.A4, Lang: "ko"}, 150},
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
			items := tt.items
			if tt.opt.Layout == printing.Codes {
				items = byName(items, tt.opt.Lang)
			}
			var want []string
			for _, it := range items[:len(rects)] {
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

// byName sorts items by holder name in the order of lang, as codes sheets
// print them.
func byName(items []printing.Item, lang string) []printing.Item {
	tag := language.English
	if lang == "ko" {
		tag = language.Korean
	}
	c := collate.New(tag, collate.IgnoreCase, collate.Numeric)
	hangul := func(s string) int {
		if r, _ := utf8.DecodeRuneInString(s); lang == "ko" && unicode.Is(unicode.Hangul, r) {
			return 0
		}
		return 1
	}
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b printing.Item) int {
		if d := hangul(a.Credential.Name) - hangul(b.Credential.Name); d != 0 {
			return d
		}
		return c.CompareString(a.Credential.Name, b.Credential.Name)
	})
	return out
}

type subImager interface {
	SubImage(r image.Rectangle) image.Image
}

// slots are the pixel rectangles of the items on page 1: the card inside its
// bleed on card pages, ID-1 cards centred in two columns of five (A4) or four
// (Letter) with gutters on sheets, and
// the 3 x 4 grid inside 12 mm margins, under a 14 mm heading, of codes.
func slots(opt printing.Options, page image.Rectangle, dpi int) []image.Rectangle {
	px := func(mm float64) int { return int(mm * float64(dpi) / 25.4) }
	pageW := float64(page.Dx()) * 25.4 / float64(dpi)
	pageH := float64(page.Dy()) * 25.4 / float64(dpi)
	var out []image.Rectangle
	grid := func(x0, y0, w, h, gutter float64, cols, rows int) {
		for r := range rows {
			for c := range cols {
				x, y := x0+float64(c)*(w+gutter), y0+float64(r)*(h+gutter)
				out = append(out, image.Rect(px(x), px(y), px(x+w), px(y+h)))
			}
		}
	}
	switch {
	case opt.Layout == printing.Codes:
		const margin, heading = 12.0, 14.0
		grid(margin, margin+heading, (pageW-2*margin)/3, (pageH-2*margin-heading)/4, 0, 3, 4)
	case opt.Sheet == printing.CardPages:
		grid(printing.Bleed, printing.Bleed, printing.CardWidth, printing.CardHeight, 0, 1, 1)
	default:
		rows := 5
		if opt.Sheet == printing.Letter {
			rows = 4
		}
		g := printing.Gutter
		grid((pageW-2*printing.CardWidth-g)/2, (pageH-float64(rows)*printing.CardHeight-float64(rows-1)*g)/2, printing.CardWidth, printing.CardHeight, g, 2, rows)
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

// pdfText is the text of a PDF as pdftotext reads it, in reading order.
func pdfText(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	needPoppler(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(append([]string{"-enc", "UTF-8"}, args...), in, "-")...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestKoreanLabels: --lang ko prints every label and date in Korean, and
// none of the English ones.
func TestKoreanLabels(t *testing.T) {
	set := demoSet(t)
	for _, tc := range []struct {
		name      string
		item      printing.Item
		opt       printing.Options
		want, not []string
	}{
		{"badge", set.Badge, printing.Options{Lang: "ko"},
			[]string{"직원", "사원 번호", "유효 기간", "2027년 3월 31일", "출입 구역", "김민준"},
			[]string{"STAFF", "VALID UNTIL", "ACCESS", "EMPLOYEE"}},
		{"certificate", set.Certificate, printing.Options{Lang: "ko"}, []string{"자격증", "자격 번호"}, []string{"CERTIFICATE"}},
		{"membership", set.Membership, printing.Options{Lang: "ko"}, []string{"회원", "회원 번호", "유효 기간", "2026년 12월 31일"}, []string{"MEMBER", "VALID"}},
		{"ticket", set.Ticket, printing.Options{Lang: "ko", Title: demo.TicketTitleKO, EventStart: demo.GameStart, DoorsOpen: demo.GameStart.Add(-time.Hour)},
			[]string{"입장권", "게이트", "좌석", "일시", "2026년 10월 31일 (토) 18:30 KST", "입장 시작", "17:30", "한국시리즈"},
			[]string{"TICKET", "GATE", "SEAT", "ENTRY"}},
		{"ticket-window", set.Ticket, printing.Options{Lang: "ko"}, []string{"입장 시간", "2026년 10월 31일 (토) 16:30–23:30 KST"}, []string{"ENTRY"}},
		{"ticket-en", set.Ticket, printing.Options{EventStart: demo.GameStart, DoorsOpen: demo.GameStart.Add(-time.Hour)},
			[]string{"TICKET", "DATE", "Sat 31 Oct 2026, 18:30 KST", "DOORS OPEN", "17:30"}, []string{"ENTRY", "23:30"}},
	} {
		pdf, warnings := write(t, []printing.Item{tc.item}, tc.opt)
		if len(warnings) > 0 {
			t.Errorf("%s: warnings %v", tc.name, warnings)
		}
		text := pdfText(t, pdf)
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: PDF text lacks %q:\n%s", tc.name, w, text)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(text, n) {
				t.Errorf("%s: PDF text has English %q:\n%s", tc.name, n, text)
			}
		}
	}
}

// TestTicketWithoutStart: a ticket without a valid-from or event time does
// not print its expiry as the entry time, only as the last day it is valid.
func TestTicketWithoutStart(t *testing.T) {
	set := demoSet(t)
	it := set.Ticket
	it.Credential.NotBefore = time.Time{}
	text := pdfText(t, func() []byte { b, _ := write(t, []printing.Item{it}, printing.Options{}); return b }())
	if strings.Contains(text, "ENTRY") || strings.Contains(text, "23:30") || !strings.Contains(text, "VALID UNTIL") || !strings.Contains(text, "31 Oct 2026") {
		t.Errorf("ticket without a start:\n%s", text)
	}
}

// TestBleedBoxes: card pages are the card plus Bleed on each side, with the
// card as TrimBox; sheets frame their grid of cards; codes sheets have no
// bleed.
func TestBleedBoxes(t *testing.T) {
	needPoppler(t, "pdfinfo")
	set := demoSet(t)
	pt := func(mm float64) float64 { return mm * 72 / 25.4 }
	box := func(info, name string) [4]float64 {
		for _, line := range strings.Split(info, "\n") {
			if strings.HasPrefix(line, name+":") {
				var b [4]float64
				if _, err := fmt.Sscan(strings.TrimSpace(strings.TrimPrefix(line, name+":")), &b[0], &b[1], &b[2], &b[3]); err != nil {
					t.Fatalf("%s: %v", line, err)
				}
				return b
			}
		}
		t.Fatalf("no %s in\n%s", name, info)
		return [4]float64{}
	}
	near := func(a, b [4]float64) bool {
		for i := range a {
			if a[i]-b[i] > 0.2 || b[i]-a[i] > 0.2 {
				return false
			}
		}
		return true
	}
	info := func(opt printing.Options, items ...printing.Item) string {
		pdf, _ := write(t, items, opt)
		in := filepath.Join(t.TempDir(), "in.pdf")
		if err := os.WriteFile(in, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdfinfo", "-box", in).Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	b := printing.Bleed
	if b < 2 || b > 3 {
		t.Errorf("bleed %v mm, want 2 to 3", b)
	}
	cards := info(printing.Options{}, set.Badge)
	w, h := pt(printing.CardWidth+2*b), pt(printing.CardHeight+2*b)
	for name, want := range map[string][4]float64{
		"MediaBox": {0, 0, w, h}, "BleedBox": {0, 0, w, h},
		"TrimBox": {pt(b), pt(b), pt(b + printing.CardWidth), pt(b + printing.CardHeight)},
	} {
		if got := box(cards, name); !near(got, want) {
			t.Errorf("card page %s %v, want %v", name, got, want)
		}
	}
	a4 := info(printing.Options{Sheet: printing.A4}, set.Badge, set.Ticket)
	gw, gh := 2*printing.CardWidth+printing.Gutter, 5*printing.CardHeight+4*printing.Gutter
	x0, y0 := (210-gw)/2, (297-gh)/2
	if got, want := box(a4, "TrimBox"), [4]float64{pt(x0), pt(y0), pt(x0 + gw), pt(y0 + gh)}; !near(got, want) {
		t.Errorf("A4 TrimBox %v, want %v", got, want)
	}
	if got, want := box(a4, "BleedBox"), [4]float64{pt(x0 - b), pt(y0 - b), pt(x0 + gw + b), pt(y0 + gh + b)}; !near(got, want) {
		t.Errorf("A4 BleedBox %v, want %v", got, want)
	}
	if y0-b < 3 {
		t.Errorf("A4: %.1f mm from the bleed to the paper edge for crop marks", y0-b)
	}
	letter := info(printing.Options{Sheet: printing.Letter}, set.Badge)
	if got := box(letter, "BleedBox"); got[1] < pt(3) || got[3] > pt(279.4-3) {
		t.Errorf("Letter BleedBox %v leaves no room for crop marks", got)
	}
}

// TestBandBleeds: the colour band runs past the card's trim edge into the
// bleed, and a sheet's gutter between rows is white beyond the bleed, so a
// cut up to the bleed off never shows a colour edge or a neighbour's colour.
func TestBandBleeds(t *testing.T) {
	set := demoSet(t)
	const dpi = 150
	px := func(mm float64) int { return int(mm*dpi/25.4 + 0.5) }
	dark := func(img image.Image, x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return (r+g+b)/3 < 0xa000
	}
	pdf, _ := write(t, []printing.Item{set.Badge}, printing.Options{})
	img := rasterize(t, pdf, 1, dpi)
	// Corners of the page, in the bleed above and left of the band.
	for _, p := range [][2]float64{{0.3, 0.3}, {printing.CardWidth + 2*printing.Bleed - 0.3, 0.3}, {0.3, printing.Bleed + 5}} {
		if !dark(img, px(p[0]), px(p[1])) {
			t.Errorf("card page: no band colour in the bleed at %v mm", p)
		}
	}
	// Below the card, in the bleed: white (nothing reaches that edge).
	if dark(img, px(printing.CardWidth/2), px(printing.CardHeight+2*printing.Bleed-0.3)) {
		t.Error("card page: ink in the bottom bleed")
	}
	pdf, _ = write(t, []printing.Item{set.Badge, set.Badge, set.Badge, set.Badge}, printing.Options{Sheet: printing.A4})
	img = rasterize(t, pdf, 1, dpi)
	gh := 5*printing.CardHeight + 4*printing.Gutter
	x0, y0 := (210-2*printing.CardWidth-printing.Gutter)/2, (297-gh)/2
	row2 := y0 + printing.CardHeight + printing.Gutter
	mid := x0 + printing.CardWidth/2
	if dark(img, px(mid), px(row2-printing.Gutter+0.5)) {
		t.Error("A4: colour just below a card's bottom cut")
	}
	if !dark(img, px(mid), px(row2-0.5)) {
		t.Error("A4: no band colour just above a card's top cut")
	}
	if !dark(img, px(x0+printing.CardWidth+printing.Gutter/2), px(y0+3)) {
		t.Error("A4: no band colour in the gutter between two bands")
	}
}

// TestCodesSheetOrder: the check-in desk sheet lists names in the order of
// the language: 가나다 for Korean, Korean names first; long names wrap onto
// a second line rather than being cut.
func TestCodesSheetOrder(t *testing.T) {
	set := demoSet(t)
	names := []string{"최유나", "Zoë Ångström", "김민준", "이서연", "박지훈", "윤서아", "강하늘", "나영희", "Aoife Ní Bhriain",
		"Maximiliane Alexandra von Hohenberg-Schwarzenfels"}
	var items []printing.Item
	for i, n := range names {
		it := set.Attendees[i]
		it.Credential.Name = n
		items = append(items, it)
	}
	order := func(text string) []string {
		var got []string
		rest := text
		for {
			first, at := "", len(rest)
			for _, n := range names {
				probe := n
				if len(n) > 20 {
					probe = n[:12] // the long name wraps
				}
				if i := strings.Index(rest, probe); i >= 0 && i < at {
					first, at = n, i
				}
			}
			if first == "" {
				return got
			}
			got = append(got, first)
			rest = rest[at+1:]
		}
	}
	pdf, warnings := write(t, items, printing.Options{Layout: printing.Codes, Lang: "ko"})
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	// -raw keeps the content order, the order the cells were laid out in.
	want := []string{"강하늘", "김민준", "나영희", "박지훈", "윤서아", "이서연", "최유나", "Aoife Ní Bhriain",
		"Maximiliane Alexandra von Hohenberg-Schwarzenfels", "Zoë Ångström"}
	text := pdfText(t, pdf, "-raw")
	if got := order(text); !slices.Equal(got, want) {
		t.Errorf("ko order %v, want %v", got, want)
	}
	if !strings.Contains(text, "Maximiliane Alexandra") || !strings.Contains(text, "Hohenberg-Schwarzenfels") || strings.Contains(text, "…") {
		t.Errorf("the long name is cut:\n%s", text)
	}
	pdf, _ = write(t, items, printing.Options{Layout: printing.Codes})
	want = []string{"Aoife Ní Bhriain", "Maximiliane Alexandra von Hohenberg-Schwarzenfels", "Zoë Ångström",
		"강하늘", "김민준", "나영희", "박지훈", "윤서아", "이서연", "최유나"}
	if got := order(pdfText(t, pdf, "-raw")); !slices.Equal(got, want) {
		t.Errorf("en order %v, want %v", got, want)
	}
	// Every code still scans, the wrapped name's one too.
	img := rasterize(t, pdf, 1, 150)
	got, err := qr.Decode(img)
	if err != nil || len(got) != len(names) {
		t.Errorf("decoded %d of %d codes: %v", len(got), len(names), err)
	}
}

// TestTicketEventPerItem: in a run of tickets to several events each
// ticket prints its own event date and doors-open time; a ticket without
// them takes the run's, and none prints its expiry as the entry time.
func TestTicketEventPerItem(t *testing.T) {
	set := demoSet(t)
	game7 := set.Ticket
	game7.EventStart = demo.GameStart.Add(24 * time.Hour)
	game7.DoorsOpen = game7.EventStart.Add(-2 * time.Hour)
	game6 := set.Ticket
	pdf, warnings := write(t, []printing.Item{game7, game6}, printing.Options{Lang: "ko", Title: demo.TicketTitleKO,
		EventStart: demo.GameStart, DoorsOpen: demo.GameStart.Add(-time.Hour), Location: demo.KST})
	if len(warnings) > 0 {
		t.Errorf("warnings %v", warnings)
	}
	pages := strings.Split(pdfText(t, pdf), "\f")
	if len(pages) < 2 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, want := range [][]string{
		{"일시", "2026년 11월 1일 (일) 18:30 KST", "입장 시작", "16:30"},
		{"일시", "2026년 10월 31일 (토) 18:30 KST", "입장 시작", "17:30"},
	} {
		for _, w := range want {
			if !strings.Contains(pages[i], w) {
				t.Errorf("ticket %d lacks %q:\n%s", i+1, w, pages[i])
			}
		}
		if strings.Contains(pages[i], "23:30") || strings.Contains(pages[i], "입장 시간") {
			t.Errorf("ticket %d prints its expiry as the entry time:\n%s", i+1, pages[i])
		}
	}
}

// TestNameCutShortWarns: a name too long for its place still prints, ending
// in an ellipsis, and a Warning names the item; a long name that shrinks or
// wraps into place gives none.
func TestNameCutShortWarns(t *testing.T) {
	set := demoSet(t)
	const long = "Maximilian Alexander Wolfgang Christoph von Hohenzollern-Sigmaringen-Württemberg-Hechingen"
	for _, tt := range []struct {
		name string
		item printing.Item
		opt  printing.Options
	}{
		{"badge", set.Badge, printing.Options{}},
		{"membership", set.Membership, printing.Options{}},
		{"ticket", set.Ticket, printing.Options{Title: demo.TicketTitle}},
		{"codes", set.Attendees[0], printing.Options{Layout: printing.Codes}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			it := tt.item
			it.Credential.Name = long
			_, warnings := write(t, []printing.Item{it}, tt.opt)
			if len(warnings) != 1 || warnings[0].Name != long || !strings.Contains(warnings[0].Message, "cut short as") || !strings.Contains(warnings[0].Message, "…") {
				t.Errorf("%s, name of %d characters: warnings %v, want one saying it is cut short", tt.name, len(long), warnings)
			}
			it.Credential.Name = "Jean-Baptiste Emmanuel Zorg"
			if _, warnings := write(t, []printing.Item{it}, tt.opt); len(warnings) != 0 {
				t.Errorf("%s, a name that wraps into place: warnings %v", tt.name, warnings)
			}
		})
	}
}
