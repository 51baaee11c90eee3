package gui

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/venuepass/venuepass/gui/scan"
	"github.com/venuepass/venuepass/verifier"
)

// The admin screen is a tab per part of the settings, each a small type
// built like the verdict screen: a constructor that builds its widgets,
// load that fills them from the settings, collect that reads them back into
// the settings (what the form cannot say is left to Settings.Validate,
// which needs no window), and snapshot, the form's content, to tell unsaved
// edits. Buttons that act at once (load a list, pin an anchor, export the
// log, set the PIN) are adminScreen's methods in admin.go.

// entry is a text entry of the admin forms that still hears the scanner.
func entry(k *kiosk, placeholder string) *scanEntry {
	e := newScanEntry(k)
	e.SetPlaceHolder(placeholder)
	return e
}

// withUnit puts a unit after an entry: "[ 12 ] seconds".
func withUnit(o fyne.CanvasObject, unit string) fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, widget.NewLabel(unit), o)
}

// snapshotOf writes the texts of entries, one after another.
func snapshotOf(b *strings.Builder, texts ...string) {
	for _, t := range texts {
		b.WriteString(t + "\x00")
	}
}

// gateTab: the gate, what it accepts, anti-passback, language, screen and
// sound.
type gateTab struct {
	root                      fyne.CanvasObject
	venue, gate, zone, event  *scanEntry
	types                     *widget.CheckGroup
	passbackMode              *widget.Select
	staffPassback             *widget.Select
	passback, verdictSecs     *scanEntry
	staleGrace                *scanEntry
	staffIssuers, rejectClear *scanEntry
	trustInbox, photoDir      *scanEntry
	photoInbox                *scanEntry
	direction                 *widget.RadioGroup
	language                  *widget.Select
	fullscreen, kiosk, sound  *widget.Check
	volume                    *widget.Slider
	soundMsg                  *widget.Label
}

