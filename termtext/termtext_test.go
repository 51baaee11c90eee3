package termtext_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/venuepass/venuepass/termtext"
)

func TestWidth(t *testing.T) {
	for s, want := range map[string]int{
		"":                   0,
		"Kim Min-jun":        11,
		"김민준":                6,
		"3루 게이트":             10,
		"112블록 F열 14번":       16,
		"ACCEPTED · CHECK":   16, // the middle dot is ambiguous: one cell
		"\u1100\u1175\u11b7": 2,  // 김 decomposed (NFD), as macOS writes file names
		"e\u0301":            1,  // e and a combining acute accent
		"ｆｕｌｌ":               8,  // fullwidth Latin
	} {
		if got := termtext.Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
	if got := termtext.Pad("김", 4); got != "김  " {
		t.Errorf("Pad: %q", got)
	}
}

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		s     string
		width int
		want  string
	}{
		{"Kim Min-jun", 11, "Kim Min-jun"},
		{"Kim Min-jun", 6, "Kim M…"},
		{"김민준 님", 9, "김민준 님"},
		{"김민준 님", 6, "김민…"}, // 김민 is 4 cells, the ellipsis one; 준 would make 7
		{"김민준", 5, "김민…"},
		{"", 3, ""},
	} {
		got := termtext.Truncate(c.s, c.width)
		if got != c.want || termtext.Width(got) > c.width {
			t.Errorf("Truncate(%q, %d) = %q (%d cells), want %q", c.s, c.width, got, termtext.Width(got), c.want)
		}
	}
}

// Hangul cells align by display width: every column starts at the same
// cell on every line.
func TestHangulColumns(t *testing.T) {
	var b strings.Builder
	w := termtext.NewWriter(&b, 2)
	fmt.Fprintf(w, "VENUE\tZONE\tINSIDE\n")
	fmt.Fprintf(w, "잠실야구장\t3루 게이트\t12\n")
	fmt.Fprintf(w, "Arena\tGATE-A\t3\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"VENUE       ZONE        INSIDE\n" +
		"잠실야구장  3루 게이트  12\n" +
		"Arena       GATE-A      3\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		i := strings.LastIndex(l, "  ")
		if w := termtext.Width(l[:i+2]); w != 24 {
			t.Errorf("last column of %q starts at cell %d, want 24", l, w)
		}
	}
}

// For text of one-cell characters the output is text/tabwriter's, byte
// for byte, column blocks included: random tables with ragged rows.
func TestSameAsTabwriter(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"", "a", "seq", "trust list", "issuers", "2027-03-31T00:00:00Z", "x y"}
	for n := 0; n < 500; n++ {
		var in strings.Builder
		for range r.IntN(6) + 1 {
			for range r.IntN(5) {
				in.WriteString(words[r.IntN(len(words))] + "\t")
			}
			in.WriteString(words[r.IntN(len(words))])
			if r.IntN(8) > 0 {
				in.WriteString("\n")
			} else {
				in.WriteString("\n\n")
			}
		}
		var want, got strings.Builder
		tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', 0)
		tw.Write([]byte(in.String()))
		tw.Flush()
		w := termtext.NewWriter(&got, 2)
		w.Write([]byte(in.String()))
		w.Flush()
		if got.String() != want.String() {
			t.Fatalf("input %q:\n got %q\nwant %q", in.String(), got.String(), want.String())
		}
	}
}
