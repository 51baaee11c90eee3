//go:build unix

package hub

import (
	"errors"
	"fmt"
	"syscall"
)

// lockStore takes an exclusive lock on the store for as long as this
// process runs the hub: a second hub on the same store would hold its own
// copy of the claims, and a single-entry ticket would enter once through
// each. The lock (flock on DIR/hub.lock) goes with the process, so a hub
// killed outright does not keep the next one out.
func lockStore(dir string) (release func(), err error) {
	f, err := openLockFile(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("hub store %s is in use by another hub; one store serves one hub (two would each admit a single-entry ticket once)", dir)
		}
		return nil, fmt.Errorf("locking hub store %s: %w", dir, err)
	}
	return func() { f.Close() }, nil
}