func newGateTab(k *kiosk) *gateTab {
	g := &gateTab{}
	g.venue, g.gate, g.zone, g.event = entry(k, tr().T("admin.ph.venue")), entry(k, tr().T("admin.ph.gate")),
		entry(k, tr().T("admin.ph.zone")), entry(k, tr().T("admin.ph.event"))
	g.types = widget.NewCheckGroup(typeOptions, nil)
	// One per row: side by side they make the form wider than a 800x480
	// panel.
	g.types.Horizontal = false
	g.passbackMode = widget.NewSelect(passbackLabels, nil)
	g.staffPassback = widget.NewSelect(staffPassbackLabels, nil)
	g.passback = entry(k, tr().T("admin.ph.minutes"))
	g.direction = widget.NewRadioGroup(directionChoices.labels(), nil)
	g.direction.Horizontal = true
	g.language = widget.NewSelect(languageOptions(), nil)
	g.verdictSecs = entry(k, tr().T("admin.ph.seconds"))
	g.staleGrace = entry(k, tr().T("admin.ph.hours"))
	g.staffIssuers = entry(k, tr().T("admin.ph.staff_issuers"))
	g.rejectClear = entry(k, tr().T("admin.ph.reject_clear"))
	g.trustInbox = entry(k, tr().T("admin.ph.inbox"))
	g.photoDir = entry(k, tr().T("admin.ph.photos"))
	g.photoInbox = entry(k, tr().T("admin.ph.photo_inbox"))
	g.sound = widget.NewCheck(tr().T("admin.sounds"), nil)
	g.volume = widget.NewSlider(10, 100)
	g.volume.Step = 10
	g.soundMsg = wrapped(widget.NewLabel(""))
	testSound := widget.NewButtonWithIcon(tr().T("admin.test_sound"), theme.MediaPlayIcon(), func() {
		g.soundMsg.SetText(tr().T("admin.sound_playing"))
		k.testSound(func(err error) {
			if err != nil {
				g.soundMsg.Importance = widget.DangerImportance
				g.soundMsg.SetText(tr().T("admin.sound_failed", vars{"Error": soundErrText(err)}))
				return
			}
			g.soundMsg.Importance = widget.SuccessImportance
			g.soundMsg.SetText(tr().T("admin.sound_played"))
		})
	})
	g.fullscreen = widget.NewCheck(tr().T("admin.fullscreen"), nil)
	g.kiosk = widget.NewCheck(tr().T("admin.kiosk_mode"), nil)
	g.root = widget.NewForm(
		widget.NewFormItem(tr().T("admin.venue"), g.venue),
		widget.NewFormItem(tr().T("admin.gate_name"), g.gate),
		widget.NewFormItem(tr().T("admin.zone"), g.zone),
		widget.NewFormItem(tr().T("admin.event"), g.event),
		widget.NewFormItem(tr().T("admin.accepted"), g.types),
		widget.NewFormItem(tr().T("admin.passback"), g.passbackMode),
		widget.NewFormItem(tr().T("admin.staff_badges"), g.staffPassback),
		widget.NewFormItem(tr().T("admin.passback_window"), container.NewVBox(g.passback,
			wrapped(widget.NewLabel(tr().T("admin.passback_help"))))),
		widget.NewFormItem(tr().T("admin.language"), container.NewVBox(g.language,
			wrapped(widget.NewLabel(tr().T("admin.language_help"))))),
		widget.NewFormItem(tr().T("admin.direction"), container.NewVBox(g.direction,
			wrapped(widget.NewLabel(tr().T("admin.direction_help"))))),
		widget.NewFormItem(tr().T("admin.verdict_for"), withUnit(g.verdictSecs, tr().T("admin.unit_seconds"))),
		widget.NewFormItem(tr().T("admin.staff_issuers"), g.staffIssuers),
		widget.NewFormItem(tr().T("admin.trust_inbox"), g.trustInbox),
		widget.NewFormItem(tr().T("admin.photo_folder"), g.photoDir),
		widget.NewFormItem(tr().T("admin.photo_inbox"), g.photoInbox),
		widget.NewFormItem(tr().T("admin.reject_clear"), withUnit(g.rejectClear, tr().T("admin.unit_seconds"))),
		widget.NewFormItem(tr().T("admin.stale_grace"), withUnit(g.staleGrace, tr().T("admin.stale_grace_unit"))),
		widget.NewFormItem(tr().T("admin.screen"), container.NewVBox(container.NewHBox(g.sound, g.fullscreen), g.kiosk)),
		widget.NewFormItem(tr().T("admin.volume"), container.NewBorder(nil, nil, nil, testSound, g.volume)),
		widget.NewFormItem("", g.soundMsg),
	)
	return g
}

func (g *gateTab) load(set Settings) {
	g.venue.SetText(set.Venue)
	g.gate.SetText(set.Gate)
	g.zone.SetText(set.Zone)
	g.event.SetText(set.Event)
	var sel []string
	for _, t := range set.Types {
		if t >= verifier.Employee && t <= verifier.Certificate {
			sel = append(sel, typeOptions[t-1])
		}
	}
	if len(set.Types) == 0 {
		sel = typeOptions
	}
	g.types.SetSelected(sel)
	g.passbackMode.SetSelected(passbackLabel(set.PassbackMode))
	g.staffPassback.SetSelected(staffPassbackLabels[0])
	for i, m := range staffPassbackModes {
		if m != "" && set.PassbackByType["employee"] == m {
			g.staffPassback.SetSelected(staffPassbackLabels[i])
		}
	}
	g.passback.SetText(strconv.Itoa(set.PassbackMinutes))
	g.direction.SetSelected(directionChoices.label(set.Direction))
	g.language.SetSelected(languageOption(set.Language))
	g.verdictSecs.SetText(strconv.Itoa(set.VerdictSeconds))
	g.staleGrace.SetText(strconv.Itoa(set.StaleGraceHours))
	g.staffIssuers.SetText(strings.Join(set.StaffIssuers, ", "))
	g.rejectClear.SetText(strconv.Itoa(set.RejectClearSeconds))
	g.trustInbox.SetText(set.TrustInbox)
	g.photoDir.SetText(set.PhotoDir)
	g.photoInbox.SetText(set.PhotoInbox)
	g.sound.SetChecked(set.Sound)
	g.volume.SetValue(float64(set.Volume))
	g.soundMsg.SetText("")
	g.fullscreen.SetChecked(set.Fullscreen)
	g.kiosk.SetChecked(set.Kiosk)
}

