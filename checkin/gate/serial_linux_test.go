//go:build linux

package gate_test

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/internal/testenv"
)

// openPTY returns the master of a new pseudo-terminal and the name of its
// slave (POSIX openpty through /dev/ptmx: unlockpt, then ptsname).
func openPTY(t *testing.T) (*os.File, string) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		testenv.Missing(t, "no pseudo-terminals (/dev/ptmx): %v", err)
	}
	t.Cleanup(func() { m.Close() })
	unlock := int32(0)
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("ptsname: %v", e)
	}
	return m, fmt.Sprintf("/dev/pts/%d", n)
}

type chunk struct {
	b  []byte
	at time.Time
}

// TestSerialPTY drives an LCUS-style relay board through a real serial port
// (the slave side of a pty, opened with go.bug.st/serial): the on command,
// the default 200 ms pulse, the off command.
func TestSerialPTY(t *testing.T) {
	m, slave := openPTY(t)
	chunks := make(chan chunk, 16)
	go func() {
		buf := make([]byte, 64)
		for {
			n, err := m.Read(buf)
			if err != nil {
				close(chunks)
				return
			}
			chunks <- chunk{append([]byte(nil), buf[:n]...), time.Now()}
		}
	}()
	done, wait := collect(t)
	g := gate.New(&gate.Serial{Port: slave, On: gate.LCUS(1, true), Off: gate.LCUS(1, false)}, gate.Config{Done: done})
	defer g.Close()
	start := time.Now()
	g.Open(gate.Event{ID: "rec-6"})
	if o := wait(1)[0]; o.Err != nil {
		t.Fatal(o.Err)
	}
	var got []byte
	var offAt time.Time
	for len(got) < 8 {
		select {
		case c, ok := <-chunks:
			if !ok {
				t.Fatalf("pty closed after % X", got)
			}
			got = append(got, c.b...)
			offAt = c.at
		case <-time.After(5 * time.Second):
			t.Fatalf("relay board received only % X", got)
		}
	}
	if want := append(gate.LCUS(1, true), gate.LCUS(1, false)...); string(got) != string(want) {
		t.Fatalf("relay board received % X, want % X", got, want)
	}
	// The "off" command comes a pulse after the "on", which was written
	// after start. (When the on and off bytes are read together, as on a
	// busy machine, only this lower bound can be seen; no upper bound is
	// asserted, a loaded machine may be slow.)
	if pulse := offAt.Sub(start); pulse < gate.DefaultPulse-10*time.Millisecond {
		t.Errorf("relay released %s after the action started, want at least the %s pulse", pulse, gate.DefaultPulse)
	}
}

// TestSerialMissingPort: a board that is not plugged in is a gate that did
// not open.
func TestSerialMissingPort(t *testing.T) {
	done, wait := collect(t)
	g := gate.New(&gate.Serial{Port: "/dev/ttyUSB-venuepass-none", Line: gate.DTR}, gate.Config{Done: done})
	g.Open(gate.Event{ID: "rec-7"})
	g.Close()
	o := wait(1)[0]
	var ge *gate.Error
	if !errors.As(o.Err, &ge) {
		t.Fatalf("outcome %v", o.Err)
	}
	t.Log(o.Message())
}

// TestSerialLinesOnPTY: a pty has no modem control lines, so a DTR relay
// on it fails, and says so.
func TestSerialLinesOnPTY(t *testing.T) {
	_, slave := openPTY(t)
	done, wait := collect(t)
	g := gate.New(&gate.Serial{Port: slave, Line: gate.DTR}, gate.Config{Done: done})
	g.Open(gate.Event{ID: "rec-8"})
	g.Close()
	o := wait(1)[0]
	if o.Err == nil {
		t.Fatal("a DTR pulse on a pty reported success")
	}
	t.Log(o.Message())
}
