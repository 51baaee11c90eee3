package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/venuepass/venuepass/checkin"
)

// Options configure a Client.
type Options struct {
	// Timeout bounds a claim (DefaultTimeout): past it the gate decides
	// offline.
	Timeout time.Duration
	// Creds is a credential file: the nkey seed 'venuepass hub add-gate'
	// writes (or the hub's office.nk).
	Creds string
	// CA is a PEM file of the CA that signed the hub's TLS certificate.
	CA string
	// Name names the connection in the hub's monitoring (the gate).
	Name string
	// ConnectWait is how long Connect waits for a first connection before
	// it returns a client that keeps trying in the background (offline
	// until then); 0 means Timeout.
	ConnectWait time.Duration
}

// Client is a connection to a hub: a gate's or the office's. Methods are
// safe for concurrent use. A client whose hub goes away keeps reconnecting;
// meanwhile Claim fails fast with ErrOffline.
type Client struct {
	nc      *nats.Conn
	js      jetstream.JetStream
	timeout time.Duration

	// refused tells the calls waiting on it when the hub refuses something
	// this connection sent (untilRefused).
	refused *refusals

	mu     sync.Mutex
	claims jetstream.KeyValue
	trust  jetstream.ObjectStore
	photos jetstream.ObjectStore
}

// Connect connects to the hub at url (several URLs comma separated for a
// cluster). It does not fail when the hub is down: the client reconnects
// in the background and is offline until then. It fails on bad options
// (an unreadable credential file) and when the hub refuses the credential.
func Connect(url string, o Options) (*Client, error) {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.ConnectWait <= 0 {
		o.ConnectWait = o.Timeout
	}
	connected := make(chan struct{}, 1)
	authFailed := make(chan error, 1)
	refused := new(refusals)
	opts := []nats.Option{
		nats.Name(o.Name),
		nats.RetryOnFailedConnect(true), nats.MaxReconnects(-1),
		nats.ReconnectWait(200 * time.Millisecond), nats.ReconnectJitter(100*time.Millisecond, 100*time.Millisecond),
		// No buffering while disconnected: a claim sent after its
		// deadline must never land later.
		nats.ReconnectBufSize(-1),
		nats.Timeout(2 * time.Second),
		nats.PingInterval(2 * time.Second), nats.MaxPingsOutstanding(2),
		nats.ConnectHandler(func(*nats.Conn) {
			select {
			case connected <- struct{}{}:
			default:
			}
		}),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			if errors.Is(err, nats.ErrPermissionViolation) {
				refused.tell(err)
			}
			if errors.Is(err, nats.ErrAuthorization) || errors.Is(err, nats.ErrAuthExpired) {
				select {
				case authFailed <- err:
				default:
				}
			}
		}),
	}
	if o.Creds != "" {
		opt, err := nats.NkeyOptionFromSeed(o.Creds)
		if err != nil {
			return nil, fmt.Errorf("hub credential %s: %v", o.Creds, err)
		}
		opts = append(opts, opt)
	}
	if o.CA != "" {
		opts = append(opts, nats.RootCAs(o.CA))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, err
	}
	select {
	case <-connected:
	case err := <-authFailed:
		nc.Close()
		return nil, fmt.Errorf("the hub refused this gate's credential: %v", err)
	case <-time.After(o.ConnectWait):
		if le := nc.LastError(); le != nil && errors.Is(le, nats.ErrAuthorization) {
			nc.Close()
			return nil, fmt.Errorf("the hub refused this gate's credential: %v", le)
		}
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return &Client{nc: nc, js: js, timeout: o.Timeout, refused: refused}, nil
}

// refusals hands the hub's permission violations on this connection to
// the calls waiting for one.
type refusals struct {
	mu      sync.Mutex
	next    int
	waiting map[int]func(error)
}

func (r *refusals) tell(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.waiting {
		f(err)
	}
}

// wait calls f with each refusal until the returned stop is called.
func (r *refusals) wait(f func(error)) (stop func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.waiting == nil {
		r.waiting = map[int]func(error){}
	}
	id := r.next
	r.next++
	r.waiting[id] = f
	return func() {
		r.mu.Lock()
		delete(r.waiting, id)
		r.mu.Unlock()
	}
}

// Close closes the connection.
func (c *Client) Close() { c.nc.Close() }

// Offline reports whether the client has no connection to the hub now.
func (c *Client) Offline() bool { return !c.nc.IsConnected() }

// JetStream returns the client's JetStream context.
func (c *Client) JetStream() jetstream.JetStream { return c.js }

