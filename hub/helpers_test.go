package hub_test

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/verifier"
)

var ctx = context.Background()

// ticket is what the verifier answers for a valid single-entry ticket.
func ticket(n int) verifier.Decision {
	return verifier.Decision{Accepted: true, Profile: verifier.ProfileVP, Credential: &verifier.Credential{
		Type: verifier.Ticket, Name: fmt.Sprintf("Fan %d", n), Iss: "acme", CTI: []byte(fmt.Sprintf("ticket-%08d", n)),
		Expires: time.Now().Add(24 * time.Hour),
	}}
}

var singleEntry = []checkin.Rule{{Mode: checkin.SingleEntry}}

// gate is a gate in-process: its own check-in log, joined to a hub through
// the same code path as 'venuepass verify --hub' (Claimer and outbox).
type gate struct {
	name   string
	log    *checkin.Log
	cl     *hub.Client
	outbox *hub.Outbox
}

func startGate(t testing.TB, dir, name, url string, o hub.Options, offline string) *gate {
	t.Helper()
	return startGateRules(t, dir, name, url, o, offline, singleEntry)
}

// startGateRules starts a gate with the anti-passback rules given.
func startGateRules(t testing.TB, dir, name, url string, o hub.Options, offline string, rules []checkin.Rule) *gate {
	t.Helper()
	if o.Name == "" {
		o.Name = "gate " + name
	}
	cl, err := hub.Connect(url, o)
	if err != nil {
		t.Fatal(err)
	}
	l, err := checkin.Open(filepath.Join(dir, "gate-"+name+".db"), checkin.Options{Rules: rules, Claimer: cl, Offline: offline})
	if err != nil {
		t.Fatal(err)
	}
	ob, err := cl.StartOutbox(l, rules)
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{name: name, log: l, cl: cl, outbox: ob}
	t.Cleanup(g.close)
	return g
}

func (g *gate) close() {
	if g.outbox == nil {
		return
	}
	g.outbox.Close()
	g.log.Close()
	g.cl.Close()
	g.outbox = nil
}

func (g *gate) scan(d verifier.Decision) (checkin.Result, error) {
	r, err := g.log.Record(ctx, checkin.Scan{Decision: d, Venue: "STADIUM", Gate: g.name, KioskID: "kiosk-" + g.name})
	if err == nil {
		g.outbox.Add(r.Entry)
	}
	return r, err
}

// round gives the same ticket to every gate at once.
func round(t testing.TB, gates []*gate, d verifier.Decision) []checkin.Result {
	t.Helper()
	rs := make([]checkin.Result, len(gates))
	errs := make([]error, len(gates))
	var wg sync.WaitGroup
	for i, g := range gates {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs[i], errs[i] = g.scan(d)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return rs
}

func offline(r checkin.Result) bool {
	for _, w := range r.Decision.Warnings {
		if w == checkin.WarnOffline {
			return true
		}
	}
	return false
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startCluster starts n embedded hubs as one cluster with replicas n.
func startCluster(t testing.TB, n int) []*hub.Server {
	t.Helper()
	var routes []string
	ports := make([]int, n)
	for i := range ports {
		ports[i] = freePort(t)
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", ports[i]))
	}
	base := t.TempDir()
	servers := make([]*hub.Server, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			servers[i], errs[i] = hub.Start(ctx, hub.Config{
				Store: filepath.Join(base, fmt.Sprint("node", i)), Listen: "127.0.0.1:0", Name: fmt.Sprint("node", i),
				Cluster: fmt.Sprintf("127.0.0.1:%d", ports[i]), Routes: routes, Replicas: n,
			})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range servers {
		t.Cleanup(s.Close)
	}
	return servers
}

func urls(servers []*hub.Server) string {
	var u []string
	for _, s := range servers {
		if s != nil {
			u = append(u, s.URL())
		}
	}
	return strings.Join(u, ",")
}
