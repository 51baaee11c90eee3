package hub

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

// Config configures an embedded hub.
type Config struct {
	// Store is the directory of the JetStream file store, the gate
	// credentials (gates.json) and the office credential (office.nk).
	Store string
	// Listen is HOST:PORT for clients (gates); port 0 picks a free one.
	Listen string
	// Name names the server (default "venuepass-hub"); the servers of a
	// cluster need distinct names.
	Name string
	// Cluster, when set, is HOST:PORT for the routes of a cluster and
	// Routes the other servers' route URLs (nats-route://host:port).
	Cluster string
	Routes  []string
	// Replicas of the stream, buckets and object store (default 1; 3 for a
	// 3-node cluster).
	Replicas int
	// CountsMaxAge is how old the venue counts the hub answers gates with
	// may be (ServeCounts); 0 means DefaultCountsMaxAge, negative means
	// always exact.
	CountsMaxAge time.Duration
	// Auth requires credentials even before any gate was added (see
	// AddGate: a store with gates always requires them).
	Auth bool
	// TLSCert and TLSKey, when set, make the hub speak TLS only.
	TLSCert, TLSKey string
	// DuplicateWindow of the decisions stream (DefaultDuplicateWindow).
	DuplicateWindow time.Duration
}

// Server is an embedded hub: a nats-server with JetStream on a file store.
type Server struct {
	ns   *server.Server
	cfg  Config
	auth bool
	// countsNC is the counts service's connection (ServeCounts).
	countsNC *nats.Conn
	// unlock releases the store (lockStore).
	unlock func()
}

// gateEntry is one gate credential of the store (gates.json).
type gateEntry struct {
	Gate string `json:"gate"`
	Nkey string `json:"nkey"`
}

const (
	gatesFile  = "gates.json"
	officeFile = "office.nk"
)

// OfficeCreds returns the office credential file of a hub store: an nkey
// seed with every permission (trust publish, venue queries). It exists
// once the hub requires credentials.
func OfficeCreds(store string) string { return filepath.Join(store, officeFile) }

func readGates(store string) ([]gateEntry, error) {
	b, err := os.ReadFile(filepath.Join(store, gatesFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var gs []gateEntry
	if err := json.Unmarshal(b, &gs); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(store, gatesFile), err)
	}
	return gs, nil
}

