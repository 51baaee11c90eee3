package gui

import (
	"bytes"
	"context"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
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
	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/trustlist"
)

// adminScreen is the admin area: a tab per part of the settings
// (admin_tabs.go) under a bar with Save, Close and Quit. Save collects
// every tab into the settings, has Settings.Validate check them and
// applies them.
type adminScreen struct {
	*gateTab
	*trustTab
	*inputsTab
	*turnstileTab
	*logTab
	*pinTab

	// saveBtn is Save settings, for the layout tests.
	saveBtn *widget.Button
	root    fyne.CanvasObject
	tabs    *container.AppTabs
	note    *widget.Label
	// faults lists the faults with their technical detail.
	faults *widget.Label
	// saved is the forms' snapshot at open or the last save; confirm the
	// last question asked (tests).
	saved   string
	confirm *dialog.ConfirmDialog
}

// Anti-passback of staff badges (employee credentials), as admin offers it.
var (
	staffPassbackLabels = catalogueList("admin.staff_passback.", 3)
	staffPassbackModes  = []string{"", passbackOff, passbackSoft}
)

var typeOptions = catalogueList("admin.types.", 4)

func newAdminScreen(k *kiosk) *adminScreen {
	s := &adminScreen{}
	s.gateTab = newGateTab(k)
	s.trustTab = newTrustTab(k, s)
	s.inputsTab = newInputsTab(k, s)
	s.turnstileTab = newTurnstileTab(k)
	s.logTab = newLogTab(k, s)
	s.pinTab = newPINTab(k, s)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(tr().T("admin.tab.gate"), theme.HomeIcon(), container.NewVScroll(s.gateTab.root)),
		container.NewTabItemWithIcon(tr().T("admin.tab.trust"), theme.DocumentIcon(), container.NewVScroll(s.trustTab.root)),
		container.NewTabItemWithIcon(tr().T("admin.tab.inputs"), theme.ComputerIcon(), container.NewVScroll(s.inputsTab.root)),
		container.NewTabItemWithIcon(tr().T("admin.tab.turnstile"), theme.LoginIcon(), container.NewVScroll(s.turnstileTab.root)),
		container.NewTabItemWithIcon(tr().T("admin.tab.log"), theme.ListIcon(), s.logTab.root),
		container.NewTabItemWithIcon(tr().T("admin.tab.pin"), theme.AccountIcon(), container.NewVScroll(s.pinTab.root)),
	)
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t.Text == tr().T("admin.tab.log") {
			s.refreshLog(k)
		}
	}

	title := boldText(tr().T("ready.admin"), 30)
	s.note = widget.NewLabel("")
	s.note.Importance = widget.WarningImportance
	s.note.Wrapping = fyne.TextWrapWord
	s.note.Hide()
	save := widget.NewButtonWithIcon(tr().T("admin.save"), theme.DocumentSaveIcon(), func() { s.save(k) })
	save.Importance = widget.HighImportance
	done := widget.NewButtonWithIcon(tr().T("admin.close"), theme.CancelIcon(), func() { s.close(k) })
	quit := widget.NewButtonWithIcon(tr().T("admin.quit_app"), theme.LogoutIcon(), func() { s.quit(k) })
	quit.Importance = widget.DangerImportance
	// The bar with Save and Close stays at the top while the tab below
	// scrolls; the note wraps under it rather than widen the window.
	bar := container.NewHBox(title, layout.NewSpacer(), save, done, quit)
	s.faults = widget.NewLabel("")
	s.faults.Wrapping = fyne.TextWrapWord
	s.faults.Importance = widget.DangerImportance
	s.faults.Hide()
	s.saveBtn = save
	s.root = container.NewBorder(container.NewVBox(container.NewPadded(bar), s.note, s.faults), nil, nil, nil, container.NewPadded(s.tabs))
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
	b.WriteString(tr().T("admin.out_of_service"))
	for _, f := range fs {
		fmt.Fprintf(&b, "\n• %s (%s)", f.Cause, f.Detail)
	}
	s.faults.SetText(b.String())
	s.faults.Show()
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
	s.gateTab.load(set)
	s.inputsTab.load(set)
	s.turnstileTab.load(set, k.st.gateErr)
	s.logTab.load(set)
	s.refreshLogInfo(k)
	s.trustMsg.SetText("")
	s.anchorMsg.SetText("")
	s.pinMsg.SetText("")
	s.refreshTrust(k)
	s.refreshAnchors(k)
	if set.PIN == nil {
		s.setNote(tr().T("admin.no_pin"))
	} else {
		s.setNote("")
	}
	s.saved = s.snapshot()
	k.show(screenAdmin)
}

