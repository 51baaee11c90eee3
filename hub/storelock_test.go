package hub_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/hub"
)

// TestOneHubPerStore: a second hub on a store another hub runs on is
// refused (two hubs on one store each admitted a single-entry ticket once);
// once the first stops, the store is free again.
func TestOneHubPerStore(t *testing.T) {
	store := t.TempDir()
	s, err := hub.Start(ctx, hub.Config{Store: store, Listen: fmt.Sprintf("127.0.0.1:%d", freePort(t))})
	if err != nil {
		t.Fatal(err)
	}
	_, err = hub.Start(ctx, hub.Config{Store: store, Listen: fmt.Sprintf("127.0.0.1:%d", freePort(t))})
	if err == nil || !strings.Contains(err.Error(), "is in use by another hub") {
		t.Fatalf("second hub on the store: %v", err)
	}
	s.Close()
	s, err = hub.Start(ctx, hub.Config{Store: store, Listen: fmt.Sprintf("127.0.0.1:%d", freePort(t))})
	if err != nil {
		t.Fatalf("after the first hub stopped: %v", err)
	}
	s.Close()

	// A store whose lock cannot be made (here a folder in its place; a
	// read-only folder, for a user other than root) is refused at once.
	bad := t.TempDir()
	if err := os.Mkdir(filepath.Join(bad, "hub.lock"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := hub.Start(ctx, hub.Config{Store: bad, Listen: "127.0.0.1:0"}); err == nil || !strings.Contains(err.Error(), "is not writable") {
		t.Errorf("store without a lock file: %v", err)
	}
}
