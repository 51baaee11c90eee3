package checkin

import (
	"os"
	"syscall"
)

// datasync is fdatasync(2): the file's data and size, not its times.
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
