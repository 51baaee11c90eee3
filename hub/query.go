package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/venuepass/venuepass/checkin"
)

// read calls fn with the data of every message of the decisions stream
// on filter, in stream order, as of the call.
func (c *Client) read(ctx context.Context, filter string, fn func(data []byte) error) error {
	cons, err := c.js.OrderedConsumer(ctx, DecisionsStream, jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}})
	if err != nil {
		return err
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return err
	}
	pending := info.NumPending
	for pending > 0 {
		n := int(min(pending, 1000))
		batch, err := cons.Fetch(n, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return err
		}
		got := 0
		for m := range batch.Messages() {
			got++
			pending--
			if err := fn(m.Data()); err != nil {
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
func SortByTime(es []checkin.Entry) {
	sort.SliceStable(es, func(i, j int) bool {
		if !es[i].Time.Equal(es[j].Time) {
			return es[i].Time.Before(es[j].Time)
		}
		return es[i].ID < es[j].ID
	})
}

// withdrawn returns the ids of decisions withdrawn (annulled, or the gate
// did not open).
func withdrawn(es []checkin.Entry) map[string]bool {
	w := map[string]bool{}
	for i := range es {
		e := &es[i]
		if e.Kind == checkin.KindAnnul || (e.Kind == checkin.KindGate && !e.Accepted) {
			w[e.Ref] = true
		}
	}
	return w
}

// Inside counts who is inside, per venue and zone, from records sorted by
// time: a credential is inside a zone when its last standing scan there
// is an entry.
func Inside(es []checkin.Entry, from time.Time) []checkin.ZoneCount {
	w := withdrawn(es)
	type area struct{ venue, zone string }
	zones := map[area]*checkin.ZoneCount{}
	in := map[area]map[string]bool{}
	for i := range es {
		e := &es[i]
		if e.Kind != checkin.KindDecision || !e.Accepted || w[e.ID] || (!from.IsZero() && e.Time.Before(from)) {
			continue
		}
		a := area{e.Venue, e.Zone}
		z := zones[a]
		if z == nil {
			z = &checkin.ZoneCount{Venue: e.Venue, Zone: e.Zone}
			zones[a] = z
			in[a] = map[string]bool{}
		}
		k := e.Iss + "\x00" + string(e.CTI)
		if e.CTI == nil {
			k = "anon\x00" + e.ID
		}
		if e.Direction == checkin.Out {
			z.Exits++
			if e.CTI != nil {
				in[a][k] = false
			}
		} else {
			z.Entries++
			in[a][k] = true
		}
	}
	out := make([]checkin.ZoneCount, 0, len(zones))
	for a, z := range zones {
		for _, v := range in[a] {
			if v {
				z.Inside++
			}
		}
		out = append(out, *z)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Venue != out[j].Venue {
			return out[i].Venue < out[j].Venue
		}
		return out[i].Zone < out[j].Zone
	})
	return out
}
