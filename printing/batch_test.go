package printing_test

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/venuepass/venuepass/internal/testenv"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/printing/internal/demo"
)

type countingFile struct {
	n *int64
}

func (c countingFile) Write(p []byte) (int, error) { *c.n += int64(len(p)); return len(p), nil }
func (c countingFile) Close() error                { return nil }

// BenchmarkBatch prints a batch of tickets, as parts of
// printing.DefaultPerFile and as a single PDF, and reports per batch the
// time, the CPU time, the PDF size per item and the peak heap. The batch is
// 1,000 tickets; VENUEPASS_PRINT_BATCH sets another size:
//
//	VENUEPASS_PRINT_BATCH=10000 go test ./printing -run '^$' -bench Batch -benchtime 1x
func BenchmarkBatch(b *testing.B) {
	n := 1000
	if s := os.Getenv("VENUEPASS_PRINT_BATCH"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n <= 0 {
			b.Fatalf("VENUEPASS_PRINT_BATCH=%q: want a positive number of items", s)
		}
	}
	items, err := demo.Batch(n)
	if err != nil {
		b.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		sheet   printing.Sheet
		perFile int // -1: one PDF with Write
	}{
		{"cards-parts", printing.CardPages, 0},
		{"a4-parts", printing.A4, 0},
		{"cards-onepdf", printing.CardPages, -1},
	} {
		b.Run(fmt.Sprintf("%s/%d", tt.name, n), func(b *testing.B) {
			var size int64
			var peak, live uint64
			cpu0 := cpuTime()
			runs := 0
			for b.Loop() {
				runtime.GC()
				size = 0
				last := 0
				opt := printing.Options{Sheet: tt.sheet, Title: demo.TicketTitle, Location: demo.KST,
					Progress: func(done, total int) { last = done }}
				stop := testenv.HeapPeak()
				var err error
				if tt.perFile < 0 {
					_, err = printing.Write(countingFile{&size}, items, &opt)
				} else {
					_, err = printing.WriteParts(items, tt.perFile, func(part, np int) (io.WriteCloser, error) {
						return countingFile{&size}, nil
					}, &opt)
				}
				p, l := stop()
				peak, live = max(peak, p), max(live, l)
				if err != nil {
					b.Fatal(err)
				}
				if last != n {
					b.Fatalf("progress ended at %d of %d", last, n)
				}
				runs++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(runs), "cpu-ms/batch")
			b.ReportMetric(float64(size)/float64(n)/1024, "KiB/item")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(live)/(1<<20), "peak-live-MiB")
		})
	}
}
