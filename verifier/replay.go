package verifier

import (
	"encoding/binary"
	"sync"
	"time"
)

// ReplayGuard remembers accepted presentations (FORMAT.md section 3). The
// check-in log can implement it durably; MemoryReplayGuard keeps it in memory.
type ReplayGuard interface {
	// Seen reports whether the pair (cti, t) was accepted before and, if
	// not, records it, atomically. now is the verifier's clock.
	Seen(cti []byte, t int64, now time.Time) bool
}

// DefaultReplayCapacity bounds the in-memory replay guard.
const DefaultReplayCapacity = 100_000

// MemoryReplayGuard is a bounded in-memory ReplayGuard, safe for concurrent
// use. A pair is kept until it can no longer pass the time window; when the
// guard is full of live pairs it forgets the one nearest to leaving.
type MemoryReplayGuard struct {
	mu     sync.Mutex
	cap    int
	retain time.Duration
	seen   map[string]time.Time // pair -> forget after
}

var _ ReplayGuard = (*MemoryReplayGuard)(nil)

// NewMemoryReplayGuard returns a guard for presentations accepted within
// window, holding at most capacity pairs (0 means DefaultReplayCapacity).
func NewMemoryReplayGuard(window time.Duration, capacity int) *MemoryReplayGuard {
	if capacity <= 0 {
		capacity = DefaultReplayCapacity
	}
	return &MemoryReplayGuard{cap: capacity, retain: window + time.Minute, seen: map[string]time.Time{}}
}

// Seen implements ReplayGuard.
func (g *MemoryReplayGuard) Seen(cti []byte, t int64, now time.Time) bool {
	key := string(binary.BigEndian.AppendUint64(append([]byte(nil), cti...), uint64(t)))
	until := time.Unix(t, 0)
	if now.After(until) {
		until = now
	}
	until = until.Add(g.retain)
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.seen[key]; ok {
		return true
	}
	if len(g.seen) >= g.cap {
		g.evict(now)
	}
	g.seen[key] = until
	return false
}

// evict drops the pairs that can no longer pass, or if there are none, the
// one that will leave first.
func (g *MemoryReplayGuard) evict(now time.Time) {
	var first string
	var firstUntil time.Time
	for k, u := range g.seen {
		if u.Before(now) {
			delete(g.seen, k)
		} else if first == "" || u.Before(firstUntil) {
			first, firstUntil = k, u
		}
	}
	if len(g.seen) >= g.cap {
		delete(g.seen, first)
	}
}

// Len returns how many pairs the guard holds.
func (g *MemoryReplayGuard) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.seen)
}
