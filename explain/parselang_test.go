package explain

import "testing"

func TestParseLang(t *testing.T) {
	langs := []string{"en", "ko"}
	for in, want := range map[string]string{"": "en", "C": "en", "POSIX": "en", "ko": "ko", "ko_KR.UTF-8": "ko", "en-GB": "en", " KO ": "ko"} {
		if got, err := ParseLang(in, langs); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseLang("fr_FR.UTF-8", langs); err == nil {
		t.Error(`ParseLang("fr_FR.UTF-8") gave no error`)
	}
}