// writeFile replaces path durably.
func writeFile(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// AddGate makes a credential for gate in the hub store: an nkey seed
// written to out (mode 0600), whose public key the hub admits with the
// permissions of a gate (publish its own records and conflicts only, claim,
// read the trust list and the photos). A hub running on the store picks it up within seconds.
func AddGate(store, gate, out string) error {
	if gate == "" {
		return errors.New("a gate credential needs the gate's name")
	}
	if err := os.MkdirAll(store, 0o700); err != nil {
		return err
	}
	if _, err := ensureOffice(store); err != nil {
		return err
	}
	kp, err := nkeys.CreateUser()
	if err != nil {
		return err
	}
	seed, _ := kp.Seed()
	pub, _ := kp.PublicKey()
	gs, err := readGates(store)
	if err != nil {
		return err
	}
	gs = append(gs, gateEntry{Gate: gate, Nkey: pub})
	b, _ := json.MarshalIndent(gs, "", "  ")
	if err := writeFile(out, append(seed, '\n'), 0o600); err != nil {
		return err
	}
	return writeFile(filepath.Join(store, gatesFile), b, 0o600)
}

// ensureOffice returns the office public key, making the credential if
// missing.
func ensureOffice(store string) (string, error) {
	p := OfficeCreds(store)
	if b, err := os.ReadFile(p); err == nil {
		kp, err := nkeys.ParseDecoratedNKey(b)
		if err != nil {
			return "", fmt.Errorf("%s: %v", p, err)
		}
		return kp.PublicKey()
	}
	kp, err := nkeys.CreateUser()
	if err != nil {
		return "", err
	}
	seed, _ := kp.Seed()
	if err := writeFile(p, append(seed, '\n'), 0o600); err != nil {
		return "", err
	}
	return kp.PublicKey()
}

// gatePermissions lets a gate do what a gate does and no more: publish its
// own records and conflicts (not another gate's), claim (read and write the
// claims bucket, key by key: it cannot list or watch it), and fetch and
// watch the trust list and the photos, and ask for a venue's counts (vp.counts.VENUE:
// numbers, no names). It cannot read the decisions stream (other gates'
// records, holders' names), publish a trust list or photos, purge the claims bucket
// or a key of it (the bucket refuses roll-ups: see Setup), or delete or
// change streams and buckets. What it can still do is write any claim key
// it can name, a delete marker included: claims are compare-and-set by the
// gates themselves (README, "Many gates").
func gatePermissions(gate string) *server.Permissions {
	t := token(gate)
	kv := "KV_" + ClaimsBucket
	allow := []string{
		recordPrefix + "*." + t, conflictPrefix + "*." + t, checkpointPrefix + "*." + t,
		countsPrefix + "*",
		"$KV." + ClaimsBucket + ".>",
		"$JS.API.INFO",
		"$JS.API.STREAM.INFO." + kv,
		"$JS.API.DIRECT.GET." + kv, "$JS.API.DIRECT.GET." + kv + ".>",
		"$JS.API.STREAM.MSG.GET." + kv, "$JS.FC.>",
	}
	// Read-only on the object stores: fetch and watch, never put ($O.>)
	// or purge.
	for _, store := range []string{TrustStore, PhotoStore} {
		obj := "OBJ_" + store
		allow = append(allow,
			"$JS.API.STREAM.INFO."+obj,
			"$JS.API.DIRECT.GET."+obj, "$JS.API.DIRECT.GET."+obj+".>",
			"$JS.API.STREAM.MSG.GET."+obj,
			"$JS.API.CONSUMER.CREATE."+obj, "$JS.API.CONSUMER.CREATE."+obj+".>",
			"$JS.API.CONSUMER.DELETE."+obj+".>", "$JS.API.CONSUMER.INFO."+obj+".>",
			"$JS.API.CONSUMER.MSG.NEXT."+obj+".>", "$JS.ACK."+obj+".>")
	}
	return &server.Permissions{
		Publish:   &server.SubjectPermission{Allow: allow},
		Subscribe: &server.SubjectPermission{Allow: []string{"_INBOX.>"}},
	}
}

// options builds the server options from the config and the store.
func (c *Config) options() (*server.Options, error) {
	host, portStr, err := net.SplitHostPort(c.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %v", c.Listen, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: bad port", c.Listen)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	name := c.Name
	if name == "" {
		name = "venuepass-hub"
	}
	o := &server.Options{
		ServerName: name, Host: host, Port: port,
		JetStream: true, StoreDir: filepath.Join(c.Store, "jetstream"),
		NoSigs: true, NoLog: true, MaxPayload: 8 << 20,
	}
	if c.Cluster != "" {
		ch, cp, err := net.SplitHostPort(c.Cluster)
		if err != nil {
			return nil, fmt.Errorf("cluster address %q: %v", c.Cluster, err)
		}
		o.Cluster.Name = "venuepass"
		o.Cluster.Host = ch
		if o.Cluster.Port, err = strconv.Atoi(cp); err != nil {
			return nil, fmt.Errorf("cluster address %q: bad port", c.Cluster)
		}
		for _, r := range c.Routes {
			u, err := url.Parse(r)
			if err != nil {
				return nil, fmt.Errorf("route %q: %v", r, err)
			}
			o.Routes = append(o.Routes, u)
		}
	}
	if c.TLSCert != "" {
		tc, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: c.TLSCert, KeyFile: c.TLSKey})
		if err != nil {
			return nil, fmt.Errorf("TLS: %v", err)
		}
		o.TLSConfig, o.TLS, o.TLSTimeout = tc, true, 2
	}
	gates, err := readGates(c.Store)
	if err != nil {
		return nil, err
	}
	if c.Auth || len(gates) > 0 {
		office, err := ensureOffice(c.Store)
		if err != nil {
			return nil, err
		}
		o.Nkeys = append(o.Nkeys, &server.NkeyUser{Nkey: office})
		for _, g := range gates {
			o.Nkeys = append(o.Nkeys, &server.NkeyUser{Nkey: g.Nkey, Permissions: gatePermissions(g.Gate)})
		}
	}
	return o, nil
}

// Start starts an embedded hub on cfg.Store and creates (or updates) the
// stream, buckets and object store it needs; it returns once they exist.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Replicas <= 0 {
		cfg.Replicas = 1
	}
	if cfg.DuplicateWindow <= 0 {
		cfg.DuplicateWindow = DefaultDuplicateWindow
	}
	if cfg.CountsMaxAge == 0 {
		cfg.CountsMaxAge = DefaultCountsMaxAge
	}
	if err := os.MkdirAll(cfg.Store, 0o700); err != nil {
		return nil, err
	}
	unlock, err := lockStore(cfg.Store)
	if err != nil {
		return nil, err
	}
	o, err := cfg.options()
	if err != nil {
		unlock()
		return nil, err
	}
	ns, err := server.NewServer(o)
	if err != nil {
		unlock()
		return nil, err
	}
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		unlock()
		return nil, errors.New("the hub did not start listening within 30s")
	}
	s := &Server{ns: ns, cfg: cfg, auth: len(o.Nkeys) > 0, unlock: unlock}
	if err := s.setup(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.countsNC, err = s.connect(); err == nil {
		_, err = ServeCounts(s.countsNC, cfg.CountsMaxAge)
	}
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("venue counts service: %v", err)
	}
	go s.reloadGates(ctx)
	return s, nil
}

