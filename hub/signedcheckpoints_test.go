package hub_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/issuer"
)

// SignedCheckpoints keeps the checkpoints of one kiosk key: two gates with
// their own keys witness at the hub, and each key gets only its gate's
// checkpoints, each verifying; a gate filter of the other gate gets none.
func TestSignedCheckpoints(t *testing.T) {
	s, err := hub.Start(ctx, hub.Config{Store: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	keys := map[string]*issuer.Key{}
	for _, name := range []string{"1", "2"} {
		key, err := issuer.GenerateKey(issuer.EdDSA)
		if err != nil {
			t.Fatal(err)
		}
		keys[name] = key
		cl, err := hub.Connect(s.URL(), hub.Options{Name: "gate " + name, ConnectWait: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		l, err := checkin.Open(filepath.Join(dir, name+".db"), checkin.Options{Signer: key, Witness: cl.Witness("STADIUM", name), CheckpointEvery: 1})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if _, err := l.Record(ctx, checkin.Scan{Decision: ticket(i + 1), Venue: "STADIUM", Gate: name}); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		cl.Close()
	}
	office, err := hub.Connect(s.URL(), hub.Options{Name: "office", ConnectWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	all, err := office.Checkpoints(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for name, key := range keys {
		cps, err := office.SignedCheckpoints(ctx, "", key.Public())
		if err != nil {
			t.Fatal(err)
		}
		if len(cps) < 2 {
			t.Fatalf("gate %s: %d checkpoints of its key, want at least 2 (one per record)", name, len(cps))
		}
		for _, cp := range cps {
			if cp.Verify(key.Public()) != nil {
				t.Errorf("gate %s: checkpoint %d does not verify with its key", name, cp.N)
			}
		}
		total += len(cps)
	}
	if total != len(all) {
		t.Errorf("the two keys got %d checkpoints, the hub holds %d", total, len(all))
	}
	if cps, err := office.SignedCheckpoints(ctx, "2", keys["1"].Public()); err != nil || len(cps) != 0 {
		t.Errorf("gate 2's checkpoints with gate 1's key: %d, %v; want none", len(cps), err)
	}
}
