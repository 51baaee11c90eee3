package gui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// What the PIN opens.
const (
	pinForAdmin = "admin"
	pinForQuit  = "quit"
)

// PIN lockout: after maxPINTries wrong PINs, the PIN screen refuses every
// PIN for pinLockout.
const (
	maxPINTries = 5
	pinLockout  = time.Minute
)

// pinScreen asks for the admin PIN, with an on-screen keypad for touch
// kiosks.
type pinScreen struct {
	root    fyne.CanvasObject
	title   *canvas.Text
	entry   *scanEntry
	message *widget.Label
	purpose string
	tries   int
	locked  time.Time
}

func newPINScreen(k *Kiosk) *pinScreen {
	s := &pinScreen{}
	s.title = boldText("Enter the admin PIN", 40)
	s.title.Alignment = fyne.TextAlignCenter
	s.entry = newScanEntry(k)
	s.entry.Password = true
	s.entry.SetPlaceHolder("PIN")
	s.entry.OnSubmitted = func(string) { s.submit(k) }
	s.message = widget.NewLabel("")
	s.message.Alignment = fyne.TextAlignCenter
	s.message.Importance = widget.DangerImportance

	keys := container.NewGridWithColumns(3)
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		keys.Add(s.key(d))
	}
	keys.Add(keyWrap(widget.NewButton("Clear", func() { s.entry.SetText("") })))
	keys.Add(s.key("0"))
	ok := widget.NewButton("OK", func() { s.submit(k) })
	ok.Importance = widget.HighImportance
	keys.Add(keyWrap(ok))
	cancel := widget.NewButton("Cancel", func() { s.entry.SetText(""); k.show(screenReady) })

	form := container.NewVBox(s.title, s.entry, keys, cancel, s.message)
	box := container.NewGridWrap(fyne.NewSize(420, 520), form)
	s.root = container.NewVBox(layout.NewSpacer(), container.NewCenter(box), layout.NewSpacer())
	return s
}

func (s *pinScreen) key(d string) fyne.CanvasObject {
	return keyWrap(widget.NewButton(d, func() { s.entry.SetText(s.entry.Text + d) }))
}

func keyWrap(b *widget.Button) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(130, 64), b)
}

// open shows the PIN screen for a purpose.
func (s *pinScreen) open(k *Kiosk, purpose string) {
	s.purpose = purpose
	s.entry.SetText("")
	s.message.SetText("")
	if purpose == pinForQuit {
		s.title.Text = "PIN to leave kiosk mode"
	} else {
		s.title.Text = "Enter the admin PIN"
	}
	s.title.Refresh()
	k.show(screenPIN)
}

func (s *pinScreen) focus(c fyne.Canvas) { c.Focus(s.entry) }

// submit checks the PIN. Wrong PINs count towards a lockout; the check
// runs PBKDF2, a few tens of milliseconds.
func (s *pinScreen) submit(k *Kiosk) {
	now := k.now()
	if now.Before(s.locked) {
		s.entry.SetText("")
		s.message.SetText(fmt.Sprintf("Too many wrong PINs: try again in %d s", int(s.locked.Sub(now).Seconds())+1))
		return
	}
	pin := s.entry.Text
	s.entry.SetText("")
	if !k.st.settings.PIN.Check(pin) {
		s.tries++
		if s.tries >= maxPINTries {
			s.tries = 0
			s.locked = now.Add(pinLockout)
			s.message.SetText("Too many wrong PINs: locked for a minute")
		} else {
			s.message.SetText(fmt.Sprintf("Wrong PIN (%d of %d tries)", s.tries, maxPINTries))
		}
		return
	}
	s.tries = 0
	s.message.SetText("")
	if s.purpose == pinForQuit {
		k.app.Quit()
		return
	}
	k.admin.open(k)
}
