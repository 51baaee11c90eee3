package termtext

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// Progress draws a progress bar for a job of n steps on one terminal line,
// "label [#####.....] 12/40", redrawn when the percentage changes. Add is
// safe for concurrent use. A Progress that is off draws nothing.
type Progress struct {
	mu    sync.Mutex
	w     io.Writer
	n, at int
	shown int // last percentage drawn
	label string
	on    bool
}

// NewProgress returns a bar for n steps on w, drawn only when on.
func NewProgress(w io.Writer, n int, label string, on bool) *Progress {
	return &Progress{w: w, n: n, label: label, shown: -1, on: on && n > 0}
}

// NewStderrProgress is the bar of a command-line job on stderr: drawn for
// jobs of at least 50 steps, when stderr is a terminal.
func NewStderrProgress(n int, label string) *Progress {
	return NewProgress(os.Stderr, n, label, n >= 50 && IsTerminal(os.Stderr))
}

// Add counts a step done.
func (p *Progress) Add() {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.at++
	pct := p.at * 100 / p.n
	if pct == p.shown {
		return
	}
	p.shown = pct
	const width = 30
	fill := pct * width / 100
	fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", p.label, strings.Repeat("#", fill), strings.Repeat(".", width-fill), p.at, p.n)
}

// Done ends the bar's line.
func (p *Progress) Done() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}

// IsTerminal reports whether f is a character device, a terminal.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
