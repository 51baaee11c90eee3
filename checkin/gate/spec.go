package gate

import (
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
)

// Shell returns the action that runs a command line through the system's
// shell (sh -c; cmd /C on Windows), so that it may carry arguments.
func Shell(line string) *Command {
	if runtime.GOOS == "windows" {
		return &Command{Path: "cmd", Args: []string{"/C", line}}
	}
	return &Command{Path: "sh", Args: []string{"-c", line}}
}

// Controller returns the action that POSTs to a gate controller at
// rawURL, which must be an http or https URL with a host.
func Controller(rawURL string) (*HTTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http:// or https:// URL", rawURL)
	}
	return &HTTP{URL: u.String()}, nil
}

// SetLCUS makes s drive relay channel (1 to 8) of an LCUS board.
func (s *Serial) SetLCUS(channel int) error {
	if channel < 1 || channel > 8 {
		return fmt.Errorf("LCUS relay channel %d: want 1 to 8", channel)
	}
	s.On, s.Off = LCUS(channel, true), LCUS(channel, false)
	return nil
}

// ParseLine reads the name of a serial control line, "dtr" or "rts" in any
// case; "" is DTR, the default.
func ParseLine(name string) (Line, error) {
	switch strings.ToLower(name) {
	case "", "dtr":
		return DTR, nil
	case "rts":
		return RTS, nil
	}
	return DTR, fmt.Errorf("serial line %q: want dtr or rts", name)
}

// SetRelay makes s drive the relay board channel that spec names:
// "lcus:N", channel N (1 to 8) of an LCUS board.
func (s *Serial) SetRelay(spec string) error {
	board, ch, _ := strings.Cut(spec, ":")
	n, err := strconv.Atoi(ch)
	if strings.ToLower(board) != "lcus" || err != nil || s.SetLCUS(n) != nil {
		return fmt.Errorf("relay %q: want lcus:N, the channel N (1 to 8) of an LCUS relay board", spec)
	}
	return nil
}
