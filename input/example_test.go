package input_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/venuepass/venuepass/input"
)

func Example() {
	dir, err := os.MkdirTemp("", "venuepass")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	codes := filepath.Join(dir, "codes.txt")
	if err := os.WriteFile(codes, []byte("VP1:FIRST\nVP1:SECOND\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	doc := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(doc, []byte("%PDF-1.7\n"), 0o644); err != nil {
		log.Fatal(err)
	}

	// The arguments of a verify run: a code, a text file of codes, a PDF
	// and "-" for the scanner on stdin.
	ins := input.Expand([]string{"VP1:ARG", codes, doc, "-"}, false)
	input.Read(ins, strings.NewReader("VP1:SCANNED\n"), func(c input.Code) {
		fmt.Printf("%s [%s]\n", c.Text, filepath.Base(c.Label))
	}, func(e *input.Error) {
		fmt.Printf("%s [%s]\n", e.Reason, filepath.Base(e.Label))
	})
	// Output:
	// VP1:ARG [arg 1]
	// VP1:FIRST [codes.txt line 1]
	// VP1:SECOND [codes.txt line 2]
	// not_text [doc.pdf]
	// VP1:SCANNED [stdin line 1]
}
