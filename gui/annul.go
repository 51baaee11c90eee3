package gui

import (
	"context"
	"errors"

	"github.com/venuepass/venuepass/checkin"
)

// annulLast withdraws this kiosk's last accepted entry, off the UI
// goroutine: the turnstile did not turn, so anti-passback must let the
// holder scan again. fromVerdict is set when staff tapped the button on the
// verdict screen.
func (k *Kiosk) annulLast(fromVerdict bool) {
	an, ok := k.log.(Annuller)
	if !ok {
		k.annulled(LogEntry{}, errors.New("this log cannot annul entries"), fromVerdict)
		return
	}
	go func() {
		e, err := an.Annul(context.Background())
		k.uiAnnulled(e, err, fromVerdict)
	}()
}

// annulled tells staff how the annulment went (UI goroutine).
func (k *Kiosk) annulled(e LogEntry, err error, fromVerdict bool) {
	var msg string
	switch {
	case err == nil:
		if e.Name == "" {
			msg = tr().T("annul.done_unnamed")
		} else {
			msg = tr().T("annul.done", M{"Name": e.Name})
		}
	case errors.Is(err, checkin.ErrNothingToAnnul):
		msg = tr().T("annul.nothing")
	case errors.Is(err, checkin.ErrAnnulTooLate):
		msg = tr().T("annul.too_late", M{"Error": err.Error()})
	default:
		msg = tr().T("annul.failed", M{"Error": err.Error()})
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
func (k *Kiosk) gateFailed(record, msg string) {
	// The technical text goes to admin and stderr; staff read what to do.
	k.recount()
	k.raiseFault(Fault{Kind: FaultGate, Cause: tr().T("gate.failed.cause"),
		Detail: msg})
	if k.st.screen == screenVerdict && k.verdict.record == record {
		k.verdict.setGateFailed(tr().T("gate.failed.withdrawn"))
	}
}
