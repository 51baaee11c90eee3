package main

import (
	"context"
	"encoding/json"
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
	fl            *flag.FlagSet
	log           string
	key           string
	id            string
	gate          string
	passbackTypes stringList
	s             checkin.StationSettings

	hub *hub.Link

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
	fl.StringVar(&k.s.Direction, "direction", "in", "")
	fl.StringVar(&k.s.Passback, "passback", "off", "")
	fl.StringVar(&k.s.PassbackScope, "passback-scope", "venue", "")
	fl.DurationVar(&k.s.PassbackWindow, "passback-window", 0, "")
	fl.Var(&k.passbackTypes, "passback-types", "")
	fl.StringVar(&k.s.Witness, "witness", "", "")
	fl.IntVar(&k.s.CheckpointEvery, "checkpoint-every", checkin.DefaultCheckpointEvery, "")
	fl.DurationVar(&k.s.CheckpointInterval, "checkpoint-interval", checkin.DefaultCheckpointInterval, "")
	fl.StringVar(&k.s.Gate.Command, "gate-cmd", "", "")
	fl.StringVar(&k.s.Gate.URL, "gate-url", "", "")
	fl.StringVar(&k.s.Gate.Serial, "gate-serial", "", "")
	fl.StringVar(&k.s.Gate.Line, "gate-line", "", "")
	fl.StringVar(&k.s.Gate.Relay, "gate-relay", "", "")
	fl.DurationVar(&k.s.Gate.Pulse, "gate-pulse", gate.DefaultPulse, "")
	fl.DurationVar(&k.s.GateTimeout, "gate-timeout", gate.DefaultTimeout, "")
	k.hub = addHubFlags(fl)
	return k
}

// check validates the options, after parsing (checkin.StationSettings).
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
	k.s.PassbackTypes, k.s.Signed, k.s.Set = k.passbackTypes.vals, k.key != "", set
	var err error
	if k.dir, k.rule, err = k.s.Log(); err != nil {
		return usageFor(c, "%v", err)
	}
	if k.id == "" {
		k.id = checkin.HostKioskID()
	}
	if err := k.hub.Check(set); err != nil {
		return usageFor(c, "%v", err)
	}
	if k.action, err = k.s.GateAction(); err != nil {
		return usageFor(c, "%v", err)
	}
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
	opts := checkin.Options{Rules: []checkin.Rule{k.rule}, CheckpointEvery: k.s.CheckpointEvery, CheckpointInterval: k.s.CheckpointInterval}
	if k.key != "" {
		key, err := loadPrivateKey(k.key, "--kiosk-key")
		if err != nil {
			return nil, err
		}
		opts.Signer = key
	}
	if k.s.Witness != "" {
		w, err := checkin.NewFileWitness(k.s.Witness)
		if err != nil {
			return nil, fmt.Errorf("--witness %s: %v", k.s.Witness, err)
		}
		opts.Witness = w
	}
	if !now.IsZero() {
		opts.Now = func() time.Time { return now }
	}
	gh, err := k.hub.Join(&opts, venue, k.gate)
	if err != nil {
		return nil, err
	}
	if gh != nil && gh.Client.Offline() {
		notef("hub %s does not answer yet: deciding offline (%s) until it does", k.hub.URL, k.hub.Offline)
	}
	l, err := checkin.Open(k.log, opts)
	if err == nil {
		err = gh.Start(l, opts.Rules)
	}
	if err != nil {
		leaveHub(gh, k.log)
		return nil, checkin.DescribeOpenError(k.log, err)
	}
	cfg.Replay = l
	scan := checkin.Scan{Venue: venue, Gate: k.gate, Zone: zone, Direction: k.dir, KioskID: k.id}
	path := k.log
	st := checkin.NewStation(l, scan, checkin.StationOptions{
		Action: k.action, GateTimeout: k.s.GateTimeout, Recorded: gh.Recorded,
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
