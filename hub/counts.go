package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/venuepass/venuepass/checkin"
)

// Venue counters for gates. A gate's credential cannot read the decisions
// stream (other gates' records carry holders' names), so the hub answers
// the kiosk's three numbers itself: a gate sends a request on
// vp.counts.VENUE and the hub's counts service replies with the venue's
// entries, refusals and holders inside since a time (the kiosk's day),
// counted by checkin.StatsOf over every gate's records: the numbers
// 'venuepass log today --hub' gives, without the names.

const countsPrefix = "vp.counts."

// countsQueue is the queue group of the counts service: in a cluster of
// embedded hubs one of them answers each request.
const countsQueue = "venuepass-counts"

// CountsSubject is the subject a gate requests the counts of venue on.
func CountsSubject(venue string) string { return countsPrefix + token(venue) }

// CountsRequest asks for the counts of Venue from From on (zero: all).
// MinSeq, if set, is a decisions-stream sequence the answer must include
// (a gate's GateLink.StreamSeq after Flush: its own records counted even
// when the hub answers from a recent count).
type CountsRequest struct {
	Venue  string    `json:"venue"`
	From   time.Time `json:"from"`
	MinSeq uint64    `json:"min_seq,omitempty"`
}

// VenueCounts is the hub's answer: decisions of every gate of the venue
// from From on. Entries count accepted entries that stand (annulled ones
// and failed gate openings excluded), Rejected refused decisions, Inside
// the holders whose last standing decision is an entry (checkin.Stats).
// Records is how many records of the venue the hub holds (all times).
type VenueCounts struct {
	Venue    string    `json:"venue"`
	From     time.Time `json:"from"`
	Entries  int       `json:"entries"`
	Rejected int       `json:"rejected"`
	Inside   int       `json:"inside"`
	Records  int       `json:"records"`
	// Error is set, and the counts zero, when the hub could not count.
	Error string `json:"error,omitempty"`
}

// VenueCounts asks the hub for the counts of r.Venue from r.From on. It
// fails with an error wrapping ErrOffline when the hub does not answer
// within ctx (or 2 seconds, or the client's timeout if longer, when ctx
// has no deadline).
func (c *Client) VenueCounts(ctx context.Context, r CountsRequest) (*VenueCounts, error) {
	venue := r.Venue
	if c.Offline() {
		return nil, fmt.Errorf("%w: not connected", ErrOffline)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, max(c.timeout, 2*time.Second))
		defer cancel()
	}
	req, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	m, err := c.nc.RequestWithContext(ctx, CountsSubject(venue), req)
	if err != nil {
		return nil, fmt.Errorf("%w: venue counts: %v", ErrOffline, err)
	}
	var vc VenueCounts
	if err := json.Unmarshal(m.Data, &vc); err != nil {
		return nil, fmt.Errorf("the hub's venue counts are not readable: %v", err)
	}
	if vc.Error != "" {
		return nil, fmt.Errorf("the hub could not count venue %q: %s", venue, vc.Error)
	}
	return &vc, nil
}

// CountsService answers gates' count requests from the records of the
// decisions stream. It keeps the records it has read in memory, per venue
// and each record id once, and on each request reads only what the stream
// gained since: an answer counts every record the hub held when the
// request arrived.
//
// Counting a day's records takes a while (some 0.2 s of CPU for 50,000 on
// a small machine), and every kiosk asks after every verdict: an answer
// computed at most maxAge before a request arrived (or after it), over
// the stream up to the request's MinSeq at least, is reused for it, so a
// venue's counts are computed about once per maxAge for each day start
// asked for, however many kiosks ask, and a kiosk's own records are in
// the counts it shows.
type CountsService struct {
	js     jetstream.JetStream
	sub    *nats.Subscription
	maxAge time.Duration

	mu      sync.Mutex
	last    uint64 // stream sequence read up to
	seen    map[string]bool
	byVenue map[string][]checkin.Entry // in time order (SortByTime)
	cache   map[countsKey]countsAnswer
}

type countsKey struct {
	venue string
	from  int64
}

type countsAnswer struct {
	vc  VenueCounts
	at  time.Time // when its computation started
	seq uint64    // the stream sequence it counted up to
}

