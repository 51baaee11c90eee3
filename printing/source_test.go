package printing_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/verifier"
)

func TestReadTexts(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "staff.txt")
	if err := os.WriteFile(list, []byte("VP1:AAA\n\nVP1:BBB\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := printing.ReadTexts([]string{" VP1:ARG ", list, "-"}, strings.NewReader("VP1:IN\n"))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, it := range src.Items {
		texts = append(texts, it.Text)
	}
	if want := []string{"VP1:ARG", "VP1:AAA", "VP1:BBB", "VP1:IN"}; !reflect.DeepEqual(texts, want) {
		t.Errorf("texts %q, want %q", texts, want)
	}
	if want := []string{"arg 1", list + " line 1", list + " line 3", "stdin line 1"}; !reflect.DeepEqual(src.Labels, want) {
		t.Errorf("labels %q, want %q", src.Labels, want)
	}
	if got := src.Describe(2); got != "item 3 ("+list+" line 3)" {
		t.Errorf("describe: %q", got)
	}

	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("\n\n"), 0o644)
	if _, err := printing.ReadTexts([]string{empty}, nil); err == nil || !strings.Contains(err.Error(), "holds no QR text") {
		t.Errorf("empty file: %v", err)
	}
	if _, err := printing.ReadTexts([]string{"-"}, strings.NewReader("")); err == nil || !strings.Contains(err.Error(), "stdin held no QR text") {
		t.Errorf("empty stdin: %v", err)
	}
	// A name that is no file is taken as a text; a code never as a file.
	src, err = printing.ReadTexts([]string{filepath.Join(dir, "missing.txt")}, nil)
	if err != nil || len(src.Items) != 1 {
		t.Errorf("missing file: %v %v", src, err)
	}
	os.WriteFile(filepath.Join(dir, "VP1:file"), []byte("x"), 0o644)
	if printing.LooksLikeFile(filepath.Join(dir, "VP1:file")) == false {
		t.Errorf("a path is a file")
	}
	if printing.LooksLikeFile("VP1:file") || printing.LooksLikeFile(dir) {
		t.Errorf("a code or a folder is not a file of texts")
	}
}

func TestReadManifestSourceMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "manifest.csv")
	_, err := printing.ReadManifestSource(path)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != path || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing manifest: %v", err)
	}
}

func TestWriteFiles(t *testing.T) {
	key, _ := issuer.GenerateKey(issuer.EdDSA)
	cr := &verifier.Credential{Iss: "acme", Type: verifier.Employee, Name: "김민준", Expires: time.Now().Add(time.Hour)}
	text, err := key.Issue(cr)
	if err != nil {
		t.Fatal(err)
	}
	items := []printing.Item{{Text: text, Credential: *cr}, {Text: text, Credential: *cr}, {Text: text, Credential: *cr}}
	dir := t.TempDir()
	out := filepath.Join(dir, "cards.pdf")
	written, _, err := printing.WriteFiles(out, items, 2, &printing.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := printing.PartPaths(out, 3, 2, &printing.Options{}); !reflect.DeepEqual(written, want) || len(written) != 2 {
		t.Fatalf("written %q, want %q", written, want)
	}
	for _, p := range written {
		if data, err := os.ReadFile(p); err != nil || !strings.HasPrefix(string(data), "%PDF-") {
			t.Errorf("%s: not a PDF (%v)", p, err)
		}
	}
	// The second part exists: the first is written, then removed.
	out2 := filepath.Join(dir, "again.pdf")
	os.WriteFile(printing.PartPath(out2, 1, 2), []byte("keep"), 0o644)
	_, _, err = printing.WriteFiles(out2, items, 2, &printing.Options{})
	var ce *printing.CreateError
	if !errors.As(err, &ce) || ce.Path != printing.PartPath(out2, 1, 2) || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("existing part: %v", err)
	}
	if _, err := os.Stat(printing.PartPath(out2, 0, 2)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the first part was left behind: %v", err)
	}
	if data, _ := os.ReadFile(printing.PartPath(out2, 1, 2)); string(data) != "keep" {
		t.Errorf("the existing file was written over")
	}
}

