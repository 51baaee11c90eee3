package gui

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
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
// PIN for pinLockout. The count and the lockout are kept in pinStateFile in
// the configuration folder, so restarting the kiosk does not reset them.
const (
	maxPINTries  = 5
	pinLockout   = time.Minute
	pinStateFile = "pin-lockout.json"
)

// pinState is what pinStateFile holds.
type pinState struct {
	Tries  int       `json:"tries"`
	Locked time.Time `json:"locked_until,omitzero"`
}

// loadPINState reads the lockout state. A missing file is no wrong tries;
// an unreadable or damaged one counts as a lockout from now, so deleting
// or garbling it does not buy more tries.
func loadPINState(dir string, now time.Time) pinState {
	data, err := os.ReadFile(filepath.Join(dir, pinStateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return pinState{}
	}
	var st pinState
	if err != nil || json.Unmarshal(data, &st) != nil || st.Tries < 0 {
		st = pinState{Locked: now.Add(pinLockout)}
		savePINState(dir, st) // repaired: the lockout ends
	}
	return st
}

// savePINState writes the lockout state durably, before the PIN screen
// answers.
func savePINState(dir string, st pinState) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, pinStateFile), data, 0o600)
}

// pinScreen asks for the admin PIN, with an on-screen keypad for touch
// kiosks.
type pinScreen struct {
	root    fyne.CanvasObject
	title   *canvas.Text
	entry   *scanEntry
	message *widget.Label
	purpose string
	dir     string // the configuration folder, for pinStateFile
	tries   int
	locked  time.Time
}

func newPINScreen(k *kiosk) *pinScreen {
	s := &pinScreen{dir: k.opts.ConfigDir}
	st := loadPINState(s.dir, k.now())
	s.tries, s.locked = st.Tries, st.Locked
	s.title = boldText(tr().T("pin.title.admin"), 40)
	s.title.Alignment = fyne.TextAlignCenter
	s.entry = newScanEntry(k)
	s.entry.Password = true
	s.entry.SetPlaceHolder(tr().T("pin.placeholder"))
	s.entry.OnSubmitted = func(string) { s.submit(k) }
	s.message = widget.NewLabel("")
	s.message.Alignment = fyne.TextAlignCenter
	s.message.Importance = widget.DangerImportance

	keys := container.NewGridWithColumns(3)
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		keys.Add(s.key(d))
	}
	keys.Add(keyWrap(widget.NewButton(tr().T("button.clear"), func() { s.entry.SetText("") })))
	keys.Add(s.key("0"))
	ok := widget.NewButton(tr().T("button.ok"), func() { s.submit(k) })
	ok.Importance = widget.HighImportance
	keys.Add(keyWrap(ok))
	cancel := widget.NewButton(tr().T("button.cancel"), func() { s.entry.SetText(""); k.staffCancelled(); k.show(screenReady) })

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
func (s *pinScreen) open(k *kiosk, purpose string) {
	s.purpose = purpose
	s.entry.SetText("")
	s.message.SetText("")
	if purpose != pinForStaff {
		k.staffCancelled()
	}
	if purpose == pinForQuit {
		s.title.Text = tr().T("pin.title.quit")
	} else {
		s.title.Text = tr().T("pin.title.admin")
	}
	s.title.Refresh()
	k.show(screenPIN)
}

func (s *pinScreen) focus(c fyne.Canvas) { c.Focus(s.entry) }

// submit checks the PIN. Wrong PINs count towards a lockout; the check
// runs PBKDF2, a few tens of milliseconds.
func (s *pinScreen) submit(k *kiosk) {
	now := k.now()
	if now.Before(s.locked) {
		s.entry.SetText("")
		s.message.SetText(tr().T("pin.locked_wait", vars{"Seconds": int(s.locked.Sub(now).Seconds()) + 1}))
		return
	}
	pin := s.entry.Text
	s.entry.SetText("")
	if !k.st.settings.PIN.Check(pin) {
		s.tries++
		if s.tries >= maxPINTries {
			s.tries = 0
			s.locked = now.Add(pinLockout)
			s.message.SetText(tr().T("pin.locked"))
		} else {
			s.message.SetText(tr().T("pin.wrong", vars{"Tries": s.tries, "Max": maxPINTries}))
		}
		if err := savePINState(s.dir, pinState{Tries: s.tries, Locked: s.locked}); err != nil {
			// The count cannot be kept: lock now rather than allow
			// unlimited tries across restarts.
			s.locked = now.Add(pinLockout)
			s.message.SetText(tr().T("pin.unsaved", vars{"Error": err.Error()}))
		}
		return
	}
	if s.tries != 0 || !s.locked.IsZero() {
		s.tries, s.locked = 0, time.Time{}
		savePINState(s.dir, pinState{})
	}
	s.message.SetText("")
	if s.purpose == pinForQuit {
		quit(k.app)
		return
	}
	if s.purpose == pinForStaff {
		k.staffAuthorised(staffPIN)
		return
	}
	k.admin.open(k)
}
