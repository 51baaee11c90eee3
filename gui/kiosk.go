// Package gui is the venuepass kiosk: the fyne app at a venue gate that
// reads QR codes from scanners, cameras and image files, verifies them with
// the verifier package against the pinned trust list, records each decision
// in the kiosk's durable check-in log (a *checkin.Log, which applies
// anti-passback and remembers the live wallet codes already used; gui keeps
// no log or anti-passback of its own), opens
// the gate through checkin/gate, and shows the verdict full-window in
// green, red or amber, readable from 2 metres.
//
// # Structure
//
// The kiosk type holds all state, on the UI goroutine. Screens (ready, verdict, PIN,
// admin, status bar) are small types built by constructors that show what
// the Kiosk tells them. Decoding and verification run on background
// goroutines (one worker verifies scans in order, so anti-passback sees
// them in order); those goroutines reach widgets only through the functions
// of bridge.go, which go through runOnUI (fyne.Do). Input devices live in gui/scan,
// which does not import fyne.
//
// # What it trusts
//
// Nothing read from a scanner, camera or file is trusted: every text goes
// to verifier.Verify, which fails closed without a trust list or with an
// expired one. Trust lists are loaded only through trustlist.Load with the
// pinned anchors and the rollback guard. The admin area is behind a PIN kept
// as a salted PBKDF2 hash.
package gui

