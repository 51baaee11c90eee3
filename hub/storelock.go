package hub

import (
	"fmt"
	"os"
	"path/filepath"
)

// openLockFile opens DIR/hub.lock, made if missing: the file lockStore
// locks, and the check that the hub can write its store at all.
func openLockFile(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "hub.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("hub store %s is not writable: %w", dir, err)
	}
	return f, nil
}
