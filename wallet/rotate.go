package wallet

import (
	"context"
	"time"
)

// Rotate shows a new presentation code every refresh (DefaultRefresh when
// zero) until ctx is done: it calls show with the time to make the code
// at, now shifted by offset (for a clock set by hand), first at once and
// then on each tick. It returns nil when ctx is done, or show's first
// error.
func Rotate(ctx context.Context, refresh, offset time.Duration, show func(t time.Time) error) error {
	if refresh <= 0 {
		refresh = DefaultRefresh
	}
	tick := time.NewTicker(refresh)
	defer tick.Stop()
	for {
		if err := show(time.Now().Add(offset)); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
