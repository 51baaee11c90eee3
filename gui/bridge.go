package gui

import (
	"image"
	"sync/atomic"

	"fyne.io/fyne/v2"

	"github.com/venuepass/venuepass/checkin/gate"
)

// The bridge: the only functions that background goroutines (the
// verification worker, input devices, the camera pipeline, timers, file
// loading) call to change what is on screen. Each one hands its work to the
// UI goroutine with runOnUI (fyne.Do) and returns at once.

// uiVerdict shows a verdict.
func (k *kiosk) uiVerdict(v verdict) {
	runOnUI(func() { k.showVerdict(v) })
}

// uiVerdictTimeout returns from the verdict screen, unless a newer verdict
// is showing.
func (k *kiosk) uiVerdictTimeout(gen int) {
	runOnUI(func() {
		if k.st.verdictGen == gen {
			k.backFromVerdict()
		}
	})
}

// uiTick refreshes what depends on the clock.
func (k *kiosk) uiTick() {
	runOnUI(func() {
		k.refreshStatus()
		k.checkInbox()
		k.syncPhotos()
	})
}

// uiPreview shows a camera frame.
func (k *kiosk) uiPreview(img image.Image) {
	runOnUI(func() { k.ready.setPreview(img) })
}

// uiCamera reports the camera state ("off", "14 fps", an error).
func (k *kiosk) uiCamera(state string, fps float64, isErr bool) {
	runOnUI(func() {
		k.st.camera, k.st.fps, k.st.cameraErr = state, fps, isErr
		if isErr || state == "off" {
			k.ready.setPreview(nil)
		}
		k.refreshStatus()
	})
}

// uiScanner reports the hardware scanner's state.
func (k *kiosk) uiScanner(state string, isErr bool) {
	runOnUI(func() {
		k.st.scanner, k.st.scannerErr = state, isErr
		k.refreshStatus()
	})
}

// uiTrustLoaded finishes loading a trust list in admin.
func (k *kiosk) uiTrustLoaded(r trustLoad) {
	runOnUI(func() { k.trustLoaded(r) })
}

// uiMessage shows a message on the ready screen (image files without a
// code, for instance).
func (k *kiosk) uiMessage(msg string) {
	runOnUI(func() { k.ready.setMessage(msg) })
}

// uiGate shows the outcome of a gate action: when the gate did not open,
// on the verdict it belongs to if that is still up, else on the ready
// screen.
func (k *kiosk) uiGate(o gate.Outcome, msg string) {
	runOnUI(func() {
		if o.Err != nil {
			k.gateFailed(o.Event.ID, msg)
		}
		if k.gateShown != nil {
			k.gateShown(o)
		}
	})
}

// uiAnnulled finishes an annulment started by annulLast.
func (k *kiosk) uiAnnulled(e logEntry, err error, fromVerdict bool) {
	runOnUI(func() { k.annulled(e, err, fromVerdict) })
}

// runOnUI hands f to the UI goroutine: fyne.Do, until the event loop has
// ended. After that fyne.Do would run f at once on the calling goroutine,
// next to Close on the main one (seen in CI as a burst of fyne's "should
// have been called in fyne.Do" around a kiosk stopped by SIGTERM), so the
// work is dropped: nothing is on screen any more. fyne's test driver runs
// fyne.Do at once on the calling goroutine too, so the package's tests put
// a queue here that the test goroutine runs, keeping one UI goroutine as
// in the real app.
var runOnUI = doOnUI

func doOnUI(f func()) {
	if !uiStopped.Load() {
		fyne.Do(f)
	}
}

// uiStopped is set by quit, by Run when the event loop has ended
// otherwise (the window closed by the system), and by exitStalled.
var uiStopped atomic.Bool
