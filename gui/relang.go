package gui

import (
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// buildScreens builds every screen, in the language in use, into the
// window.
func (k *kiosk) buildScreens() {
	k.status = newStatusBar()
	k.ready = newReadyScreen(k)
	k.verdict = newVerdictScreen(k.verdictTapped, k.annulWithStaff, k.startOverride)
	k.overrideScr = newOverrideScreen(k)
	k.pin = newPINScreen(k)
	k.admin = newAdminScreen(k)
	k.body = container.NewStack()
	k.root = container.NewBorder(nil, k.status.root, nil, nil, k.body)
	k.win.SetContent(container.NewStack(canvas.NewRectangle(colorReady), k.root))
}

// setKioskLanguage puts the kiosk in lang at once: every screen is built
// again in it, and admin, where the language is chosen, comes back on the
// tab it was on, filled from the settings. Texts already given (a verdict,
// a message on the ready screen) go; the state they showed stays.
func (k *kiosk) setKioskLanguage(lang string) {
	if lang == tr().Lang() {
		return
	}
	setLanguage(lang)
	tab := k.admin.tabs.SelectedIndex()
	screen := k.st.screen
	k.buildScreens()
	if k.st.inboxOffer != nil {
		k.ready.setInbox(k.st.inboxOffer, nil, k)
	}
	k.refreshStatus()
	switch screen {
	case screenAdmin:
		k.admin.open(k)
		k.admin.tabs.SelectIndex(tab)
	default:
		k.show(screenReady)
	}
}
