package gui

import (
	"os"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// uiq is the UI goroutine of the package's tests. fyne's test driver runs
// fyne.Do at once on the goroutine that calls it, so a verification worker
// or a recount would change widgets while the test goroutine taps and reads
// them. Here background goroutines queue their UI work and the test
// goroutine runs it whenever it waits (await, pumpUntil), as the one UI
// goroutine of the real app would.
var uiq = &uiQueue{wake: make(chan struct{}, 1)}

func TestMain(m *testing.M) {
	runOnUI = uiq.do
	os.Exit(m.Run())
}

type uiQueue struct {
	mu   sync.Mutex
	fs   []func()
	wake chan struct{}
}

func (q *uiQueue) do(f func()) {
	q.mu.Lock()
	q.fs = append(q.fs, f)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// run runs what is queued, and what that queues, until nothing is left.
func (q *uiQueue) run() {
	for {
		q.mu.Lock()
		fs := q.fs
		q.fs = nil
		q.mu.Unlock()
		if len(fs) == 0 {
			return
		}
		for _, f := range fs {
			f()
		}
	}
}

// await runs the UI work of background goroutines until ch gives a value.
func await[T any](t testing.TB, ch <-chan T) T {
	t.Helper()
	v, ok := awaitNone(ch, 20*time.Second)
	if !ok {
		t.Fatal("timed out waiting for the kiosk")
	}
	return v
}

// awaitNone runs the UI work of background goroutines for d and reports
// whether ch gave a value meanwhile.
func awaitNone[T any](ch <-chan T, d time.Duration) (T, bool) {
	stop := time.After(d)
	for {
		uiq.run()
		select {
		case v := <-ch:
			return v, true
		case <-uiq.wake:
		case <-stop:
			var zero T
			return zero, false
		}
	}
}

// pumpUntil runs the UI work of background goroutines until cond holds.
func pumpUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		uiq.run()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		select {
		case <-uiq.wake:
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// pumpFor runs the UI work of background goroutines for d.
func pumpFor(d time.Duration) {
	awaitNone(make(chan struct{}), d)
}

// TestNoUIWorkAfterQuit: once the event loop has stopped, fyne.Do would
// run work at once on the calling goroutine, next to Close; the real
// runOnUI drops it instead.
func TestNoUIWorkAfterQuit(t *testing.T) {
	ran := 0
	doOnUI(func() { ran++ }) // the test driver runs it at once
	if ran != 1 {
		t.Fatalf("before quit: ran %d times, want 1", ran)
	}
	quit(test.NewTempApp(t))
	t.Cleanup(resetQuit)
	doOnUI(func() { ran++ })
	if ran != 1 {
		t.Fatal("work handed to the UI after quit ran")
	}
}