// snapshot is the settings forms' content, to tell unsaved edits.
func (s *adminScreen) snapshot() string {
	var b strings.Builder
	s.gateTab.snapshot(&b)
	s.inputsTab.snapshot(&b)
	s.turnstileTab.snapshot(&b)
	s.logTab.snapshot(&b)
	return b.String()
}

// collect reads every tab into a copy of set and validates the result
// (Settings.Validate): what Save would store.
func (s *adminScreen) collect(set Settings) (Settings, error) {
	for _, c := range []func(*Settings) error{s.gateTab.collect, s.inputsTab.collect, s.turnstileTab.collect, s.logTab.collect} {
		if err := c(&set); err != nil {
			return set, err
		}
	}
	return set, set.Validate()
}

// close leaves admin; with unsaved edits it asks first.
func (s *adminScreen) close(k *kiosk) {
	if s.snapshot() == s.saved {
		k.show(screenReady)
		return
	}
	s.confirm = dialog.NewConfirm(tr().T("admin.unsaved"), tr().T("admin.unsaved_question"), func(ok bool) {
		if ok {
			k.show(screenReady)
		}
	}, k.win)
	s.confirm.SetConfirmText(tr().T("admin.discard"))
	s.confirm.SetDismissText(tr().T("admin.keep_editing"))
	s.confirm.Show()
}

// quit asks before stopping the kiosk: the gate then checks nothing.
func (s *adminScreen) quit(k *kiosk) {
	s.confirm = dialog.NewConfirm(tr().T("admin.quit_title"), tr().T("admin.quit_question"), func(ok bool) {
		if ok {
			quit(k.app)
		}
	}, k.win)
	s.confirm.SetConfirmText(tr().T("admin.quit"))
	s.confirm.SetDismissText(tr().T("button.cancel"))
	s.confirm.Show()
}

// save collects the forms, validates them, and applies and stores the
// settings.
func (s *adminScreen) save(k *kiosk) {
	set, err := s.collect(k.st.settings)
	if err != nil {
		s.setNote(err.Error())
		return
	}
	logMoved := set.LogFile != k.st.settings.LogFile || set.WitnessFile != k.st.settings.WitnessFile
	langMoved := set.Language != k.st.settings.Language
	if err := k.applySettings(set); err != nil {
		s.setNote(tr().T("admin.not_saved", vars{"Error": err.Error()}))
		return
	}
	s.gateMsg.SetText(k.st.gateErr)
	s.saved = s.snapshot()
	if langMoved {
		// Every screen again, in the new language: s is replaced.
		k.setKioskLanguage(chooseLanguage("", set.Language, nil))
		s = k.admin
	}
	if k.st.passbackErr != "" {
		s.setNote(tr().T("admin.saved_passback", vars{"Error": k.st.passbackErr}))
		return
	}
	if langMoved {
		s.setNote(tr().T("admin.saved_language"))
		return
	}
	if logMoved {
		s.setNote(tr().T("admin.saved_restart"))
		return
	}
	s.setNote(tr().T("admin.saved"))
}

