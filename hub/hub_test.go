package hub_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
)

// TestClusterKillNode: three embedded hubs as a cluster with R3 streams and
// buckets, four gates spread over them. Midway the node leading the claims
// bucket is shut down. No round admits the single-entry ticket twice, every
// round in which every gate reached the hub admits it exactly once, and
// every accepted entry is at the hub afterwards.
func TestClusterKillNode(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 3-node cluster")
	}
	servers := startCluster(t, 3)
	dir := t.TempDir()
	var gates []*gate
	for i := 0; i < 4; i++ {
		// Each gate lists its nearest node first.
		u := servers[i%3].URL() + "," + urls(servers)
		gates = append(gates, startGate(t, dir, fmt.Sprint(i+1), u,
			hub.Options{Timeout: 5 * time.Second, ConnectWait: 5 * time.Second}, checkin.OfflineRefuse))
	}
	accepted := map[string]bool{}
	all := map[string]bool{}
	const rounds = 40
	for r := 0; r < rounds; r++ {
		if r == rounds/2 {
			leader := claimsLeader(t, servers[0].URL())
			for i, s := range servers {
				if fmt.Sprint("node", i) == leader {
					s.Close()
					servers[i] = nil
					t.Logf("round %d: shut down %s, the leader of the claims bucket", r, leader)
				}
			}
		}
		rs := round(t, gates, ticket(r))
		n, off := 0, false
		for _, res := range rs {
			all[res.Entry.ID] = true
			if res.Decision.Accepted {
				n++
				accepted[res.Entry.ID] = true
			}
			off = off || offline(res)
		}
		if n > 1 {
			t.Fatalf("round %d: the single-entry ticket entered %d times", r, n)
		}
		if n != 1 && !off {
			t.Fatalf("round %d: %d accepts with every gate online", r, n)
		}
		if off {
			t.Logf("round %d: a gate could not reach the cluster in time (refused offline)", r)
		}
	}
	for _, g := range gates {
		fctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		if err := g.outbox.Flush(fctx); err != nil {
			t.Fatalf("gate %s outbox: %v", g.name, err)
		}
		cancel()
	}
	cl, err := hub.Connect(urls(servers), hub.Options{ConnectWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	es, err := cl.Records(ctx, "STADIUM")
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]bool{}
	for _, e := range es {
		at[e.ID] = true
	}
	for id := range all {
		if !at[id] {
			t.Errorf("record %s (accepted %v) is missing at the cluster", id, accepted[id])
		}
	}
	if len(accepted) < rounds-5 {
		t.Errorf("only %d of %d rounds admitted the ticket", len(accepted), rounds)
	}
	st, err := cl.JetStream().Stream(ctx, hub.DecisionsStream)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.CachedInfo().State.Msgs; got != uint64(len(all)) {
		t.Errorf("the stream holds %d messages for %d records", got, len(all))
	}
}

func claimsLeader(t *testing.T, url string) string {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	s, err := js.Stream(ctx, "KV_"+hub.ClaimsBucket)
	if err != nil {
		t.Fatal(err)
	}
	return s.CachedInfo().Cluster.Leader
}

