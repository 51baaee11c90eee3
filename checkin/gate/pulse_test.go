package gate

import (
	"context"
	"errors"
	"testing"
	"time"
)

// linePort records what a pulse does to the port. Pseudo-terminals have no
// modem control lines, so the DTR and RTS sequences are checked here, on
// the framing logic; the byte commands are checked on a real pty in
// serial_linux_test.go.
type linePort struct {
	events []string
	at     []time.Time
	fail   string
}

func (p *linePort) add(ev string) error {
	p.events = append(p.events, ev)
	p.at = append(p.at, time.Now())
	if ev == p.fail {
		return errors.New("I/O error")
	}
	return nil
}

func (p *linePort) Write(b []byte) (int, error) { return len(b), p.add("write " + string(b)) }

func (p *linePort) SetDTR(on bool) error {
	if on {
		return p.add("DTR on")
	}
	return p.add("DTR off")
}

func (p *linePort) SetRTS(on bool) error {
	if on {
		return p.add("RTS on")
	}
	return p.add("RTS off")
}

func TestPulseLines(t *testing.T) {
	for _, tc := range []struct {
		s    Serial
		want []string
	}{
		{Serial{Line: DTR}, []string{"DTR on", "DTR off"}},
		{Serial{Line: RTS, Pulse: 50 * time.Millisecond}, []string{"RTS on", "RTS off"}},
		{Serial{Line: RTS, On: []byte("1"), Off: []byte("0")}, []string{"write 1", "write 0"}},
		{Serial{On: []byte("1")}, []string{"write 1"}},
	} {
		p := &linePort{}
		if err := tc.s.pulse(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		if len(p.events) != len(tc.want) {
			t.Fatalf("%+v: %q, want %q", tc.s, p.events, tc.want)
		}
		for i := range tc.want {
			if p.events[i] != tc.want[i] {
				t.Errorf("%+v: %q, want %q", tc.s, p.events, tc.want)
			}
		}
		pulse := tc.s.Pulse
		if pulse == 0 {
			pulse = DefaultPulse
		}
		if len(p.at) == 2 && p.at[1].Sub(p.at[0]) < pulse {
			t.Errorf("%+v: pulse %s, want %s", tc.s, p.at[1].Sub(p.at[0]), pulse)
		}
	}
}

// TestPulseReleasedOnTimeout: a timeout cuts the pulse short but still
// releases the relay, so the gate is never left latched open.
func TestPulseReleasedOnTimeout(t *testing.T) {
	p := &linePort{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := (&Serial{Line: DTR, Pulse: 10 * time.Second}).pulse(ctx, p)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
	if len(p.events) != 2 || p.events[1] != "DTR off" {
		t.Errorf("events %q", p.events)
	}
}

// TestPulseFailsClosed: if the relay cannot be closed, it is released and
// the error reported.
func TestPulseFailsClosed(t *testing.T) {
	p := &linePort{fail: "DTR on"}
	if err := (&Serial{Line: DTR}).pulse(context.Background(), p); err == nil {
		t.Fatal("no error")
	}
	if len(p.events) != 2 || p.events[1] != "DTR off" {
		t.Errorf("events %q", p.events)
	}
}
