package gui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/venuepass/venuepass/checkin/gate"
)

// gateActionOf is the gate action of the settings; nil for GateNone.
func gateActionOf(s Settings) (gate.Action, error) {
	switch s.GateAction {
	case gateNone, "":
		return nil, nil
	case gateCommand:
		line := strings.TrimSpace(s.GateCommandLine)
		if line == "" {
			return nil, errors.New(tr().T("gate.err.command"))
		}
		return gate.Shell(line), nil
	case gateHTTP:
		a, err := gate.Controller(strings.TrimSpace(s.GateURL))
		if err != nil {
			return nil, errors.New(tr().T("gate.err.url", vars{"URL": strconv.Quote(s.GateURL)}))
		}
		return a, nil
	case gateSerial:
		port := strings.TrimSpace(s.GatePort)
		if port == "" {
			return nil, errors.New(tr().T("gate.err.port"))
		}
		a := &gate.Serial{Port: port, Pulse: time.Duration(s.GatePulseMillis) * time.Millisecond}
		switch s.GateRelay {
		case relayLCUS:
			if a.SetLCUS(s.GateChannel) != nil {
				return nil, errors.New(tr().T("gate.err.channel"))
			}
		case relayRTS:
			a.Line = gate.RTS
		default:
			a.Line = gate.DTR
		}
		return a, nil
	}
	return nil, errors.New(tr().T("gate.err.action", vars{"Action": strconv.Quote(s.GateAction)}))
}

// gateKey identifies the gate settings, to tell when the gate must be
// rebuilt.
func gateKey(s Settings) string {
	return strings.Join([]string{s.GateAction, s.GateCommandLine, s.GateURL, s.GatePort, s.GateRelay,
		fmt.Sprint(s.GateChannel), fmt.Sprint(s.GatePulseMillis)}, "\x00")
}

// setGate starts the gate of the settings, and stops the previous one
// (off the UI goroutine: it waits for openings still queued).
func (k *kiosk) setGate(s Settings) error {
	a, err := gateActionOf(s)
	if err != nil {
		return err
	}
	var g *gate.Gate
	if a != nil {
		g = gate.New(a, gate.Config{Done: k.gateDone})
	}
	if old := k.gate.Swap(g); old != nil {
		go old.Close()
	}
	return nil
}

// openGate queues the gate opening for an accepted verdict; it never
// blocks. A verdict the log did not record keeps the gate closed: staff
// see it amber and decide.
func (k *kiosk) openGate(v verdict) {
	g := k.gate.Load()
	if g == nil || !v.Decision.Accepted {
		return
	}
	for _, w := range v.Decision.Warnings {
		if w == warnNotLogged {
			return
		}
	}
	js := v.JSON
	if js == nil {
		js, _ = json.Marshal(map[string]any{"accepted": true, "record": v.Record})
	}
	g.Open(gate.Event{ID: v.Record, Verdict: js})
}

// gateDone records the outcome of a gate action (from the gate's worker)
// and tells staff when the gate did not open.
func (k *kiosk) gateDone(o gate.Outcome) {
	msg := o.Message()
	if o.Event.ID != "" {
		if err := k.log.RecordGate(context.Background(), o.Event.ID, o.Err); err != nil {
			msg = tr().T("gate.not_recorded", vars{"Message": msg, "Error": err.Error()})
		}
	}
	k.uiGate(o, msg)
}
