package gate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"go.bug.st/serial"
)

// maxReply caps what is kept of a command's output or a controller's
// answer for the error message.
const maxReply = 512

// tailBuffer keeps the last maxReply bytes written to it.
type tailBuffer struct{ b []byte }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > maxReply {
		t.b = append(t.b[:0], t.b[len(t.b)-maxReply:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	return strings.TrimSpace(string(bytes.ToValidUTF8(t.b, []byte("?"))))
}

// Command runs a program to open the gate. It gets the verdict JSON on
// stdin and the record ID in VENUEPASS_RECORD; exit status 0 means the gate
// opened. The program is killed when the Gate's timeout passes.
type Command struct {
	Path string
	Args []string
	// Env is added to the kiosk's environment.
	Env []string
}

var _ Action = (*Command)(nil)

// Open implements Action.
func (c *Command) Open(ctx context.Context, ev Event) error {
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Stdin = bytes.NewReader(append(append([]byte(nil), ev.Verdict...), '\n'))
	cmd.Env = append(append(os.Environ(), "VENUEPASS_RECORD="+ev.ID), c.Env...)
	var out tailBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// A child the program left running must not hold the gate forever.
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if s := out.String(); s != "" {
			return fmt.Errorf("%s: %v: %s", c.Path, err, s)
		}
		return fmt.Errorf("%s: %v", c.Path, err)
	}
	return nil
}

// HTTP POSTs the verdict JSON to a gate controller; a 2xx answer means the
// gate opened. The record ID goes in the header X-Venuepass-Record.
type HTTP struct {
	URL    string
	Header http.Header
	// Client is nil for a client that ignores proxy settings: the
	// controller is local.
	Client *http.Client
}

var _ Action = (*HTTP)(nil)

var directClient = &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}

// Open implements Action.
func (h *HTTP) Open(ctx context.Context, ev Event) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(ev.Verdict))
	if err != nil {
		return err
	}
	for k, v := range h.Header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Venuepass-Record", ev.ID)
	client := h.Client
	if client == nil {
		client = directClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body tailBuffer
	io.Copy(&body, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		if s := body.String(); s != "" {
			return fmt.Errorf("controller answered %s: %s", resp.Status, s)
		}
		return fmt.Errorf("controller answered %s", resp.Status)
	}
	return nil
}

// Line is a modem control line of a serial port.
type Line int

// Lines a relay board may be wired to.
const (
	DTR Line = iota
	RTS
)

func (l Line) String() string {
	if l == RTS {
		return "RTS"
	}
	return "DTR"
}

// Serial pulses a relay on a USB-serial board: either it raises a modem
// control line (Line) for Pulse, or, when On is set, it writes On, waits
// Pulse and writes Off (boards driven by commands, such as LCUS). The port
// is opened for each pulse, so a board unplugged and plugged back works
// again. The relay is always released, even when the timeout cuts the pulse
// short.
type Serial struct {
	// Port is the device, e.g. /dev/ttyUSB0 or COM3.
	Port string
	// Baud is the speed; 0 means 9600.
	Baud int
	Line Line
	// On and Off are the commands that close and open the relay.
	On, Off []byte
	// Pulse is how long the relay stays closed; 0 means DefaultPulse.
	Pulse time.Duration
}

var _ Action = (*Serial)(nil)

// LCUS returns the command of an LCUS-type USB relay board (CH340, 9600
// baud) that switches relay channel (1 to 8) on or off:
// A0 channel state checksum.
func LCUS(channel int, on bool) []byte {
	var state byte
	if on {
		state = 1
	}
	c := byte(channel)
	return []byte{0xA0, c, state, 0xA0 + c + state}
}

// port is what a pulse needs of a serial port.
type port interface {
	Write(p []byte) (int, error)
	SetDTR(bool) error
	SetRTS(bool) error
}

// Open implements Action.
func (s *Serial) Open(ctx context.Context, ev Event) error {
	mode := &serial.Mode{BaudRate: s.Baud}
	if mode.BaudRate == 0 {
		mode.BaudRate = 9600
	}
	if s.On == nil {
		// Opening a port raises DTR and RTS on most systems: hold them
		// low so that opening the port does not click the relay.
		mode.InitialStatusBits = &serial.ModemOutputBits{}
	}
	p, err := serial.Open(s.Port, mode)
	if err != nil {
		return fmt.Errorf("serial port %s: %w", s.Port, err)
	}
	defer p.Close()
	if err := s.pulse(ctx, p); err != nil {
		return fmt.Errorf("serial port %s: %w", s.Port, err)
	}
	return nil
}

// pulse closes the relay, waits, and opens it again.
func (s *Serial) pulse(ctx context.Context, p port) error {
	d := s.Pulse
	if d <= 0 {
		d = DefaultPulse
	}
	set := func(on bool) error {
		if s.On != nil {
			b := s.Off
			if on {
				b = s.On
			}
			if len(b) == 0 {
				return nil
			}
			_, err := p.Write(b)
			return err
		}
		if s.Line == RTS {
			return p.SetRTS(on)
		}
		return p.SetDTR(on)
	}
	if err := set(true); err != nil {
		set(false)
		return fmt.Errorf("closing the relay: %w", err)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	var cut error
	select {
	case <-t.C:
	case <-ctx.Done():
		cut = ctx.Err()
	}
	if err := set(false); err != nil {
		return errors.Join(cut, fmt.Errorf("releasing the relay: %w", err))
	}
	return cut
}
