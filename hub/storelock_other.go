//go:build !unix

package hub

// lockStore checks that the store is writable. Where flock is missing the
// store is not locked: run one hub per store.
func lockStore(dir string) (release func(), err error) {
	f, err := openLockFile(dir)
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}