// Anti-passback modes as the admin screen names them.
var passbackLabels = catalogueList("admin.passback.", 5)

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
		k.ready.setPreview(nil) // the last frame of the camera stopped
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
		s.trustInfo.SetText(tr().T("admin.list_error", vars{"Error": k.st.listErr}))
		return
	}
	now := k.now()
	state := tr().T("admin.list_current")
	switch {
	case l.Expired(now):
		state = tr().T("admin.list_expired")
	case l.Stale(now) && !pastStaleGrace(l, k.st.settings, now):
		// Within the grace accepts stay green, as on the verdict screen.
		state = tr().T("admin.list_stale_grace", vars{"Until": tr().dayClock(staleGraceEnd(l, k.st.settings))})
	case l.Stale(now):
		state = tr().T("admin.list_stale")
	}
	s.trustInfo.SetText(tr().T("admin.list_info", vars{"Name": k.st.settings.TrustListName, "Seq": l.Seq, "Signed": tr().dayClock(l.IssuedAt),
		"Next": tr().dayClock(l.NextUpdate), "Expires": tr().dayClock(l.Expires),
		"Issuers": len(l.Issuers), "Revoked": len(l.Revoked), "State": state}))
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
	path, ok := required(s.trustPath, s.trustMsg, tr().T("admin.err.list_file"))
	if !ok {
		return
	}
	cur := k.st.list
	anchors := append([]string(nil), k.st.settings.Anchors...)
	dir := k.opts.ConfigDir
	now := k.now()
	s.trustMsg.SetText(tr().T("admin.loading", vars{"File": filepath.Base(path)}))
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
		r.msg = tr().T("admin.err.read_file", vars{"Error": err.Error()})
		return r
	}
	keys, err := anchorKeys(anchorPEMs)
	if err != nil {
		r.msg = err.Error()
		return r
	}
	if len(keys) == 0 {
		r.msg = tr().T("trust.refused", vars{"Why": tr().T("trust.why.no_anchor")})
		return r
	}
	cand, _ := trustlist.Parse(data, keys)
	if cand != nil && cand.Expired(now) {
		// Signed and newer maybe, but useless: with it every code would
		// be refused. Checked before the rollback guard records its seq.
		r.msg = tr().T("trust.refused", vars{"Why": tr().T("trust.why.expired", vars{"Seq": cand.Seq, "Day": day(cand.Expires, now)})})
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
		r.msg = tr().T("admin.err.state", vars{"Error": err.Error()})
		return r
	}
	defer os.Remove(next)
	l, err := trustlist.Load(data, keys, trustlist.StateFile(next))
	if err != nil {
		r.msg = trustListError(err, cand, cur)
		return r
	}
	if err := writeAtomic(filepath.Join(dir, trustListFile), data, 0o600); err != nil {
		r.msg = tr().T("admin.err.store", vars{"Error": err.Error()})
		return r
	}
	if err := os.Rename(next, statePath); err != nil {
		r.msg = tr().T("admin.err.seq", vars{"Error": err.Error()})
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
		staleNote = " " + tr().T("admin.loaded_stale", vars{"Day": day(r.list.NextUpdate, now),
			"Ago": roughly(now.Sub(r.list.NextUpdate))})
	}
	k.st.list, k.st.listErr = r.list, ""
	set := k.st.settings
	set.TrustListName = r.name
	if err := k.applySettings(set); err != nil {
		k.admin.trustMsg.SetText(tr().T("admin.err.loaded_unsaved", vars{"Error": err.Error()}))
	} else {
		k.admin.trustMsg.SetText(tr().T("admin.loaded", vars{"Name": r.name, "Seq": r.list.Seq, "Issuers": len(r.list.Issuers), "Revoked": len(r.list.Revoked)}) + staleNote)
	}
	k.admin.refreshTrust(k)
}