// TestGateCredentials: once a gate credential exists the hub refuses
// connections without one; a gate may claim and publish its own records,
// not another gate's, and may not publish a trust list; the office may.
func TestGateCredentials(t *testing.T) {
	store := t.TempDir()
	dir := t.TempDir()
	creds := filepath.Join(dir, "gate-7.nk")
	if err := hub.AddGate(store, "7", creds); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(creds); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credential file: %v %v", fi, err)
	}
	s, err := hub.Start(ctx, hub.Config{Store: store, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if cl, err := hub.Connect(s.URL(), hub.Options{ConnectWait: 3 * time.Second}); err == nil {
		cl.Close()
		t.Fatal("a gate without credentials was admitted")
	}
	other := filepath.Join(dir, "stranger.nk")
	if err := hub.AddGate(t.TempDir(), "7", other); err != nil { // a key the hub does not know
		t.Fatal(err)
	}
	if cl, err := hub.Connect(s.URL(), hub.Options{Creds: other, ConnectWait: 3 * time.Second}); err == nil {
		cl.Close()
		t.Fatal("a gate with an unknown key was admitted")
	}

	g := startGate(t, dir, "7", s.URL(), hub.Options{Creds: creds}, checkin.OfflineLocal)
	r, err := g.scan(ticket(1))
	if err != nil || !r.Decision.Accepted || offline(r) {
		t.Fatalf("gate 7 with its credential: %+v %v", r.Decision, err)
	}
	fctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := g.outbox.Flush(fctx); err != nil {
		t.Fatalf("gate 7 publishing its own record: %v", err)
	}
	// Another gate's subject, and the trust list, are not gate 7's.
	m := nats.NewMsg(hub.RecordSubject("STADIUM", "8"))
	m.Data = []byte("{}")
	pctx, cancel2 := context.WithTimeout(ctx, 2*time.Second)
	defer cancel2()
	if _, err := g.cl.JetStream().PublishMsg(pctx, m); err == nil {
		t.Fatal("gate 7 published a record as gate 8")
	}
	if err := g.cl.PublishTrust(pctx, []byte("not a list")); err == nil {
		t.Fatal("gate 7 published a trust list")
	}
	office, err := hub.Connect(s.URL(), hub.Options{Creds: hub.OfficeCreds(store), ConnectWait: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	if err := office.PublishTrust(fctx, []byte("a list")); err != nil {
		t.Fatalf("office publishing a trust list: %v", err)
	}
	es, err := office.Records(fctx, "STADIUM")
	if err != nil || len(es) != 1 || es[0].ID != r.Entry.ID {
		t.Fatalf("office reading the records: %v %v", es, err)
	}

	// A gate added while the hub runs is admitted within seconds.
	creds9 := filepath.Join(dir, "gate-9.nk")
	if err := hub.AddGate(store, "9", creds9); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		cl, err := hub.Connect(s.URL(), hub.Options{Creds: creds9, ConnectWait: 2 * time.Second})
		if err == nil && !cl.Offline() {
			cl.Close()
			break
		}
		if err == nil {
			cl.Close()
		}
		if time.Now().After(deadline) {
			t.Fatalf("gate 9 added while the hub runs is not admitted: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestGateCredentialLimits: a real hub refuses a gate credential what a
// gate must not do: read the decisions stream (as a consumer or message by
// message), purge a claim key or the claims bucket, delete a stream; what
// a gate does (claim, publish its records, fetch the trust list) works.
func TestGateCredentialLimits(t *testing.T) {
	store := t.TempDir()
	dir := t.TempDir()
	creds := filepath.Join(dir, "gate-7.nk")
	if err := hub.AddGate(store, "7", creds); err != nil {
		t.Fatal(err)
	}
	s, err := hub.Start(ctx, hub.Config{Store: store, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	office, err := hub.Connect(s.URL(), hub.Options{Creds: hub.OfficeCreds(store), ConnectWait: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := office.PublishTrust(c, []byte("list v1")); err != nil {
		t.Fatal(err)
	}
	g := startGate(t, dir, "7", s.URL(), hub.Options{Creds: creds, Timeout: 2 * time.Second}, checkin.OfflineLocal)
	r, err := g.scan(ticket(1))
	if err != nil || !r.Decision.Accepted || offline(r) {
		t.Fatalf("gate 7 claiming: %+v %v", r.Decision, err)
	}
	if err := g.outbox.Flush(c); err != nil {
		t.Fatalf("gate 7 publishing its record: %v", err)
	}
	js := g.cl.JetStream()
	obs, err := js.ObjectStore(c, hub.TrustStore)
	if err != nil {
		t.Fatalf("gate 7 opening the trust store: %v", err)
	}
	if b, err := obs.GetBytes(c, hub.TrustObject); err != nil || string(b) != "list v1" {
		t.Fatalf("gate 7 fetching the trust list: %q %v", b, err)
	}
	w, err := obs.Watch(c, jetstream.UpdatesOnly())
	if err != nil {
		t.Fatalf("gate 7 watching the trust list: %v", err)
	}
	w.Stop()

	refused := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("gate 7 may %s", what)
		}
	}
	short := func() context.Context {
		c, cancel := context.WithTimeout(ctx, time.Second)
		t.Cleanup(cancel)
		return c
	}
	_, err = g.cl.Records(short(), "STADIUM")
	refused("read every record of the venue", err)
	_, err = js.OrderedConsumer(short(), hub.DecisionsStream, jetstream.OrderedConsumerConfig{})
	refused("create a consumer on the decisions stream", err)
	if st, err := js.Stream(short(), hub.DecisionsStream); err == nil {
		_, err = st.GetMsg(short(), 1)
		refused("read a record by sequence", err)
	}
	kv, err := js.KeyValue(c, hub.ClaimsBucket)
	if err != nil {
		t.Fatalf("gate 7 opening the claims bucket: %v", err)
	}
	key := checkin.ClaimKey("STADIUM", r.Entry.Iss, r.Entry.CTI)
	refused("purge a claim key", kv.Purge(short(), key))
	if _, err := kv.Get(short(), key); err != nil {
		t.Errorf("the claim after a refused purge: %v", err)
	}
	_, err = kv.Keys(short())
	refused("list the claim keys", err)
	_, err = kv.WatchAll(short())
	refused("watch every claim", err)
	if st, err := js.Stream(short(), "KV_"+hub.ClaimsBucket); err == nil {
		refused("purge the claims bucket", st.Purge(short()))
		refused("delete a claim message", st.DeleteMsg(short(), 1))
	}
	refused("delete the decisions stream", js.DeleteStream(short(), hub.DecisionsStream))
	refused("delete the claims bucket", js.DeleteKeyValue(short(), hub.ClaimsBucket))
	refused("publish a trust list", g.cl.PublishTrust(short(), []byte("forged")))

	// The office still reads everything.
	c, cancel = context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if es, err := office.Records(c, "STADIUM"); err != nil || len(es) != 1 {
		t.Fatalf("office reading the records: %d %v", len(es), err)
	}
}