import (
	"context"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/gui/scan"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/photos"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

// Options configure a Kiosk.
type Options struct {
	// ConfigDir holds the settings, the trust list in use and the
	// rollback guard's state. Required.
	ConfigDir string
	// LogPath is the check-in log file; empty means the settings' LogFile,
	// or checkin-<kiosk id>.vplog in ConfigDir. The kiosk opens it (with a
	// kiosk key made on first start in ConfigDir) and closes it on Close.
	LogPath string
	// soundPlayer plays the verdict sounds; nil means newPlayer(ConfigDir).
	player soundPlayer
	// Now is the clock; nil means time.Now.
	now func() time.Time
	// Demo, when set, seeds a kiosk without settings with the demo gate,
	// anchor and trust list, and shows the strip of sample codes.
	Demo *Demo
	// Frames, if set, replaces the camera: its frames (image files, for a
	// demo or a test) go through the same decode pipeline and preview.
	Frames func() (scan.FrameSource, error)
	// NoDevices keeps the kiosk from opening scanners and cameras, and
	// from starting timers that tick on their own (tests).
	noDevices bool
	// Show opens a screen at start instead of the ready screen (for
	// screenshots): "pin" asks for the admin PIN; "admin" opens the admin
	// area, without the PIN only in a Demo kiosk; any other kiosk asks
	// for the PIN first.
	Show string
	// Lang is the interface language ("en", "ko"), from the --lang flag:
	// it wins over the settings' Language; empty means that, else the
	// locale's, else English.
	Lang string
	// Scans are handed to the verifier once the window is up, as if
	// scanned (for screenshots and end-to-end tests).
	Scans []StartScan
	// Hub, when its URL is set, joins the kiosk to the venue's hub,
	// overriding the settings' hub (venuepass-kiosk --hub).
	Hub HubOptions
	// Stop, when it closes, stops the kiosk as Quit in admin does (the
	// service manager's SIGTERM): Run closes the log and returns.
	Stop <-chan struct{}
}

// StartScan is a code scanned at start: its QR text, and the source named
// on the verdict (scan.SourceWedge and so on).
type StartScan struct {
	Text, Source string
}

// Screens.
const (
	screenReady   = "ready"
	screenVerdict = "verdict"
	screenPIN     = "pin"
	screenAdmin   = "admin"
)

// engine is what the verification worker needs, swapped as a whole when
// settings or the trust list change.
type engine struct {
	ver      *verifier.Verifier
	list     *trustlist.List
	settings Settings
}

// playerBox lets the sound player be swapped while the worker plays.
type playerBox struct{ soundPlayer }

type scanReq struct {
	text, source string
	// override, if set, is a supervisor override to record instead.
	override *overrideReq
}

// kiosk is the gate app. Create it with New; all its methods except Submit
// run on the UI goroutine.
type kiosk struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	now  func() time.Time
	// log is the kiosk's check-in log: it records verdicts and applies
	// anti-passback. The kiosk opened it and closes it on Close.
	log       *checkinLog
	gate      atomic.Pointer[gate.Gate]
	closeOnce sync.Once

	eng    atomic.Pointer[engine]
	player atomic.Pointer[playerBox]
	replay verifier.ReplayGuard
	// blocked is the fault that stops every scan from being checked (nil:
	// none), set on the UI goroutine by refreshService, read by the worker.
	blocked atomic.Pointer[fault]
	// staffWaiting is set while the staff prompt is up: a scan then is a
	// staff badge, verified but not recorded.
	staffWaiting atomic.Bool
	// redHeld is set while a red verdict waits for staff to acknowledge
	// it: a scan then is not checked as an entry (the next visitor's code
	// would otherwise dismiss the refusal without staff); a staff badge
	// acknowledges it.
	redHeld atomic.Bool
	scans   chan scanReq
	ctx     context.Context
	stop    context.CancelFunc

	// UI state: read and written on the UI goroutine only.
	st struct {
		settings   Settings
		list       *trustlist.List
		listErr    string
		counts     dayCounts
		screen     string
		back       string // screen to return to after a verdict
		verdictGen int
		camera     string
		cameraErr  bool
		scanner    string
		scannerErr bool
		fps        float64
		gateErr    string
		// passbackErr says why the log did not take the last
		// anti-passback change.
		passbackErr string
		// Faults raised by a scan, the log or the gate, until staff
		// press Try again; faultList is every fault shown, faultKey
		// what was last told to stderr.
		logFault, gateFault, layoutFault *fault
		faultList                        []fault
		faultKey                         string
		// staffThen is the staff action waiting for staff auth.
		staffThen func(who string)
		// soundErr is why no sound can be played (nil when it can),
		// worded when shown (soundErrText), in the language of the day.
		soundErr error
		// inboxOffer is the newer trust list the inbox offers.
		inboxOffer *inboxFile
	}
	wedge scan.Wedge
	// imeNoted is set once staff were told the keyboard is in Korean mode.
	imeNoted bool
	devices  context.CancelFunc
	devWG    sync.WaitGroup

	body        *fyne.Container
	root        *fyne.Container
	ready       *readyScreen
	verdict     *verdictScreen
	status      *statusBar
	pin         *pinScreen
	admin       *adminScreen
	overrideScr *overrideScreen

	// shown, if set, is called on the UI goroutine once a verdict is on
	// screen (tests).
	shown func(verdict)
	// gateShown and annulShown, if set, are called on the UI goroutine
	// once a gate outcome or an annulment is on screen (tests).
	gateShown  func(gate.Outcome)
	annulShown func(error)
	// staffShown, if set, is called with who authorised a staff action,
	// or "refused" (tests).
	staffShown func(string)
	// counted, if set, is called once a recount is shown (tests).
	counted func(dayCounts)
	// inboxShown, if set, is called once the inbox was looked at (tests).
	inboxShown func([]inboxFile)
	photoSync  photoSync
}