// collect reads the tab into set; numbers it cannot read are -1, for
// Validate. With no type of code accepted, it says so.
func (g *gateTab) collect(set *Settings) error {
	set.Venue = strings.TrimSpace(g.venue.Text)
	set.Gate = strings.TrimSpace(g.gate.Text)
	set.Zone = strings.TrimSpace(g.zone.Text)
	set.Event = strings.TrimSpace(g.event.Text)
	set.Types = nil
	for i, o := range typeOptions {
		if slices.Contains(g.types.Selected, o) {
			set.Types = append(set.Types, verifier.Type(i+1))
		}
	}
	if len(set.Types) == 0 {
		return errors.New(tr().T("admin.err.types"))
	}
	if len(set.Types) == len(typeOptions) {
		set.Types = nil
	}
	set.PassbackMode = passbackMode(g.passbackMode.Selected)
	set.PassbackMinutes = formInt(g.passback.Text)
	set.VerdictSeconds = formInt(g.verdictSecs.Text)
	set.StaleGraceHours = formInt(g.staleGrace.Text)
	set.RejectClearSeconds = formInt(g.rejectClear.Text)
	set.TrustInbox = strings.TrimSpace(g.trustInbox.Text)
	set.PhotoDir = strings.TrimSpace(g.photoDir.Text)
	set.PhotoInbox = strings.TrimSpace(g.photoInbox.Text)
	set.StaffIssuers = nil
	for _, f := range strings.FieldsFunc(g.staffIssuers.Text, func(r rune) bool { return r == ',' || r == ' ' }) {
		set.StaffIssuers = append(set.StaffIssuers, f)
	}
	set.Kiosk = g.kiosk.Checked
	byType := maps.Clone(set.PassbackByType)
	delete(byType, "employee")
	if i := slices.Index(staffPassbackLabels, g.staffPassback.Selected); i > 0 {
		if byType == nil {
			byType = map[string]string{}
		}
		byType["employee"] = staffPassbackModes[i]
	}
	set.PassbackByType = byType
	set.Direction = directionChoices.value(g.direction.Selected)
	set.Language = languageOf(g.language.Selected)
	set.Sound, set.Fullscreen = g.sound.Checked, g.fullscreen.Checked
	set.Volume = int(g.volume.Value)
	return nil
}

func (g *gateTab) snapshot(b *strings.Builder) {
	snapshotOf(b, g.venue.Text, g.gate.Text, g.zone.Text, g.event.Text, g.passback.Text, g.verdictSecs.Text,
		g.staleGrace.Text, g.staffIssuers.Text, g.rejectClear.Text, g.trustInbox.Text, g.photoDir.Text, g.photoInbox.Text)
	fmt.Fprint(b, g.types.Selected, g.passbackMode.Selected, g.direction.Selected, g.language.Selected, g.fullscreen.Checked,
		g.kiosk.Checked, g.staffPassback.Selected, g.sound.Checked, g.volume.Value)
}

// trustTab: the trust list in use and the pinned anchors. Loading a list
// and pinning an anchor act at once; nothing here is saved with Save.
type trustTab struct {
	root       fyne.CanvasObject
	trustInfo  *widget.Label
	trustPath  *scanEntry
	trustMsg   *widget.Label
	anchorList *fyne.Container
	anchorPath *scanEntry
	anchorMsg  *widget.Label
}

