package gui

import (
	"image"

	"fyne.io/fyne/v2"

	"github.com/venuepass/venuepass/checkin/gate"
)

// The bridge: the only functions that background goroutines (the
// verification worker, input devices, the camera pipeline, timers, file
// loading) call to change what is on screen. Each one hands its work to the
// UI goroutine with fyne.Do and returns at once.

// uiVerdict shows a verdict.
func (k *kiosk) uiVerdict(v verdict) {
	fyne.Do(func() { k.showVerdict(v) })
}

// uiVerdictTimeout returns from the verdict screen, unless a newer verdict
// is showing.
func (k *kiosk) uiVerdictTimeout(gen int) {
	fyne.Do(func() {
		if k.st.verdictGen == gen {
			k.backFromVerdict()
		}
	})
}

// uiTick refreshes what depends on the clock.
func (k *kiosk) uiTick() {
	fyne.Do(func() {
		k.refreshStatus()
		k.checkInbox()
		k.syncPhotos()
	})
}

// uiPreview shows a camera frame.
func (k *kiosk) uiPreview(img image.Image) {
	fyne.Do(func() { k.ready.setPreview(img) })
}

// uiCamera reports the camera state ("off", "14 fps", an error).
func (k *kiosk) uiCamera(state string, fps float64, isErr bool) {
	fyne.Do(func() {
		k.st.camera, k.st.fps, k.st.cameraErr = state, fps, isErr
		if isErr || state == "off" {
			k.ready.setPreview(nil)
		}
		k.refreshStatus()
	})
}

// uiScanner reports the hardware scanner's state.
func (k *kiosk) uiScanner(state string, isErr bool) {
	fyne.Do(func() {
		k.st.scanner, k.st.scannerErr = state, isErr
		k.refreshStatus()
	})
}

// uiTrustLoaded finishes loading a trust list in admin.
func (k *kiosk) uiTrustLoaded(r trustLoad) {
	fyne.Do(func() { k.trustLoaded(r) })
}

// uiMessage shows a message on the ready screen (image files without a
// code, for instance).
func (k *kiosk) uiMessage(msg string) {
	fyne.Do(func() { k.ready.setMessage(msg) })
}

// uiGate shows the outcome of a gate action: when the gate did not open,
// on the verdict it belongs to if that is still up, else on the ready
// screen.
func (k *kiosk) uiGate(o gate.Outcome, msg string) {
	fyne.Do(func() {
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
	fyne.Do(func() { k.annulled(e, err, fromVerdict) })
}
