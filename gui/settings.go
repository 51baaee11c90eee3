package gui

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/venuepass/venuepass/verifier"
)

// Files in the kiosk's configuration folder.
const (
	settingsFile   = "settings.json"
	trustListFile  = "trust.vptl"
	trustStateFile = "trust-state.json"
)

// maxSettingsSize caps the settings file read at start.
const maxSettingsSize = 4 << 20

// Input modes of the hardware scanner.
const (
	scannerKeyboard = "keyboard" // keyboard wedge, through the window
	scannerDirect   = "direct"   // Linux input device, grabbed
	scannerSerial   = "serial"   // USB-serial (virtual COM port)
)

// Settings are the kiosk's configuration. They persist as JSON in the
// configuration folder and survive restarts.
type Settings struct {
	// Venue is the venue id presentations are checked against.
	Venue string `json:"venue"`
	// Gate is this gate's name, shown to staff and logged ("Gate B").
	Gate string `json:"gate"`
	// Zone, when set, is the zone credentials must name.
	Zone string `json:"zone"`
	// Event, when set, is the event tickets must name.
	Event string `json:"event"`
	// Types are the accepted credential types; empty means all four.
	Types []verifier.Type `json:"types"`
	// PassbackMode is the anti-passback mode: PassbackOff, PassbackHard,
	// PassbackSoft, PassbackTimed or PassbackSingle.
	PassbackMode string `json:"passback_mode"`
	// PassbackByType overrides the mode for a credential type, by its name
	// ("employee": "off" lets staff step out and back in; "ticket":
	// "single-entry").
	PassbackByType map[string]string `json:"passback_by_type,omitempty"`
	// PassbackMinutes is the anti-passback window: how long an entry
	// counts (hard, soft: 0 means until an exit scan; timed: 0 means 30
	// minutes).
	PassbackMinutes int `json:"passback_minutes"`
	// SingleEntryTickets is the setting of older kiosks (tickets
	// single-entry); it only chooses the mode of settings without one.
	SingleEntryTickets bool `json:"single_entry_tickets,omitempty"`
	// Direction is the way the gate is passed: "in" (entries) or "out"
	// (exit scans, which let the holder in again).
	Direction string `json:"direction"`
	// VerdictSeconds is how long a verdict stays on screen.
	VerdictSeconds int `json:"verdict_seconds"`
	// StaleGraceHours is the hard grace of a stale trust list: for this
	// long after its next update, accepts stay green (staff see a banner
	// on the ready screen); after it, they turn amber with what to do.
	// Not past its expiry: an expired list puts the kiosk out of service.
	StaleGraceHours int `json:"stale_grace_hours"`
	// AcceptMillis is how long an accept stays (default 1500 ms);
	// RejectClearSeconds, if not 0, clears a red verdict after that long
	// with a countdown bar; 0 keeps it until staff dismiss it.
	AcceptMillis       int `json:"accept_ms"`
	RejectClearSeconds int `json:"reject_clear_seconds"`
	// StaffIssuers are the issuer IDs whose employee credentials are staff
	// badges here: scanned at the staff prompt, they authorise staff
	// actions as the PIN does.
	StaffIssuers []string `json:"staff_issuers,omitempty"`

	// Anchors are the pinned trust anchor public keys, as PEM.
	Anchors []string `json:"anchors"`
	// PhotoDir is the photo store (package photos): holder photos shown on
	// the verdict when their digest matches the credential's.
	PhotoDir string `json:"photo_dir,omitempty"`
	// PhotoInbox is a folder (a USB stick's mount point, or a drop
	// folder) whose JPEGs are imported into PhotoDir (gui/photosync.go).
	PhotoInbox string `json:"photo_inbox,omitempty"`
	// TrustInbox is a folder watched for .vptl files (a USB stick's mount
	// point, or a drop folder): a newer list is offered behind staff auth.
	TrustInbox string `json:"trust_inbox,omitempty"`
	// TrustListName is the file name the trust list in use was loaded from.
	TrustListName string `json:"trust_list_name"`

	// Scanner is the hardware scanner mode; ScannerDevice the input device
	// (direct) or serial port (serial), SerialBaud its speed.
	Scanner       string `json:"scanner"`
	ScannerDevice string `json:"scanner_device"`
	SerialBaud    int    `json:"serial_baud"`
	// Camera is the V4L2 device; empty means no camera.
	Camera string `json:"camera"`
	// sound turns the verdict sounds on; Volume is their loudness, 10 to
	// 100 percent (0, in settings from before it: the default).
	Sound  bool `json:"sound"`
	Volume int  `json:"volume"`
	// Language is the kiosk's interface language, "en" or "ko"; empty means
	// the locale's (LC_ALL, LC_MESSAGES, LANG), else English. The
	// venuepass-kiosk --lang flag wins over it.
	Language string `json:"language,omitempty"`
	// Fullscreen and Kiosk: kiosk mode is fullscreen with no way out
	// without the PIN.
	Fullscreen bool `json:"fullscreen"`
	Kiosk      bool `json:"kiosk"`

	// PIN is the admin PIN, as a salted PBKDF2 hash; empty means none set.
	PIN *pinHash `json:"pin,omitempty"`

	// KioskID names this kiosk in the check-in log; made on first start.
	KioskID string `json:"kiosk_id"`
	// LogFile is the check-in log; empty means checkin-<kiosk id>.vplog in
	// the configuration folder.
	LogFile string `json:"log_file"`
	// WitnessFile, if set, receives every checkpoint the kiosk key signs
	// (checkin.FileWitness): put it on another disk or a USB stick, and
	// check the log against it with 'venuepass log verify --witness'.
	WitnessFile string `json:"witness_file,omitempty"`

	// Hub, if set, is the venue's hub (NATS URL, several comma separated
	// for a cluster): the kiosk claims entries there so anti-passback holds
	// across every gate, sends its records, and shows the venue's counts.
	// HubCreds is the gate credential file ('venuepass hub add-gate');
	// HubTimeoutMillis bounds a claim (0: 300 ms), past it the kiosk
	// decides on its own log and says "offline". venuepass-kiosk --hub
	// overrides these.
	Hub              string `json:"hub,omitempty"`
	HubCreds         string `json:"hub_creds,omitempty"`
	HubTimeoutMillis int    `json:"hub_timeout_ms,omitempty"`

	// GateAction opens the gate on an accepted decision: GateNone,
	// GateCommand (a shell command line, GateCommandLine), GateHTTP (a POST
	// to GateURL) or GateSerial (a relay on GatePort: GateRelay "dtr" or
	// "rts" line, or "lcus" board channel GateChannel, closed for
	// GatePulseMillis).
	GateAction      string `json:"gate_action"`
	GateCommandLine string `json:"gate_command"`
	GateURL         string `json:"gate_url"`
	GatePort        string `json:"gate_port"`
	GateRelay       string `json:"gate_relay"`
	GateChannel     int    `json:"gate_channel"`
	GatePulseMillis int    `json:"gate_pulse_ms"`
}

