package locale_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/venuepass/venuepass/gui/locale"
)

// TestMain runs as the child of TestFyneQuiet when asked: fyne's lang
// package has initialized by then (with this package's Fix before it).
func TestMain(m *testing.M) {
	if os.Getenv("VENUEPASS_LOCALE_CHILD") == "1" {
		fmt.Println("locale", lang.SystemLocale())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A process started with LANG=C.UTF-8 (or LC_ALL=C.UTF-8) prints no fyne
// locale error, from fyne's package initialization or later, and runs in
// English; a real locale is kept.
func TestFyneQuiet(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"LANG=C.UTF-8"}, "locale en\n"},
		{[]string{"LC_ALL=C.UTF-8", "LANG=ko_KR.UTF-8"}, "locale en\n"},
		{[]string{"LANG=POSIX"}, "locale en\n"},
		{[]string{"LANG=ko_KR.UTF-8"}, "locale ko-KR\n"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(cleanEnv(), append(c.env, "VENUEPASS_LOCALE_CHILD=1")...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v\n%s", c.env, err, stderr.String())
		}
		if stderr.Len() != 0 {
			t.Errorf("%v: stderr %q, want nothing", c.env, stderr.String())
		}
		if string(out) != c.want {
			t.Errorf("%v: %q, want %q", c.env, out, c.want)
		}
	}
}

func TestFix(t *testing.T) {
	for _, c := range []struct {
		lcAll, lang, language string
		set                   bool
	}{
		{"", "C.UTF-8", "", true},
		{"C.utf8", "en_US.UTF-8", "", true},
		{"", "POSIX@euro", "", true},
		{"", "C", "", false}, // fyne handles a plain C
		{"", "de_DE.UTF-8", "", false},
		{"", "C.UTF-8", "ko", false}, // the user's LANGUAGE stands
		{"", "", "", false},
	} {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		t.Setenv("LANGUAGE", c.language)
		got := locale.Fix()
		want := c.language
		if c.set {
			want = "en"
		}
		if got != c.set || os.Getenv("LANGUAGE") != want {
			t.Errorf("LC_ALL=%q LANG=%q LANGUAGE=%q: Fix %v, LANGUAGE %q; want %v, %q", c.lcAll, c.lang, c.language, got, os.Getenv("LANGUAGE"), c.set, want)
		}
	}
}

// cleanEnv is the environment without the locale variables.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "VENUEPASS_LOCALE_CHILD":
			continue
		}
		env = append(env, kv)
	}
	return env
}