func newTrustTab(k *kiosk, s *adminScreen) *trustTab {
	tt := &trustTab{trustInfo: wrapped(widget.NewLabel("")), trustMsg: wrapped(widget.NewLabel("")), anchorMsg: wrapped(widget.NewLabel("")),
		anchorList: container.NewVBox()}
	tt.trustPath = entry(k, "/media/usb/trust.vptl")
	browseList := widget.NewButtonWithIcon(tr().T("admin.browse"), theme.FolderOpenIcon(), func() {
		s.browse(k, []string{".vptl"}, tt.trustPath)
	})
	loadList := widget.NewButtonWithIcon(tr().T("admin.load_list"), theme.DownloadIcon(), func() { s.loadTrustList(k) })
	loadList.Importance = widget.HighImportance
	tt.anchorPath = entry(k, "/media/usb/anchor.pub")
	browseAnchor := widget.NewButtonWithIcon(tr().T("admin.browse"), theme.FolderOpenIcon(), func() {
		s.browse(k, []string{".pub", ".pem", ".crt"}, tt.anchorPath)
	})
	pinAnchor := widget.NewButtonWithIcon(tr().T("admin.pin_anchor"), theme.ContentAddIcon(), func() { s.pinAnchor(k) })
	tt.root = container.NewVBox(
		heading(tr().T("admin.list_in_use")), tt.trustInfo,
		container.NewBorder(nil, nil, nil, container.NewHBox(browseList, loadList), tt.trustPath),
		tt.trustMsg,
		widget.NewSeparator(),
		heading(tr().T("admin.anchors")), tt.anchorList,
		container.NewBorder(nil, nil, nil, container.NewHBox(browseAnchor, pinAnchor), tt.anchorPath),
		tt.anchorMsg,
	)
	return tt
}

// inputsTab: the scanner and the camera.
type inputsTab struct {
	root          fyne.CanvasObject
	scannerMode   *widget.RadioGroup
	scannerDevice *widget.SelectEntry
	baud          *scanEntry
	camera        *widget.SelectEntry
}

func newInputsTab(k *kiosk, s *adminScreen) *inputsTab {
	in := &inputsTab{}
	in.scannerMode = widget.NewRadioGroup(scannerChoices.labels(), nil)
	in.scannerMode.Horizontal = true
	in.scannerDevice = widget.NewSelectEntry(nil)
	in.scannerDevice.SetPlaceHolder(tr().T("admin.ph.scanner_device"))
	in.baud = entry(k, "9600")
	in.camera = widget.NewSelectEntry(nil)
	in.camera.SetPlaceHolder(tr().T("admin.ph.camera"))
	rescan := widget.NewButtonWithIcon(tr().T("admin.find_devices"), theme.SearchIcon(), func() { s.findDevices(k) })
	form := widget.NewForm(
		widget.NewFormItem(tr().T("admin.scanner_mode"), in.scannerMode),
		widget.NewFormItem(tr().T("admin.scanner_device"), in.scannerDevice),
		widget.NewFormItem(tr().T("admin.serial_speed"), in.baud),
		widget.NewFormItem(tr().T("admin.camera"), in.camera),
	)
	in.root = container.NewVBox(form, container.NewHBox(rescan), wrapped(widget.NewLabel(tr().T("admin.inputs_help"))))
	return in
}

func (in *inputsTab) load(set Settings) {
	in.scannerMode.SetSelected(scannerChoices.label(set.Scanner))
	in.scannerDevice.SetText(set.ScannerDevice)
	in.baud.SetText(strconv.Itoa(set.SerialBaud))
	in.camera.SetText(set.Camera)
}

func (in *inputsTab) collect(set *Settings) error {
	baud := formInt(in.baud.Text)
	if baud <= 0 {
		baud = scan.DefaultBaud
	}
	set.Scanner, set.ScannerDevice, set.SerialBaud = scannerChoices.value(in.scannerMode.Selected), strings.TrimSpace(in.scannerDevice.Text), baud
	set.Camera = strings.TrimSpace(in.camera.Text)
	if set.Camera == "none" || set.Camera == tr().T("admin.camera_none") {
		set.Camera = ""
	}
	return nil
}

func (in *inputsTab) snapshot(b *strings.Builder) {
	snapshotOf(b, in.baud.Text, in.scannerDevice.Text, in.camera.Text)
	fmt.Fprint(b, in.scannerMode.Selected)
}

