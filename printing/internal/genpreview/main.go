// Command genpreview renders one page of each printing layout to PNG under
// testdata/print, for reviewing the designs. It needs pdftoppm (poppler-utils)
// and is run from the module root:
//
//	go run ./printing/internal/genpreview
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/printing/internal/demo"
)

func main() {
	dir := flag.String("dir", "testdata/print", "output folder")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("genpreview: ")

	tmp, err := os.MkdirTemp("", "genpreview")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	photo := filepath.Join(tmp, "photo.png")
	if err := demo.WritePhoto(photo); err != nil {
		log.Fatal(err)
	}
	set, err := demo.Make(photo)
	if err != nil {
		log.Fatal(err)
	}
	now := func() time.Time { return demo.Now }
	tickets, err := demo.Batch(10)
	if err != nil {
		log.Fatal(err)
	}
	previews := []struct {
		name  string
		dpi   int
		items []printing.Item
		opt   printing.Options
	}{
		{"badge", 300, []printing.Item{set.Badge}, printing.Options{}},
		{"certificate", 300, []printing.Item{set.Certificate}, printing.Options{}},
		{"membership", 300, []printing.Item{set.Membership}, printing.Options{}},
		{"ticket", 300, []printing.Item{set.Ticket}, printing.Options{Title: demo.TicketTitle}},
		{"codes-a4", 100, set.Attendees, printing.Options{Layout: printing.Codes, Title: demo.CodesTitle}},
		{"sheet-a4", 100, tickets, printing.Options{Sheet: printing.A4, Title: demo.TicketTitle}},
		{"sheet-letter", 100, set.Staff, printing.Options{Sheet: printing.Letter}},
		{"badge-ko", 300, []printing.Item{set.Badge}, printing.Options{Lang: "ko"}},
		{"membership-ko", 300, []printing.Item{set.Membership}, printing.Options{Lang: "ko"}},
		{"ticket-ko", 300, []printing.Item{set.Ticket}, printing.Options{Lang: "ko", Title: demo.TicketTitleKO,
			EventStart: demo.GameStart, DoorsOpen: demo.GameStart.Add(-90 * time.Minute)}},
		{"codes-a4-ko", 100, set.Attendees, printing.Options{Layout: printing.Codes, Lang: "ko", Title: demo.CodesTitleKO}},
	}
	for _, p := range previews {
		p.opt.Location, p.opt.Now = demo.KST, now
		pdf := filepath.Join(tmp, p.name+".pdf")
		f, err := os.Create(pdf)
		if err != nil {
			log.Fatal(err)
		}
		warnings, err := printing.Write(f, p.items, &p.opt)
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
		if err != nil {
			log.Fatalf("%s: %v", p.name, err)
		}
		for _, w := range warnings {
			log.Printf("%s: warning: %s", p.name, w)
		}
		out := filepath.Join(*dir, p.name)
		cmd := exec.Command("pdftoppm", "-png", "-r", fmt.Sprint(p.dpi), "-f", "1", "-l", "1", "-singlefile", pdf, out)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("%s: pdftoppm: %v", p.name, err)
		}
		fmt.Println(out + ".png")
	}
}
