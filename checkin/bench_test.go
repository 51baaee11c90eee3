package checkin_test

import (
	"database/sql"
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/verifier"
)

// BenchmarkPlainInsert is the baseline for BenchmarkRecord: a loop of plain
// SQLite inserts of a row like a decision record, one transaction (one
// fsync) per insert, with the log's durability settings (WAL,
// synchronous=FULL).
func BenchmarkPlainInsert(b *testing.B) {
	path := tempLog(b)
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}).String())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE records (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, at_ns INTEGER NOT NULL,
		venue TEXT, gate TEXT, kiosk TEXT, cti BLOB, iss TEXT, sub TEXT, type INTEGER, name TEXT,
		accepted INTEGER, reason TEXT, prev BLOB, hash BLOB)`); err != nil {
		b.Fatal(err)
	}
	st, err := db.Prepare(`INSERT INTO records (id, at_ns, venue, gate, kiosk, cti, iss, sub, type, name, accepted, reason, prev, hash)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	hash := make([]byte, 32)
	b.ResetTimer()
	start := time.Now()
	i := 0
	for b.Loop() {
		i++
		if _, err := st.Exec(fmt.Sprintf("id-%d", i), time.Now().UnixNano(), "hq", "3", "k1", []byte(fmt.Sprintf("cti-%08d", i)),
			"acme", "E-1", 1, "Kim Min-jun", 1, "", hash, hash); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "decisions/s")
}

// BenchmarkRecord measures durable decisions per second through Record:
// anti-passback, hash chain, and group commit, with many concurrent callers
// (several scanners, or a bulk import) each acknowledged only after its
// batch is fsynced. The serial case is one caller at a time, so one fsync
// per decision, like BenchmarkPlainInsert.
func BenchmarkRecord(b *testing.B) {
	for _, par := range []int{1, 16, 64} {
		name := "serial"
		if par > 1 {
			name = fmt.Sprintf("callers=%d", par*2)
		}
		b.Run(name, func(b *testing.B) {
			l, err := checkin.Open(tempLog(b), checkin.Options{
				Signer: kioskKey(b),
				Rules:  []checkin.Rule{{Mode: checkin.Hard}},
			})
			if err != nil {
				b.Fatal(err)
			}
			defer l.Close()
			var n atomic.Int64
			one := func() {
				i := n.Add(1)
				s := checkin.Scan{Decision: accepted(fmt.Sprintf("c%07d", i), verifier.Ticket, "Kim Min-jun"),
					Venue: "hq", Gate: "3", KioskID: "k1"}
				if _, err := l.Record(ctx, s); err != nil {
					b.Error(err)
				}
			}
			b.ResetTimer()
			start := time.Now()
			if par == 1 {
				for b.Loop() {
					one()
				}
			} else {
				b.SetParallelism(par)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						one()
					}
				})
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "decisions/s")
		})
	}
}
