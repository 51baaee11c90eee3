package gate

import (
	"fmt"
	"net/url"
	"runtime"
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