// Anti-passback modes (Settings.PassbackMode).
const (
	passbackOff    = "off"
	passbackHard   = "hard"
	passbackSoft   = "soft"
	passbackTimed  = "timed"
	passbackSingle = "single-entry"
)

// passbackModes are the modes in the order the admin screen offers them.
var passbackModes = []string{passbackOff, passbackHard, passbackSoft, passbackTimed, passbackSingle}

// Gate actions (Settings.GateAction).
const (
	gateNone    = "none"
	gateCommand = "command"
	gateHTTP    = "http"
	gateSerial  = "serial"
)

// Relays of a serial gate (Settings.GateRelay).
const (
	relayDTR  = "dtr"
	relayRTS  = "rts"
	relayLCUS = "lcus"
)

// defaultSettings are the settings of a new kiosk.
func defaultSettings() Settings {
	return Settings{
		Gate:            "Gate 1",
		PassbackMode:    passbackTimed,
		PassbackMinutes: int(defaultPassback / time.Minute),
		Direction:       "in",
		GateAction:      gateNone,
		GateRelay:       relayDTR,
		GateChannel:     1,
		GatePulseMillis: 200,
		VerdictSeconds:  4,
		StaleGraceHours: defaultStaleGraceHours,
		AcceptMillis:    defaultAcceptMillis,
		Volume:          defaultVolume,
		Scanner:         scannerKeyboard,
		SerialBaud:      9600,
		Sound:           true,
	}
}

// DefaultVolume is the sounds' loudness of a new kiosk, in percent.
const defaultVolume = 80

// DefaultAcceptMillis is how long an accept stays on screen.
const defaultAcceptMillis = 1500

// DefaultStaleGraceHours is the stale list's hard grace of a new kiosk.
const defaultStaleGraceHours = 48