// newKiosk builds the kiosk into w: it loads the settings and the trust list
// from opts.ConfigDir (seeding them from opts.Demo on first start), starts
// the verification worker and the input devices, and shows the ready
// screen.
func newKiosk(a fyne.App, w fyne.Window, opts Options) (*kiosk, error) {
	if opts.ConfigDir == "" {
		return nil, errors.New("gui: no configuration folder")
	}
	switch opts.Show {
	case "", screenReady, screenPIN, screenAdmin:
	default:
		return nil, fmt.Errorf("gui: no screen %q to show at start", opts.Show)
	}
	if err := os.MkdirAll(opts.ConfigDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot make the configuration folder: %w", err)
	}
	k := &kiosk{app: a, win: w, opts: opts, now: opts.now, scans: make(chan scanReq, 16)}
	if k.now == nil {
		k.now = time.Now
	}
	set, err := loadSettings(opts.ConfigDir)
	if err != nil {
		return nil, err
	}
	if opts.Demo != nil {
		if _, err := os.Stat(filepath.Join(opts.ConfigDir, settingsFile)); errors.Is(err, os.ErrNotExist) {
			set = opts.Demo.Settings
			if err := writeAtomic(filepath.Join(opts.ConfigDir, trustListFile), opts.Demo.TrustList, 0o600); err != nil {
				return nil, err
			}
			if err := saveSettings(opts.ConfigDir, set); err != nil {
				return nil, err
			}
		}
	}
	if set.KioskID == "" {
		set.KioskID = newKioskID()
		if err := saveSettings(opts.ConfigDir, set); err != nil {
			return nil, err
		}
	}
	k.st.settings = set
	setLanguage(chooseLanguage(opts.Lang, set.Language, nil))
	key, err := kioskKey(opts.ConfigDir)
	if err != nil {
		return nil, err
	}
	path := opts.LogPath
	if path == "" {
		path = logPathOf(opts.ConfigDir, set)
	}
	if k.log, err = openCheckinLog(checkinOptions{Path: path, KioskID: set.KioskID, Signer: key,
		Witness: set.WitnessFile, Passback: passbackOf(set), Now: opts.now, Hub: hubOf(set, opts.Hub)}); err != nil {
		return nil, err
	}
	if err := k.setGate(set); err != nil {
		// A gate that cannot be set up stays closed; admin shows why.
		k.st.gateErr = err.Error()
	}
	if opts.player != nil {
		k.player.Store(&playerBox{opts.player})
	} else {
		k.setSound(set.Sound)
	}
	if c, err := k.log.Recount(context.Background(), k.now()); err == nil {
		k.st.counts = c
	}
	// Durable: a live code accepted once is refused after a restart.
	k.replay = k.log
	k.st.list, k.st.listErr = k.loadStoredList(set)
	k.rebuildEngine()

	a.Settings().SetTheme(newKioskTheme())
	for _, w := range hangulSelfTest(a.Settings().Theme()) {
		fyne.LogError("font self-test", errors.New(w))
	}
	w.SetPadded(false) // the verdict colour fills the window
	k.buildScreens()

	c := w.Canvas()
	c.SetOnTypedRune(k.typedRune)
	c.SetOnTypedKey(k.typedKey)
	w.SetOnDropped(k.dropped)
	w.SetCloseIntercept(k.closeRequested)

	k.ctx, k.stop = context.WithCancel(context.Background())
	go k.worker(k.ctx)
	k.applyWindow()
	k.show(screenReady)
	k.refreshStatus()
	switch opts.Show {
	case "", screenReady:
	case screenPIN:
		k.pin.open(k, pinForAdmin)
	case screenAdmin:
		if opts.Demo != nil {
			k.admin.open(k)
		} else {
			k.openAdmin() // behind the PIN, if one is set
		}
	}
	if !opts.noDevices {
		k.startDevices()
		go k.tick(k.ctx)
		k.checkInbox()
		k.syncPhotos()
	}
	return k, nil
}

// Run builds a window for the kiosk in a, and runs the app until it quits.
func Run(a fyne.App, opts Options) error {
	w := a.NewWindow("venuepass kiosk")
	w.Resize(fyne.NewSize(1280, 800))
	k, err := newKiosk(a, w, opts)
	if err != nil {
		return err
	}
	w.SetMaster()
	if opts.Stop != nil {
		go func() {
			<-opts.Stop
			runOnUI(func() { quit(a) })
		}()
	}
	ended := make(chan struct{})
	go watchQuit(quitAsked, opts.Stop, ended, quitGrace, k.exitStalled)
	if len(opts.Scans) > 0 {
		a.Lifecycle().SetOnStarted(func() {
			for _, sc := range opts.Scans {
				k.Submit(sc.Text, sc.Source)
			}
		})
	}
	w.ShowAndRun()
	close(ended)
	uiStopped.Store(true)
	k.Close()
	return nil
}