// refreshAnchors lists the pinned anchors by kid.
func (s *adminScreen) refreshAnchors(k *kiosk) {
	s.anchorList.RemoveAll()
	if len(k.st.settings.Anchors) == 0 {
		s.anchorList.Add(widget.NewLabel(tr().T("admin.no_anchors")))
	}
	for i, p := range k.st.settings.Anchors {
		label := tr().T("admin.key_unreadable")
		if pub, err := issuer.ParsePublicKey([]byte(p)); err == nil {
			label = anchorLabel(pub)
		}
		i := i
		remove := widget.NewButtonWithIcon(tr().T("admin.unpin"), theme.DeleteIcon(), func() { s.unpinAnchor(k, i) })
		s.anchorList.Add(container.NewBorder(nil, nil, nil, remove, widget.NewLabel(label)))
	}
}

func anchorLabel(pub crypto.PublicKey) string {
	kid, err := issuer.KeyID(pub)
	if err != nil {
		return tr().T("admin.key_unusable")
	}
	alg, _ := issuer.AlgOf(pub)
	return tr().T("admin.anchor_key", vars{"Kid": hex.EncodeToString(kid), "Alg": alg})
}

// pinAnchor adds the key file in the anchor entry to the pinned anchors.
func (s *adminScreen) pinAnchor(k *kiosk) {
	path := strings.TrimSpace(s.anchorPath.Text)
	data, err := readCapped(path, 1<<20)
	if err != nil {
		s.anchorMsg.SetText(tr().T("admin.err.read_key", vars{"Error": err.Error()}))
		return
	}
	pub, err := issuer.ParsePublicKey(data)
	if err != nil {
		s.anchorMsg.SetText(tr().T("admin.err.bad_key", vars{"Error": err.Error()}))
		return
	}
	kid, _ := issuer.KeyID(pub)
	for _, p := range k.st.settings.Anchors {
		if q, err := issuer.ParsePublicKey([]byte(p)); err == nil {
			if qk, _ := issuer.KeyID(q); bytes.Equal(qk, kid) {
				s.anchorMsg.SetText(tr().T("admin.anchor_pinned_already"))
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
		s.anchorMsg.SetText(tr().T("admin.not_saved", vars{"Error": err.Error()}))
		return
	}
	s.anchorMsg.SetText(tr().T("admin.anchor_pinned", vars{"Key": anchorLabel(pub)}))
	s.refreshAnchors(k)
}

func (s *adminScreen) unpinAnchor(k *kiosk, i int) {
	set := k.st.settings
	if i >= len(set.Anchors) {
		return
	}
	set.Anchors = append(append([]string(nil), set.Anchors[:i]...), set.Anchors[i+1:]...)
	if err := k.applySettings(set); err != nil {
		s.anchorMsg.SetText(tr().T("admin.not_saved", vars{"Error": err.Error()}))
		return
	}
	s.anchorMsg.SetText(tr().T("admin.anchor_unpinned"))
	s.refreshAnchors(k)
}

// findDevices fills the device choices.
func (s *adminScreen) findDevices(k *kiosk) {
	var opts []string
	switch scannerChoices.value(s.scannerMode.Selected) {
	case scannerDirect:
		devs, _ := scan.InputDevices()
		for _, d := range devs {
			opts = append(opts, d.Path)
		}
	case scannerSerial:
		opts, _ = scan.SerialPorts()
	}
	s.scannerDevice.SetOptions(opts)
	cams := []string{tr().T("admin.camera_none")}
	list, _ := scan.Cameras()
	for _, c := range list {
		cams = append(cams, c.Path)
	}
	s.camera.SetOptions(cams)
	s.setNote(tr().T("admin.found_devices", vars{"Scanners": len(opts), "Cameras": len(cams) - 1}))
}

// refreshLogInfo names the log file, the kiosk and its key.
func (s *adminScreen) refreshLogInfo(k *kiosk) {
	cl := k.log
	if pub, err := issuer.LoadPublicKey(filepath.Join(k.opts.ConfigDir, kioskPubFile)); err == nil {
		s.logInfo.SetText(tr().T("admin.log_info_key", vars{"Path": cl.Path(), "Kiosk": cl.KioskID(),
			"Key": anchorLabel(pub), "File": kioskPubFile}))
		return
	}
	s.logInfo.SetText(tr().T("admin.log_info", vars{"Path": cl.Path(), "Kiosk": cl.KioskID()}))
}

// refreshLog shows the latest verdicts.
func (s *adminScreen) refreshLog(k *kiosk) {
	entries := k.log.Recent(200)
	if len(entries) == 0 {
		s.logText.SetText(tr().T("admin.no_scans"))
		return
	}
	var b strings.Builder
	for _, e := range entries {
		verdict := "admin.log.in"
		switch {
		case e.Kind == "annul":
			verdict = "admin.log.annul"
		case e.Kind == "gate" && e.Accepted:
			verdict = "admin.log.gate_ok"
		case e.Kind == "gate":
			verdict = "admin.log.gate_failed"
		case !e.Accepted:
			verdict = "admin.log.refused"
		}
		fmt.Fprintf(&b, "%s  %s  %s  %s  %s\n", e.Time.Local().Format(tr().T("admin.log.time")), termtext.Pad(tr().T(verdict), 10),
			termtext.Pad(termtext.Truncate(e.Name, 22), 22), termtext.Pad(termtext.Truncate(logNote(e), 24), 24), e.Gate)
	}
	s.logText.SetText(b.String())
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
	dir, ok := required(s.exportDir, s.logMsg, tr().T("admin.err.export_dir"))
	if !ok {
		return
	}
	path, err := exportLog(k.log, dir, k.now())
	if err != nil {
		s.logMsg.SetText(tr().T("admin.err.export", vars{"Error": err.Error()}))
		return
	}
	s.logMsg.SetText(tr().T("admin.exported", vars{"Path": path}))
}

// exportLog writes the log into a new CSV file in dir: the check-in log's
// own export, every record with its ID and hash.
func exportLog(l *checkinLog, dir string, now time.Time) (string, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", errors.New(tr().T("admin.err.not_folder", vars{"Path": dir}))
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
		s.pinMsg.SetText(tr().T("admin.err.pins_differ"))
		return
	}
	for _, r := range p1 {
		if r < '0' || r > '9' {
			s.pinMsg.SetText(tr().T("admin.err.pin_digits"))
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
		s.pinMsg.SetText(tr().T("admin.not_saved", vars{"Error": err.Error()}))
		return
	}
	if len(p1) < recommendedPINLength {
		s.pinMsg.SetText(tr().T("admin.pin_set_short", vars{"N": recommendedPINLength}))
	} else {
		s.pinMsg.SetText(tr().T("admin.pin_set"))
	}
	s.setNote("")
}

// wrapped makes a label wrap, so it never makes the admin screen wider
// than a small panel.
func wrapped(l *widget.Label) *widget.Label {
	l.Wrapping = fyne.TextWrapWord
	return l
}

// setNote shows the note under the admin's bar; an empty note takes no
// room, which a 800x480 panel needs.
func (s *adminScreen) setNote(text string) {
	s.note.SetText(text)
	if text == "" {
		s.note.Hide()
	} else {
		s.note.Show()
	}
}

// logNote is the reason and warnings of a log line in the kiosk's
// language (the wire codes stay in the log and its export).
func logNote(e logEntry) string {
	var parts []string
	if e.Reason != "" {
		parts = append(parts, tr().words.StaffWords(e.Reason))
	}
	for _, w := range e.Warnings {
		parts = append(parts, tr().words.StaffWarning(w))
	}
	return strings.Join(parts, ", ")
}

// padWidth pads s with spaces to n display cells (Hangul takes two), so
// the log's columns line up in the monospace face.
