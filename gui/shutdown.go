package gui

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
)

// quit stops a's event loop, so that Run returns and the kiosk closes its
// log. It does not close the windows first as fyne.App.Quit does: fyne
// 2.7 may still deliver a pointer event to a closing window, whose nil
// view then crashes the process (fyne-io/fyne#5981, seen here when the
// kiosk was stopped by SIGTERM); the windows go with the process.
//
// Work that background goroutines hand to runOnUI from now on is dropped.
func quit(a fyne.App) {
	uiStopped.Store(true)
	select {
	case quitAsked <- struct{}{}:
	default: // already asked
	}
	a.Driver().Quit()
}

// quitAsked tells Run's watch that the kiosk has been asked to quit.
var quitAsked = make(chan struct{}, 1)

// quitGrace is how long Run waits for fyne's event loop to end after a
// quit before it closes the kiosk and ends the process itself.
const quitGrace = 5 * time.Second

// exitProcess ends the process; a variable for the tests.
var exitProcess = os.Exit

// watchQuit calls stalled when the event loop has not ended (ended is not
// closed) within grace of a quit (asked or stop receiving).
//
// fyne 2.7.1 can lose its own stop event: when its loop ends it queues
// the app's OnStopped hook (always set: it saves the preferences) for a
// goroutine that hands it back to the main loop, and the loop drains that
// queue only by its length at that instant. A hook still in transit is
// never run, and ShowAndRun then waits for it forever, before Close could
// sign the log's last checkpoint. CI saw it as a kiosk that printed its
// goroutines still inside ShowAndRun 20 s after SIGTERM.
func watchQuit(asked, stop, ended <-chan struct{}, grace time.Duration, stalled func()) {
	select {
	case <-asked:
	case <-stop:
	case <-ended:
		return
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-ended:
	case <-t.C:
		stalled()
	}
}

// exitStalled closes k and ends the process: the window system did not
// stop after a quit (see watchQuit).
func (k *kiosk) exitStalled() {
	fmt.Fprintf(os.Stderr, "venuepass-kiosk: the window system had not stopped %v after the kiosk quit; closing the check-in log and exiting\n", quitGrace)
	uiStopped.Store(true) // nothing more for the screen
	k.Close()
	exitProcess(0)
}