// URL is the client URL gates connect to.
func (s *Server) URL() string {
	u := s.ns.ClientURL()
	if s.cfg.TLSCert != "" && strings.HasPrefix(u, "nats://") {
		u = "tls://" + strings.TrimPrefix(u, "nats://")
	}
	return u
}

// Close stops the server (its store stays).
func (s *Server) Close() {
	if s.countsNC != nil {
		s.countsNC.Close()
	}
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
	if s.unlock != nil {
		s.unlock()
	}
}

// connect opens an in-process connection with the office credential.
func (s *Server) connect() (*nats.Conn, error) {
	opts := []nats.Option{nats.InProcessServer(s.ns), nats.Name("venuepass-hub")}
	if s.cfg.TLSCert != "" {
		// The in-process link is a pipe inside this process, with no
		// network to guard: the hub's own certificate (signed by a venue's
		// private CA, or naming a host name rather than this address)
		// need not verify against the system roots here. Gates verify it
		// with --hub-ca.
		opts = append(opts, nats.Secure(&tls.Config{InsecureSkipVerify: true}))
	}
	if s.auth {
		o, err := nats.NkeyOptionFromSeed(OfficeCreds(s.cfg.Store))
		if err != nil {
			return nil, err
		}
		opts = append(opts, o)
	}
	return nats.Connect(s.ns.ClientURL(), opts...)
}

// setup creates what the hub holds, idempotently: a cluster may still be
// electing its JetStream leader, so it retries until ctx ends.
func (s *Server) setup(ctx context.Context) error {
	nc, err := s.connect()
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for {
		err = Setup(ctx, js, s.cfg.Replicas, s.cfg.DuplicateWindow)
		if err == nil || ctx.Err() != nil {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Setup creates or updates the stream, bucket and object stores of a hub on
// any JetStream (an embedded hub or an existing cluster: 'venuepass hub
// init --hub URL').
func Setup(ctx context.Context, js jetstream.JetStream, replicas int, dupWindow time.Duration) error {
	if replicas <= 0 {
		replicas = 1
	}
	if dupWindow <= 0 {
		dupWindow = DefaultDuplicateWindow
	}
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := js.CreateOrUpdateStream(c, jetstream.StreamConfig{
		Name:        DecisionsStream,
		Description: "venuepass: every record of every gate, once by record id",
		Subjects:    []string{recordPrefix + ">", conflictPrefix + ">", checkpointPrefix + ">"},
		Storage:     jetstream.FileStorage, Replicas: replicas,
		Duplicates: dupWindow, AllowDirect: true,
	})
	if err != nil {
		return fmt.Errorf("stream %s: %w", DecisionsStream, err)
	}
	if _, err := js.CreateOrUpdateKeyValue(c, jetstream.KeyValueConfig{
		Bucket: ClaimsBucket, Description: "venuepass: shared anti-passback state per credential",
		History: 1, Storage: jetstream.FileStorage, Replicas: replicas,
	}); err != nil {
		return fmt.Errorf("bucket %s: %w", ClaimsBucket, err)
	}
	// No roll-ups on the claims: a purge of a key (a roll-up message) is
	// refused, whoever sends it; the gates never purge.
	kvs, err := js.Stream(c, "KV_"+ClaimsBucket)
	if err != nil {
		return fmt.Errorf("bucket %s: %w", ClaimsBucket, err)
	}
	if cfg := kvs.CachedInfo().Config; cfg.AllowRollup {
		cfg.AllowRollup = false
		if _, err := js.UpdateStream(c, cfg); err != nil {
			return fmt.Errorf("bucket %s: %w", ClaimsBucket, err)
		}
	}
	if _, err := js.CreateOrUpdateObjectStore(c, jetstream.ObjectStoreConfig{
		Bucket: TrustStore, Description: "venuepass: the signed trust list",
		Storage: jetstream.FileStorage, Replicas: replicas,
	}); err != nil {
		return fmt.Errorf("object store %s: %w", TrustStore, err)
	}
	if _, err := js.CreateOrUpdateObjectStore(c, jetstream.ObjectStoreConfig{
		Bucket: PhotoStore, Description: "venuepass: holders' photos (ISS/SUB.jpg, SUB.jpg)",
		Storage: jetstream.FileStorage, Replicas: replicas,
	}); err != nil {
		return fmt.Errorf("object store %s: %w", PhotoStore, err)
	}
	return nil
}

// reloadGates admits gates added to the store while the hub runs.
func (s *Server) reloadGates(ctx context.Context) {
	path := filepath.Join(s.cfg.Store, gatesFile)
	var last time.Time
	if fi, err := os.Stat(path); err == nil {
		last = fi.ModTime()
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if !s.ns.Running() {
			return
		}
		fi, err := os.Stat(path)
		if err != nil || !fi.ModTime().After(last) {
			continue
		}
		last = fi.ModTime()
		o, err := s.cfg.options()
		if err != nil {
			continue
		}
		s.ns.ReloadOptions(o)
	}
}
