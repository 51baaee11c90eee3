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
