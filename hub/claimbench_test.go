package hub_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
)

// BenchmarkClaims: the hub alone, without the gates' logs: claims of fresh
// tickets per second with 16 concurrent gate connections.
func BenchmarkClaims(b *testing.B) {
	s, err := hub.Start(ctx, hub.Config{Store: b.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n = 16
	cls := make([]*hub.Client, n)
	for i := range cls {
		if cls[i], err = hub.Connect(s.URL(), hub.Options{Timeout: 5 * time.Second}); err != nil {
			b.Fatal(err)
		}
		defer cls[i].Close()
	}
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for i, cl := range cls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := i; k < b.N; k += n {
				id := next.Add(1)
				err := cl.Claim(ctx, checkin.Claim{Key: fmt.Sprintf("k%d", id)}, func(*checkin.SharedState) *checkin.SharedState {
					return &checkin.SharedState{Inside: true}
				})
				if err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "claims/s")
}
