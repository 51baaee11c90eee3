package printing

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/venuepass/venuepass/explain"
)

// The printed labels and date formats come from a message catalogue,
// locales/LANG.json (go-i18n's flat format: message id to template). Every
// language has every message; TestCatalogueComplete fails otherwise.
//
//go:embed locales/*.json
var localeFiles embed.FS

// Languages are the languages labels print in, the default first.
var Languages = []string{"en", "ko"}

// msgID names a message of the catalogue.
type msgID string

const (
	msgLabelStaff         msgID = "LabelStaff"
	msgLabelCertificate   msgID = "LabelCertificate"
	msgLabelEmployeeNo    msgID = "LabelEmployeeNo"
	msgLabelCertificateNo msgID = "LabelCertificateNo"
	msgLabelValidUntil    msgID = "LabelValidUntil"
	msgLabelAccess        msgID = "LabelAccess"
	msgLabelMember        msgID = "LabelMember"
	msgLabelMemberNo      msgID = "LabelMemberNo"
	msgLabelTicket        msgID = "LabelTicket"
	msgLabelGate          msgID = "LabelGate"
	msgLabelSeat          msgID = "LabelSeat"
	msgLabelEntry         msgID = "LabelEntry"
	msgLabelEventDate     msgID = "LabelEventDate"
	msgLabelDoors         msgID = "LabelDoors"
	msgCodesTitle         msgID = "CodesTitle"
	msgCodesInfo          msgID = "CodesInfo"
	msgDate               msgID = "Date"
	msgDateWeekday        msgID = "DateWeekday"
	msgDateShort          msgID = "DateShort"
	msgDateTime           msgID = "DateTime"
	msgTimeZone           msgID = "TimeZone"
	msgWindowSameDay      msgID = "WindowSameDay"
	msgWindow             msgID = "Window"
	msgFromTime           msgID = "FromTime"
)

var bundle = sync.OnceValue(func() *i18n.Bundle {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, lang := range Languages {
		name := "locales/" + lang + ".json"
		data, err := fs.ReadFile(localeFiles, name)
		if err != nil {
			panic(err) // embedded: a missing file is a build mistake
		}
		b.MustParseMessageFileBytes(data, name)
	}
	return b
})

// ParseLang reads a language for printed labels: "en" or "ko", also as a
// locale such as "ko_KR.UTF-8" or "en-GB". The empty string is English.
func ParseLang(s string) (string, error) {
	return explain.ParseLang(s, Languages)
}

// texts localizes messages for one language.
type texts struct {
	lang string
	loc  *i18n.Localizer
}

func newTexts(lang string) *texts {
	if lang == "" {
		lang = "en"
	}
	return &texts{lang: lang, loc: i18n.NewLocalizer(bundle(), lang)}
}

// msg is message id with data filled in. A message that the catalogue lacks
// is a programming mistake caught by the tests; it prints as its id.
func (t *texts) msg(id msgID, data map[string]any) string {
	s, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: string(id), TemplateData: data})
	if err != nil {
		return string(id)
	}
	return s
}

func (t *texts) dateData(d time.Time) map[string]any {
	return map[string]any{
		"Year": d.Year(), "Month": int(d.Month()), "Day": d.Day(),
		"MonthName":   t.msg(msgID(fmt.Sprintf("Month%d", d.Month())), nil),
		"WeekdayName": t.msg(msgID(fmt.Sprintf("Weekday%d", d.Weekday())), nil),
	}
}

// date is the day of d: "31 Mar 2027", "2027년 3월 31일".
func (t *texts) date(d time.Time) string { return t.msg(msgDate, t.dateData(d)) }

// dateWeekday is the day of d with its weekday: "Sat 5 Dec 2026",
// "2026년 12월 5일 (토)".
func (t *texts) dateWeekday(d time.Time) string { return t.msg(msgDateWeekday, t.dateData(d)) }

// dateTime is the day and time of d: "Sat 5 Dec 2026, 19:00",
// "2026년 12월 5일 (토) 19:00".
func (t *texts) dateTime(d time.Time) string {
	return t.msg(msgDateTime, map[string]any{"Date": t.dateWeekday(d), "Time": d.Format("15:04")})
}
