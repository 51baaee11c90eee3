package verifier_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/venuepass/venuepass/verifier"
)

// TestScanLines: blank lines are skipped but counted, CR LF and a missing
// last newline are fine, a trailing space stays (a Base45 digit), a line
// over MaxLine is cut to MaxLine+1 bytes and the next line still read,
// false from f stops, and a read error is returned.
func TestScanLines(t *testing.T) {
	long := strings.Repeat("A", 3*verifier.MaxLine)
	in := "VP1:AB \r\n\n  \nHC1:X\n" + long + "\nlast"
	type line struct {
		s string
		n int
	}
	var got []line
	if err := verifier.ScanLines(strings.NewReader(in), func(s string, n int) bool {
		got = append(got, line{s, n})
		return true
	}); err != nil {
		t.Fatal(err)
	}
	want := []line{{"VP1:AB ", 1}, {"HC1:X", 4}, {long[:verifier.MaxLine+1], 5}, {"last", 6}}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: got %q (n %d), want %.20q (n %d)", i, got[i].s[:min(len(got[i].s), 20)], got[i].n, want[i].s, want[i].n)
		}
	}
	calls := 0
	verifier.ScanLines(strings.NewReader("a\nb\nc\n"), func(string, int) bool { calls++; return false })
	if calls != 1 {
		t.Errorf("f returning false: %d calls, want 1", calls)
	}
	boom := errors.New("boom")
	err := verifier.ScanLines(io.MultiReader(strings.NewReader("a\n"), iotest.ErrReader(boom)), func(string, int) bool { return true })
	if !errors.Is(err, boom) {
		t.Errorf("read error: %v", err)
	}
}