// DefaultCountsMaxAge is how old a venue count the hub may answer with.
const DefaultCountsMaxAge = time.Second

// ServeCounts starts the counts service on nc, a connection with the
// office credential (it reads the decisions stream); maxAge is how old an
// answer may be (0: every answer counts every record the hub held when the
// request arrived). The embedded hub starts one itself
// (Config.CountsMaxAge); next to a stock NATS cluster, run one with the
// office credential. Stop it with Stop.
func ServeCounts(nc *nats.Conn, maxAge time.Duration) (*CountsService, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	s := &CountsService{js: js, maxAge: max(maxAge, 0), seen: map[string]bool{}, byVenue: map[string][]checkin.Entry{},
		cache: map[countsKey]countsAnswer{}}
	s.sub, err = nc.QueueSubscribe(countsPrefix+"*", countsQueue, s.answer)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Stop stops answering.
func (s *CountsService) Stop() error { return s.sub.Unsubscribe() }

func (s *CountsService) answer(m *nats.Msg) {
	arrived := time.Now()
	var req CountsRequest
	vc := &VenueCounts{}
	if err := json.Unmarshal(m.Data, &req); err != nil {
		vc.Error = "request not readable: " + err.Error()
	} else if m.Subject != CountsSubject(req.Venue) {
		vc.Error = fmt.Sprintf("request for venue %q on %s", req.Venue, m.Subject)
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		vc, err = s.counts(ctx, req, arrived)
		cancel()
		if err != nil {
			vc = &VenueCounts{Venue: req.Venue, From: req.From, Error: err.Error()}
		}
	}
	b, _ := json.Marshal(vc)
	m.Respond(b)
}

// Counts returns the counts of venue from `from` on, as of now (at most
// the service's maxAge old).
func (s *CountsService) Counts(ctx context.Context, r CountsRequest) (*VenueCounts, error) {
	return s.counts(ctx, r, time.Now())
}

func (s *CountsService) counts(ctx context.Context, r CountsRequest, arrived time.Time) (*VenueCounts, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	venue, from := r.Venue, r.From
	k := countsKey{venue, from.UnixNano()}
	if a, ok := s.cache[k]; ok && a.seq >= r.MinSeq && (!a.at.Before(arrived) || arrived.Sub(a.at) <= s.maxAge) {
		vc := a.vc
		return &vc, nil
	}
	start := time.Now()
	if err := s.catchUp(ctx); err != nil {
		return nil, err
	}
	es := s.byVenue[venue]
	st := checkin.StatsOf(es, from, time.Time{})
	vc := VenueCounts{Venue: venue, From: from, Entries: st.Entries, Rejected: st.Rejected, Inside: st.Inside, Records: len(es)}
	if len(s.cache) >= 256 { // day starts asked for: a few per time zone
		clear(s.cache)
	}
	s.cache[k] = countsAnswer{vc, start, s.last}
	return &vc, nil
}

// add keeps a venue's records in time order: records mostly arrive in
// it, so an insertion is mostly an append.
func (s *CountsService) add(e checkin.Entry) {
	es := s.byVenue[e.Venue]
	i := len(es)
	for i > 0 && (es[i-1].Time.After(e.Time) || (es[i-1].Time.Equal(e.Time) && es[i-1].ID > e.ID)) {
		i--
	}
	s.byVenue[e.Venue] = slices.Insert(es, i, e)
}

// catchUp reads the records the stream gained since the last call.
func (s *CountsService) catchUp(ctx context.Context) error {
	cfg := jetstream.OrderedConsumerConfig{FilterSubjects: []string{recordPrefix + ">"}}
	if s.last > 0 {
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, s.last+1
	}
	return drain(ctx, s.js, cfg, func(m jetstream.Msg) error {
		meta, err := m.Metadata()
		if err != nil {
			return err
		}
		var e checkin.Entry
		if err := json.Unmarshal(m.Data(), &e); err == nil && !s.seen[e.ID] {
			s.seen[e.ID] = true
			s.add(e)
		}
		// A record nobody can read is not counted; it stays on the stream
		// for 'log export' to show.
		s.last = meta.Sequence.Stream
		return nil
	})
}
