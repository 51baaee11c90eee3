package scan

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"

	"go.bug.st/serial"
)

// DefaultBaud is the speed scanners in USB-serial (virtual COM) mode
// usually use; the USB CDC-ACM mode ignores it.
const DefaultBaud = 9600

// Lines reads scans from a line-oriented stream, one per line ended by CR,
// LF or CR LF, and calls emit with each non-empty one until r ends. A line
// longer than MaxText is cut to MaxText (the verifier rejects it as too
// large) and the rest of it dropped.
func Lines(r io.Reader, emit func(string)) error {
	br := bufio.NewReader(r)
	line := make([]byte, 0, 512)
	for {
		b, err := br.ReadByte()
		if err != nil {
			if len(line) > 0 {
				emit(string(line))
			}
			if err == io.EOF {
				return nil
			}
			return err
		}
		switch b {
		case '\r', '\n':
			if len(line) > 0 {
				emit(string(line))
				line = line[:0]
			}
		default:
			if len(line) < MaxText {
				line = append(line, b)
			}
		}
	}
}

// SerialPorts lists the serial ports a scanner may be on.
func SerialPorts() ([]string, error) { return serial.GetPortsList() }

// ReadSerial reads scans from a scanner in USB-serial mode on port until
// ctx ends.
func ReadSerial(ctx context.Context, port string, baud int, emit func(string)) error {
	if baud <= 0 {
		baud = DefaultBaud
	}
	p, err := serial.Open(port, &serial.Mode{BaudRate: baud})
	if err != nil {
		return fmt.Errorf("cannot open serial port %s: %w", port, err)
	}
	stop := context.AfterFunc(ctx, func() { p.Close() })
	defer stop()
	defer p.Close()
	// A timeout lets a pending line be flushed when a scanner sends no
	// terminator, and Close take effect.
	if err := p.SetReadTimeout(200 * time.Millisecond); err != nil {
		return err
	}
	err = Lines(&timeoutReader{ctx: ctx, r: p}, emit)
	if ctx.Err() != nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("serial port %s: %w", port, err)
	}
	return nil
}

// timeoutReader turns the (0, nil) reads of a serial read timeout into a
// line end, and ends at ctx's end.
type timeoutReader struct {
	ctx  context.Context
	r    io.Reader
	idle bool
}

func (t *timeoutReader) Read(p []byte) (int, error) {
	for {
		if t.ctx.Err() != nil {
			return 0, io.EOF
		}
		n, err := t.r.Read(p)
		if n > 0 || err != nil {
			t.idle = false
			return n, err
		}
		if !t.idle && len(p) > 0 {
			// A pause after data: end the line the scanner did not end.
			t.idle = true
			p[0] = '\n'
			return 1, nil
		}
	}
}
