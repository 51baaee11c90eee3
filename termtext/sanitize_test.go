package termtext

import "testing"

// TestSanitizeInvisible is issue 14's reproduction: bidirectional
// controls and zero-width characters in a signed name passed the sanitizer
// of lines shown to staff.
func TestSanitizeInvisible(t *testing.T) {
	for in, want := range map[string]string{
		"Kim Min-jun":                       "Kim Min-jun",
		"김민준":                               "김민준",
		"Mallory\u202Enuj-niM miK":          "Mallory?nuj-niM miK",
		"\u2066Kim\u2069 Min-jun":           "?Kim? Min-jun",
		"Kim\u200BMin-jun":                  "Kim?Min-jun",
		"a\u200Eb\u200Fc\u061Cd":            "a?b?c?d",
		"\uFEFFKim\u2060Lee\u2028x":         "?Kim?Lee?x",
		"ctrl\x1b[2Jx\u0085y":               "ctrl?[2Jx?y",
		"family \U0001F468\u200D\U0001F469": "family \U0001F468\u200D\U0001F469",
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%+q) = %+q, want %+q", in, got, want)
		}
	}
}

// TestSanitizeLines keeps the line breaks and sanitizes each line.
func TestSanitizeLines(t *testing.T) {
	in := "a\u202Eb\nc\x1bd\n\ne"
	want := "a?b\nc?d\n\ne"
	if got := SanitizeLines(in); got != want {
		t.Errorf("SanitizeLines(%+q) = %+q, want %+q", in, got, want)
	}
}
