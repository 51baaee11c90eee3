package scan

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/venuepass/venuepass/internal/testenv"
)

// openPTY returns the master of a new pseudo-terminal and its slave's path,
// which stands in for a scanner's virtual COM port.
func openPTY(t *testing.T) (*os.File, string) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		testenv.Missing(t, "no pseudo-terminals (/dev/ptmx): %v", err)
	}
	t.Cleanup(func() { m.Close() })
	fd := int(m.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("ptsname: %v", err)
	}
	return m, fmt.Sprintf("/dev/pts/%d", n)
}

func TestReadSerialPTY(t *testing.T) {
	m, slave := openPTY(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan string, 4)
	done := make(chan error, 1)
	go func() { done <- ReadSerial(ctx, slave, 9600, func(s string) { got <- s }) }()
	time.Sleep(200 * time.Millisecond) // let the port open and set raw mode
	if _, err := m.Write([]byte("VP1:6BFOXN*TS0BI$ZD4N9:9S6\r\nVPP1:ABC")); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"VP1:6BFOXN*TS0BI$ZD4N9:9S6", "VPP1:ABC"} {
		select {
		case s := <-got:
			if s != want {
				t.Fatalf("got %q, want %q", s, want)
			}
		case <-ctx.Done():
			t.Fatalf("no line %q (the last one has no terminator: the read timeout ends it)", want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("ReadSerial after cancel: %v", err)
	}
}
