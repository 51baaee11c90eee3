//go:build unix

package hub_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) this process used so far: the
// gates, their logs and the embedded hub together.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
