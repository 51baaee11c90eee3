package checkin

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// benchLargeEnv opts in to the 1,000,000-record case of
// BenchmarkTwoWriters: building and opening its fixture takes minutes.
const benchLargeEnv = "VENUEPASS_BENCH_1M"

// writeFixture makes a check-in log of n records at path fast: the schema
// by Open, then the records, chained in Go, inserted in one transaction
// without fsync. 50,000 credentials enter and leave in turn.
func writeFixture(tb testing.TB, path string, n int) {
	tb.Helper()
	l, err := Open(path, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if err := l.Close(); err != nil {
		tb.Fatal(err)
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(OFF)")
	q.Add("_pragma", "cache_size(-262144)")
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}).String())
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	st, err := tx.Prepare(insertRecord)
	if err != nil {
		tb.Fatal(err)
	}
	const creds = 50000
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	head := make([]byte, 32)
	for i := 1; i <= n; i++ {
		c := i % creds
		dir := In
		if (i/creds)%2 == 1 {
			dir = Out
		}
		e := &Entry{Seq: int64(i), Kind: KindDecision, Time: t0.Add(time.Duration(i) * 100 * time.Millisecond), Venue: "arena",
			Gate: "1", Direction: dir, KioskID: "k0", CTI: []byte(fmt.Sprintf("fx-%07d", c)), Iss: "acme",
			Sub: fmt.Sprintf("T-%d", c), Type: verifier.Ticket, Name: "Kim Min-jun", Accepted: true}
		e.clean()
		e.ID = newID(e.Time)
		e.Prev = head
		e.Hash = e.computeHash()
		if _, err := st.Exec(e.row()...); err != nil {
			tb.Fatal(err)
		}
		head = e.Hash
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkTwoWriters measures the latency of a verdict (Record, durable)
// on a log of 10,000 records (and 1,000,000 with VENUEPASS_BENCH_1M=1)
// when one process writes, and when two processes write the same file in
// turn (the kiosk and the CLI, or two kiosks), so that every call first
// catches up with the other's record. It reports both, in ms/verdict, and
// two/one, their ratio. (Two Logs in one process have a SQLite connection
// each, as two processes would.)
func BenchmarkTwoWriters(b *testing.B) {
	sizes := []int{10_000}
	if os.Getenv(benchLargeEnv) != "" {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		path := filepath.Join(b.TempDir(), "fixture.vplog")
		start := time.Now()
		writeFixture(b, path, n)
		b.Logf("fixture of %d records in %s", n, time.Since(start).Round(time.Millisecond))
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			key, err := issuer.GenerateKey(issuer.EdDSA)
			if err != nil {
				b.Fatal(err)
			}
			opts := Options{Signer: key, Rules: []Rule{{Mode: Hard}}}
			start := time.Now()
			w1, err := Open(path, opts)
			if err != nil {
				b.Fatal(err)
			}
			defer w1.Close()
			w2, err := Open(path, opts)
			if err != nil {
				b.Fatal(err)
			}
			defer w2.Close()
			b.Logf("opened twice in %s", time.Since(start).Round(time.Millisecond))
			var seq atomic.Int64
			rec := func(l *Log) time.Duration {
				i := seq.Add(1)
				s := Scan{Decision: verifier.Decision{Accepted: true, Credential: &verifier.Credential{
					Type: verifier.Ticket, Name: "Lee Ji-woo", Iss: "acme", CTI: []byte(fmt.Sprintf("bench-%09d", i))}},
					Venue: "arena", Gate: "2", KioskID: "k1"}
				t := time.Now()
				if _, err := l.Record(context.Background(), s); err != nil {
					b.Fatal(err)
				}
				return time.Since(t)
			}
			rec(w1)
			var one, two time.Duration
			var nOne, nTwo int
			b.ResetTimer()
			for b.Loop() {
				// One writer: w1 after its own record.
				one += rec(w1)
				nOne++
				// Two writers: each after the other's record.
				two += rec(w2) + rec(w1)
				nTwo += 2
			}
			b.StopTimer()
			perOne := float64(one.Microseconds()) / 1000 / float64(nOne)
			perTwo := float64(two.Microseconds()) / 1000 / float64(nTwo)
			b.ReportMetric(perOne, "ms/verdict-one")
			b.ReportMetric(perTwo, "ms/verdict-two")
			b.ReportMetric(perTwo/perOne, "two/one")
		})
	}
}