// Close stops the worker and the input devices, waits for the gate
// actions still queued, and closes the log the kiosk opened (signing its
// last checkpoint). Calls after the first do nothing. It touches no
// widget, so it may run off the UI goroutine (see watchQuit).
func (k *kiosk) Close() {
	k.closeOnce.Do(func() {
		k.stopDevices()
		k.stop()
		if g := k.gate.Swap(nil); g != nil {
			g.Close()
		}
		if err := k.log.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "venuepass-kiosk: closing the check-in log:", err)
		}
	})
}

// Submit hands a scanned text to the verification worker. It may be called
// from any goroutine and never blocks: when scans arrive faster than they
// can be verified, it drops the newest and returns false.
func (k *kiosk) Submit(text, source string) bool {
	select {
	case k.scans <- scanReq{text: text, source: source}:
		return true
	default:
		return false
	}
}

// worker verifies scans one at a time, off the UI goroutine.
func (k *kiosk) worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-k.scans:
			var v verdict
			switch {
			case r.override != nil:
				v = k.decideOverride(r.override)
			case k.staffWaiting.Load():
				// A staff badge for the prompt: checked, not recorded.
				k.uiStaffBadge(k.eng.Load().ver.Verify(r.text))
				continue
			case k.redHeld.Load():
				// A red verdict waits for staff: a staff badge
				// acknowledges it, any other code is not checked.
				k.uiHeldScan(k.eng.Load().ver.Verify(r.text))
				continue
			default:
				v = k.decide(ctx, r)
			}
			k.player.Load().Play(soundOf(v))
			k.uiVerdict(v)
			// After the verdict is queued for the screen, so that a gate
			// failure reported at once lands on it.
			k.openGate(v)
		}
	}
}

// warnNotLogged is added to a decision the log could not record.
const warnNotLogged = "not_logged"

// decide verifies one scan and records it.
func (k *kiosk) decide(ctx context.Context, r scanReq) verdict {
	e := k.eng.Load()
	now := k.now()
	// A code is checked only when a verdict on it can be trusted, kept
	// and acted on: otherwise it is not the visitor's fault, and nothing
	// is recorded against them.
	if f := k.blocked.Load(); f != nil {
		return notChecked(*f, r.source)
	}
	if f := listFault(e.list, "", now); f != nil {
		return notChecked(*f, r.source)
	}
	if m := scan.Garbled(r.text); m != nil {
		return notChecked(fault{Kind: faultLayout,
			Cause:  tr().T("fault.layout"),
			Detail: layoutDetail(m)}, r.source)
	}
	d := e.ver.Verify(r.text)
	s := e.settings
	v, err := k.log.Record(ctx, logScan{Decision: d, Venue: s.Venue, Gate: s.Gate, Zone: s.Zone,
		Direction: s.Direction, KioskID: s.KioskID, Source: r.source, Time: now})
	if err != nil {
		// Without the log anti-passback cannot be checked, and the entry
		// would not be kept: the code is not checked.
		return notChecked(*logFault(err), r.source)
	}
	v.Source = r.source
	if c := v.Decision.Credential; c != nil && s.PhotoDir != "" {
		if res, err := (photos.Store{Dir: s.PhotoDir}).Lookup(c.Iss, c.Sub, c.PhotoDigest); err == nil {
			v.Photo = &res
		} else {
			fmt.Fprintln(os.Stderr, "venuepass-kiosk: photo store:", err)
		}
	}
	if v.Decision.Accepted && !pastStaleGrace(e.list, s, now) {
		// Stale within the grace: green. The log keeps the warning.
		v.Decision.Warnings = without(v.Decision.Warnings, verifier.WarnTrustListStale)
	}
	return v
}

