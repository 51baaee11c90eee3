package hub_test

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
)

// localRate is the decisions per second of the local-only run with the
// same number of gates, for the ratio.
var localRate = map[int]float64{}

// BenchmarkDecisions: decisions per second and p50/p99 decision latency
// with 1, 4, 16 and 64 concurrent gates, each with its own check-in log,
// every decision a fresh single-entry ticket: "local" decides on the
// gate's own log only, "hub" claims each entry on an embedded hub first
// (and publishes every record through the outbox meanwhile). The hub runs
// report ratio_vs_local, the hub rate over the local rate. cpu_us/decision
// is the process's CPU time (gates, logs and the embedded hub) per
// decision: steadier than the rates when other work shares the machine.
func BenchmarkDecisions(b *testing.B) {
	s, err := hub.Start(ctx, hub.Config{Store: b.TempDir(), Listen: "127.0.0.1:0"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var ticketNo atomic.Int64
	for _, n := range []int{1, 4, 16, 64} {
		for _, mode := range []string{"local", "hub"} {
			b.Run(fmt.Sprintf("gates=%d/%s", n, mode), func(b *testing.B) {
				dir := b.TempDir()
				gates := make([]*checkin.Log, n)
				var added []func(checkin.Entry)
				for i := range gates {
					name := fmt.Sprint(i + 1)
					if mode == "hub" {
						g := startGate(b, dir, name, s.URL(), hub.Options{}, checkin.OfflineLocal)
						gates[i] = g.log
						added = append(added, g.outbox.Add)
						continue
					}
					l, err := checkin.Open(dir+"/local-"+name+".db", checkin.Options{Rules: singleEntry})
					if err != nil {
						b.Fatal(err)
					}
					b.Cleanup(func() { l.Close() })
					gates[i] = l
				}
				lat := make([][]time.Duration, n)
				var offline atomic.Int64
				b.ResetTimer()
				start, cpu0 := time.Now(), cpuTime()
				var wg sync.WaitGroup
				for i, l := range gates {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for k := i; k < b.N; k += n {
							t0 := time.Now()
							r, err := l.Record(ctx, checkinScan(int(ticketNo.Add(1)), i))
							if err != nil {
								b.Error(err)
								return
							}
							lat[i] = append(lat[i], time.Since(t0))
							if !r.Decision.Accepted {
								b.Errorf("fresh ticket refused: %+v", r.Decision)
								return
							}
							if len(r.Decision.Warnings) > 0 {
								offline.Add(1)
							}
							if mode == "hub" {
								added[i](r.Entry)
							}
						}
					}()
				}
				wg.Wait()
				elapsed, cpu := time.Since(start), cpuTime()-cpu0
				b.StopTimer()
				all := slices.Concat(lat...)
				slices.Sort(all)
				if len(all) == 0 {
					return
				}
				rate := float64(len(all)) / elapsed.Seconds()
				b.ReportMetric(rate, "decisions/s")
				b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50_ms")
				b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99_ms")
				b.ReportMetric(float64(cpu.Microseconds())/float64(len(all)), "cpu_us/decision")
				if mode == "local" {
					localRate[n] = rate
				} else if lr := localRate[n]; lr > 0 {
					b.ReportMetric(rate/lr, "ratio_vs_local")
					b.ReportMetric(float64(offline.Load()), "offline")
				}
			})
		}
	}
}

func checkinScan(ticketNo, gate int) checkin.Scan {
	return checkin.Scan{Decision: ticket(ticketNo), Venue: "STADIUM", Gate: fmt.Sprint(gate + 1)}
}
