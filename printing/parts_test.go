package printing

import (
	"reflect"
	"testing"
)

func TestPartPaths(t *testing.T) {
	if got := PartPaths("out/cards.pdf", 3, 500, &Options{}); !reflect.DeepEqual(got, []string{"out/cards.pdf"}) {
		t.Errorf("one part: %q", got)
	}
	got := PartPaths("cards.pdf", 25, 10, &Options{Sheet: A4})
	if len(got) < 2 || got[0] != "cards-001.pdf" || got[len(got)-1] != PartPath("cards.pdf", len(got)-1, len(got)) {
		t.Errorf("several parts: %q", got)
	}
	if got := PartPaths("x.pdf", 0, 10, nil); len(got) != 1 {
		t.Errorf("no items: %q, want the one file", got)
	}
}

func TestLangFromEnv(t *testing.T) {
	for _, c := range []struct{ all, msgs, lang, want string }{
		{"", "", "ko_KR.UTF-8", "ko"},
		{"", "", "", "en"},
		{"C", "", "ko_KR.UTF-8", "en"},
		{"", "ko_KR.UTF-8", "en_GB.UTF-8", "ko"},
		{"fr_FR.UTF-8", "", "ko_KR.UTF-8", "en"}, // the first set decides, French has no labels
	} {
		t.Setenv("LC_ALL", c.all)
		t.Setenv("LC_MESSAGES", c.msgs)
		t.Setenv("LANG", c.lang)
		if got := LangFromEnv(); got != c.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: %q, want %q", c.all, c.msgs, c.lang, got, c.want)
		}
	}
}
