package gui

import (
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestWatchQuit(t *testing.T) {
	const grace = 50 * time.Millisecond
	closed := func() chan struct{} { c := make(chan struct{}); close(c); return c }
	cases := []struct {
		name        string
		asked, stop chan struct{}
		endAfter    time.Duration // <0: the loop never ends
		wantStalled bool
	}{
		{"quit, the loop ends", closed(), nil, 10 * time.Millisecond, false},
		{"quit, the loop hangs", closed(), nil, -1, true},
		{"stop signal, the loop hangs", nil, closed(), -1, true},
		{"stop signal, the loop ends", nil, closed(), 10 * time.Millisecond, false},
		{"the loop ends by itself", nil, nil, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ended := make(chan struct{})
			if c.endAfter >= 0 {
				time.AfterFunc(c.endAfter, func() { close(ended) })
			}
			stalled := make(chan struct{}, 1)
			done := make(chan struct{})
			go func() {
				watchQuit(c.asked, c.stop, ended, grace, func() { stalled <- struct{}{} })
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("watchQuit did not return")
			}
			if got := len(stalled) == 1; got != c.wantStalled {
				t.Fatalf("stalled called: %v, want %v", got, c.wantStalled)
			}
		})
	}
}

// TestQuitTellsTheWatch: every way of quitting goes through quit, which
// is what arms Run's watch.
func TestQuitTellsTheWatch(t *testing.T) {
	t.Cleanup(resetQuit)
	a := test.NewTempApp(t)
	quit(a)
	quit(a) // a second quit does not block
	if len(quitAsked) != 1 {
		t.Fatalf("quitAsked holds %d, want 1", len(quitAsked))
	}
}

// TestExitStalled: a kiosk whose window system does not stop still closes
// its log (signing the last checkpoint) before the process ends.
func TestExitStalled(t *testing.T) {
	tk := newTestKiosk(t, nil)
	code, logOpen := -1, true
	exitProcess = func(c int) {
		code = c
		tk.kiosk.log.mu.RLock()
		logOpen = tk.kiosk.log.log != nil
		tk.kiosk.log.mu.RUnlock()
	}
	t.Cleanup(func() { exitProcess = os.Exit; resetQuit() })
	tk.kiosk.exitStalled()
	if code != 0 || logOpen {
		t.Fatalf("exit code %d (want 0), log still open at exit: %v", code, logOpen)
	}
}

// resetQuit undoes a test's quit for the tests after it.
func resetQuit() {
	uiStopped.Store(false)
	for len(quitAsked) > 0 {
		<-quitAsked
	}
}