// pastStaleGrace tells whether the list is stale for longer than the
// settings' hard grace: accepts then turn amber.
func pastStaleGrace(l *trustlist.List, s Settings, now time.Time) bool {
	if l == nil || !l.Stale(now) {
		return false
	}
	return !now.Before(staleGraceEnd(l, s))
}

// staleGraceEnd is when a stale list's accepts turn amber: its next update
// plus the settings' hard grace.
func staleGraceEnd(l *trustlist.List, s Settings) time.Time {
	return l.NextUpdate.Add(time.Duration(s.StaleGraceHours) * time.Hour)
}

// without is ws without w, in a new slice.
func without(ws []string, w string) []string {
	var out []string
	for _, x := range ws {
		if x != w {
			out = append(out, x)
		}
	}
	return out
}

// setSound turns the verdict sounds on or off, at the settings' volume,
// unless Options.player fixed the player. When no sound can be played, the
// ready screen says so (a fault of the sound only: codes are still checked).
func (k *kiosk) setSound(on bool) {
	if k.opts.player != nil {
		return
	}
	k.st.soundErr = nil
	var p soundPlayer = nopPlayer{}
	if on {
		ep, err := newPlayerAt(k.opts.ConfigDir, k.st.settings.Volume)
		if err != nil {
			k.st.soundErr = err
		} else {
			ep.OnError = k.uiSoundFailed
			p = ep
		}
	}
	k.player.Store(&playerBox{p})
}

// uiSoundFailed shows that a sound could not be played.
func (k *kiosk) uiSoundFailed(err error) {
	runOnUI(func() {
		k.st.soundErr = err
		k.refreshService()
	})
}

// testSound plays the reject beeps and waits, off the UI goroutine; done
// gets the outcome on the UI goroutine (nil: played).
func (k *kiosk) testSound(done func(error)) {
	ep, ok := k.player.Load().soundPlayer.(*execPlayer)
	if !ok {
		err := errNoPlayer
		if !k.st.settings.Sound {
			err = errors.New(tr().T("admin.sounds_off"))
		} else if k.st.soundErr != nil {
			err = k.st.soundErr
		}
		done(err)
		return
	}
	go func() {
		err := ep.Test(soundReject)
		runOnUI(func() {
			k.st.soundErr = err
			k.refreshService()
			done(err)
		})
	}()
}

// kindSounds is the sound of each kind of verdict.
var kindSounds = map[string]sound{kindAccept: soundAccept, kindWarn: soundWarn, kindReject: soundReject, kindService: soundWarn}

func soundOf(v verdict) sound {
	return kindSounds[kindOf(v)]
}

// rebuildEngine makes a new verifier for the current settings and list.
// The replay guard is shared, so a settings change does not forget the
// presentations already accepted.
func (k *kiosk) rebuildEngine() {
	cfg := k.st.settings.verifierConfig()
	cfg.Now = k.now
	cfg.Replay = k.replay
	k.eng.Store(&engine{ver: verifier.New(k.st.list, cfg), list: k.st.list, settings: k.st.settings})
}

