package verifier

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// MaxLine is the longest line of QR text ScanLines passes on whole: twice
// the longest code text, so a longer line is never a code.
const MaxLine = 8 << 10

// ScanLines reads QR texts one per line, as a scanner (a keyboard wedge, a
// serial port, a file of codes) sends them, and calls f for every
// non-blank line with its number (from 1) until f returns false or r
// ends. Only the line end is cut: a trailing space is a Base45 digit. A
// line longer than MaxLine is passed on cut to MaxLine+1 bytes, enough
// for Verify to reject it as too large without the rest being kept. A
// read error other than io.EOF is returned.
func ScanLines(r io.Reader, f func(line string, n int) bool) error {
	br := bufio.NewReaderSize(r, MaxLine+1) // r itself when it is a large enough *bufio.Reader
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		long := false
		for errors.Is(err, bufio.ErrBufferFull) {
			if !long {
				line = append([]byte(nil), line...)
				long = true
			}
			_, err = br.ReadSlice('\n')
		}
		if s := strings.TrimRight(string(line), "\r\n"); strings.TrimSpace(s) != "" {
			if !f(s, n) {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
