package gui

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/gui/scan"
	"github.com/venuepass/venuepass/trustlist"
)

// A fault is a reason the kiosk cannot check codes that is not about the
// code: the visitor cannot fix it, staff must. Cause is said in staff's
// plain words; Detail is the technical text for the admin screen and the
// kiosk's own log (stderr).
type fault struct {
	// Kind is one of the Fault* constants.
	Kind   string
	Cause  string
	Detail string
	// lastInput marks a scanner or camera fault that leaves no input to
	// read codes from: the kiosk is out of service, not "Ready".
	lastInput bool
}

// fault kinds.
const (
	faultTrustList = "trust-list"
	faultLayout    = "layout"
	faultScanner   = "scanner"
	faultCamera    = "camera"
	faultLog       = "log"
	faultDiskFull  = "disk-full"
	faultGate      = "gate"
	faultSound     = "sound"
)

// blocking faults stop every scan from being checked: the verdict could
// not be trusted (no valid list), kept (log), or acted on (gate). The
// others stop one input only, and scans from the rest are still checked.
func (f fault) blocking() bool {
	switch f.Kind {
	case faultTrustList, faultLog, faultDiskFull, faultGate:
		return true
	}
	return f.lastInput
}

// clearable faults stay until staff press Try again (the log, the gate,
// the scanner's layout): nothing tells the kiosk they went away.
func (f fault) clearable() bool {
	switch f.Kind {
	case faultLog, faultDiskFull, faultGate, faultLayout:
		return true
	}
	return false
}

// listFault is the trust list's fault at now, if any: none loaded, or
// expired. Verifying against either refuses every code, which is not the
// visitor's fault.
func listFault(l *trustlist.List, loadErr string, now time.Time) *fault {
	if l == nil {
		d := loadErr
		if d == "" {
			d = "no trust list loaded"
		}
		return &fault{Kind: faultTrustList, Cause: tr().T("fault.no_list"), Detail: d}
	}
	if l.Expired(now) {
		return &fault{Kind: faultTrustList,
			Cause:  tr().T("fault.list_expired", vars{"Day": day(l.Expires, now)}),
			Detail: tr().T("fault.detail.list_expired", vars{"Seq": l.Seq, "Time": l.Expires.Format(time.RFC3339)})}
	}
	return nil
}

// logFault words an error of the check-in log: a full disk is named as
// such.
func logFault(err error) *fault {
	if checkin.DiskFull(err) {
		return &fault{Kind: faultDiskFull, Cause: tr().T("fault.disk_full"), Detail: err.Error()}
	}
	return &fault{Kind: faultLog, Cause: tr().T("fault.log"), Detail: err.Error()}
}

// faults lists what keeps the kiosk from checking codes now, blocking
// faults first (UI goroutine).
func (k *kiosk) faults() []fault {
	var out []fault
	if f := listFault(k.st.list, k.st.listErr, k.now()); f != nil {
		out = append(out, *f)
	}
	for _, f := range []*fault{k.st.logFault, k.st.gateFault} {
		if f != nil {
			out = append(out, *f)
		}
	}
	if f := k.st.layoutFault; f != nil {
		out = append(out, *f)
	}
	// A hardware scanner (direct or serial) is the kiosk's only reader
	// unless a camera works: the window's keyboard input has no scanner
	// behind it then.
	hwScanner := k.st.settings.Scanner == scannerDirect || k.st.settings.Scanner == scannerSerial
	scannerLost := hwScanner && k.st.scannerErr
	cameraOut := k.st.cameraErr || k.st.camera == "off" || k.st.camera == ""
	if k.st.scannerErr && k.st.scanner != koreanIMENote() {
		out = append(out, fault{Kind: faultScanner, Cause: tr().T("fault.scanner"),
			Detail: tr().T("fault.detail.scanner", vars{"Detail": k.st.scanner}), lastInput: scannerLost && cameraOut})
	}
	if k.st.soundErr != nil && k.st.settings.Sound {
		out = append(out, fault{Kind: faultSound, Cause: tr().T("fault.sound"),
			Detail: tr().T("fault.detail.sound", vars{"Detail": soundErrText(k.st.soundErr)})})
	}
	if k.st.cameraErr {
		out = append(out, fault{Kind: faultCamera, Cause: tr().T("fault.camera"),
			Detail: tr().T("fault.detail.camera", vars{"Detail": k.st.camera}), lastInput: scannerLost})
	}
	return out
}

