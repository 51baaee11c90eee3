package printing_test

import (
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/verifier"
)

func Example() {
	key, err := issuer.GenerateKey(issuer.ES256)
	if err != nil {
		log.Fatal(err)
	}
	cred := verifier.Credential{
		Type: verifier.Employee, Iss: "hanbit-robotics",
		Name: "김민준", Org: "Hanbit Robotics Co.", Title: "Firmware Engineer", Number: "E-1042",
		Expires: time.Now().AddDate(1, 0, 0),
	}
	text, err := key.Issue(&cred)
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Create(filepath.Join(os.TempDir(), "badge.pdf"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	warnings, err := printing.Write(f, []printing.Item{{Text: text, Credential: cred}}, &printing.Options{Sheet: printing.A4})
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range warnings {
		fmt.Println("warning:", w)
	}
	fmt.Println("printed", cred.Name)
	// Output: printed 김민준
}

func ExampleWriteParts() {
	var items []printing.Item // thousands of tickets
	_, err := printing.WriteParts(items, 1000, func(part, parts int) (io.WriteCloser, error) {
		return os.Create(printing.PartPath("tickets.pdf", part, parts))
	}, &printing.Options{Layout: printing.Ticket, Progress: func(done, total int) {
		fmt.Fprintf(os.Stderr, "\r%d/%d", done, total)
	}})
	fmt.Println(err)
	// Output: nothing to print
}
