package explain

// Layouts of dates and times, in Go's time layout syntax.
const (
	LayoutDay     Key = "layout.day"      // a date this year: "3 May"
	LayoutDayYear Key = "layout.day_year" // a date of another year: "3 May 2027"
	LayoutClock   Key = "layout.clock"    // a time of day: "14:02"
	// A date and time of day: "3 May 14:02", "3 May 2027 14:02".
	LayoutDayClock     Key = "layout.day_clock"
	LayoutDayYearClock Key = "layout.day_year_clock"
)

// English is the complete catalogue, and the one others fall back to.
//
// Keys: verdict.* are the words of a kiosk's verdict screen; reason.R is
// the kiosk sentence of reason R (FORMAT.md section 5),
// reason.R.VARIANT the sentence when a parameter is known; staff.R the
// few words for staff terminals; warning.W and staff.warning.W the same
// for warnings; type.one.T and type.many.T the names of credential types;
// passback.*, warning.soft_passback.prior.* and where.* name an earlier
// entry (.today or .earlier, with .gate when the gate is known), gate.*
// name a gate in them; holder.* and dcc.holder.* describe a holder for
// staff. Every other catalogue has the same keys with the same {name}
// parameters (TestKoreanComplete checks Korean).
var English = &Catalogue{Lang: "en", Messages: map[Key]string{
	LayoutDay:     "2 Jan",
	LayoutDayYear: "2 Jan 2006",
	LayoutClock:   "15:04",

	LayoutDayClock:     "2 Jan 15:04",
	LayoutDayYearClock: "2 Jan 2006 15:04",

	// The verdict screen of a kiosk.
	"verdict.accepted":          "ACCEPTED",
	"verdict.check":             "ACCEPTED · CHECK",
	"verdict.rejected":          "REJECTED",
	"verdict.scan_again":        "SCAN AGAIN",
	"verdict.gate_failed":       "GATE DID NOT OPEN",
	"verdict.welcome":           "Welcome",
	"verdict.not_checked":       "Not checked: {detail}",
	"reason.garbled":            "Scanner keyboard layout mismatch: set the scanner to this computer's keyboard layout, or use direct mode in admin",
	"warning.not_logged.detail": "Not recorded in the log: {detail}",

	// Kiosk sentences, one per reason.
	"reason.trust_list_expired.none":           "No trust list is loaded: load one in admin",
	"reason.trust_list_expired.on":             "The trust list expired on {day}: load a new one in admin",
	"reason.too_large":                         "Too large to be a venuepass code",
	"reason.malformed":                         "Not a valid venuepass code (damaged, or another kind of QR code)",
	"reason.unknown_issuer":                    "Issued by an organisation this gate does not trust",
	"reason.bad_signature":                     "Forged or altered code: the signature does not match",
	"reason.issuer_not_allowed":                "The issuer may not issue this credential",
	"reason.not_yet_valid":                     "Not valid yet",
	"reason.not_yet_valid.until":               "Not valid until {when}",
	"reason.expired":                           "Expired",
	"reason.expired.on":                        "Expired on {day}",
	"reason.revoked":                           "Revoked by the issuer: do not admit",
	"reason.suspended":                         "Suspended by the issuer: do not admit",
	"reason.status_unknown":                    "Cannot check whether it was revoked: the trust list lacks its status list",
	"reason.type_not_accepted":                 "This kind of credential is not accepted here",
	"reason.type_not_accepted.type":            "{types} are not accepted here",
	"reason.wrong_event":                       "Not valid for this event",
	"reason.wrong_event.event":                 "Ticket for another event ({event})",
	"reason.wrong_zone":                        "Not valid for this gate",
	"reason.wrong_zone.gate":                   "Not valid for {gate}",
	"reason.presentation_required":             "Show the live code from the wallet app, not a screenshot or print",
	"reason.presentation_expired":              "Live code out of date: refresh the wallet (check the phone's clock)",
	"reason.wrong_venue":                       "This live code was made for another venue",
	"reason.replay":                            "This live code was already used: show a fresh one",
	"reason.already_checked_in":                "Already checked in",
	"reason.other":                             "Rejected",
	"reason.other.detail":                      "Rejected: {detail}",
	"warning.trust_list_stale":                 "Trust list out of date: recent revocations may be missing",
	"warning.trust_list_stale.since":           "Trust list out of date since {day}: recent revocations may be missing",
	"warning.soft_passback":                    "Already went in earlier",
	"warning.soft_passback.prior.today":        "Already went in at {time}",
	"warning.soft_passback.prior.today.gate":   "Already went in at {time}, {gate}",
	"warning.soft_passback.prior.earlier":      "Already went in on {when}",
	"warning.soft_passback.prior.earlier.gate": "Already went in on {when}, {gate}",
	"warning.passback_override":                "Let through by staff override",
	"warning.offline":                          "Hub not reachable: checked against this gate's own log only",
	"warning.dcc":                              "Check the certificate by hand: a code on it is not in the EU lists",
	"warning.dcc.findings":                     "Check the certificate by hand: {findings}",
	"passback.checked_in.today":                "Already checked in at {time}",
	"passback.checked_in.today.gate":           "Already checked in at {time}, {gate}",
	"passback.checked_in.earlier":              "Already checked in on {when}",
	"passback.checked_in.earlier.gate":         "Already checked in on {when}, {gate}",
	"passback.used.today":                      "Ticket already used at {time}",
	"passback.used.today.gate":                 "Ticket already used at {time}, {gate}",
	"passback.used.earlier":                    "Ticket already used on {when}",
	"passback.used.earlier.gate":               "Ticket already used on {when}, {gate}",
	"where.today":                              "at {time}",
	"where.today.gate":                         "at {time}, {gate}",
	"where.earlier":                            "on {when}",
	"where.earlier.gate":                       "on {when}, {gate}",
	"gate.number":                              "gate {gate}",
	"gate.code":                                "gate {gate}",
	"gate.named":                               "{gate}",
	"type.one.employee":                        "Employee badge",
	"type.one.membership":                      "Membership card",
	"type.one.ticket":                          "Ticket",
	"type.one.certificate":                     "Certificate",
	"type.one.other":                           "Credential type {n}",
	"type.many.employee":                       "Employee badges",
	"type.many.membership":                     "Membership cards",
	"type.many.ticket":                         "Tickets",
	"type.many.certificate":                    "Certificates",
	"type.many.other":                          "Credentials of type {n}",
	"staff.trust_list_expired":                 "the trust list has expired; load a newer one",
	"staff.too_large":                          "the code is too large to be a venuepass credential",
	"staff.malformed":                          "not a venuepass code, or a damaged one",
	"staff.unknown_issuer":                     "issued by someone the trust list does not know",
	"staff.bad_signature":                      "the signature does not match: the code was altered or forged",
	"staff.issuer_not_allowed":                 "the issuer may not issue this credential",
	"staff.not_yet_valid":                      "not valid yet",
	"staff.expired":                            "the credential has expired",
	"staff.revoked":                            "the issuer has revoked this credential",
	"staff.suspended":                          "the issuer has suspended this credential",
	"staff.status_unknown":                     "its revocation status cannot be checked with this trust list",
	"staff.type_not_accepted":                  "this kind of credential is not accepted here",
	"staff.wrong_event":                        "a ticket for another event",
	"staff.wrong_zone":                         "not valid for this zone",
	"staff.presentation_required":              "bound to the holder's phone: ask for the rotating code from the wallet",
	"staff.presentation_expired":               "the rotating code is too old or too new; check the phone's clock",
	"staff.wrong_venue":                        "the rotating code was made for another venue",
	"staff.replay":                             "this rotating code was already used",
	"staff.already_checked_in":                 "already checked in",
	"staff.warning.trust_list_stale":           "the trust list is stale, fetch a newer one",
	"staff.warning.soft_passback":              "already inside, let through (soft anti-passback)",
	"staff.warning.passback_override":          "already inside, let through by staff",
	"staff.warning.offline":                    "the hub did not answer: decided on this gate's own log",
	"staff.warning.dcc_unknown_value":          "a code outside the EU value sets, check the certificate by hand",
	"staff.warning.dcc_unknown_version":        "unknown certificate format version, checked with the newest schema",
	"holder":                                   "{name}, {type}",
	"holder.org":                               "{name}, {type}, {org}",
	"holder.born":                              "{name} (born {year}), {type}",
	"holder.born.org":                          "{name} (born {year}), {type}, {org}",
	"dcc.holder":                               "{name}, born {dob}, EU DCC {type}",
	"dcc.holder.expires":                       "{name}, born {dob}, EU DCC {type}, certificate expires {expires}",
	"dcc.holder.vaccination":                   "{name}, born {dob}, EU DCC {type} (dose {dose}/{doses} on {date})",
	"dcc.holder.vaccination.expires":           "{name}, born {dob}, EU DCC {type} (dose {dose}/{doses} on {date}), certificate expires {expires}",
	"dcc.holder.test":                          "{name}, born {dob}, EU DCC {type} ({result}, sample taken {time})",
	"dcc.holder.test.expires":                  "{name}, born {dob}, EU DCC {type} ({result}, sample taken {time}), certificate expires {expires}",
	"dcc.holder.recovery":                      "{name}, born {dob}, EU DCC {type} (first positive {positive}, valid {from} to {until})",
	"dcc.holder.recovery.expires":              "{name}, born {dob}, EU DCC {type} (first positive {positive}, valid {from} to {until}), certificate expires {expires}",
	"dcc.result.260415000":                     "not detected",
	"dcc.result.260373001":                     "detected",
	"dcc.result.other":                         "result {result}",
}}
