package gui

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/verifier"
)

// The kiosk's own texts (screen titles, buttons, admin labels, status
// chips) come from a message catalogue, locales/LANG.json in go-i18n's
// flat format: message id to a whole sentence with {{.Name}} parameters,
// never fragments joined in code. The reasons and warnings on a verdict
// come from package explain, in the same language. Every language has
// every message with the same parameters (TestCatalogueComplete).
//
//go:embed locales/*.json
var localeFiles embed.FS

// languages are the kiosk's interface languages, the default first.
var languages = []string{"en", "ko"}

// vars are the named parameters of a message.
type vars = map[string]any

var bundle = sync.OnceValue(func() *i18n.Bundle {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, lang := range languages {
		name := "locales/" + lang + ".json"
		data, err := fs.ReadFile(localeFiles, name)
		if err != nil {
			panic(err) // embedded: a missing file is a build mistake
		}
		b.MustParseMessageFileBytes(data, name)
	}
	return b
})

// texts are the kiosk's texts in one language.
type texts struct {
	lang  string
	loc   *i18n.Localizer
	words *explain.Catalogue
}

func newTexts(lang string) *texts {
	if lang == "" {
		lang = "en"
	}
	return &texts{lang: lang, loc: i18n.NewLocalizer(bundle(), lang), words: explain.For(lang)}
}

// current is the language of the kiosk: set by New, read by the screens
// and the worker.
var current atomic.Pointer[texts]

// tr returns the kiosk's texts in the language in use.
func tr() *texts {
	if t := current.Load(); t != nil {
		return t
	}
	t := newTexts("en")
	current.CompareAndSwap(nil, t)
	return current.Load()
}

// setLanguage makes lang the language of every text from now on.
func setLanguage(lang string) {
	current.Store(newTexts(lang))
	localizeLists()
}

// T returns message id with its parameters filled in. A message the
// catalogue lacks is a programming mistake the tests catch; it shows as
// its id.
func (t *texts) T(id string, data ...vars) string {
	var d vars
	if len(data) > 0 {
		d = data[0]
	}
	s, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: d})
	if err != nil {
		return id
	}
	return s
}

// Lang is the language tag of t: "en", "ko".
func (t *texts) Lang() string { return t.lang }

// dayClock is a date and time of day in the language's local format:
// "5 Dec 2026 14:02", "2026년 12월 5일 14:02" (package explain's layouts).
func (t *texts) dayClock(d time.Time) string {
	return d.Local().Format(t.words.Text(explain.LayoutDayYearClock, nil))
}

// date is a date with its year: "5 Dec 2026", "2026년 12월 5일".
func (t *texts) date(d time.Time) string {
	return d.Local().Format(t.words.Text(explain.LayoutDayYear, nil))
}

// ParseLang reads a kiosk language: "en" or "ko", also as a locale such as
// "ko_KR.UTF-8" or "en-GB". The empty string, C and POSIX are English.
func ParseLang(s string) (string, error) {
	return explain.ParseLang(s, languages)
}

// localeLanguage is the language of the locale in force (LC_ALL, else
// LC_MESSAGES, else LANG, as POSIX orders them): "ko" for ko_KR.UTF-8,
// else "en".
func localeLanguage(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := getenv(v); l != "" {
			if lang, err := ParseLang(l); err == nil {
				return lang
			}
			return "en"
		}
	}
	return "en"
}

// chooseLanguage picks the interface language: the --lang flag, else the
// admin setting, else the locale, else English.
func chooseLanguage(flag, setting string, getenv func(string) string) string {
	for _, s := range []string{flag, setting} {
		if s == "" {
			continue
		}
		if lang, err := ParseLang(s); err == nil {
			return lang
		}
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	return localeLanguage(getenv)
}

// kioskWords is the reason catalogue (package explain) of the language in
// use: words.Reason, words.Text and so on.
type kioskWords struct{}

var words kioskWords

func (kioskWords) Text(k explain.Key, a explain.Args) string { return tr().words.Text(k, a) }
func (kioskWords) Day(t time.Time, g explain.Gate) string    { return tr().words.Day(t, g) }
func (kioskWords) TypeName(t verifier.Type) string           { return tr().words.TypeName(t) }
func (kioskWords) Reason(d verifier.Decision, p *explain.Prior, g explain.Gate) string {
	return tr().words.Reason(d, p, g)
}
func (kioskWords) Warning(w string, d verifier.Decision, p *explain.Prior, g explain.Gate) string {
	return tr().words.Warning(w, d, p, g)
}

// sourceName names where a code was read (scan.SourceWedge and so on) in
// the kiosk's language.
func sourceName(source string) string {
	return trOr("source."+source, source)
}

// trOr is the message key in the kiosk's language, or fallback when the
// catalogue has no such key.
func trOr(key, fallback string) string {
	if s := tr().T(key); s != key {
		return s
	}
	return fallback
}

// lowerFirst lowercases the first letter of s ("Membership card" after a
// tier: "Season membership card"); Hangul has no case.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// languageNames name the interface languages in themselves, for the
// admin's language choice.
var languageNames = map[string]string{"en": "English", "ko": "한국어"}

// languageOptions are the admin's language choices: the locale's, then
// each language by its own name.
func languageOptions() []string {
	out := []string{tr().T("admin.language_locale")}
	for _, l := range languages {
		out = append(out, languageNames[l])
	}
	return out
}

// languageOption is the admin's choice for the setting lang ("" is the
// locale's); languageOf is the setting of a choice.
func languageOption(lang string) string {
	if n, ok := languageNames[lang]; ok {
		return n
	}
	return tr().T("admin.language_locale")
}

func languageOf(option string) string {
	for l, n := range languageNames {
		if n == option {
			return l
		}
	}
	return ""
}

// catalogueList is messages prefix0, prefix1, ... in the language in use:
// the choices of an admin list, in the order of the values they stand for.
func catalogueList(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = tr().T(fmt.Sprintf("%s%d", prefix, i))
	}
	return out
}

// localizeLists puts the admin's lists of choices in the language in use.
func localizeLists() {
	staffPassbackLabels = catalogueList("admin.staff_passback.", 3)
	typeOptions = catalogueList("admin.types.", 4)
	passbackLabels = catalogueList("admin.passback.", 5)
}

// sampleLabel is a demo sample's caption in the kiosk's language (Label
// stays English: it names the sample to tests and in the demo's README).
func sampleLabel(label string) string {
	return trOr("demo.sample."+label, label)
}
