package hub

import (
	"context"
	"sync"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/photos"
)

// GateLink is a gate's link to its hub: the hub claims for the gate's
// check-in log, an Outbox sends the log's records, a TrustWatch follows
// the hub's trust list and WatchPhotos its photos. The methods of a nil *GateLink do nothing,
// so a gate without a hub needs no special case.
type GateLink struct {
	Client *Client
	outbox *Outbox

	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
}

// JoinGate connects a gate to the hub at url and makes the client the
// claimer of the log options opts; offline (checkin.OfflineLocal or
// checkin.OfflineRefuse) is what the log decides while the hub does not
// answer. Open the log with opts, then call Start.
func JoinGate(url string, o Options, offline string, opts *checkin.Options) (*GateLink, error) {
	cl, err := Connect(url, o)
	if err != nil {
		return nil, err
	}
	opts.Claimer, opts.Offline = cl, offline
	return &GateLink{Client: cl}, nil
}

// Start starts sending the records of the log l, opened with the options
// JoinGate filled, to the hub.
func (g *GateLink) Start(l *checkin.Log, rules []checkin.Rule) error {
	if g == nil {
		return nil
	}
	var err error
	g.outbox, err = g.Client.StartOutbox(l, rules)
	return err
}

// WatchTrust follows the trust list on the hub (Client.WatchTrust) until
// Close.
func (g *GateLink) WatchTrust(w *TrustWatch) {
	if g == nil {
		return
	}
	go g.Client.WatchTrust(g.watchContext(), w)
}

// WatchPhotos mirrors the hub's photos into the gate's photo store
// (Client.WatchPhotos) until Close.
func (g *GateLink) WatchPhotos(store photos.Store, report func(photos.Report)) {
	if g == nil {
		return
	}
	go g.Client.WatchPhotos(g.watchContext(), store, report)
}

// watchContext is the context of the link's watches, ended by Close.
func (g *GateLink) watchContext() context.Context {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ctx == nil {
		g.ctx, g.cancel = context.WithCancel(context.Background())
	}
	return g.ctx
}

// Recorded hands the outbox a record just written to the log.
func (g *GateLink) Recorded(e checkin.Entry) {
	if g != nil && g.outbox != nil && e.ID != "" {
		g.outbox.Add(e)
	}
}

// Close stops the trust watch, sends what the hub has not acknowledged yet
// (waiting up to 10 seconds, or 1 second while offline: what remains is
// sent by the next gate run on the same log) and disconnects. The error is
// the Outbox's Flush error: records not on the hub yet.
func (g *GateLink) Close() error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	if g.cancel != nil {
		g.cancel()
	}
	g.mu.Unlock()
	var err error
	if g.outbox != nil {
		wait := 10 * time.Second
		if g.Client.Offline() {
			wait = time.Second
		}
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		err = g.outbox.Flush(ctx)
		cancel()
		g.outbox.Close()
	}
	g.Client.Close()
	return err
}

// Flush waits until the hub acknowledged every record of the log written
// so far (Outbox.Flush), or ctx ends.
func (g *GateLink) Flush(ctx context.Context) error {
	if g == nil || g.outbox == nil {
		return nil
	}
	return g.outbox.Flush(ctx)
}

// StreamSeq is the outbox's StreamSeq: pass it as CountsRequest.MinSeq
// after Flush for venue counts that include this gate's records.
func (g *GateLink) StreamSeq() uint64 {
	if g == nil || g.outbox == nil {
		return 0
	}
	return g.outbox.StreamSeq()
}
