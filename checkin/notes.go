package checkin

import "fmt"

// AnnulNote says what the annulment record e (as Log.Annul returns it)
// did, for staff: "annulled the entry of Kim Min-jun (ticket) at gate 3,
// kiosk k1 (record ID), authorised by admin PIN: anti-passback forgets it,
// the holder may scan again". Fields are as recorded: a terminal should
// have control characters replaced.
func (e *Entry) AnnulNote() string {
	who := "an unidentified code"
	if e.CTI != nil {
		who = e.Name + " (" + e.Type.String() + ")"
	}
	where := ""
	if e.Gate != "" {
		where = " at gate " + e.Gate
	}
	return fmt.Sprintf("annulled the entry of %s%s, kiosk %s (record %s), authorised by %s: anti-passback forgets it, the holder may scan again",
		who, where, e.KioskID, e.Ref, e.By)
}

// Line says that the chain of the log named log is intact, for people:
// "LOG: ok: " and the Summary, then "; matches the witness up to record N"
// when witnessed (the checkpoints were held against a witness's copies).
func (r *ChainReport) Line(log string, witnessed bool) string {
	s := log + ": ok: " + r.Summary()
	if witnessed {
		s += fmt.Sprintf("; matches the witness up to record %d", r.Witnessed)
	}
	return s
}

// Line says where the chain of the log named log breaks, for people:
// "LOG: broken: " and Describe. Problems may quote recorded text: a
// terminal should have control characters replaced.
func (e *ChainError) Line(log string) string { return log + ": broken: " + e.Describe() }