// anchorKeys parses the pinned anchor keys.
func anchorKeys(pems []string) ([]crypto.PublicKey, error) {
	var keys []crypto.PublicKey
	for i, p := range pems {
		k, err := issuer.ParsePublicKey([]byte(p))
		if err != nil {
			return nil, fmt.Errorf("pinned anchor %d: %w", i+1, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// loadStoredList loads the trust list kept in the configuration folder.
func (k *kiosk) loadStoredList(s Settings) (*trustlist.List, string) {
	data, err := readCapped(filepath.Join(k.opts.ConfigDir, trustListFile), trustlist.MaxFileSize)
	if errors.Is(err, os.ErrNotExist) {
		return nil, tr().T("trust.none")
	}
	if err != nil {
		return nil, err.Error()
	}
	keys, err := anchorKeys(s.Anchors)
	if err != nil {
		return nil, err.Error()
	}
	l, err := trustlist.Load(data, keys, trustlist.StateFile(filepath.Join(k.opts.ConfigDir, trustStateFile)))
	if err != nil {
		return nil, trustListError(err, nil, nil)
	}
	return l, ""
}

// readCapped reads a file of at most limit bytes.
func readCapped(path string, limit int64) ([]byte, error) {
	f, err := scan.OpenCapped(path, limit, func(size int64) error {
		return fmt.Errorf("%s is %d bytes, more than the %d allowed", filepath.Base(path), size, limit)
	})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("%s is more than the %d bytes allowed", filepath.Base(path), limit)
	}
	return data, err
}

// trustListError explains a refused trust list to the admin: "Refused:
// " and why.
func trustListError(err error, cand, cur *trustlist.List) string {
	return tr().T("trust.refused", vars{"Why": trustListWhy(err, cand, cur)})
}

// trustListWhy says why a trust list is refused, in a sentence.
func trustListWhy(err error, cand, cur *trustlist.List) string {
	switch {
	case errors.Is(err, trustlist.ErrRollback):
		if cand != nil && cur != nil {
			return tr().T("trust.why.rollback_seq", vars{"Seq": cand.Seq, "Current": cur.Seq})
		}
		return tr().T("trust.why.rollback")
	case errors.Is(err, trustlist.ErrUnknownAnchor):
		var ae *trustlist.AnchorError
		if errors.As(err, &ae) {
			pinned := make([]string, len(ae.Pinned))
			for i, kid := range ae.Pinned {
				pinned[i] = hex.EncodeToString(kid)
			}
			return tr().T("trust.why.anchor_kids", vars{"List": hex.EncodeToString(ae.ListKid), "Pinned": strings.Join(pinned, ", ")})
		}
		return tr().T("trust.why.anchor")
	case errors.Is(err, trustlist.ErrBadSignature):
		return tr().T("trust.why.signature")
	case errors.Is(err, trustlist.ErrTooLarge):
		return tr().T("trust.why.too_large")
	case errors.Is(err, trustlist.ErrMalformed):
		return tr().T("trust.why.malformed")
	}
	return errorSentence(err)
}

// show switches the body to a screen.
func (k *kiosk) show(screen string) {
	k.st.screen = screen
	// Held only when someone can acknowledge (a PIN or staff issuers) and
	// the red verdict does not clear itself.
	set := k.st.settings
	k.redHeld.Store(screen == screenVerdict && k.verdict.shownKind == kindReject && set.RejectClearSeconds == 0 &&
		(set.PIN != nil || len(set.StaffIssuers) > 0))
	var obj fyne.CanvasObject
	switch screen {
	case screenReady:
		k.ready.refresh(k)
		obj = k.ready.root
	case screenVerdict:
		obj = k.verdict.root
	case screenPIN:
		obj = k.pin.root
	case screenAdmin:
		obj = k.admin.root
	case screenOverride:
		obj = k.overrideScr.root
	}
	k.body.Objects = []fyne.CanvasObject{obj}
	k.body.Refresh()
	if screen == screenVerdict {
		k.status.root.Hide()
	} else {
		k.status.root.Show()
	}
	k.root.Refresh()
	switch screen {
	case screenPIN:
		k.pin.focus(k.win.Canvas())
	case screenAdmin:
	default:
		// Keystrokes must reach the canvas, where the scanner is heard.
		k.win.Canvas().Unfocus()
	}
}

// showVerdict puts a verdict on screen and schedules the return.
func (k *kiosk) showVerdict(v verdict) {
	if k.st.screen != screenVerdict {
		k.st.back = k.st.screen
	}
	if f := v.OutOfService; f != nil {
		// One line per scan not checked, for the operator's log.
		fmt.Fprintf(os.Stderr, "venuepass-kiosk: code not checked (from the %s): %s (%s)\n", v.Source, f.Cause, f.Detail)
		k.raiseFault(*f)
		k.verdict.setNotChecked(*f, v.Source)
	} else {
		if v.Source == scan.SourceWedge && k.st.layoutFault != nil {
			// A wedge scan read right: the layout was fixed.
			k.st.layoutFault = nil
			k.refreshService()
		}
		k.st.counts = v.Today
		k.recount()
	}
	if v.OutOfService == nil {
		k.verdict.set(v, k.gateInfo(), v.Record != "")
	}
	k.show(screenVerdict)
	k.refreshStatus()
	k.st.verdictGen++
	gen := k.st.verdictGen
	if d := k.verdictTime(); d > 0 && !k.opts.noDevices {
		time.AfterFunc(d, func() { k.uiVerdictTimeout(gen) })
		if k.verdict.shownKind == kindReject {
			k.verdict.countdown(d)
		}
	}
	if k.shown != nil {
		k.shown(v)
	}
}

func (k *kiosk) backFromVerdict() {
	if k.st.screen != screenVerdict {
		return
	}
	back := k.st.back
	if back == "" || back == screenVerdict {
		back = screenReady
	}
	k.show(back)
}

func (k *kiosk) gateInfo() gateInfo {
	g := gateInfo{Gate: k.st.settings.Gate, Zone: k.st.settings.Zone, Event: k.st.settings.Event, Now: k.now()}
	if l := k.st.list; l != nil {
		g.TrustExpires, g.TrustNextUpdate = l.Expires, l.NextUpdate
	}
	return g
}

// typedRune and typedKey hear the keyboard when no widget has focus: the
// wedge scanner's keystrokes.
func (k *kiosk) typedRune(r rune) { k.wedge.Rune(r) }

func (k *kiosk) typedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if text, ok := k.wedge.Enter(); ok {
			k.noteKoreanIME()
			k.Submit(text, scan.SourceWedge)
		}
	case fyne.KeyEscape:
		k.verdictTapped()
	}
}

// refreshStatus redraws the status bar from the state.
func (k *kiosk) refreshStatus() {
	k.status.set(statusInfo{
		list: k.st.list, listName: k.st.settings.TrustListName, listErr: k.st.listErr, now: k.now(),
		counts: k.st.counts, camera: k.st.camera, cameraErr: k.st.cameraErr,
		scanner: k.st.scanner, scannerErr: k.st.scannerErr, gate: k.st.settings.Gate,
	})
	k.refreshService()
}

// applyWindow applies fullscreen and kiosk mode.
func (k *kiosk) applyWindow() {
	k.win.SetFullScreen(k.st.settings.Fullscreen || k.st.settings.Kiosk)
}

// closeRequested: in kiosk mode the window closes only after the PIN.
func (k *kiosk) closeRequested() {
	if k.st.settings.Kiosk {
		k.pin.open(k, pinForQuit)
		return
	}
	quit(k.app)
}

// openAdmin asks for the PIN, or opens admin directly when none is set.
func (k *kiosk) openAdmin() {
	if k.st.settings.PIN == nil {
		k.admin.open(k)
		return
	}
	k.pin.open(k, pinForAdmin)
}

// tick refreshes the status bar (ages, staleness) every 30 seconds.
func (k *kiosk) tick(ctx context.Context) {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			k.uiTick()
		}
	}
}

// verdictTime is how long the verdict on screen stays: accepts about
// 1.5 s, amber and not-checked verdicts VerdictSeconds; a red verdict stays
// until staff dismiss it (0) unless RejectClearSeconds is set.
func (k *kiosk) verdictTime() time.Duration {
	set := k.st.settings
	switch k.verdict.shownKind {
	case kindAccept:
		return time.Duration(set.AcceptMillis) * time.Millisecond
	case kindReject:
		return time.Duration(set.RejectClearSeconds) * time.Second
	}
	return time.Duration(set.VerdictSeconds) * time.Second
}

// recount has the log count the day exactly (entries that stand, inside
// now, refused), off the UI goroutine, and shows it.
func (k *kiosk) recount() {
	now := k.now()
	go func() {
		c, err := k.log.Recount(k.ctx, now)
		if err != nil {
			return
		}
		runOnUI(func() {
			k.st.counts = c
			k.refreshStatus()
			if k.counted != nil {
				k.counted(c)
			}
		})
	}()
}
