package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/venuepass/venuepass/checkin"
)

// read calls fn with the data of every message of the decisions stream
// on filter, in stream order, as of the call.
func (c *Client) read(ctx context.Context, filter string, fn func(data []byte) error) error {
	return drain(ctx, c.js, jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}},
		func(m jetstream.Msg) error { return fn(m.Data()) })
}

// drain calls fn with every message of the decisions stream that cfg
// selects, in stream order, up to the last one the stream held when it
// was called.
func drain(ctx context.Context, js jetstream.JetStream, cfg jetstream.OrderedConsumerConfig, fn func(m jetstream.Msg) error) error {
	cons, err := js.OrderedConsumer(ctx, DecisionsStream, cfg)
	if err != nil {
		return err
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return err
	}
	for pending := info.NumPending; pending > 0; {
		batch, err := cons.Fetch(int(min(pending, 1000)), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return err
		}
		got := 0
		for m := range batch.Messages() {
			got++
			pending--
			if err := fn(m); err != nil {
				return err
			}
		}
		if err := batch.Error(); err != nil {
			return err
		}
		if got == 0 {
			return fmt.Errorf("the hub stopped sending records with %d left", pending)
		}
	}
	return nil
}

// Records returns every record of venue ("" for all venues) the hub holds,
// each record id once, in the order the hub received them.
func (c *Client) Records(ctx context.Context, venue string) ([]checkin.Entry, error) {
	seen := map[string]bool{}
	var out []checkin.Entry
	err := c.read(ctx, venueFilter(recordPrefix, venue), func(data []byte) error {
		var e checkin.Entry
		if err := json.Unmarshal(data, &e); err != nil {
			return fmt.Errorf("a record on the hub is not readable: %v", err)
		}
		if seen[e.ID] {
			return nil
		}
		seen[e.ID] = true
		out = append(out, e)
		return nil
	})
	return out, err
}

// Conflicts returns the conflicts recorded for venue ("" for all), each
// once.
func (c *Client) Conflicts(ctx context.Context, venue string) ([]Conflict, error) {
	seen := map[string]bool{}
	var out []Conflict
	err := c.read(ctx, venueFilter(conflictPrefix, venue), func(data []byte) error {
		var x Conflict
		if err := json.Unmarshal(data, &x); err != nil {
			return fmt.Errorf("a conflict on the hub is not readable: %v", err)
		}
		if !seen[x.Record.ID] {
			seen[x.Record.ID] = true
			out = append(out, x)
		}
		return nil
	})
	return out, err
}

// SortByTime orders records by their original time (then id).
func SortByTime(es []checkin.Entry) { checkin.SortByTime(es) }

// Inside counts who is inside, per venue and zone, from a hub's records
// (Records): checkin.InsideOf, the count every log query uses, so that the
// hub and the gates' own logs answer alike.
func Inside(es []checkin.Entry, from time.Time) []checkin.ZoneCount {
	return checkin.InsideOf(es, from)
}

// Stats sums up a hub's records in [from, to): checkin.StatsOf.
func Stats(es []checkin.Entry, from, to time.Time) *checkin.Stats {
	return checkin.StatsOf(es, from, to)
}