func (c *Client) claimsBucket(ctx context.Context) (jetstream.KeyValue, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.claims != nil {
		return c.claims, nil
	}
	kv, err := c.js.KeyValue(ctx, ClaimsBucket)
	if err != nil {
		return nil, err
	}
	c.claims = kv
	return kv, nil
}

func (c *Client) trustStore(ctx context.Context) (jetstream.ObjectStore, error) {
	return c.objectStore(ctx, TrustStore, &c.trust)
}

func (c *Client) photoStore(ctx context.Context) (jetstream.ObjectStore, error) {
	return c.objectStore(ctx, PhotoStore, &c.photos)
}

// objectStore opens the hub's object store name once and keeps it in slot.
func (c *Client) objectStore(ctx context.Context, name string, slot *jetstream.ObjectStore) (jetstream.ObjectStore, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if *slot != nil {
		return *slot, nil
	}
	o, err := c.js.ObjectStore(ctx, name)
	if err != nil {
		return nil, err
	}
	*slot = o
	return o, nil
}

var _ checkin.Claimer = (*Client)(nil)

// Claim implements checkin.Claimer on the vp_claims bucket: read the
// credential's key, decide, and write the new state with compare-and-set on
// the revision read (revision 0 for a new key); a conflicting write by
// another gate makes it read and decide again. It gives up with an error
// wrapping ErrOffline after the client's timeout.
//
// Round trips to the hub: one for a credential the venue has not seen yet
// (the common case: a ticket's first scan), written without reading it
// first; when the key exists, three (the refused write, a read, the write),
// or two when the entry is refused on the state read; a release (decide
// returns nil for no state) reads only.
func (c *Client) Claim(ctx context.Context, cl checkin.Claim, decide func(prior *checkin.SharedState) *checkin.SharedState) error {
	if c.Offline() {
		return fmt.Errorf("%w: not connected", ErrOffline)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	kv, err := c.claimsBucket(ctx)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrOffline, err)
	}
	// Most claims are about a credential the venue has not seen yet (a
	// ticket's first scan): try that first, creating the key without
	// reading it, and read it only when it exists. Update with revision 0
	// is that create: unlike kv.Create it does not read the key again
	// when it exists (the loop below does, once).
	if next := decide(nil); next != nil {
		b, err := json.Marshal(next)
		if err != nil {
			return err
		}
		_, err = kv.Update(ctx, cl.Key, b, 0)
		switch {
		case err == nil:
			claimed()
			return nil
		case !errors.Is(err, jetstream.ErrKeyExists) && !errors.Is(err, jetstream.ErrKeyRevisionMismatch) && !isWrongLastSeq(err):
			return fmt.Errorf("%w: %v", ErrOffline, err)
		}
	}
	for {
		var prior *checkin.SharedState
		var rev uint64
		e, err := kv.Get(ctx, cl.Key)
		switch {
		case err == nil:
			rev = e.Revision()
			prior = new(checkin.SharedState)
			if err := json.Unmarshal(e.Value(), prior); err != nil {
				return fmt.Errorf("shared state of %s: %v", cl.Key, err)
			}
		case errors.Is(err, jetstream.ErrKeyNotFound):
		default:
			return fmt.Errorf("%w: %v", ErrOffline, err)
		}
		next := decide(prior)
		if next == nil {
			return nil
		}
		b, err := json.Marshal(next)
		if err != nil {
			return err
		}
		if rev == 0 {
			// Absent or deleted (a delete marker): kv.Create writes over
			// a delete marker too.
			_, err = kv.Create(ctx, cl.Key, b)
		} else {
			_, err = kv.Update(ctx, cl.Key, b, rev)
		}
		if err == nil {
			claimed()
			return nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) && !errors.Is(err, jetstream.ErrKeyRevisionMismatch) && !isWrongLastSeq(err) {
			return fmt.Errorf("%w: %v", ErrOffline, err)
		}
		// Another gate wrote first: decide again on its state.
	}
}

func isWrongLastSeq(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
		apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}

// killAfterClaim is a test hook: with VENUEPASS_TEST_KILL_AFTER_CLAIM=1 in
// its environment the process kills itself (SIGKILL) right after its first
// claim is stored, before the gate commits the record: the crash the claim
// journal of checkin recovers from.
var killAfterClaim = os.Getenv("VENUEPASS_TEST_KILL_AFTER_CLAIM") == "1"

func claimed() {
	if killAfterClaim {
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			p.Kill()
		}
		select {} // until the signal lands
	}
}
