package gui

import (
	"context"
	"errors"

	"github.com/venuepass/venuepass/checkin"
)

// annulLast withdraws this kiosk's last accepted entry, off the UI
// goroutine: the turnstile did not turn, so anti-passback must let the
// holder scan again. fromVerdict is set when staff tapped the button on the
// verdict screen; by is who authorised it, named in the log.
func (k *kiosk) annulLast(by string, fromVerdict bool) {
	go func() {
		e, err := k.log.Annul(context.Background(), by)
		k.uiAnnulled(e, err, fromVerdict)
	}()
}

// adminAuthoriser is who authorised an action taken on the admin screen:
// whoever unlocked it with the PIN (a demo kiosk without a PIN opens it
// without one).
func (k *kiosk) adminAuthoriser() string {
	if k.st.settings.PIN == nil {
		return "admin screen (no PIN set)"
	}
	return "admin PIN"
}

// annulled tells staff how the annulment went (UI goroutine).
func (k *kiosk) annulled(e logEntry, err error, fromVerdict bool) {
	var msg string
	switch {
	case err == nil:
		if e.Name == "" {
			msg = tr().T("annul.done_unnamed")
		} else {
			msg = tr().T("annul.done", vars{"Name": e.Name})
		}
	case errors.Is(err, checkin.ErrNothingToAnnul):
		msg = tr().T("annul.nothing")
	case errors.Is(err, checkin.ErrAnnulTooLate):
		msg = tr().T("annul.too_late", vars{"Error": err.Error()})
	default:
		msg = tr().T("annul.failed", vars{"Error": err.Error()})
	}
	k.admin.logMsg.SetText(msg)
	k.recount()
	if fromVerdict {
		k.ready.setMessage(msg)
		if k.st.screen == screenVerdict {
			k.backFromVerdict()
		}
	}
	if k.st.screen == screenAdmin {
		k.admin.refreshLog(k)
	}
	if k.annulShown != nil {
		k.annulShown(err)
	}
}

// gateFailed shows that the gate did not open for the decision record
// (UI goroutine): on its verdict if that is still up, else on the ready
// screen.
func (k *kiosk) gateFailed(record, msg string) {
	// The technical text goes to admin and stderr; staff read what to do.
	k.recount()
	k.raiseFault(fault{Kind: faultGate, Cause: tr().T("gate.failed.cause"),
		Detail: msg})
	if k.st.screen == screenVerdict && k.verdict.record == record {
		k.verdict.setGateFailed(tr().T("gate.failed.withdrawn"))
	}
}
