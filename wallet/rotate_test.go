package wallet_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/venuepass/venuepass/wallet"
)

func TestRotate(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var times []time.Time
	start := time.Now()
	err := wallet.Rotate(ctx, time.Millisecond, -time.Hour, func(at time.Time) error {
		times = append(times, at)
		if len(times) == 3 {
			cancel()
		}
		return nil
	})
	if err != nil || len(times) != 3 {
		t.Fatalf("%d codes, %v", len(times), err)
	}
	// The offset shifts the clock the codes are made at.
	if d := start.Sub(times[0]); d < 59*time.Minute || d > 61*time.Minute {
		t.Errorf("first code made %s before now, want an hour", d)
	}
	if !times[2].After(times[0]) {
		t.Errorf("times do not advance: %v", times)
	}
	stop := errors.New("screen gone")
	if err := wallet.Rotate(context.Background(), time.Millisecond, 0, func(time.Time) error { return stop }); err != stop {
		t.Errorf("show's error: %v", err)
	}
}
