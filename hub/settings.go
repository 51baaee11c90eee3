package hub

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/venuepass/venuepass/checkin"
)

// Check refuses a Config that Run cannot start, as 'venuepass hub' takes
// it: each error names its flag. Replicas must be at least 1 here.
func (c Config) Check() error {
	switch {
	case c.Store == "":
		return errors.New("--store DIR is required: the hub keeps its stream and buckets there")
	case c.Listen == "":
		return errors.New("--listen HOST:PORT is required")
	case (c.TLSCert == "") != (c.TLSKey == ""):
		return errors.New("--tls-cert and --tls-key go together")
	case c.Replicas < 1:
		return errors.New("--replicas must be at least 1")
	}
	return nil
}

// Link names a hub and how a gate or the office reaches it, as people
// type it in a command line or a form: each error names its flag of
// 'venuepass verify'.
type Link struct {
	URL   string // the hub, several URLs comma separated for a cluster; "" means none
	Creds string // Options.Creds
	CA    string // Options.CA
	// Offline is what a gate's log decides while the hub does not answer:
	// checkin.OfflineLocal or checkin.OfflineRefuse.
	Offline string
	Timeout time.Duration // Options.Timeout of a gate; it must be positive
}

// Check refuses a gate's link settings that cannot work. set holds the
// settings given, by flag name: without URL, none of "hub-creds",
// "hub-ca", "offline" and "hub-timeout" may be given.
func (l Link) Check(set map[string]bool) error {
	if l.URL == "" {
		for _, n := range []string{"hub-creds", "hub-ca", "offline", "hub-timeout"} {
			if set[n] {
				return fmt.Errorf("--%s needs --hub URL", n)
			}
		}
		return nil
	}
	if l.Offline != checkin.OfflineLocal && l.Offline != checkin.OfflineRefuse {
		return fmt.Errorf("--offline %q: want local or refuse", l.Offline)
	}
	if l.Timeout <= 0 {
		return errors.New("--hub-timeout must be positive")
	}
	return nil
}

// officeWait is how long an office command waits for a first connection.
const officeWait = 5 * time.Second

// Office connects an office command to the hub, waiting for it briefly;
// ctx bounds the command's work to limit, and done cancels it and
// disconnects. Its errors name the hub ("hub URL: ...").
func (l Link) Office(limit time.Duration) (cl *Client, ctx context.Context, done func(), err error) {
	cl, err = Connect(l.URL, Options{Timeout: l.Timeout, Creds: l.Creds, CA: l.CA, Name: "office", ConnectWait: officeWait})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("hub %s: %w", l.URL, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	return cl, ctx, func() { cancel(); cl.Close() }, nil
}

// gateWait is how long a gate waits for a first connection before it
// decides offline.
const gateWait = 2 * time.Second

// Join connects the gate gate of venue to the hub (JoinGate, named "gate
// G"), the claimer of the log options opts; when opts has a Signer, the hub
// also witnesses the log's checkpoints beside opts.Witness. Without URL it
// returns nil, which does nothing. Its errors name the hub.
func (l Link) Join(opts *checkin.Options, venue, gate string) (*GateLink, error) {
	if l.URL == "" {
		return nil, nil
	}
	o := Options{Timeout: l.Timeout, Creds: l.Creds, CA: l.CA, Name: "gate " + gate, ConnectWait: gateWait}
	g, err := JoinGate(l.URL, o, l.Offline, opts)
	if err != nil {
		return nil, fmt.Errorf("hub %s: %w", l.URL, err)
	}
	if opts.Signer != nil {
		opts.Witness = Witnesses(opts.Witness, g.Client.Witness(venue, gate))
	}
	return g, nil
}
