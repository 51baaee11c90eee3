//go:build !linux

package checkin

import "os"

// datasync is File.Sync where fdatasync(2) is not at hand (on macOS,
// Sync is F_FULLFSYNC, as SQLite's own sync there).
func datasync(f *os.File) error { return f.Sync() }
