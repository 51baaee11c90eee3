package input_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/venuepass/venuepass/input"
	"github.com/venuepass/venuepass/verifier"
)

func TestReadOne(t *testing.T) {
	for in, want := range map[string]string{
		"VP1:ABC\r\n":        "VP1:ABC",
		"VP1:ABC\n\n":        "VP1:ABC",
		"\nhello world":      "hello world",
		"  spaced  \n":       "  spaced  ",
		"김민지 — 입장권\n":        "김민지 — 입장권",
		"":                   "",
		"line one\nline two": "line one\nline two",
	} {
		if got, err := input.ReadOne(strings.NewReader(in), "stdin"); err != nil || got != want {
			t.Errorf("ReadOne(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	full := strings.Repeat("A", verifier.MaxLine)
	if got, err := input.ReadOne(strings.NewReader(full), "stdin"); err != nil || got != full {
		t.Errorf("exactly MaxLine bytes: %d bytes, %v", len(got), err)
	}
	_, err := input.ReadOne(strings.NewReader(full+"\n"), "stdin")
	if want := fmt.Sprintf("stdin holds more than %d bytes; a QR code holds one text", verifier.MaxLine); err == nil || err.Error() != want {
		t.Errorf("one byte more: %v, want %q", err, want)
	}
	_, err = input.ReadOne(iotest.ErrReader(errors.New("broken pipe")), "stdin")
	if err == nil || err.Error() != "reading stdin: broken pipe" {
		t.Errorf("failing reader: %v", err)
	}
}
