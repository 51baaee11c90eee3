package gui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/venuepass/venuepass/verifier"
)

// Staff actions on the public side (annul the last entry, dismiss a red
// verdict, override a refusal) need staff auth: the PIN, or a staff badge
// (an accepted employee credential whose issuer is listed in
// Settings.StaffIssuers) scanned while the prompt is up.

const (
	pinForStaff    = "staff"
	screenOverride = "override"
)

// warnStaffOverride marks a decision a supervisor let through.
const warnStaffOverride = "staff_override"

// overrideReasons are the reasons a supervisor picks from, as the check-in
// log records them (in English, whatever the kiosk's language); the
// buttons show them in the kiosk's language (overrideLabel).
var overrideReasons = []string{
	"Checked by hand (ID and booking)",
	"Known staff or crew member",
	"Re-entry agreed with the holder",
	"Device fault, code checked elsewhere",
}

// overrideLabel is an override reason in the kiosk's language.
func overrideLabel(reason string) string {
	if i := slices.Index(overrideReasons, reason); i >= 0 {
		return tr().T(fmt.Sprintf("override.reason.%d", i))
	}
	return reason
}

// staffPIN is who authorised a staff action with the PIN, in the log.
const staffPIN = "staff PIN"

// staffAuth asks for staff auth to do what title says (the prompt's
// title, a staff.title message), then
// calls then with who authorised it. Without a PIN or staff issuers set,
// nobody can authorise: the action is refused.
func (k *kiosk) staffAuth(title string, then func(who string)) {
	set := k.st.settings
	if set.PIN == nil && len(set.StaffIssuers) == 0 {
		k.ready.setMessage(tr().T("staff.not_allowed"))
		if k.staffShown != nil {
			k.staffShown("refused")
		}
		return
	}
	k.st.staffThen = then
	k.staffWaiting.Store(true)
	k.pin.open(k, pinForStaff)
	k.pin.title.Text = title
	k.pin.title.Refresh()
}

// staffAuthorised runs the pending staff action (UI goroutine).
func (k *kiosk) staffAuthorised(who string) {
	k.staffWaiting.Store(false)
	then := k.st.staffThen
	k.st.staffThen = nil
	k.show(screenReady)
	if then != nil {
		then(who)
	}
	if k.staffShown != nil {
		k.staffShown(who)
	}
}

// staffCancelled drops the pending staff action.
func (k *kiosk) staffCancelled() {
	k.staffWaiting.Store(false)
	k.st.staffThen = nil
}

// staffBadge checks a code scanned while the staff prompt is up
// (UI goroutine): it is never recorded as an entry.
func (k *kiosk) staffBadge(d verifier.Decision) {
	if k.st.screen != screenPIN || k.pin.purpose != pinForStaff {
		return
	}
	switch who, ok := k.staffBadgeWho(d); {
	case !d.Accepted:
		k.pin.message.SetText(tr().T("staff.badge_refused", vars{"Reason": words.Reason(d, nil, k.gateInfo().explain())}))
	case !ok:
		k.pin.message.SetText(tr().T("staff.not_staff"))
	default:
		k.staffAuthorised(who)
	}
}

// staffBadgeWho tells whether d is an accepted staff badge (an employee
// credential of a staff issuer) and names it for the log.
func (k *kiosk) staffBadgeWho(d verifier.Decision) (string, bool) {
	c := d.Credential
	if !d.Accepted || c == nil || c.Type != verifier.Employee || !slices.Contains(k.st.settings.StaffIssuers, c.Iss) {
		return "", false
	}
	return fmt.Sprintf("staff badge %s (%s/%s)", c.Name, c.Iss, c.Sub), true
}

// heldScan answers a code scanned while a red verdict waits for staff
// (UI goroutine): a staff badge acknowledges the refusal; any other code
// is not checked, and the screen says staff must come first.
func (k *kiosk) heldScan(d verifier.Decision) {
	if k.st.screen != screenVerdict || k.verdict.shownKind != kindReject {
		return
	}
	if who, ok := k.staffBadgeWho(d); ok {
		k.staffAuthorised(who)
		return
	}
	k.verdict.heldNote = tr().T("verdict.held")
	k.verdict.setFooter(k.verdict.heldNote)
	if k.staffShown != nil {
		k.staffShown("held")
	}
}

