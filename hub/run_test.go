package hub_test

import (
	"context"
	"testing"
	"time"

	"github.com/venuepass/venuepass/hub"
)

// Run serves until its context ends, and the URL it reports takes
// connections meanwhile.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- hub.Run(ctx, hub.Config{Store: t.TempDir(), Listen: "127.0.0.1:0"}, func(u string) { urls <- u })
	}()
	var url string
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatalf("Run ended before it served: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not report its URL")
	}
	cl, err := hub.Connect(url, hub.Options{Name: "office", ConnectWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if cl.Offline() {
		t.Error("the hub Run reported does not answer")
	}
	if _, err := cl.Records(ctx, ""); err != nil {
		t.Errorf("reading the records: %v", err)
	}
	cl.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
}
