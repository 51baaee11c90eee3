//go:build !unix

package hub

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockStore checks that the store is writable. Where flock is missing the
// store is not locked: run one hub per store.
func lockStore(dir string) (release func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, "hub.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("hub store %s is not writable: %w", dir, err)
	}
	return func() { f.Close() }, nil
}
