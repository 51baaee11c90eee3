package testenv

import (
	"runtime/metrics"
	"sync"
	"time"
)

// HeapPeak samples the heap every 5 ms until the returned stop is called,
// and stop returns the peaks of the heap objects (live and not yet
// collected) and of the live heap that the last GC found. It is what a
// benchmark reports as peak heap (b.ReportMetric): allocations alone do not
// say how much memory was held at once.
func HeapPeak() (stop func() (objects, live uint64)) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	var peak, peakLive uint64
	var mu sync.Mutex
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			peakLive = max(peakLive, sample[1].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		<-finished
		mu.Lock()
		defer mu.Unlock()
		return peak, peakLive
	}
}