// turnstileTab: how the gate is opened.
type turnstileTab struct {
	root        fyne.CanvasObject
	gateAction  *widget.RadioGroup
	gateCmd     *scanEntry
	gateURL     *scanEntry
	gatePort    *widget.SelectEntry
	gateRelay   *widget.Select
	gateChannel *scanEntry
	gatePulse   *scanEntry
	gateMsg     *widget.Label
}

func newTurnstileTab(k *kiosk) *turnstileTab {
	ts := &turnstileTab{gateMsg: wrapped(widget.NewLabel(""))}
	ts.gateAction = widget.NewRadioGroup(gateActionChoices.labels(), nil)
	ts.gateAction.Horizontal = true
	ts.gateCmd = entry(k, tr().T("admin.ph.gate_cmd"))
	ts.gateURL = entry(k, "http://192.168.1.50/open")
	ts.gatePort = widget.NewSelectEntry(nil)
	ts.gatePort.SetPlaceHolder("/dev/ttyUSB0")
	ts.gateRelay = widget.NewSelect(relayChoices.labels(), nil)
	ts.gateChannel = entry(k, tr().T("admin.ph.channel"))
	ts.gatePulse = entry(k, tr().T("admin.ph.ms"))
	findPorts := widget.NewButtonWithIcon(tr().T("admin.find_ports"), theme.SearchIcon(), func() {
		ports, _ := scan.SerialPorts()
		ts.gatePort.SetOptions(ports)
		ts.gateMsg.SetText(tr().T("admin.found_ports", vars{"N": len(ports)}))
	})
	form := widget.NewForm(
		widget.NewFormItem(tr().T("admin.gate_by"), ts.gateAction),
		widget.NewFormItem(tr().T("admin.command"), ts.gateCmd),
		widget.NewFormItem(tr().T("admin.controller_url"), ts.gateURL),
		widget.NewFormItem(tr().T("admin.serial_port"), container.NewBorder(nil, nil, nil, findPorts, ts.gatePort)),
		widget.NewFormItem(tr().T("admin.relay"), container.NewHBox(ts.gateRelay, widget.NewLabel(tr().T("admin.lcus_channel")), ts.gateChannel)),
		widget.NewFormItem(tr().T("admin.pulse"), withUnit(ts.gatePulse, tr().T("admin.unit_ms"))),
	)
	ts.root = container.NewVBox(form, ts.gateMsg, wrapped(widget.NewLabel(tr().T("admin.gate_help"))))
	return ts
}

func (ts *turnstileTab) load(set Settings, gateErr string) {
	ts.gateAction.SetSelected(gateActionChoices.label(set.GateAction))
	ts.gateCmd.SetText(set.GateCommandLine)
	ts.gateURL.SetText(set.GateURL)
	ts.gatePort.SetText(set.GatePort)
	ts.gateRelay.SetSelected(relayChoices.label(set.GateRelay))
	ts.gateChannel.SetText(strconv.Itoa(set.GateChannel))
	ts.gatePulse.SetText(strconv.Itoa(set.GatePulseMillis))
	ts.gateMsg.SetText(gateErr)
}

// collect reads the tab into set. A channel or pulse the form could not
// read is kept for Validate only where it matters (an LCUS channel, a
// serial pulse); elsewhere set's own value stays.
func (ts *turnstileTab) collect(set *Settings) error {
	set.GateAction = gateActionChoices.value(ts.gateAction.Selected)
	set.GateCommandLine = strings.TrimSpace(ts.gateCmd.Text)
	set.GateURL = strings.TrimSpace(ts.gateURL.Text)
	set.GatePort = strings.TrimSpace(ts.gatePort.Text)
	set.GateRelay = relayChoices.value(ts.gateRelay.Selected)
	if set.GateChannel = formInt(ts.gateChannel.Text); set.GateChannel < 0 && set.GateRelay != relayLCUS {
		set.GateChannel = 0
	}
	old := set.GatePulseMillis
	if set.GatePulseMillis = formInt(ts.gatePulse.Text); (set.GatePulseMillis <= 0 || set.GatePulseMillis > 10_000) && set.GateAction != gateSerial {
		set.GatePulseMillis = old
	}
	return nil
}

