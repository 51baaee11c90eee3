package gui

import (
	"bytes"
	"context"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/venuepass/venuepass/gui/scan"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

// adminScreen is the admin area: gate settings and anti-passback, trust
// list and anchors, inputs, the turnstile (gate action), the check-in log
// with CSV export and annulment, and the PIN.
type adminScreen struct {
	root fyne.CanvasObject
	tabs *container.AppTabs
	note *widget.Label
	// faults lists the faults with their technical detail.
	faults *widget.Label
	// saved is the forms' snapshot at open or the last save; confirm the
	// last question asked (tests).
	saved   string
	confirm *dialog.ConfirmDialog

	// Gate.
	venue, gate, zone, event  *scanEntry
	types                     *widget.CheckGroup
	passbackMode              *widget.Select
	staffPassback             *widget.Select
	passback, verdictSecs     *scanEntry
	staleGrace                *scanEntry
	staffIssuers, rejectClear *scanEntry
	trustInbox, photoDir      *scanEntry
	direction                 *widget.RadioGroup
	fullscreen, kiosk, sound  *widget.Check
	volume                    *widget.Slider
	soundMsg                  *widget.Label

	// Trust list.
	trustInfo   *widget.Label
	trustPath   *scanEntry
	trustMsg    *widget.Label
	anchorList  *fyne.Container
	anchorPath  *scanEntry
	anchorMsg   *widget.Label
	pendingPEMs []string

	// Inputs.
	scannerMode   *widget.RadioGroup
	scannerDevice *widget.SelectEntry
	baud          *scanEntry
	camera        *widget.SelectEntry

	// Turnstile.
	gateAction  *widget.RadioGroup
	gateCmd     *scanEntry
	gateURL     *scanEntry
	gatePort    *widget.SelectEntry
	gateRelay   *widget.Select
	gateChannel *scanEntry
	gatePulse   *scanEntry
	gateMsg     *widget.Label

	// Log.
	logInfo   *widget.Label
	logFile   *scanEntry
	witness   *scanEntry
	logText   *widget.Label
	exportDir *scanEntry
	logMsg    *widget.Label

	// Security.
	pin1, pin2 *scanEntry
	pinMsg     *widget.Label
}

// Anti-passback of staff badges (employee credentials), as admin offers it.
var (
	staffPassbackLabels = []string{"as other credentials", "off: staff come and go", "soft: allowed, amber"}
	staffPassbackModes  = []string{"", passbackOff, passbackSoft}
)

var typeOptions = []string{"Employee badges", "Membership cards", "Tickets", "Certificates"}

func newAdminScreen(k *kiosk) *adminScreen {
	s := &adminScreen{}
	entry := func(placeholder string) *scanEntry {
		e := newScanEntry(k)
		e.SetPlaceHolder(placeholder)
		return e
	}
	msg := func() *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		return l
	}

	// Gate.
	s.venue, s.gate, s.zone, s.event = entry("venue id, e.g. city-arena"), entry("shown name, e.g. Gate B"),
		entry("zone credentials must name (empty: any)"), entry("event tickets must name (empty: any)")
	s.types = widget.NewCheckGroup(typeOptions, nil)
	s.types.Horizontal = true
	s.passbackMode = widget.NewSelect(passbackLabels, nil)
	s.staffPassback = widget.NewSelect(staffPassbackLabels, nil)
	s.passback = entry("minutes")
	s.direction = widget.NewRadioGroup([]string{"in", "out"}, nil)
	s.direction.Horizontal = true
	s.verdictSecs = entry("seconds")
	s.staleGrace = entry("hours")
	s.staffIssuers = entry("issuer IDs whose employee badges are staff, e.g. acme-corp")
	s.rejectClear = entry("0: until staff dismiss it")
	s.trustInbox = entry("folder watched for .vptl files, e.g. /media/usb (empty: none)")
	s.photoDir = entry("folder of holder photos, SUB.jpg as print --photos names them (empty: none)")
	s.sound = widget.NewCheck("Sounds", nil)
	s.volume = widget.NewSlider(10, 100)
	s.volume.Step = 10
	s.soundMsg = msg()
	testSound := widget.NewButtonWithIcon("Test sound", theme.MediaPlayIcon(), func() {
		s.soundMsg.SetText("Playing the reject beeps…")
		k.testSound(func(err error) {
			if err != nil {
				s.soundMsg.Importance = widget.DangerImportance
				s.soundMsg.SetText("No sound: " + err.Error() + ". Check the speaker, its cable and the volume.")
				return
			}
			s.soundMsg.Importance = widget.SuccessImportance
			s.soundMsg.SetText("Played. If you heard nothing, check the speaker and its volume.")
		})
	})
	s.fullscreen = widget.NewCheck("Fullscreen", nil)
	s.kiosk = widget.NewCheck("Kiosk mode (fullscreen, leaving needs the PIN)", nil)
	gateForm := widget.NewForm(
		widget.NewFormItem("Venue", s.venue),
		widget.NewFormItem("Gate name", s.gate),
		widget.NewFormItem("Zone", s.zone),
		widget.NewFormItem("Event", s.event),
		widget.NewFormItem("Accepted", s.types),
		widget.NewFormItem("Anti-passback", s.passbackMode),
		widget.NewFormItem("Staff badges", s.staffPassback),
		widget.NewFormItem("Passback window", container.NewBorder(nil, nil, nil,
			widget.NewLabel("minutes (hard, soft: 0 = until an exit scan; timed: 0 = 30)"), s.passback)),
		widget.NewFormItem("Direction", container.NewHBox(s.direction,
			widget.NewLabel("out: exit scans, which let the holder in again"))),
		widget.NewFormItem("Verdict shown for", container.NewBorder(nil, nil, nil, widget.NewLabel("seconds"), s.verdictSecs)),
		widget.NewFormItem("Staff badge issuers", s.staffIssuers),
		widget.NewFormItem("Trust list inbox", s.trustInbox),
		widget.NewFormItem("Photo folder", s.photoDir),
		widget.NewFormItem("Red verdict clears after", container.NewBorder(nil, nil, nil, widget.NewLabel("seconds"), s.rejectClear)),
		widget.NewFormItem("Out-of-date list: green for", container.NewBorder(nil, nil, nil, widget.NewLabel("hours, then amber"), s.staleGrace)),
		widget.NewFormItem("Screen", container.NewHBox(s.sound, s.fullscreen, s.kiosk)),
		widget.NewFormItem("Volume", container.NewBorder(nil, nil, nil, testSound, s.volume)),
		widget.NewFormItem("", s.soundMsg),
	)

	// Trust list.
	s.trustInfo = msg()
	s.trustPath = entry("/media/usb/trust.vptl")
	s.trustMsg = msg()
	browseList := widget.NewButtonWithIcon("Browse…", theme.FolderOpenIcon(), func() {
		s.browse(k, []string{".vptl"}, s.trustPath)
	})
	loadList := widget.NewButtonWithIcon("Load trust list", theme.DownloadIcon(), func() { s.loadTrustList(k) })
	loadList.Importance = widget.HighImportance
	s.anchorList = container.NewVBox()
	s.anchorPath = entry("/media/usb/anchor.pub")
	s.anchorMsg = msg()
	browseAnchor := widget.NewButtonWithIcon("Browse…", theme.FolderOpenIcon(), func() {
		s.browse(k, []string{".pub", ".pem", ".crt"}, s.anchorPath)
	})
	pinAnchor := widget.NewButtonWithIcon("Pin anchor", theme.ContentAddIcon(), func() { s.pinAnchor(k) })
	trustTab := container.NewVBox(
		heading("Trust list in use"), s.trustInfo,
		container.NewBorder(nil, nil, nil, container.NewHBox(browseList, loadList), s.trustPath),
		s.trustMsg,
		widget.NewSeparator(),
		heading("Pinned trust anchors"), s.anchorList,
		container.NewBorder(nil, nil, nil, container.NewHBox(browseAnchor, pinAnchor), s.anchorPath),
		s.anchorMsg,
	)

	// Inputs.
	s.scannerMode = widget.NewRadioGroup([]string{scannerKeyboard, scannerDirect, scannerSerial}, nil)
	s.scannerMode.Horizontal = true
	s.scannerDevice = widget.NewSelectEntry(nil)
	s.scannerDevice.SetPlaceHolder("/dev/input/eventN or /dev/ttyACM0")
	s.baud = entry("9600")
	s.camera = widget.NewSelectEntry(nil)
	s.camera.SetPlaceHolder("none, or /dev/video0")
	rescan := widget.NewButtonWithIcon("Find devices", theme.SearchIcon(), func() { s.findDevices(k) })
	inputsForm := widget.NewForm(
		widget.NewFormItem("Scanner mode", s.scannerMode),
		widget.NewFormItem("Scanner device", s.scannerDevice),
		widget.NewFormItem("Serial speed", s.baud),
		widget.NewFormItem("Camera", s.camera),
	)
	inputsHelp := widget.NewLabel("keyboard: the scanner types into this window (set it to the host's keyboard layout, ending each code with Enter).\n" +
		"direct: the kiosk reads the scanner's input device itself (Linux, needs the input group), so focus and keyboard layout no longer matter.\n" +
		"serial: the scanner is in USB-serial (virtual COM) mode.")
	inputsHelp.Wrapping = fyne.TextWrapWord
	inputsTab := container.NewVBox(inputsForm, container.NewHBox(rescan), inputsHelp)

	// Turnstile.
	s.gateAction = widget.NewRadioGroup([]string{gateNone, gateCommand, gateHTTP, gateSerial}, nil)
	s.gateAction.Horizontal = true
	s.gateCmd = entry("shell command, e.g. /usr/local/bin/open-gate")
	s.gateURL = entry("http://192.168.1.50/open")
	s.gatePort = widget.NewSelectEntry(nil)
	s.gatePort.SetPlaceHolder("/dev/ttyUSB0")
	s.gateRelay = widget.NewSelect([]string{relayDTR, relayRTS, relayLCUS}, nil)
	s.gateChannel = entry("1 to 8")
	s.gatePulse = entry("milliseconds")
	s.gateMsg = msg()
	findPorts := widget.NewButtonWithIcon("Find ports", theme.SearchIcon(), func() {
		ports, _ := scan.SerialPorts()
		s.gatePort.SetOptions(ports)
		s.gateMsg.SetText(fmt.Sprintf("Found %s.", plural(len(ports), "serial port")))
	})
	turnstileForm := widget.NewForm(
		widget.NewFormItem("Open the gate by", s.gateAction),
		widget.NewFormItem("Command", s.gateCmd),
		widget.NewFormItem("Controller URL", s.gateURL),
		widget.NewFormItem("Serial port", container.NewBorder(nil, nil, nil, findPorts, s.gatePort)),
		widget.NewFormItem("Relay", container.NewHBox(s.gateRelay, widget.NewLabel("LCUS channel"), s.gateChannel)),
		widget.NewFormItem("Pulse", container.NewBorder(nil, nil, nil, widget.NewLabel("ms"), s.gatePulse)),
	)
	gateHelp := widget.NewLabel("On each accepted entry the gate opens, without holding up the next scan.\n" +
		"command: runs the command line with the verdict JSON on stdin and the record ID in VENUEPASS_RECORD; exit status 0 means opened.\n" +
		"http: POSTs the verdict JSON to the controller; a 2xx answer means opened.\n" +
		"serial: pulses a USB relay board, on its DTR or RTS line or as an LCUS board.\n" +
		"When the gate does not open, the screen says so, the log records it and the holder may scan again.")
	gateHelp.Wrapping = fyne.TextWrapWord
	turnstileTab := container.NewVBox(turnstileForm, s.gateMsg, gateHelp)

	// Log.
	s.logInfo = msg()
	s.logFile = entry("check-in log file (empty: one per kiosk in the configuration folder)")
	s.witness = entry("witness file for the signed checkpoints, e.g. /media/usb/gate-b.witness (empty: none)")
	s.logText = widget.NewLabel("")
	s.logText.TextStyle.Monospace = true
	s.exportDir = entry("folder, e.g. /media/usb")
	s.logMsg = msg()
	refresh := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), func() { s.refreshLog(k) })
	export := widget.NewButtonWithIcon("Export CSV", theme.DocumentSaveIcon(), func() { s.exportCSV(k) })
	annul := widget.NewButtonWithIcon("Annul last entry (turnstile did not turn)", theme.ContentUndoIcon(), func() { k.annulLast(k.adminAuthoriser(), false) })
	logTab := container.NewBorder(
		container.NewVBox(s.logInfo,
			widget.NewForm(widget.NewFormItem("Log file", s.logFile), widget.NewFormItem("Witness file", s.witness)),
			container.NewBorder(nil, nil, nil, container.NewHBox(refresh, export), s.exportDir),
			container.NewHBox(annul), s.logMsg),
		nil, nil, nil, container.NewScroll(s.logText))

	// Security.
	s.pin1, s.pin2 = entry(fmt.Sprintf("new PIN (digits; %d or more recommended)", recommendedPINLength)), entry("new PIN again")
	s.pin1.Password, s.pin2.Password = true, true
	s.pinMsg = msg()
	setPIN := widget.NewButtonWithIcon("Set PIN", theme.ConfirmIcon(), func() { s.setPIN(k) })
	securityTab := container.NewVBox(heading("Admin PIN"), s.pin1, s.pin2, container.NewHBox(setPIN), s.pinMsg)

	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Gate", theme.HomeIcon(), container.NewVScroll(gateForm)),
		container.NewTabItemWithIcon("Trust list", theme.DocumentIcon(), container.NewVScroll(trustTab)),
		container.NewTabItemWithIcon("Inputs", theme.ComputerIcon(), container.NewVScroll(inputsTab)),
		container.NewTabItemWithIcon("Turnstile", theme.LoginIcon(), container.NewVScroll(turnstileTab)),
		container.NewTabItemWithIcon("Log", theme.ListIcon(), logTab),
		container.NewTabItemWithIcon("PIN", theme.AccountIcon(), container.NewVScroll(securityTab)),
	)
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t.Text == "Log" {
			s.refreshLog(k)
		}
	}

	title := boldText("Admin", 30)
	s.note = widget.NewLabel("")
	s.note.Importance = widget.WarningImportance
	save := widget.NewButtonWithIcon("Save settings", theme.DocumentSaveIcon(), func() { s.save(k) })
	save.Importance = widget.HighImportance
	done := widget.NewButtonWithIcon("Close", theme.CancelIcon(), func() { s.close(k) })
	quit := widget.NewButtonWithIcon("Quit app", theme.LogoutIcon(), func() { s.quit(k) })
	quit.Importance = widget.DangerImportance
	bar := container.NewHBox(title, s.note, layout.NewSpacer(), save, done, quit)
	s.faults = widget.NewLabel("")
	s.faults.Wrapping = fyne.TextWrapWord
	s.faults.Importance = widget.DangerImportance
	s.faults.Hide()
	s.root = container.NewBorder(container.NewVBox(container.NewPadded(bar), s.faults), nil, nil, nil, container.NewPadded(s.tabs))
	return s
}