// refreshService publishes the blocking fault to the worker, tells the
// log (stderr) about faults that are new, and redraws what shows them.
func (k *kiosk) refreshService() {
	fs := k.faults()
	var block *fault
	var keys []string
	for i := range fs {
		if block == nil && fs[i].blocking() {
			f := fs[i]
			block = &f
		}
		keys = append(keys, fs[i].Kind+": "+fs[i].Detail)
	}
	k.blocked.Store(block)
	key := strings.Join(keys, "\n")
	if key != k.st.faultKey {
		for _, f := range fs {
			if !strings.Contains(k.st.faultKey, f.Kind+": "+f.Detail) {
				fmt.Fprintf(os.Stderr, "venuepass-kiosk: out of service: %s (%s)\n", f.Cause, f.Detail)
			}
		}
		if key == "" && k.st.faultKey != "" {
			fmt.Fprintln(os.Stderr, "venuepass-kiosk: back in service")
		}
		k.st.faultKey = key
	}
	k.st.faultList = fs
	if k.ready != nil {
		k.ready.setFaults(fs)
		k.ready.setBanner(staleBanner(k.st.list, k.st.settings, k.now()))
		k.ready.setCounts(k.st.counts)
	}
	if k.admin != nil {
		k.admin.setFaults(fs)
	}
}

// retryService forgets the faults staff say are fixed (the log, the gate,
// the layout); the next scan tries again and raises them again if they
// are not.
func (k *kiosk) retryService() {
	k.st.logFault, k.st.gateFault, k.st.layoutFault = nil, nil, nil
	k.refreshService()
}

// notChecked is the verdict for a scan the kiosk did not check.
func notChecked(f fault, source string) verdict {
	return verdict{OutOfService: &f, Source: source}
}

// uiFault raises a fault found off the UI goroutine.
func (k *kiosk) uiFault(f fault) {
	runOnUI(func() { k.raiseFault(f) })
}

// raiseFault records a fault found by a scan, the gate or the log.
func (k *kiosk) raiseFault(f fault) {
	switch f.Kind {
	case faultLog, faultDiskFull:
		k.st.logFault = &f
	case faultGate:
		k.st.gateFault = &f
	case faultLayout:
		k.st.layoutFault = &f
	}
	k.refreshService()
}

// staleBanner is the operator's banner for a stale (not expired) list: how
// stale, and when accepts turn amber; "" when the list is fresh.
func staleBanner(l *trustlist.List, s Settings, now time.Time) string {
	if l == nil || !l.Stale(now) || l.Expired(now) {
		return ""
	}
	age := roughly(now.Sub(l.NextUpdate))
	if pastStaleGrace(l, s, now) {
		return tr().T("banner.stale_amber", vars{"Age": age})
	}
	amber := staleGraceEnd(l, s)
	return tr().T("banner.stale", vars{"Age": age, "In": roughly(amber.Sub(now))})
}

// layoutNames are the catalogue's names of the host layouts that
// scan.Mismatch guesses (its Layout, in English).
var layoutNames = map[string]string{
	"German, Swedish or Finnish": "fault.layout_name.german",
	"Spanish":                    "fault.layout_name.spanish",
	"French (AZERTY)":            "fault.layout_name.french",
	"Danish or Norwegian":        "fault.layout_name.danish",
	"Portuguese":                 "fault.layout_name.portuguese",
	"Czech or Slovak":            "fault.layout_name.czech",
	"Turkish":                    "fault.layout_name.turkish",
	"Russian":                    "fault.layout_name.russian",
}

// layoutDetail says what a garbled scan shows, in the kiosk's language:
// the character typed, and Caps Lock or the layout it points to.
func layoutDetail(m *scan.Mismatch) string {
	a := vars{"Got": strconv.QuoteRune(m.Got), "Pos": m.Pos + 1}
	switch id, ok := layoutNames[m.Layout]; {
	case m.CapsLock():
		return tr().T("fault.detail.layout_caps", a)
	case ok:
		a["Layout"] = tr().T(id)
		return tr().T("fault.detail.layout_guess", a)
	case m.Layout != "":
		a["Layout"] = m.Layout
		return tr().T("fault.detail.layout_guess", a)
	}
	return tr().T("fault.detail.layout", a)
}