// uiHeldScan hands a scan made while a red verdict waits to the UI.
func (k *kiosk) uiHeldScan(d verifier.Decision) {
	runOnUI(func() { k.heldScan(d) })
}

// uiStaffBadge hands a scan made during the staff prompt to the UI.
func (k *kiosk) uiStaffBadge(d verifier.Decision) {
	runOnUI(func() { k.staffBadge(d) })
}

// overrideReq is a supervisor override of the refused verdict v.
type overrideReq struct {
	v      verdict
	reason string
	who    string
}

// Override lets the holder of the refused verdict v in, for reason,
// authorised by who: the log gets a new accepted decision flagged as an
// override, noting the reason, the refusal and who (through the worker, in
// order with the scans).
func (k *kiosk) Override(v verdict, reason, who string) bool {
	select {
	case k.scans <- scanReq{override: &overrideReq{v: v, reason: reason, who: who}, source: v.Source}:
		return true
	default:
		return false
	}
}

// decideOverride records an override (worker).
func (k *kiosk) decideOverride(o *overrideReq) verdict {
	e := k.eng.Load()
	d := o.v.Decision
	was := string(d.Reason)
	d.Accepted, d.Reason, d.Err = true, "", nil
	d.Warnings = append(without(d.Warnings, warnStaffOverride), warnStaffOverride)
	s := e.settings
	note := fmt.Sprintf("override: %s; refused as %s", o.reason, was)
	v, err := k.log.Record(k.ctx, logScan{Decision: d, Venue: s.Venue, Gate: s.Gate, Zone: s.Zone,
		Direction: s.Direction, KioskID: s.KioskID, Source: o.v.Source, Time: k.now(), Override: true, Note: note, By: o.who})
	if err != nil {
		return notChecked(*logFault(err), o.v.Source)
	}
	v.Source, v.Detail = o.v.Source, tr().T("override.detail", vars{"Reason": overrideLabel(o.reason)})
	return v
}

// overrideScreen asks the supervisor for the override's reason.
type overrideScreen struct {
	root    fyne.CanvasObject
	buttons []*widget.Button
	v       verdict
	who     string
}

func newOverrideScreen(k *kiosk) *overrideScreen {
	s := &overrideScreen{}
	title := boldText(tr().T("override.title"), 32)
	title.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(title)
	for _, r := range overrideReasons {
		b := widget.NewButton(overrideLabel(r), func() {
			k.Override(s.v, r, s.who)
			k.show(screenReady)
		})
		s.buttons = append(s.buttons, b)
		box.Add(b)
	}
	cancel := widget.NewButtonWithIcon(tr().T("button.cancel"), theme.CancelIcon(), func() { k.show(screenReady) })
	box.Add(cancel)
	bg := canvas.NewRectangle(colorPanel)
	s.root = container.NewStack(bg, container.NewVBox(layout.NewSpacer(), container.NewCenter(container.NewPadded(box)), layout.NewSpacer()))
	return s
}

// startOverride asks for staff auth, then the reason, for the refused
// verdict on screen.
func (k *kiosk) startOverride() {
	v := k.verdict.shown
	k.staffAuth(tr().T("staff.title.override"), func(who string) {
		k.overrideScr.v, k.overrideScr.who = v, who
		k.show(screenOverride)
	})
}

// annulWithStaff asks for staff auth, then annuls the last entry.
func (k *kiosk) annulWithStaff() {
	k.staffAuth(tr().T("staff.title.annul"), func(who string) { k.annulLast(who, true) })
}

// verdictTapped: accepts go back at once; a red verdict needs staff auth
// to be dismissed.
func (k *kiosk) verdictTapped() {
	if k.st.screen != screenVerdict {
		return
	}
	if k.verdict.shownKind == kindReject {
		k.staffAuth(tr().T("staff.title.dismiss"), func(string) {})
		return
	}
	k.backFromVerdict()
}