// setFaults lists, for the admin, what keeps the kiosk from checking codes
// with the technical detail.
func (s *adminScreen) setFaults(fs []fault) {
	if len(fs) == 0 {
		s.faults.Hide()
		return
	}
	var b strings.Builder
	b.WriteString("Out of service:")
	for _, f := range fs {
		fmt.Fprintf(&b, "\n• %s (%s)", f.Cause, f.Detail)
	}
	s.faults.SetText(b.String())
	s.faults.Show()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func heading(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// open fills the forms from the settings and shows admin.
func (s *adminScreen) open(k *kiosk) {
	set := k.st.settings
	s.venue.SetText(set.Venue)
	s.gate.SetText(set.Gate)
	s.zone.SetText(set.Zone)
	s.event.SetText(set.Event)
	var sel []string
	for _, t := range set.Types {
		if t >= verifier.Employee && t <= verifier.Certificate {
			sel = append(sel, typeOptions[t-1])
		}
	}
	if len(set.Types) == 0 {
		sel = typeOptions
	}
	s.types.SetSelected(sel)
	s.passbackMode.SetSelected(passbackLabel(set.PassbackMode))
	s.staffPassback.SetSelected(staffPassbackLabels[0])
	for i, m := range staffPassbackModes {
		if m != "" && set.PassbackByType["employee"] == m {
			s.staffPassback.SetSelected(staffPassbackLabels[i])
		}
	}
	s.passback.SetText(strconv.Itoa(set.PassbackMinutes))
	s.direction.SetSelected(set.Direction)
	s.verdictSecs.SetText(strconv.Itoa(set.VerdictSeconds))
	s.staleGrace.SetText(strconv.Itoa(set.StaleGraceHours))
	s.staffIssuers.SetText(strings.Join(set.StaffIssuers, ", "))
	s.rejectClear.SetText(strconv.Itoa(set.RejectClearSeconds))
	s.trustInbox.SetText(set.TrustInbox)
	s.photoDir.SetText(set.PhotoDir)
	s.sound.SetChecked(set.Sound)
	s.volume.SetValue(float64(set.Volume))
	s.soundMsg.SetText("")
	s.fullscreen.SetChecked(set.Fullscreen)
	s.kiosk.SetChecked(set.Kiosk)
	s.scannerMode.SetSelected(set.Scanner)
	s.scannerDevice.SetText(set.ScannerDevice)
	s.baud.SetText(strconv.Itoa(set.SerialBaud))
	s.camera.SetText(set.Camera)
	s.gateAction.SetSelected(set.GateAction)
	s.gateCmd.SetText(set.GateCommandLine)
	s.gateURL.SetText(set.GateURL)
	s.gatePort.SetText(set.GatePort)
	s.gateRelay.SetSelected(set.GateRelay)
	s.gateChannel.SetText(strconv.Itoa(set.GateChannel))
	s.gatePulse.SetText(strconv.Itoa(set.GatePulseMillis))
	s.gateMsg.SetText(k.st.gateErr)
	s.logFile.SetText(set.LogFile)
	s.witness.SetText(set.WitnessFile)
	s.refreshLogInfo(k)
	s.pendingPEMs = append([]string(nil), set.Anchors...)
	s.trustMsg.SetText("")
	s.anchorMsg.SetText("")
	s.pinMsg.SetText("")
	s.logMsg.SetText("")
	s.refreshTrust(k)
	s.refreshAnchors(k)
	if set.PIN == nil {
		s.note.SetText("No PIN set: anyone can open admin. Set one in the PIN tab.")
	} else {
		s.note.SetText("")
	}
	s.saved = s.snapshot()
	k.show(screenAdmin)
}

// snapshot is the settings forms' content, to tell unsaved edits.
func (s *adminScreen) snapshot() string {
	var b strings.Builder
	for _, e := range []*scanEntry{s.venue, s.gate, s.zone, s.event, s.passback, s.verdictSecs, s.staleGrace,
		s.staffIssuers, s.rejectClear, s.trustInbox, s.photoDir, s.baud, s.gateCmd, s.gateURL, s.gateChannel, s.gatePulse,
		s.logFile, s.witness} {
		b.WriteString(e.Text + "\x00")
	}
	for _, e := range []*widget.SelectEntry{s.scannerDevice, s.camera, s.gatePort} {
		b.WriteString(e.Text + "\x00")
	}
	fmt.Fprint(&b, s.types.Selected, s.passbackMode.Selected, s.direction.Selected, s.fullscreen.Checked,
		s.kiosk.Checked, s.staffPassback.Selected, s.sound.Checked, s.volume.Value, s.scannerMode.Selected, s.gateAction.Selected, s.gateRelay.Selected)
	return b.String()
}

// close leaves admin; with unsaved edits it asks first.
func (s *adminScreen) close(k *kiosk) {
	if s.snapshot() == s.saved {
		k.show(screenReady)
		return
	}
	s.confirm = dialog.NewConfirm("Unsaved changes", "Close admin without saving your changes?", func(ok bool) {
		if ok {
			k.show(screenReady)
		}
	}, k.win)
	s.confirm.SetConfirmText("Discard changes")
	s.confirm.SetDismissText("Keep editing")
	s.confirm.Show()
}

// quit asks before stopping the kiosk: the gate then checks nothing.
func (s *adminScreen) quit(k *kiosk) {
	s.confirm = dialog.NewConfirm("Quit the kiosk?", "The gate checks no codes until the kiosk is started again.", func(ok bool) {
		if ok {
			k.app.Quit()
		}
	}, k.win)
	s.confirm.SetConfirmText("Quit")
	s.confirm.SetDismissText("Cancel")
	s.confirm.Show()
}

// save validates the forms and applies and stores the settings.
func (s *adminScreen) save(k *kiosk) {
	set := k.st.settings
	set.Venue = strings.TrimSpace(s.venue.Text)
	set.Gate = strings.TrimSpace(s.gate.Text)
	set.Zone = strings.TrimSpace(s.zone.Text)
	set.Event = strings.TrimSpace(s.event.Text)
	set.Types = nil
	for i, o := range typeOptions {
		for _, sel := range s.types.Selected {
			if sel == o {
				set.Types = append(set.Types, verifier.Type(i+1))
			}
		}
	}
	if len(set.Types) == 0 {
		s.note.SetText("Accept at least one kind of credential.")
		return
	}
	if len(set.Types) == len(typeOptions) {
		set.Types = nil
	}
	pb, err := strconv.Atoi(strings.TrimSpace(s.passback.Text))
	if err != nil || pb < 0 || pb > 7*24*60 {
		s.note.SetText("Passback window: give minutes from 0 to 10080 (a week).")
		return
	}
	mode := passbackMode(s.passbackMode.Selected)
	if mode == "" {
		s.note.SetText("Choose an anti-passback mode.")
		return
	}
	secs, err := strconv.Atoi(strings.TrimSpace(s.verdictSecs.Text))
	if err != nil || secs < 1 || secs > 60 {
		s.note.SetText("Verdict time: give 1 to 60 seconds.")
		return
	}
	grace, err := strconv.Atoi(strings.TrimSpace(s.staleGrace.Text))
	if err != nil || grace < 1 || grace > 30*24 {
		s.note.SetText("Out-of-date list: give 1 to 720 hours.")
		return
	}
	set.StaleGraceHours = grace
	clear, err := strconv.Atoi(strings.TrimSpace(s.rejectClear.Text))
	if err != nil || clear < 0 || clear > 600 {
		s.note.SetText("Red verdict: give 0 (until dismissed) to 600 seconds.")
		return
	}
	set.RejectClearSeconds = clear
	set.TrustInbox = strings.TrimSpace(s.trustInbox.Text)
	set.PhotoDir = strings.TrimSpace(s.photoDir.Text)
	set.StaffIssuers = nil
	for _, f := range strings.FieldsFunc(s.staffIssuers.Text, func(r rune) bool { return r == ',' || r == ' ' }) {
		set.StaffIssuers = append(set.StaffIssuers, f)
	}
	baud, err := strconv.Atoi(strings.TrimSpace(s.baud.Text))
	if err != nil || baud <= 0 {
		baud = scan.DefaultBaud
	}
	if s.kiosk.Checked && set.PIN == nil {
		s.note.SetText("Set a PIN before turning on kiosk mode.")
		return
	}
	set.PassbackMode, set.PassbackMinutes, set.VerdictSeconds = mode, pb, secs
	byType := maps.Clone(set.PassbackByType)
	delete(byType, "employee")
	if i := slices.Index(staffPassbackLabels, s.staffPassback.Selected); i > 0 {
		if byType == nil {
			byType = map[string]string{}
		}
		byType["employee"] = staffPassbackModes[i]
	}
	set.PassbackByType = byType
	set.Direction = s.direction.Selected
	set.GateAction = s.gateAction.Selected
	set.GateCommandLine = strings.TrimSpace(s.gateCmd.Text)
	set.GateURL = strings.TrimSpace(s.gateURL.Text)
	set.GatePort = strings.TrimSpace(s.gatePort.Text)
	set.GateRelay = s.gateRelay.Selected
	if set.GateChannel, err = strconv.Atoi(strings.TrimSpace(s.gateChannel.Text)); err != nil && set.GateRelay == relayLCUS {
		s.note.SetText("Relay channel: give 1 to 8.")
		return
	}
	if set.GatePulseMillis, err = strconv.Atoi(strings.TrimSpace(s.gatePulse.Text)); err != nil || set.GatePulseMillis <= 0 || set.GatePulseMillis > 10_000 {
		if set.GateAction == gateSerial {
			s.note.SetText("Pulse: give 1 to 10000 milliseconds.")
			return
		}
		set.GatePulseMillis = k.st.settings.GatePulseMillis
	}
	if _, err := gateActionOf(set); err != nil {
		s.note.SetText("Turnstile: " + errorSentence(err) + ".")
		return
	}
	set.LogFile = strings.TrimSpace(s.logFile.Text)
	set.WitnessFile = strings.TrimSpace(s.witness.Text)
	set.Sound, set.Fullscreen, set.Kiosk = s.sound.Checked, s.fullscreen.Checked, s.kiosk.Checked
	set.Volume = int(s.volume.Value)
	set.Scanner, set.ScannerDevice, set.SerialBaud = s.scannerMode.Selected, strings.TrimSpace(s.scannerDevice.Text), baud
	set.Camera = strings.TrimSpace(s.camera.Text)
	if set.Camera == "none" {
		set.Camera = ""
	}
	logMoved := set.LogFile != k.st.settings.LogFile || set.WitnessFile != k.st.settings.WitnessFile
	if err := k.applySettings(set); err != nil {
		s.note.SetText("Not saved: " + err.Error())
		return
	}
	s.gateMsg.SetText(k.st.gateErr)
	s.saved = s.snapshot()
	if k.st.passbackErr != "" {
		s.note.SetText("Saved, but anti-passback is unchanged: " + k.st.passbackErr)
		return
	}
	if logMoved {
		s.note.SetText("Saved. The new log or witness file is used from the next start.")
		return
	}
	s.note.SetText("Saved.")
}

// Anti-passback modes as the admin screen names them.
var passbackLabels = []string{
	"off",
	"hard: refuse a second entry",
	"soft: warn (amber) on a second entry",
	"timed: refuse a second entry within the window",
	"single-entry: a ticket is admitted once",
}

func passbackLabel(mode string) string {
	for i, m := range passbackModes {
		if m == mode {
			return passbackLabels[i]
		}
	}
	return ""
}

func passbackMode(label string) string {
	for i, l := range passbackLabels {
		if l == label {
			return passbackModes[i]
		}
	}
	return ""
}

// applySettings stores new settings and puts them to work. A gate
// action that cannot work is refused before anything is stored; an
// anti-passback rule the log could not take is kept in st.passbackErr.
func (k *kiosk) applySettings(set Settings) error {
	if _, err := gateActionOf(set); err != nil {
		return err
	}
	if err := saveSettings(k.opts.ConfigDir, set); err != nil {
		return err
	}
	set.normalize()
	old := k.st.settings
	k.st.settings = set
	k.rebuildEngine()
	k.st.passbackErr = ""
	if !passbackOf(old).equal(passbackOf(set)) {
		if err := k.log.SetPassback(passbackOf(set)); err != nil {
			k.st.passbackErr = err.Error()
		}
	}
	if gateKey(old) != gateKey(set) {
		k.st.gateErr = ""
		if err := k.setGate(set); err != nil {
			k.st.gateErr = err.Error()
		}
	}
	if set.Sound != old.Sound || set.Volume != old.Volume {
		k.setSound(set.Sound)
	}
	k.applyWindow()
	if !k.opts.noDevices && (old.Scanner != set.Scanner || old.ScannerDevice != set.ScannerDevice ||
		old.SerialBaud != set.SerialBaud || old.Camera != set.Camera) {
		k.stopDevices()
		k.startDevices()
	}
	k.refreshStatus()
	return nil
}

func (s *adminScreen) browse(k *kiosk, exts []string, into *scanEntry) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		into.SetText(r.URI().Path())
		r.Close()
	}, k.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// refreshTrust describes the list in use.
func (s *adminScreen) refreshTrust(k *kiosk) {
	l := k.st.list
	if l == nil {
		s.trustInfo.SetText(k.st.listErr + ". Every code is refused until a trust list is loaded.")
		return
	}
	now := k.now()
	state := "current"
	switch {
	case l.Expired(now):
		state = "EXPIRED: every code is refused"
	case l.Stale(now):
		state = "out of date (past its next update): verdicts are amber"
	}
	s.trustInfo.SetText(fmt.Sprintf("%s: seq %d, signed %s, next update %s, expires %s; %s, %d revoked; %s.",
		k.st.settings.TrustListName, l.Seq, l.IssuedAt.Local().Format("2 Jan 2006 15:04"),
		l.NextUpdate.Local().Format("2 Jan 2006 15:04"), l.Expires.Local().Format("2 Jan 2006 15:04"),
		plural(len(l.Issuers), "issuer"), len(l.Revoked), state))
}

// trustLoad is the result of loading a trust list file off the UI
// goroutine.
type trustLoad struct {
	name string
	list *trustlist.List
	data []byte
	msg  string
}

// loadTrustList loads the file named in the path entry through the pinned
// anchors and the rollback guard, off the UI goroutine.
func (s *adminScreen) loadTrustList(k *kiosk) {
	path, ok := required(s.trustPath, s.trustMsg, "Give the trust list file (Browse…).")
	if !ok {
		return
	}
	cur := k.st.list
	anchors := append([]string(nil), k.st.settings.Anchors...)
	dir := k.opts.ConfigDir
	now := k.now()
	s.trustMsg.SetText("Loading " + filepath.Base(path) + "…")
	go func() {
		k.uiTrustLoaded(loadTrustFile(path, anchors, dir, cur, now))
	}()
}

// loadTrustFile reads and checks a trust list file; on success it becomes
// the stored list.
func loadTrustFile(path string, anchorPEMs []string, dir string, cur *trustlist.List, now time.Time) trustLoad {
	r := trustLoad{name: filepath.Base(path)}
	data, err := readCapped(path, trustlist.MaxFileSize)
	if err != nil {
		r.msg = "Cannot read the file: " + err.Error()
		return r
	}
	keys, err := anchorKeys(anchorPEMs)
	if err != nil {
		r.msg = err.Error()
		return r
	}
	if len(keys) == 0 {
		r.msg = "Refused: no trust anchor is pinned. Pin the anchor key first."
		return r
	}
	cand, _ := trustlist.Parse(data, keys)
	if cand != nil && cand.Expired(now) {
		// Signed and newer maybe, but useless: with it every code would
		// be refused. Checked before the rollback guard records its seq.
		r.msg = fmt.Sprintf("Refused: this trust list (seq %d) expired %s. Ask for a new one.", cand.Seq, day(cand.Expires, now))
		return r
	}
	// Store the list first, then record its seq in the rollback state: a
	// list recorded but not stored would have the next start refuse the
	// stored (older) one as a rollback. The guard checks and records into
	// a copy of the state, which replaces the state once the list is
	// stored.
	statePath := filepath.Join(dir, trustStateFile)
	next, err := copyState(statePath)
	if err != nil {
		r.msg = "Cannot read the trust list state: " + err.Error()
		return r
	}
	defer os.Remove(next)
	l, err := trustlist.Load(data, keys, trustlist.StateFile(next))
	if err != nil {
		r.msg = trustListError(err, cand, cur)
		return r
	}
	if err := writeAtomic(filepath.Join(dir, trustListFile), data, 0o600); err != nil {
		r.msg = "Checked, but cannot store it: " + err.Error()
		return r
	}
	if err := os.Rename(next, statePath); err != nil {
		r.msg = "Stored, but its seq could not be recorded for the rollback guard: " + err.Error()
		return r
	}
	r.list, r.data = l, data
	return r
}

// copyState copies the rollback state file, if any, to a new file beside
// it and returns its name (a name that does not exist yet when there is no
// state).
func copyState(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".next-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		f.Close()
		return name, os.Remove(name)
	case err != nil:
		f.Close()
		os.Remove(name)
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// trustLoaded puts a loaded list to work (UI goroutine).
func (k *kiosk) trustLoaded(r trustLoad) {
	if r.list == nil {
		k.admin.trustMsg.Importance = widget.DangerImportance
		k.admin.trustMsg.SetText(r.msg)
		return
	}
	k.admin.trustMsg.Importance = widget.SuccessImportance
	staleNote := ""
	if now := k.now(); r.list.Stale(now) {
		// Loaded, since it is the newest there is, but not a success.
		k.admin.trustMsg.Importance = widget.WarningImportance
		staleNote = fmt.Sprintf(" But it is already out of date: it was due to be replaced %s (%s ago). Ask for a newer list.",
			day(r.list.NextUpdate, now), roughly(now.Sub(r.list.NextUpdate)))
	}
	k.st.list, k.st.listErr = r.list, ""
	set := k.st.settings
	set.TrustListName = r.name
	if err := k.applySettings(set); err != nil {
		k.admin.trustMsg.SetText("Loaded, but the settings were not saved: " + err.Error())
	} else {
		k.admin.trustMsg.SetText(fmt.Sprintf("Loaded %s: seq %d, %s, %d revoked.", r.name, r.list.Seq, plural(len(r.list.Issuers), "issuer"), len(r.list.Revoked)) + staleNote)
	}
	k.admin.refreshTrust(k)
}

// refreshAnchors lists the pinned anchors by kid.
func (s *adminScreen) refreshAnchors(k *kiosk) {
	s.anchorList.RemoveAll()
	if len(k.st.settings.Anchors) == 0 {
		s.anchorList.Add(widget.NewLabel("None: no trust list can be loaded."))
	}
	for i, p := range k.st.settings.Anchors {
		label := "unreadable key"
		if pub, err := issuer.ParsePublicKey([]byte(p)); err == nil {
			label = anchorLabel(pub)
		}
		i := i
		remove := widget.NewButtonWithIcon("Unpin", theme.DeleteIcon(), func() { s.unpinAnchor(k, i) })
		s.anchorList.Add(container.NewBorder(nil, nil, nil, remove, widget.NewLabel(label)))
	}
}

func anchorLabel(pub crypto.PublicKey) string {
	kid, err := issuer.KeyID(pub)
	if err != nil {
		return "unusable key"
	}
	alg, _ := issuer.AlgOf(pub)
	return fmt.Sprintf("kid %s  (%s)", hex.EncodeToString(kid), alg)
}

// pinAnchor adds the key file in the anchor entry to the pinned anchors.
func (s *adminScreen) pinAnchor(k *kiosk) {
	path := strings.TrimSpace(s.anchorPath.Text)
	data, err := readCapped(path, 1<<20)
	if err != nil {
		s.anchorMsg.SetText("Cannot read the key: " + err.Error())
		return
	}
	pub, err := issuer.ParsePublicKey(data)
	if err != nil {
		s.anchorMsg.SetText("Not a public key this kiosk can use: " + err.Error())
		return
	}
	kid, _ := issuer.KeyID(pub)
	for _, p := range k.st.settings.Anchors {
		if q, err := issuer.ParsePublicKey([]byte(p)); err == nil {
			if qk, _ := issuer.KeyID(q); bytes.Equal(qk, kid) {
				s.anchorMsg.SetText("This anchor is already pinned.")
				return
			}
		}
	}
	pemData, err := issuer.MarshalPublicKey(pub)
	if err != nil {
		s.anchorMsg.SetText(err.Error())
		return
	}
	set := k.st.settings
	set.Anchors = append(append([]string(nil), set.Anchors...), string(pemData))
	if err := k.applySettings(set); err != nil {
		s.anchorMsg.SetText("Not saved: " + err.Error())
		return
	}
	s.anchorMsg.SetText("Pinned " + anchorLabel(pub) + ".")
	s.refreshAnchors(k)
}

func (s *adminScreen) unpinAnchor(k *kiosk, i int) {
	set := k.st.settings
	if i >= len(set.Anchors) {
		return
	}
	set.Anchors = append(append([]string(nil), set.Anchors[:i]...), set.Anchors[i+1:]...)
	if err := k.applySettings(set); err != nil {
		s.anchorMsg.SetText("Not saved: " + err.Error())
		return
	}
	s.anchorMsg.SetText("Unpinned. The list in use stays until restart; lists signed by that anchor can no longer be loaded.")
	s.refreshAnchors(k)
}

// findDevices fills the device choices.
func (s *adminScreen) findDevices(k *kiosk) {
	var opts []string
	switch s.scannerMode.Selected {
	case scannerDirect:
		devs, _ := scan.InputDevices()
		for _, d := range devs {
			opts = append(opts, d.Path)
		}
	case scannerSerial:
		opts, _ = scan.SerialPorts()
	}
	s.scannerDevice.SetOptions(opts)
	cams := []string{"none"}
	list, _ := scan.Cameras()
	for _, c := range list {
		cams = append(cams, c.Path)
	}
	s.camera.SetOptions(cams)
	s.note.SetText(fmt.Sprintf("Found %d scanner devices and %d cameras.", len(opts), len(cams)-1))
}

// refreshLogInfo names the log file, the kiosk and its key.
func (s *adminScreen) refreshLogInfo(k *kiosk) {
	cl := k.log
	info := fmt.Sprintf("Check-in log %s, kiosk %s", cl.Path(), cl.KioskID())
	if pub, err := issuer.LoadPublicKey(filepath.Join(k.opts.ConfigDir, kioskPubFile)); err == nil {
		info += ", checkpoints signed by " + anchorLabel(pub) + " (" + kioskPubFile + ")"
	}
	s.logInfo.SetText(info + ".")
}

// refreshLog shows the latest verdicts.
func (s *adminScreen) refreshLog(k *kiosk) {
	entries := k.log.Recent(200)
	if len(entries) == 0 {
		s.logText.SetText("No scans yet.")
		return
	}
	var b strings.Builder
	for _, e := range entries {
		verdict := "IN     "
		switch {
		case e.Kind == "annul":
			verdict = "ANNUL  "
		case e.Kind == "gate" && e.Accepted:
			verdict = "GATE ok"
		case e.Kind == "gate":
			verdict = "GATE !!"
		case !e.Accepted:
			verdict = "REFUSED"
		}
		fmt.Fprintf(&b, "%s  %s  %-22s  %-20s  %s\n", e.Time.Local().Format("02 Jan 15:04:05"), verdict,
			clip(e.Name, 22), clip(string(e.Reason)+" "+strings.Join(e.Warnings, " "), 20), e.Gate)
	}
	s.logText.SetText(b.String())
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// required is the trimmed text of the entry e; when there is none, it asks
// for it in msg.
func required(e *scanEntry, msg *widget.Label, ask string) (string, bool) {
	text := strings.TrimSpace(e.Text)
	if text == "" {
		msg.SetText(ask)
		return "", false
	}
	return text, true
}

// exportCSV writes the log as CSV into the chosen folder.
func (s *adminScreen) exportCSV(k *kiosk) {
	dir, ok := required(s.exportDir, s.logMsg, "Give a folder, e.g. the USB stick.")
	if !ok {
		return
	}
	path, err := exportLog(k.log, dir, k.now())
	if err != nil {
		s.logMsg.SetText("Not exported: " + err.Error())
		return
	}
	s.logMsg.SetText("Exported to " + path)
}

// exportLog writes the log into a new CSV file in dir: the check-in log's
// own export, every record with its ID and hash.
func exportLog(l *checkinLog, dir string, now time.Time) (string, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", errors.New(dir + " is not a folder")
	}
	path := filepath.Join(dir, "venuepass-log-"+now.Local().Format("20060102-150405")+".csv")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", err
	}
	if err = l.ExportCSV(context.Background(), f); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

// setPIN changes the admin PIN.
func (s *adminScreen) setPIN(k *kiosk) {
	p1, p2 := s.pin1.Text, s.pin2.Text
	s.pin1.SetText("")
	s.pin2.SetText("")
	if p1 != p2 {
		s.pinMsg.SetText("The two PINs differ.")
		return
	}
	for _, r := range p1 {
		if r < '0' || r > '9' {
			s.pinMsg.SetText("Use digits only, so the on-screen keypad can type it.")
			return
		}
	}
	h, err := hashPIN(p1)
	if err != nil {
		s.pinMsg.SetText(errorSentence(err) + ".")
		return
	}
	set := k.st.settings
	set.PIN = h
	if err := k.applySettings(set); err != nil {
		s.pinMsg.SetText("Not saved: " + err.Error())
		return
	}
	if len(p1) < recommendedPINLength {
		s.pinMsg.SetText(fmt.Sprintf("PIN set. A PIN of %d or more digits is recommended: a short one is guessed sooner.", recommendedPINLength))
	} else {
		s.pinMsg.SetText("PIN set.")
	}
	s.note.SetText("")
}
