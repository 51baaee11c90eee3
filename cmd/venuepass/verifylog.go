package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/verifier"
)

// kioskFlags are the options of verify that record decisions in a check-in
// log and open a gate.
type kioskFlags struct {
	fl             *flag.FlagSet
	log            string
	key            string
	id             string
	gate           string
	direction      string
	passback       string
	passbackScope  string
	passbackWindow time.Duration
	passbackTypes  stringList
	witness        string
	ckptEvery      int
	ckptInterval   time.Duration

	gateCmd, gateURL, gateSerial string
	gateLine, gateRelay          string
	gatePulse, gateTimeout       time.Duration

	hub *hubFlags

	// Parsed by check.
	dir    checkin.Direction
	rule   checkin.Rule
	action gate.Action
}

func addKioskFlags(fl *flag.FlagSet) *kioskFlags {
	k := &kioskFlags{fl: fl}
	k.passbackTypes.split = true
	fl.StringVar(&k.log, "log", "", "")
	fl.StringVar(&k.key, "kiosk-key", "", "")
	fl.StringVar(&k.id, "kiosk-id", "", "")
	fl.StringVar(&k.gate, "gate", "", "")
	fl.StringVar(&k.direction, "direction", "in", "")
	fl.StringVar(&k.passback, "passback", "off", "")
	fl.StringVar(&k.passbackScope, "passback-scope", "venue", "")
	fl.DurationVar(&k.passbackWindow, "passback-window", 0, "")
	fl.Var(&k.passbackTypes, "passback-types", "")
	fl.StringVar(&k.witness, "witness", "", "")
	fl.IntVar(&k.ckptEvery, "checkpoint-every", checkin.DefaultCheckpointEvery, "")
	fl.DurationVar(&k.ckptInterval, "checkpoint-interval", checkin.DefaultCheckpointInterval, "")
	fl.StringVar(&k.gateCmd, "gate-cmd", "", "")
	fl.StringVar(&k.gateURL, "gate-url", "", "")
	fl.StringVar(&k.gateSerial, "gate-serial", "", "")
	fl.StringVar(&k.gateLine, "gate-line", "", "")
	fl.StringVar(&k.gateRelay, "gate-relay", "", "")
	fl.DurationVar(&k.gatePulse, "gate-pulse", gate.DefaultPulse, "")
	fl.DurationVar(&k.gateTimeout, "gate-timeout", gate.DefaultTimeout, "")
	k.hub = addHubFlags(fl)
	return k
}

// check validates the options, after parsing.
func (k *kioskFlags) check(c *command) error {
	set := map[string]bool{}
	k.fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if k.log == "" {
		for _, name := range []string{"kiosk-key", "kiosk-id", "gate", "direction", "passback", "passback-scope", "passback-window",
			"passback-types", "witness", "checkpoint-every", "checkpoint-interval", "gate-cmd", "gate-url", "gate-serial", "gate-line", "gate-relay", "gate-pulse", "gate-timeout",
			"hub", "hub-creds", "hub-ca", "hub-timeout", "offline"} {
			if set[name] {
				return usageFor(c, "--%s needs --log FILE: decisions, anti-passback and gate outcomes are kept in the check-in log", name)
			}
		}
		return nil
	}
	var err error
	if k.dir, err = checkin.ParseDirection(k.direction); err != nil {
		return usageFor(c, "--direction: %v", err)
	}
	mode, err := checkin.ParseMode(k.passback)
	if err != nil {
		return usageFor(c, "--passback: %v", err)
	}
	if k.passbackWindow < 0 {
		return usageFor(c, "--passback-window must not be negative")
	}
	scope, err := checkin.ParseScope(k.passbackScope)
	if err != nil {
		return usageFor(c, "--passback-scope: %v", err)
	}
	if mode == checkin.Off && (set["passback-window"] || set["passback-types"] || set["passback-scope"]) {
		return usageFor(c, "--passback-window, --passback-types and --passback-scope need --passback hard, soft, timed or single")
	}
	k.rule = checkin.Rule{Mode: mode, Scope: scope, Window: k.passbackWindow}
	if k.witness != "" && k.key == "" {
		return usageFor(c, "--witness needs --kiosk-key: it keeps the checkpoints the kiosk key signs")
	}
	if k.ckptEvery <= 0 || k.ckptInterval <= 0 {
		return usageFor(c, "--checkpoint-every and --checkpoint-interval must be positive")
	}
	for _, t := range k.passbackTypes.vals {
		typ, err := verifier.ParseType(t)
		if err != nil {
			return usageFor(c, "--passback-types: unknown type %q (want employee, membership, ticket or certificate)", t)
		}
		k.rule.Types = append(k.rule.Types, typ)
	}
	if k.id == "" {
		k.id = hostname()
	}
	if err := k.hub.check(c, set); err != nil {
		return err
	}
	return k.checkGate(c, set)
}

