package hub_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
)

func TestConfigCheck(t *testing.T) {
	good := hub.Config{Store: "hub", Listen: "127.0.0.1:4222", Replicas: 1}
	if err := good.Check(); err != nil {
		t.Errorf("Check() = %v", err)
	}
	for _, tc := range []struct {
		edit func(c *hub.Config)
		want string
	}{
		{func(c *hub.Config) { c.Store = "" }, "--store DIR is required: the hub keeps its stream and buckets there"},
		{func(c *hub.Config) { c.Listen = "" }, "--listen HOST:PORT is required"},
		{func(c *hub.Config) { c.TLSCert = "hub.crt" }, "--tls-cert and --tls-key go together"},
		{func(c *hub.Config) { c.TLSKey = "hub.key" }, "--tls-cert and --tls-key go together"},
		{func(c *hub.Config) { c.Replicas = 0 }, "--replicas must be at least 1"},
	} {
		c := good
		tc.edit(&c)
		if err := c.Check(); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: Check() = %v, want %q", c, err, tc.want)
		}
	}
	tls := good
	tls.TLSCert, tls.TLSKey = "hub.crt", "hub.key"
	if err := tls.Check(); err != nil {
		t.Errorf("with TLS: Check() = %v", err)
	}
}

func TestLinkCheck(t *testing.T) {
	gate := hub.Link{URL: "nats://127.0.0.1:4222", Offline: checkin.OfflineLocal, Timeout: hub.DefaultTimeout}
	for _, tc := range []struct {
		link hub.Link
		set  []string
		want string // "" for none
	}{
		{gate, nil, ""},
		{hub.Link{URL: gate.URL, Offline: checkin.OfflineRefuse, Timeout: time.Second}, nil, ""},
		{hub.Link{}, nil, ""},
		{hub.Link{Offline: checkin.OfflineLocal, Timeout: hub.DefaultTimeout}, []string{"hub-ca"}, "--hub-ca needs --hub URL"},
		{hub.Link{Offline: checkin.OfflineRefuse}, []string{"offline"}, "--offline needs --hub URL"},
		{hub.Link{URL: gate.URL, Offline: "wait", Timeout: time.Second}, nil, `--offline "wait": want local or refuse`},
		{hub.Link{URL: gate.URL, Offline: checkin.OfflineLocal}, nil, "--hub-timeout must be positive"},
	} {
		set := map[string]bool{}
		for _, n := range tc.set {
			set[n] = true
		}
		err := tc.link.Check(set)
		if (tc.want == "" && err != nil) || (tc.want != "" && (err == nil || err.Error() != tc.want)) {
			t.Errorf("%+v %v: Check() = %v, want %q", tc.link, tc.set, err, tc.want)
		}
	}
}

func TestLinkOfficeAndJoin(t *testing.T) {
	s, err := hub.Start(ctx, hub.Config{Store: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	cl, octx, done, err := hub.Link{URL: s.URL()}.Office(time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if cl.Offline() {
		t.Error("office client is offline")
	}
	if d, ok := octx.Deadline(); !ok || time.Until(d) > time.Minute {
		t.Errorf("office context deadline %v, %v; want within a minute", d, ok)
	}
	done()
	if octx.Err() == nil {
		t.Error("done did not cancel the office context")
	}

	missing := filepath.Join(t.TempDir(), "office.nk")
	if _, _, _, err := (hub.Link{URL: s.URL(), Creds: missing}).Office(time.Minute); err == nil || !strings.HasPrefix(err.Error(), "hub "+s.URL()+": ") {
		t.Errorf("unreadable credential: Office error %v, want one naming the hub", err)
	}

	// No hub: no link, and the log options are left alone.
	var opts checkin.Options
	if g, err := (hub.Link{}).Join(&opts, "arena", "3"); g != nil || err != nil || opts.Claimer != nil {
		t.Errorf("without a URL: Join = %v, %v; Claimer %v", g, err, opts.Claimer)
	}

	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	opts = checkin.Options{Signer: key}
	g, err := hub.Link{URL: s.URL(), Offline: checkin.OfflineRefuse, Timeout: time.Second}.Join(&opts, "arena", "3")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if opts.Claimer != g.Client || opts.Offline != checkin.OfflineRefuse {
		t.Errorf("Join left Claimer %v, Offline %q; want the link's client and refuse", opts.Claimer, opts.Offline)
	}
	if opts.Witness == nil {
		t.Error("a signed log joined to the hub has no witness: the hub must witness its checkpoints")
	}
	// Unsigned logs have no checkpoints for the hub to witness.
	unsigned := checkin.Options{}
	g2, err := hub.Link{URL: s.URL(), Offline: checkin.OfflineLocal, Timeout: time.Second}.Join(&unsigned, "arena", "4")
	if err != nil {
		t.Fatal(err)
	}
	defer g2.Close()
	if unsigned.Witness != nil || unsigned.Claimer != g2.Client {
		t.Errorf("unsigned log: Witness %v, Claimer %v", unsigned.Witness, unsigned.Claimer)
	}
}