func TestSettings(t *testing.T) {
	ok := printing.Settings{Layout: "ticket", Paper: "a4", Level: "Q", MinModule: 0.4, TZ: "Asia/Seoul", Lang: "ko",
		EventDate: "2026-10-31T18:30", Doors: "17:00", PerFile: 10, Accent: "#336699", Title: "Final", Out: "tickets.PDF"}
	opt, err := ok.Options()
	if err != nil {
		t.Fatal(err)
	}
	if opt.Layout != printing.Ticket || opt.Sheet != printing.A4 || opt.Lang != "ko" || opt.Title != "Final" || opt.MinModule != 0.4 || opt.Accent == nil {
		t.Errorf("options %+v", opt)
	}
	if got := opt.DoorsOpen.In(opt.Location).Format("2006-01-02 15:04 MST"); got != "2026-10-31 17:00 KST" {
		t.Errorf("doors %s", got)
	}
	for _, c := range []struct {
		edit func(s *printing.Settings)
		want string
	}{
		{func(s *printing.Settings) { s.Layout = "poster" }, `--layout: unknown layout "poster"`},
		{func(s *printing.Settings) { s.Paper = "a3" }, `--paper: unknown paper "a3"`},
		{func(s *printing.Settings) { s.Layout, s.Paper = "codes", "card" }, "codes sheets print on a4 or letter paper"},
		{func(s *printing.Settings) { s.Level = "X" }, `--level: unknown error correction level "X"`},
		{func(s *printing.Settings) { s.Accent = "blue" }, "--accent: "},
		{func(s *printing.Settings) { s.MinModule = 0 }, "--min-module is a module size"},
		{func(s *printing.Settings) { s.TZ = "Mars/Olympus" }, "--tz: "},
		{func(s *printing.Settings) { s.Lang = "xx" }, "--lang: "},
		{func(s *printing.Settings) { s.EventDate = "" }, "--doors 17:00 is a time of day"},
		{func(s *printing.Settings) { s.PerFile = 0 }, "--per-file must be at least 1"},
		{func(s *printing.Settings) { s.Out = "" }, "no output file; name the PDF to write with -o OUT.pdf"},
		{func(s *printing.Settings) { s.Out = "tickets.png" }, "-o tickets.png: name a .pdf file"},
	} {
		s := ok
		c.edit(&s)
		if _, err := s.Options(); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("want %q, got %v", c.want, err)
		}
	}
}

func TestSourcesCheck(t *testing.T) {
	for _, c := range []struct {
		s      printing.Sources
		layout printing.Layout
		want   string // "" for accepted
	}{
		{printing.Sources{Texts: []string{"VP1:X"}, Trusted: true}, printing.Auto, ""},
		{printing.Sources{Texts: []string{"-", "staff.txt"}, Trusted: true}, printing.Auto, ""},
		{printing.Sources{Manifest: "out/manifest.csv"}, printing.Codes, ""},
		{printing.Sources{Batch: "b.csv", Set: map[string]bool{"key": true, "zone": true}}, printing.Badge, ""},
		{printing.Sources{}, printing.Auto, "no credentials to print; pass QR texts"},
		{printing.Sources{Texts: []string{"VP1:X"}, Manifest: "m.csv", Trusted: true}, printing.Auto, "take the credentials from one place"},
		{printing.Sources{Manifest: "m.csv", Set: map[string]bool{"valid-from": true}}, printing.Codes, "--valid-from is for issuing from a batch; use it with --batch FILE"},
		{printing.Sources{Texts: []string{"-", "-"}, Trusted: true}, printing.Auto, "- (stdin) may be given once"},
		{printing.Sources{Texts: []string{"VP1:X"}}, printing.Codes, "QR texts carry the names and fields printed beside the code"},
		{printing.Sources{Manifest: "m.csv"}, printing.Badge, "a manifest names only the holder"},
	} {
		err := c.s.Check(c.layout)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c.s, err)
		case c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)):
			t.Errorf("%+v: %v, want %q", c.s, err, c.want)
		}
	}
}

func TestIssuedSource(t *testing.T) {
	doors := time.Date(2026, 10, 31, 8, 0, 0, 0, time.UTC)
	rows := []issuer.Row{
		{Where: "batch.csv line 2", Fields: map[string]string{"photo": "kim.jpg"}},
		{Where: "batch.csv line 3", Fields: map[string]string{}},
	}
	creds := []*verifier.Credential{{Name: "김민준"}, {Name: "Lee Ji-woo"}}
	events := []issuer.Event{{Doors: doors}, {}}
	s := printing.IssuedSource(rows, creds, []string{"VP1:A", "VP1:B"}, events)
	if len(s.Items) != 2 || s.Items[0].Text != "VP1:A" || s.Items[0].Credential.Name != "김민준" || s.Items[0].Photo != "kim.jpg" ||
		!s.Items[0].DoorsOpen.Equal(doors) || s.Items[1].Photo != "" || !s.Items[1].DoorsOpen.IsZero() {
		t.Fatalf("items %+v", s.Items)
	}
	if s.Describe(1) == "" || s.Labels[1] != "batch.csv line 3" {
		t.Errorf("labels %q", s.Labels)
	}
	if s = printing.IssuedSource(rows, creds, []string{"VP1:A", "VP1:B"}, nil); !s.Items[0].DoorsOpen.IsZero() {
		t.Errorf("without events: %+v", s.Items[0])
	}
}