func (ts *turnstileTab) snapshot(b *strings.Builder) {
	snapshotOf(b, ts.gateCmd.Text, ts.gateURL.Text, ts.gateChannel.Text, ts.gatePulse.Text, ts.gatePort.Text)
	fmt.Fprint(b, ts.gateAction.Selected, ts.gateRelay.Selected)
}

// logTab: the check-in log, its files, the latest lines, CSV export and
// annulment.
type logTab struct {
	root      fyne.CanvasObject
	logInfo   *widget.Label
	logFile   *scanEntry
	witness   *scanEntry
	logText   *widget.Label
	exportDir *scanEntry
	logMsg    *widget.Label
}

func newLogTab(k *kiosk, s *adminScreen) *logTab {
	lt := &logTab{logInfo: wrapped(widget.NewLabel("")), logMsg: wrapped(widget.NewLabel("")), logText: widget.NewLabel("")}
	lt.logFile = entry(k, tr().T("admin.ph.log_file"))
	lt.witness = entry(k, tr().T("admin.ph.witness"))
	lt.logText.TextStyle.Monospace = true
	lt.exportDir = entry(k, tr().T("admin.ph.export_dir"))
	refresh := widget.NewButtonWithIcon(tr().T("admin.refresh"), theme.ViewRefreshIcon(), func() { s.refreshLog(k) })
	export := widget.NewButtonWithIcon(tr().T("admin.export_csv"), theme.DocumentSaveIcon(), func() { s.exportCSV(k) })
	annul := widget.NewButtonWithIcon(tr().T("verdict.annul"), theme.ContentUndoIcon(), func() { k.annulLast(k.adminAuthoriser(), false) })
	// The whole tab scrolls, the log lines with it: on a 800x480 panel
	// the settings above them take most of the height.
	lt.root = container.NewVScroll(container.NewVBox(lt.logInfo,
		widget.NewForm(widget.NewFormItem(tr().T("admin.log_file"), lt.logFile), widget.NewFormItem(tr().T("admin.witness_file"), lt.witness)),
		container.NewBorder(nil, nil, nil, container.NewHBox(refresh, export), lt.exportDir),
		container.NewHBox(annul), lt.logMsg, container.NewHScroll(lt.logText)))
	return lt
}

func (lt *logTab) load(set Settings) {
	lt.logFile.SetText(set.LogFile)
	lt.witness.SetText(set.WitnessFile)
	lt.logMsg.SetText("")
}

func (lt *logTab) collect(set *Settings) error {
	set.LogFile = strings.TrimSpace(lt.logFile.Text)
	set.WitnessFile = strings.TrimSpace(lt.witness.Text)
	return nil
}

func (lt *logTab) snapshot(b *strings.Builder) { snapshotOf(b, lt.logFile.Text, lt.witness.Text) }

// pinTab: the admin PIN, set at once with its own button.
type pinTab struct {
	root       fyne.CanvasObject
	pin1, pin2 *scanEntry
	pinMsg     *widget.Label
}

func newPINTab(k *kiosk, s *adminScreen) *pinTab {
	pt := &pinTab{pinMsg: wrapped(widget.NewLabel(""))}
	pt.pin1, pt.pin2 = entry(k, tr().T("admin.ph.new_pin", vars{"N": recommendedPINLength})), entry(k, tr().T("admin.ph.pin_again"))
	pt.pin1.Password, pt.pin2.Password = true, true
	setPIN := widget.NewButtonWithIcon(tr().T("admin.set_pin"), theme.ConfirmIcon(), func() { s.setPIN(k) })
	pt.root = container.NewVBox(heading(tr().T("admin.pin_heading")), pt.pin1, pt.pin2, container.NewHBox(setPIN), pt.pinMsg)
	return pt
}
