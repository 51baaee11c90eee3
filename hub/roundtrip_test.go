package hub

import (
	"context"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
)

// TestClaimRoundTrips counts the messages a claim sends to the hub: one
// for a key the hub does not hold (a ticket's first scan), three when it
// does (the refused create, the read, the compare-and-set write), two when
// the entry is refused there, one for a release (a read); and a key deleted
// at the hub (a delete marker) is claimed again.
func TestClaimRoundTrips(t *testing.T) {
	ctx := context.Background()
	s, err := Start(ctx, Config{Store: t.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := Connect(s.URL(), Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	inside := func(*checkin.SharedState) *checkin.SharedState { return &checkin.SharedState{Inside: true} }
	// The first claim looks the bucket up once.
	if err := c.Claim(ctx, checkin.Claim{Key: "warm"}, inside); err != nil {
		t.Fatal(err)
	}
	sent := func(what string, want uint64, key string, decide func(*checkin.SharedState) *checkin.SharedState) {
		t.Helper()
		before := c.nc.Stats().OutMsgs
		if err := c.Claim(ctx, checkin.Claim{Key: key}, decide); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got := c.nc.Stats().OutMsgs - before; got != want {
			t.Errorf("%s: %d messages to the hub, want %d", what, got, want)
		}
	}
	sent("new key", 1, "k1", inside)
	var seen *checkin.SharedState
	sent("existing key", 3, "k1", func(prior *checkin.SharedState) *checkin.SharedState {
		seen = prior
		return &checkin.SharedState{}
	})
	if seen == nil || !seen.Inside {
		t.Fatalf("the second claim decided on %+v, want the state the first wrote", seen)
	}
	sent("existing key, refused", 2, "k1", func(prior *checkin.SharedState) *checkin.SharedState {
		if prior == nil {
			return &checkin.SharedState{Inside: true}
		}
		return nil
	})
	sent("release", 1, "k1", func(*checkin.SharedState) *checkin.SharedState { return nil })

	kv, err := c.claimsBucket(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := kv.Delete(ctx, "k1"); err != nil {
		t.Fatal(err)
	}
	seen = &checkin.SharedState{}
	if err := c.Claim(ctx, checkin.Claim{Key: "k1"}, func(prior *checkin.SharedState) *checkin.SharedState {
		seen = prior
		return &checkin.SharedState{Inside: true}
	}); err != nil {
		t.Fatalf("claim of a deleted key: %v", err)
	}
	if seen != nil {
		t.Errorf("a deleted key decided on %+v, want no state", seen)
	}
	e, err := kv.Get(ctx, "k1")
	if err != nil {
		t.Fatalf("the deleted key was not written again: %v", err)
	}
	if string(e.Value()) != `{"inside":true}` {
		t.Errorf("k1 holds %s", e.Value())
	}
}