func (k *kioskFlags) checkGate(c *command, set map[string]bool) error {
	spec := gate.Spec{Command: k.gateCmd, URL: k.gateURL, Serial: k.gateSerial, Line: k.gateLine, Relay: k.gateRelay, Pulse: k.gatePulse}
	a, err := spec.Action()
	var se *gate.SpecError
	switch {
	case errors.Is(err, gate.ErrManyActions):
		return usageFor(c, "choose one gate action: --gate-cmd, --gate-url or --gate-serial")
	case k.gateSerial == "" && (set["gate-line"] || set["gate-relay"] || set["gate-pulse"]):
		return usageFor(c, "--gate-line, --gate-relay and --gate-pulse need --gate-serial PORT")
	case k.gateCmd+k.gateURL+k.gateSerial == "" && set["gate-timeout"]:
		return usageFor(c, "--gate-timeout needs a gate action: --gate-cmd, --gate-url or --gate-serial")
	case k.gateTimeout <= 0:
		return usageFor(c, "--gate-timeout must be positive")
	case errors.Is(err, gate.ErrLineAndRelay):
		return usageFor(c, "choose --gate-line or --gate-relay, not both")
	case errors.As(err, &se) && se.Setting == "pulse":
		return usageFor(c, "--gate-pulse must be positive")
	case errors.As(err, &se):
		return usageFor(c, "--gate-%s %q: %s", se.Setting, se.Value, se.Want)
	}
	k.action = a
	return nil
}

// kiosk records the decisions of a verify run in a check-in log and opens
// the gate for the accepted ones (checkin.Station).
type kiosk struct {
	log     *checkin.Log
	path    string
	station *checkin.Station
	hub     *hub.GateLink
}

// open opens the log, when --log is set, and makes it the replay guard of
// cfg. now is the --now clock, or zero.
func (k *kioskFlags) open(cfg *verifier.Config, venue, zone string, now time.Time) (*kiosk, error) {
	if k.log == "" {
		return nil, nil
	}
	opts := checkin.Options{Rules: []checkin.Rule{k.rule}, CheckpointEvery: k.ckptEvery, CheckpointInterval: k.ckptInterval}
	if k.key != "" {
		key, err := loadPrivateKey(k.key, "--kiosk-key")
		if err != nil {
			return nil, err
		}
		opts.Signer = key
	}
	if k.witness != "" {
		w, err := checkin.NewFileWitness(k.witness)
		if err != nil {
			return nil, fmt.Errorf("--witness %s: %v", k.witness, err)
		}
		opts.Witness = w
	}
	if !now.IsZero() {
		opts.Now = func() time.Time { return now }
	}
	gh, err := k.hub.join(&opts, venue, k.gate)
	if err != nil {
		return nil, err
	}
	l, err := checkin.Open(k.log, opts)
	if err == nil {
		err = gh.Start(l, opts.Rules)
	}
	if err != nil {
		leaveHub(gh, k.log)
		return nil, logOpenError(k.log, err)
	}
	cfg.Replay = l
	scan := checkin.Scan{Venue: venue, Gate: k.gate, Zone: zone, Direction: k.dir, KioskID: k.id}
	path := k.log
	st := checkin.NewStation(l, scan, checkin.StationOptions{
		Action: k.action, GateTimeout: k.gateTimeout, Recorded: gh.Recorded,
		GateFailed: func(o gate.Outcome, label string) {
			notef("%s", termtext.Sanitize(fmt.Sprintf("%s [%s]; the entry is withdrawn, the holder may scan again", o.Message(), label)))
		},
		RecordFailed: func(label string, err error) {
			notef("cannot record the gate outcome for %s in %s: %v", label, path, err)
		},
	})
	return &kiosk{log: l, path: path, station: st, hub: gh}, nil
}

// judge records d, prints the final verdict and queues the gate opening.
// It reports whether the final decision is an acceptance, and ok false when
// the decision could not be recorded (the gate stays closed).
func (k *kiosk) judge(w io.Writer, d verifier.Decision, label string, asJSON bool) (accepted, ok bool) {
	r, err := k.station.Judge(context.Background(), d, label)
	if err != nil {
		notef("cannot record the decision on %s in %s: %v; the gate stays closed", label, k.path, err)
		return false, false
	}
	if asJSON {
		j := r.VerdictJSON()
		in, _ := json.Marshal(label)
		j = append(append(append(j[:len(j)-1], `,"input":`...), in...), "}\n"...)
		w.Write(j)
	} else {
		writeHumanVerdict(w, r.Decision, label, r.Message)
	}
	return r.Decision.Accepted, true
}

// close waits for the gate actions still running, signs a last checkpoint
// and closes the log. It reports false when something failed.
func (k *kiosk) close() bool {
	ok := k.station.CloseGate()
	leaveHub(k.hub, k.path)
	if err := k.log.Err(); err != nil {
		notef("check-in log %s: %v", k.path, err)
		ok = false
	}
	if err := k.log.Close(); err != nil {
		notef("closing check-in log %s: %v", k.path, err)
		ok = false
	}
	return ok
}
