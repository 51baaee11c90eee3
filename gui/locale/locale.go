// Package locale keeps fyne quiet about the C locale. fyne reads the
// locale from LC_ALL, LC_MESSAGES and LANG; "C.UTF-8" (the default of
// Debian containers and many service units) is not a language tag, and
// fyne logs "Fyne error: Error parsing user locale C" at every start, the
// first time while its packages initialize, before main runs.
//
// Import it for its side effect in a main that uses fyne:
//
//	import _ "github.com/venuepass/venuepass/gui/locale"
//
// It imports nothing but the standard library, so Go initializes it
// before fyne's lang package, which needs golang.org/x/text (packages are
// initialized in import path order as soon as their imports are, Go 1.21
// and later).
package locale

import (
	"os"
	"strings"
)

func init() { Fix() }

// Fix sets LANGUAGE=en when the locale in force is C or POSIX with a
// codeset or modifier ("C.UTF-8", "POSIX@euro"), so that fyne falls back
// to English without an error. A real locale, a plain "C" (which fyne
// handles) or a LANGUAGE already set are left alone. It reports whether it
// set LANGUAGE.
func Fix() bool {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		l := os.Getenv(v)
		if l == "" {
			continue
		}
		if l == "C" || l == "POSIX" || os.Getenv("LANGUAGE") != "" {
			return false
		}
		base, _, _ := strings.Cut(l, "@")
		base, _, _ = strings.Cut(base, ".")
		if base != "C" && base != "POSIX" {
			return false
		}
		os.Setenv("LANGUAGE", "en")
		return true
	}
	return false
}
