package checkin_test

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"

	"github.com/venuepass/venuepass/checkin"
)

func TestDiskFull(t *testing.T) {
	full := fmt.Errorf("recording: %w", &os.PathError{Op: "write", Path: "k.vplog", Err: syscall.ENOSPC})
	if !checkin.DiskFull(full) {
		t.Errorf("ENOSPC not taken for a full disk: %v", full)
	}
	for _, err := range []error{errors.New("disk is full"), &os.PathError{Op: "open", Path: "k.vplog", Err: syscall.EACCES}, checkin.ErrCorrupt} {
		if checkin.DiskFull(err) {
			t.Errorf("%v taken for a full disk", err)
		}
	}
}
