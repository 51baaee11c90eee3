package gui

import (
	"errors"
	"strconv"
	"strings"
)

// Validate says, in one sentence for the admin screen, what in s cannot be
// saved: it needs no window, so the rules are tested without one. Numbers
// the form could not read are given as -1.
func (s Settings) Validate() error {
	if s.PassbackMinutes < 0 || s.PassbackMinutes > 7*24*60 {
		return errors.New("Passback window: give minutes from 0 to 10080 (a week).")
	}
	if s.PassbackMode == "" {
		return errors.New("Choose an anti-passback mode.")
	}
	if s.VerdictSeconds < 1 || s.VerdictSeconds > 60 {
		return errors.New("Verdict time: give 1 to 60 seconds.")
	}
	if s.StaleGraceHours < 1 || s.StaleGraceHours > 30*24 {
		return errors.New("Out-of-date list: give 1 to 720 hours.")
	}
	if s.RejectClearSeconds < 0 || s.RejectClearSeconds > 600 {
		return errors.New("Red verdict: give 0 (until dismissed) to 600 seconds.")
	}
	if s.Kiosk && s.PIN == nil {
		return errors.New("Set a PIN before turning on kiosk mode.")
	}
	if s.GateRelay == RelayLCUS && s.GateChannel < 0 {
		return errors.New("Relay channel: give 1 to 8.")
	}
	if s.GateAction == GateSerial && (s.GatePulseMillis <= 0 || s.GatePulseMillis > 10_000) {
		return errors.New("Pulse: give 1 to 10000 milliseconds.")
	}
	if _, err := gateActionOf(s); err != nil {
		return errors.New("Turnstile: " + errorSentence(err) + ".")
	}
	return nil
}

// formInt reads a whole number typed in a form; -1 when it is not one.
func formInt(text string) int {
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil {
		return -1
	}
	return n
}
