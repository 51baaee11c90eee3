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
		return errors.New(tr().T("admin.err.passback"))
	}
	if s.PassbackMode == "" {
		return errors.New(tr().T("admin.err.passback_mode"))
	}
	if s.VerdictSeconds < 1 || s.VerdictSeconds > 60 {
		return errors.New(tr().T("admin.err.verdict"))
	}
	if s.StaleGraceHours < 1 || s.StaleGraceHours > 30*24 {
		return errors.New(tr().T("admin.err.stale"))
	}
	if s.RejectClearSeconds < 0 || s.RejectClearSeconds > 600 {
		return errors.New(tr().T("admin.err.reject_clear"))
	}
	if s.Kiosk && s.PIN == nil {
		return errors.New(tr().T("admin.err.kiosk_pin"))
	}
	if s.GateRelay == relayLCUS && s.GateChannel < 0 {
		return errors.New(tr().T("admin.err.channel"))
	}
	if s.GateAction == gateSerial && (s.GatePulseMillis <= 0 || s.GatePulseMillis > 10_000) {
		return errors.New(tr().T("admin.err.pulse"))
	}
	if _, err := gateActionOf(s); err != nil {
		return errors.New(tr().T("admin.err.turnstile", vars{"Error": errorSentence(err)}))
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
