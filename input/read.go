package input

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/verifier"
)

// MaxFileSize caps how much of a text file of codes is read.
const MaxFileSize = 64 << 20

// MaxNonCode is how many lines in a row that hold no code a text file of
// codes may have: reading stops at the next one.
const MaxNonCode = 10

// A Code is a QR text read from an input.
type Code struct {
	Text string
	// Label names where it was read: "arg 1", "photo.png", "photo.png
	// code 2", "codes.txt line 4", "stdin line 3".
	Label string
	// Stdin says it came from standard input, where someone may be
	// waiting for each verdict in turn.
	Stdin bool
}

// Read reads the QR texts of ins in order and calls code for each, and
// fail for each input (or part of one) that yields none. Images are
// decoded on all cores (qr.DecodeFiles) while earlier inputs are handled;
// a Stdin input reads stdin line by line (verifier.ScanLines) until it
// ends. An image holding several codes yields each, labelled "PATH code
// N".
func Read(ins []Input, stdin io.Reader, code func(Code), fail func(*Error)) {
	var paths []string
	for _, in := range ins {
		if in.Kind == Image {
			paths = append(paths, in.Value)
		}
	}
	images := qr.DecodeFiles(paths)
	next := 0
	for _, in := range ins {
		switch in.Kind {
		case Failed:
			fail(in.Err)
		case Text:
			code(Code{Text: in.Value, Label: in.Label})
		case Image:
			r := <-images[next]
			next++
			if r.Err != nil {
				e := ImageError(in.Value, r.Err)
				e.Label = in.Label
				fail(e)
				continue
			}
			for j, t := range r.Texts {
				label := in.Label
				if len(r.Texts) > 1 {
					label = fmt.Sprintf("%s code %d", in.Label, j+1)
				}
				code(Code{Text: t, Label: label})
			}
		case File:
			readFile(in, code, fail)
		case Stdin:
			readStdin(stdin, in.Label, code, fail)
		}
	}
}

func readFile(in Input, code func(Code), fail func(*Error)) {
	f, err := os.Open(in.Value)
	if err != nil {
		fail(newError(explain.InputIOError, in.Label, fileError("input file", in.Value, err)))
		return
	}
	defer f.Close()
	if err := ReadCodes(f, in.Value, code, fail); err != nil {
		fail(&Error{Reason: explain.InputIOError, Label: in.Label, Msg: fmt.Sprintf("reading %s: %v", in.Value, err), Err: err})
	}
}

// readStdin reads the lines of stdin. A scanner types text; binary data
// piped in (a PDF, an image) shows on its first line, and is one failure,
// not a verdict per line. Later lines are always read: a gate never stops
// reading its scanner.
func readStdin(stdin io.Reader, label string, code func(Code), fail func(*Error)) {
	codes, binary := 0, false
	err := verifier.ScanLines(stdin, func(line string, n int) bool {
		if n == 1 {
			line = strings.TrimPrefix(line, string(utf8BOM)) // a file typed in from Windows
		}
		if codes == 0 {
			if c := qr.Sniff([]byte(line), true); c.Kind != qr.KindText {
				binary = true
				e := NotText("stdin", c)
				e.Label = label
				fail(e)
				return false
			}
		}
		codes++
		code(Code{Text: line, Label: fmt.Sprintf("stdin line %d", n), Stdin: true})
		return true
	})
	switch {
	case binary:
	case err != nil:
		fail(&Error{Reason: explain.InputIOError, Label: label, Msg: fmt.Sprintf("reading stdin: %v", err), Err: err})
	case codes == 0:
		fail(&Error{Reason: explain.InputNotText, Label: label, Msg: "stdin held no QR text; pipe the scanner's codes in, one per line, or pass them as arguments"})
	}
}

// utf8BOM is the UTF-8 byte order mark.
var utf8BOM = []byte("\ufeff")

// isCodeLine reports whether a line starts like a code.
func isCodeLine(s string) bool {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.HasPrefix(s, "VP1:") || strings.HasPrefix(s, "VPP1:") || strings.HasPrefix(s, dcc.Prefix)
}

// ReadCodes reads a text file of codes, one per line, named name in
// labels ("NAME line N"), and calls code for every line. It sniffs the
// start first: a binary file or a PDF is one failure, not_text, and no
// line is read. Lines that hold no code are passed on (for the verifier to
// reject as malformed) only when a code follows within MaxNonCode lines;
// more than that in a row is not a file of codes, and reading stops there
// with one not_text failure. At most MaxFileSize bytes are read. A read
// error is returned, after the lines before it.
func ReadCodes(r io.Reader, name string, code func(Code), fail func(*Error)) error {
	br := bufio.NewReaderSize(io.LimitReader(r, MaxFileSize), verifier.MaxLine+1)
	head, err := br.Peek(qr.SniffLen)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	if c := qr.Sniff(head, err == io.EOF); c.Kind != qr.KindText {
		fail(NotText(name, c))
		return nil
	}
	// Notepad and other Windows editors start a UTF-8 file with a byte
	// order mark; it is not part of the first code.
	if bytes.HasPrefix(head, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	type line struct {
		text string
		n    int
	}
	var held []line
	codes := 0
	flush := func() {
		for _, l := range held {
			code(Code{Text: l.text, Label: fmt.Sprintf("%s line %d", name, l.n)})
		}
		held = held[:0]
	}
	err = verifier.ScanLines(br, func(text string, n int) bool {
		if !isCodeLine(text) {
			held = append(held, line{text, n})
			return len(held) <= MaxNonCode
		}
		codes++
		flush()
		code(Code{Text: text, Label: fmt.Sprintf("%s line %d", name, n)})
		return true
	})
	switch {
	case err != nil:
		flush()
		return err
	case len(held) > MaxNonCode:
		fail(&Error{Reason: explain.InputNotText, Label: fmt.Sprintf("%s line %d", name, held[0].n),
			Msg: fmt.Sprintf("%s is not a file of codes: lines %d to %d hold none (VP1:, VPP1: or HC1:), so verify stopped reading it; it wants one code per line (a staff list is for 'venuepass issue --batch')",
				name, held[0].n, held[len(held)-1].n)})
		return nil
	case codes == 0 && len(held) == 0:
		fail(&Error{Reason: explain.InputNotText, Label: name, Msg: fmt.Sprintf("%s holds no QR text; it should hold one code per line", name)})
		return nil
	}
	flush()
	return nil
}
