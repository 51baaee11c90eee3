// Package termtext lays out text for a terminal by its display width: an
// East Asian wide character such as Hangul (김민준) takes two cells, a
// combining mark none. text/tabwriter counts runes, so a table holding
// Korean names comes out ragged; Writer is its replacement for the
// tables of venuepass (same input, cells ending in '\t', and the same
// output for text of one-cell characters).
//
// Widths are those of github.com/mattn/go-runewidth with East Asian
// ambiguous characters (·, –) as one cell, whatever the locale, so output
// does not change with LANG.
package termtext

import (
	"bytes"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

var cond = &runewidth.Condition{EastAsianWidth: false}

// Width returns the number of terminal cells s takes.
func Width(s string) int { return cond.StringWidth(s) }

// Pad returns s with spaces added to make it width cells wide; s is
// returned as it is when it is as wide already.
func Pad(s string, width int) string {
	if n := width - Width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// Truncate shortens s to at most width cells, ending it in "…" when it
// had to cut; s is returned as it is when it fits.
func Truncate(s string, width int) string { return cond.Truncate(s, width, "…") }

// Writer aligns columns like text/tabwriter.NewWriter(w, 0, 0, padding,
// ' ', 0): text is buffered until Flush; a cell is the text of a line up
// to a '\t'; the cells of a column in consecutive lines are padded with
// spaces to the widest one plus padding, measured in display cells. The
// text after a line's last tab is not padded.
type Writer struct {
	out     io.Writer
	padding int
	buf     bytes.Buffer
}

// NewWriter returns a Writer that writes to out, with padding cells
// between columns.
func NewWriter(out io.Writer, padding int) *Writer {
	return &Writer{out: out, padding: padding}
}

// Write buffers p; it never fails.
func (w *Writer) Write(p []byte) (int, error) { return w.buf.Write(p) }

// Flush writes the buffered text aligned.
func (w *Writer) Flush() error {
	text := w.buf.String()
	w.buf.Reset()
	if text == "" {
		return nil
	}
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	cells := make([][]string, len(lines))
	for i, l := range lines {
		cells[i] = strings.Split(l, "\t")
	}
	// widths[i][c] is the width of column c on line i: the widest cell of
	// the column over the run of consecutive lines that have it (as
	// text/tabwriter's column blocks).
	widths := make([][]int, len(lines))
	for col := 0; ; col++ {
		found := false
		for i := 0; i < len(lines); {
			if len(cells[i])-1 <= col {
				i++
				continue
			}
			found = true
			j, widest := i, 0
			for ; j < len(lines) && len(cells[j])-1 > col; j++ {
				widest = max(widest, Width(cells[j][col]))
			}
			for k := i; k < j; k++ {
				widths[k] = append(widths[k], widest+w.padding)
			}
			i = j
		}
		if !found {
			break
		}
	}
	var b strings.Builder
	for i, cs := range cells {
		for c, s := range cs {
			if c < len(cs)-1 {
				b.WriteString(Pad(s, widths[i][c]))
			} else {
				b.WriteString(s)
			}
		}
	}
	_, err := io.WriteString(w.out, b.String())
	return err
}
