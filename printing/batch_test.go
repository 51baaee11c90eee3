package printing_test

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/printing/internal/demo"
)

// heapPeak samples the heap until stop is called and returns the peaks of
// the heap objects (live and not yet collected) and of the live heap that the
// last GC found.
func heapPeak() (stop func() (objects, live uint64)) {
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
		return peak, peakLive
	}
}

type countingFile struct {
	n *int64
}

func (c countingFile) Write(p []byte) (int, error) { *c.n += int64(len(p)); return len(p), nil }
func (c countingFile) Close() error                { return nil }

// TestBatch prints a large batch of tickets and reports time, PDF size and
// peak heap, for parts of printing.DefaultPerFile and for a single PDF. It
// runs only when VENUEPASS_PRINT_BATCH gives the number of items:
//
//	VENUEPASS_PRINT_BATCH=10000 go test -run TestBatch -v ./printing/
func TestBatch(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("VENUEPASS_PRINT_BATCH"))
	if n <= 0 {
		t.Skip("set VENUEPASS_PRINT_BATCH=10000 to run")
	}
	start := time.Now()
	items, err := demo.Batch(n)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("issued %d tickets in %v", n, time.Since(start).Round(time.Millisecond))
	for _, tt := range []struct {
		name    string
		sheet   printing.Sheet
		perFile int // -1: one PDF with Write
	}{
		{"cards-parts", printing.CardPages, 0},
		{"a4-parts", printing.A4, 0},
		{"cards-onepdf", printing.CardPages, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			runtime.GC()
			var size int64
			var parts int
			last := 0
			opt := printing.Options{Sheet: tt.sheet, Title: demo.TicketTitle, Location: demo.KST,
				Progress: func(done, total int) { last = done }}
			stop := heapPeak()
			start := time.Now()
			cpu0 := cpuTime()
			var err error
			if tt.perFile < 0 {
				_, err = printing.Write(countingFile{&size}, items, &opt)
				parts = 1
			} else {
				_, err = printing.WriteParts(items, tt.perFile, func(part, np int) (io.WriteCloser, error) {
					parts = np
					return countingFile{&size}, nil
				}, &opt)
			}
			elapsed, cpu := time.Since(start), cpuTime()-cpu0
			peak, live := stop()
			if err != nil {
				t.Fatal(err)
			}
			if last != n {
				t.Errorf("progress ended at %d", last)
			}
			t.Logf("%-20s %d items: %v wall, %v CPU, %d file(s), %s total (%.1f KB/item), peak heap %s (live after GC %s)",
				tt.name, n, elapsed.Round(time.Millisecond), cpu.Round(time.Millisecond), parts, mb(size), float64(size)/float64(n)/1024, mb(int64(peak)), mb(int64(live)))
		})
	}
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
