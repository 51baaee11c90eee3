package repotest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// maxTracked is the largest file the repository may track. The biggest
// legitimate ones are the embedded Hangul fonts (about 4.7 MB each); a build
// output or a stray data dump is far larger and would burden every clone for
// good, since history keeps it.
const maxTracked = 8 << 20

// executableMagic are the first bytes of the executable formats a go build
// writes: ELF, Mach-O (32/64-bit, both byte orders, universal) and PE.
var executableMagic = [][]byte{
	[]byte("\x7fELF"),
	{0xfe, 0xed, 0xfa, 0xce}, {0xce, 0xfa, 0xed, 0xfe},
	{0xfe, 0xed, 0xfa, 0xcf}, {0xcf, 0xfa, 0xed, 0xfe},
	{0xca, 0xfe, 0xba, 0xbe},
	[]byte("MZ"),
}

// trackedProblem says what is wrong with tracking a file of this size that
// starts with head, or returns "" when nothing is.
func trackedProblem(size int64, head []byte) string {
	for _, m := range executableMagic {
		if bytes.HasPrefix(head, m) {
			return "is a compiled executable (build output belongs in .gitignore, not in git)"
		}
	}
	if size > maxTracked {
		return fmt.Sprintf("is %.1f MB, over the %d MB a tracked file may have", float64(size)/(1<<20), maxTracked>>20)
	}
	return ""
}

// TestNoBuildOutputTracked fails if a compiled binary or an oversized file is
// tracked: `go build ./cmd/venuepass-kiosk` at the root once left a 53 MB
// kiosk binary in a commit.
func TestNoBuildOutputTracked(t *testing.T) {
	root, files := trackedFiles(t)
	for _, f := range files {
		fh, err := os.Open(filepath.Join(root, f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		st, err := fh.Stat()
		head := make([]byte, 4)
		n, _ := io.ReadFull(fh, head)
		fh.Close()
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if p := trackedProblem(st.Size(), head[:n]); p != "" {
			t.Errorf("%s %s", f, p)
		}
	}
}

// TestTrackedProblem keeps the check honest: executables and oversized files
// are caught, sources, images and the fonts are not.
func TestTrackedProblem(t *testing.T) {
	for _, c := range []struct {
		size int64
		head string
		bad  bool
	}{
		{53 << 20, "\x7fELF", true},
		{2 << 20, "\x7fELF", true},
		{1 << 20, "MZ\x90\x00", true},
		{1 << 20, "\xcf\xfa\xed\xfe", true},
		{9 << 20, "PK\x03\x04", true},
		{4691820, "\x00\x01\x00\x00", false}, // NanumGothic.ttf
		{279893, "\x89PNG", false},
		{1200, "pack", false},
		{0, "", false},
	} {
		if got := trackedProblem(c.size, []byte(c.head)) != ""; got != c.bad {
			t.Errorf("size %d head %q: flagged %v, want %v", c.size, c.head, got, c.bad)
		}
	}
}