func (s *Settings) normalize() {
	if s.Volume <= 0 {
		s.Volume = defaultVolume
	}
	s.Volume = min(max(s.Volume, 10), 100)
	if s.AcceptMillis <= 0 {
		s.AcceptMillis = defaultAcceptMillis
	}
	if s.RejectClearSeconds < 0 {
		s.RejectClearSeconds = 0
	}
	if s.StaleGraceHours <= 0 {
		s.StaleGraceHours = defaultStaleGraceHours
	}
	if s.StaleGraceHours > 30*24 {
		s.StaleGraceHours = 30 * 24
	}
	if s.VerdictSeconds <= 0 {
		s.VerdictSeconds = 4
	}
	if s.VerdictSeconds > 60 {
		s.VerdictSeconds = 60
	}
	if s.PassbackMinutes < 0 {
		s.PassbackMinutes = 0
	}
	if s.HubTimeoutMillis < 0 {
		s.HubTimeoutMillis = 0 // the default, 300 ms
	}
	switch s.PassbackMode {
	case "":
		// Settings of a kiosk from before the modes.
		switch {
		case s.SingleEntryTickets:
			s.PassbackMode = passbackSingle
		case s.PassbackMinutes > 0:
			s.PassbackMode = passbackTimed
		default:
			s.PassbackMode = passbackOff
		}
	case "single":
		s.PassbackMode = passbackSingle
	case passbackOff, passbackHard, passbackSoft, passbackTimed, passbackSingle:
	default:
		s.PassbackMode = passbackHard // unknown: the strictest that lets people in
	}
	s.SingleEntryTickets = false
	if s.Language != "" {
		// "ko_KR.UTF-8" is "ko"; an unknown language is the locale's.
		s.Language, _ = ParseLang(s.Language)
	}
	if s.Direction != "out" {
		s.Direction = "in"
	}
	switch s.GateAction {
	case gateCommand, gateHTTP, gateSerial:
	default:
		s.GateAction = gateNone
	}
	if s.GateRelay != relayRTS && s.GateRelay != relayLCUS {
		s.GateRelay = relayDTR
	}
	if s.GateChannel < 1 || s.GateChannel > 8 {
		s.GateChannel = 1
	}
	if s.GatePulseMillis <= 0 {
		s.GatePulseMillis = 200
	}
	if s.Scanner == "" {
		s.Scanner = scannerKeyboard
	}
	if s.SerialBaud <= 0 {
		s.SerialBaud = 9600
	}
	if s.Kiosk {
		s.Fullscreen = true
	}
}

// verifierConfig is the verifier policy of these settings.
func (s *Settings) verifierConfig() verifier.Config {
	c := verifier.Config{Zone: s.Zone, Event: s.Event, Venue: s.Venue}
	if len(s.Types) > 0 {
		c.Types = append([]verifier.Type(nil), s.Types...)
	}
	return c
}

// loadSettings reads the settings in dir; a missing file gives
// defaultSettings.
func loadSettings(dir string) (Settings, error) {
	s := defaultSettings()
	path := filepath.Join(dir, settingsFile)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("reading settings: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxSettingsSize {
		return s, fmt.Errorf("settings file %s is too large", path)
	}
	if err := json.NewDecoder(f).Decode(&s); err != nil {
		return defaultSettings(), fmt.Errorf("settings file %s is damaged (%v); fix or remove it", path, err)
	}
	s.normalize()
	return s, nil
}

// saveSettings writes the settings into dir atomically, readable only by
// the kiosk user (they hold the PIN hash).
func saveSettings(dir string, s Settings) error {
	s.normalize()
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, settingsFile), append(data, '\n'), 0o600)
}

// writeAtomic replaces path with data: a crash leaves the old or the new
// file, never a torn one.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// pinHash is a salted PBKDF2-SHA256 hash of the admin PIN.
type pinHash struct {
	Salt []byte `json:"salt"`
	Iter int    `json:"iter"`
	Hash []byte `json:"hash"`
}

const pinIterations = 200_000

// minPINLength is the shortest PIN the admin screen accepts;
// recommendedPINLength the shortest it recommends (a million PINs against
// five tries a minute). PINs may be as long as wanted.
const (
	minPINLength         = 4
	recommendedPINLength = 6
)

// hashPIN hashes a new PIN with a random salt.
func hashPIN(pin string) (*pinHash, error) {
	if len(pin) < minPINLength {
		return nil, fmt.Errorf("the PIN needs at least %d digits", minPINLength)
	}
	h := &pinHash{Salt: make([]byte, 16), Iter: pinIterations}
	rand.Read(h.Salt)
	var err error
	h.Hash, err = pbkdf2.Key(sha256.New, pin, h.Salt, h.Iter, 32)
	return h, err
}

// Check reports whether pin is the hashed PIN, in constant time.
func (h *pinHash) Check(pin string) bool {
	if h == nil || h.Iter <= 0 || h.Iter > 10*pinIterations || len(h.Hash) != 32 {
		return false
	}
	k, err := pbkdf2.Key(sha256.New, pin, h.Salt, h.Iter, 32)
	return err == nil && subtle.ConstantTimeCompare(k, h.Hash) == 1
}
