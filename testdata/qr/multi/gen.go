//go:build ignore

// Command gen writes the multi-code test pictures under testdata/qr/multi:
// an A4 sheet of ten printed tickets (the printing package's sheet layout,
// crop marks and all) rasterized at 150 and 300 dpi, as a flatbed scan or a
// print preview would show it. It needs pdftoppm (poppler-utils) and is run
// from the module root:
//
//	go run ./testdata/qr/multi/gen.go
//
// The tickets are signed with a fixed key, so the output is the same every
// run. Each picture gets a manifest line "file<TAB>text<TAB>text..." listing
// every code on it. The pictures are stored as 8-bit grey PNGs.
package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/verifier"
)

var kst = time.FixedZone("KST", 9*3600)

var names = []string{
	"김민준", "이서연", "박지훈", "최유나", "Zoë Ångström", "José Núñez",
	"Søren Kierkegaard-Ørsted", "Łucja Wiśniewska", "Nguyễn Thị Minh Khai", "Ελένη Παπαδοπούλου",
}

// tickets returns n tickets like the printing previews' batch.
func tickets(n int) ([]printing.Item, error) {
	seed := sha256.Sum256([]byte("venuepass qr multi test issuer"))
	k, err := issuer.NewKey(ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		return nil, err
	}
	items := make([]printing.Item, n)
	for i := range items {
		cti := sha256.Sum256([]byte(fmt.Sprint("multi", i)))
		c := verifier.Credential{
			Type: verifier.Ticket, Name: names[i%len(names)], Org: "Jamsil Baseball Stadium",
			Event: "KBO-KS-2026-G7", Seat: fmt.Sprintf("Block %d · Row %c · %d", 101+i/400%30, 'A'+rune(i/20%20), 1+i%20),
			Zones:     []string{fmt.Sprintf("Gate %d", 1+i%6)},
			NotBefore: time.Date(2026, 10, 31, 16, 30, 0, 0, kst),
			Expires:   time.Date(2026, 10, 31, 23, 30, 0, 0, kst),
			CTI:       cti[:16],
			IssuedAt:  time.Date(2026, 3, 2, 9, 0, 0, 0, kst),
			Iss:       "hanbit-robotics",
		}
		text, err := k.Issue(&c)
		if err != nil {
			return nil, err
		}
		items[i] = printing.Item{Text: text, Credential: c}
	}
	return items, nil
}

func main() {
	dir := flag.String("dir", "testdata/qr/multi", "output folder")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gen: ")

	items, err := tickets(10)
	if err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "qrmulti")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	pdf := filepath.Join(tmp, "sheet.pdf")
	f, err := os.Create(pdf)
	if err != nil {
		log.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, kst) }
	_, err = printing.Write(f, items, &printing.Options{Sheet: printing.A4, Title: "KBO Korean Series 2026 · Game 7", Location: kst, Now: now})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		log.Fatal(err)
	}
	var texts []string
	for _, it := range items {
		texts = append(texts, it.Text)
	}
	var manifest strings.Builder
	for _, dpi := range []int{150, 300} {
		name := fmt.Sprintf("sheet-a4-%d", dpi)
		out := filepath.Join(tmp, name)
		cmd := exec.Command("pdftoppm", "-png", "-gray", "-r", fmt.Sprint(dpi), "-f", "1", "-l", "1", "-singlefile", pdf, out)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("pdftoppm: %v", err)
		}
		if err := regray(out+".png", filepath.Join(*dir, name+".png")); err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(&manifest, "%s.png\t%s\n", name, strings.Join(texts, "\t"))
		fmt.Println(filepath.Join(*dir, name+".png"))
	}
	if err := os.WriteFile(filepath.Join(*dir, "manifest.tsv"), []byte(manifest.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

// regray rewrites a PNG as an 8-bit grey PNG with best compression.
func regray(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		return err
	}
	g, ok := img.(*image.Gray)
	if !ok {
		g = image.NewGray(img.Bounds())
		draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	}
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(w, g); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
