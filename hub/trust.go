package hub

import (
	"bytes"
	"context"
	"crypto"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/venuepass/venuepass/trustlist"
)

// PublishTrust puts the signed trust list data on the hub. The hub does
// not judge it: every gate checks the anchor signature and its rollback
// guard before using it.
func (c *Client) PublishTrust(ctx context.Context, data []byte) error {
	obs, err := c.trustStore(ctx)
	if err != nil {
		return err
	}
	_, err = obs.PutBytes(ctx, TrustObject, data)
	return err
}

// PublishedTrust returns the trust list the hub holds, nil when it holds
// none.
func (c *Client) PublishedTrust(ctx context.Context) ([]byte, error) {
	obs, err := c.trustStore(ctx)
	if err != nil {
		return nil, err
	}
	data, err := obs.GetBytes(ctx, TrustObject)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil, nil
	}
	return data, err
}

// TrustWatch is what a gate does with trust lists from the hub.
type TrustWatch struct {
	// Anchors are the pinned trust anchors.
	Anchors []crypto.PublicKey
	// State is the rollback guard file (trustlist.Load), or "".
	State string
	// Current returns the list in use.
	Current func() *trustlist.List
	// Swap is called with a newer list that verified.
	Swap func(*trustlist.List)
	// Refused is called with the reason a list from the hub is not used.
	Refused func(error)
}

// ErrTrustRollback: the hub's list has a lower seq than the gate's.
var ErrTrustRollback = errors.New("trust list from the hub is older than the one in use")

// Consider checks a list fetched from the hub against the anchors and the
// rollback guard: it returns the list to swap in, nil when it is the list
// in use already, or an error saying why it is refused.
func (w *TrustWatch) Consider(data []byte) (*trustlist.List, error) {
	l, err := trustlist.Parse(data, w.Anchors)
	if err != nil {
		return nil, err
	}
	if cur := w.Current(); cur != nil {
		switch {
		case l.Seq < cur.Seq:
			return nil, fmt.Errorf("%w: seq %d is lower than %d", ErrTrustRollback, l.Seq, cur.Seq)
		case l.Seq == cur.Seq && l.Digest == cur.Digest:
			return nil, nil
		case l.Seq == cur.Seq:
			return nil, fmt.Errorf("%w: seq %d is in use with different content", ErrTrustRollback, l.Seq)
		}
	}
	if w.State != "" {
		if l, err = trustlist.Load(data, w.Anchors, trustlist.StateFile(w.State)); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// WatchTrust follows the trust list on the hub until ctx ends: every new
// version is checked (Consider) and swapped in or refused. It checks once
// at start, watches the object store for changes and, as a safety net for
// a watch lost with the hub, looks again every second.
func (c *Client) WatchTrust(ctx context.Context, w *TrustWatch) {
	var lastNUID string
	check := func() {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		obs, err := c.trustStore(cctx)
		if err != nil {
			return
		}
		info, err := obs.GetInfo(cctx, TrustObject)
		if err != nil || info.NUID == lastNUID || info.Deleted {
			return
		}
		data, err := obs.GetBytes(cctx, TrustObject)
		if err != nil {
			return
		}
		lastNUID = info.NUID
		l, err := w.Consider(bytes.Clone(data))
		switch {
		case err != nil:
			if w.Refused != nil {
				w.Refused(err)
			}
		case l != nil:
			w.Swap(l)
		}
	}
	c.follow(ctx, c.trustStore, []jetstream.WatchOpt{jetstream.UpdatesOnly()}, check,
		func(_ jetstream.ObjectStore, info *jetstream.ObjectInfo) {
			if info != nil && info.Name == TrustObject {
				check()
			}
		}, check)
}

// follow keeps a watch on the object store open gives until ctx ends. It
// waits while the client is offline, runs start before each new watch,
// hands every update to update (nil: caught up with what the store held),
// and runs tick (if any) every second while the watch holds. A watch does
// not survive a hub that restarted: after any reconnection it is made
// again.
func (c *Client) follow(ctx context.Context, open func(context.Context) (jetstream.ObjectStore, error), opts []jetstream.WatchOpt,
	start func(), update func(jetstream.ObjectStore, *jetstream.ObjectInfo), tick func()) {
	for ctx.Err() == nil {
		if c.Offline() {
			sleep(ctx, 500*time.Millisecond)
			continue
		}
		if start != nil {
			start()
		}
		obs, err := open(ctx)
		if err != nil {
			sleep(ctx, time.Second)
			continue
		}
		wctx, cancel := context.WithCancel(ctx)
		w, err := obs.Watch(wctx, opts...)
		if err != nil {
			cancel()
			sleep(ctx, time.Second)
			continue
		}
		reconnects := c.nc.Stats().Reconnects
		safety := time.NewTicker(time.Second)
	watch:
		for {
			select {
			case <-ctx.Done():
				break watch
			case info, ok := <-w.Updates():
				if !ok {
					break watch
				}
				update(obs, info)
			case <-safety.C:
				if c.Offline() || c.nc.Stats().Reconnects != reconnects {
					break watch
				}
				if tick != nil {
					tick()
				}
			}
		}
		safety.Stop()
		w.Stop()
		cancel()
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
