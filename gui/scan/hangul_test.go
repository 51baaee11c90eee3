package scan

import (
	"os"
	"strings"
	"testing"
)

// TestKoreanIMECodeReal: codes typed key by key through libhangul's
// 2-beolsik input context (testdata/README.md) come back exactly.
func TestKoreanIMECodeReal(t *testing.T) {
	data, err := os.ReadFile("testdata/dubeolsik.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) < 12 || len(lines)%2 != 0 {
		t.Fatalf("%d lines, want pairs", len(lines))
	}
	for i := 0; i < len(lines); i += 2 {
		typed, code := lines[i], lines[i+1]
		if typed == code || !strings.ContainsFunc(typed, isHangul) {
			t.Fatalf("pair %d: the typed text has no Hangul", i/2+1)
		}
		// The wedge hands the text over without the Enter.
		for _, in := range []string{typed, typed + "\r"} {
			got, ok := KoreanIMECode(in)
			if !ok || got != code {
				t.Errorf("pair %d (%.12s...): got %v %.40q, want %.40q", i/2+1, code, ok, got, code)
			}
		}
		// The IME's text is no code, nor a layout mismatch to report.
		if Garbled(typed) != nil {
			t.Errorf("pair %d: Hangul text reported as a layout mismatch", i/2+1)
		}
		if Garbled(code) != nil {
			t.Errorf("pair %d: the code itself looks garbled", i/2+1)
		}
	}
}

func TestDubeolsikKeys(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"폐1:", "vP1:"},  // ㅍ ㅖ(Shift+P)
		{"ㅗㅊ1:", "hc1:"}, // a vowel first stays a lone jamo
		{"안씅", "dksTmd"}, // final ㄴ, tense ㅆ (Shift+T)
		{"ㄲㄸㅃㅆㅉ", "REQTW"},
		{"ㅒㅖ", "OP"},
		{"와왜외워웨위의", "dhkdhodhldnjdnpdnldml"}, // compound vowels
		// Compound finals.
		{"넋앉않닭삶밟곬핥읊앓없", "sjrt" + "dksw" + "dksg" + "ekfr" + "tkfa" + "qkfq" + "rhft" + "gkfx" + "dmfv" + "dkfg" + "djqt"},
		{"ㄳㄵㅄㅘ", "rtswqthk"},   // lone compound jamo
		{"ᄀ ᅡ ᆨ", "r k r"},     // conjoining jamo
		{"VP1:6BF", "VP1:6BF"}, // no Hangul: unchanged
		{"", ""},
	} {
		got, hangul := DubeolsikKeys(tc.in)
		if got != tc.want {
			t.Errorf("DubeolsikKeys(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if want := strings.ContainsFunc(tc.in, isHangul); hangul != want {
			t.Errorf("DubeolsikKeys(%q): hangul %v", tc.in, hangul)
		}
	}
	// Every syllable decomposes into keys that are letters.
	for r := rune(syllableFirst); r <= syllableLast; r++ {
		keys, _ := DubeolsikKeys(string(r))
		if len(keys) < 2 || len(keys) > 6 || strings.ContainsFunc(keys, func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') }) {
			t.Fatalf("%q gives keys %q", r, keys)
		}
	}
}

func TestKoreanIMECodeRefuses(t *testing.T) {
	for _, in := range []string{
		"VP1:6BFOXN",          // no Hangul: not this function's case
		"안녕하세요",               // Korean text, not a code
		"김민준",                 // a name typed at the kiosk
		"폐1:6ㅠ럐투#",            // a character outside Base45
		"폐1",                  // a prefix alone
		"폐2:6ㅠ럐투",             // no code prefix
		"hello 폐1:6ㅠ럐투 there", // text around it
	} {
		if got, ok := KoreanIMECode(in); ok || got != in {
			t.Errorf("KoreanIMECode(%q) = %q, %v", in, got, ok)
		}
	}
}

// TestTypeDubeolsik: the composer used to test scanning paths makes exactly
// what libhangul made of the same keys, and maps back.
func TestTypeDubeolsik(t *testing.T) {
	data, err := os.ReadFile("testdata/dubeolsik.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	for i := 0; i < len(lines); i += 2 {
		if got := TypeDubeolsik(lines[i+1]); got != lines[i] {
			t.Errorf("pair %d: composed %.60q, libhangul %.60q", i/2+1, got, lines[i])
		}
	}
	for keys, want := range map[string]string{
		"dksTmd": "안씅", "gksrmf": "한글", "ekfrdl": "닭이", "dhkdy": "와요", "rkqtdl": "값이", "VP1:": "폐1:", "HC1:": "ㅗㅊ1:",
	} {
		if got := TypeDubeolsik(keys); got != want {
			t.Errorf("TypeDubeolsik(%q) = %q, want %q", keys, got, want)
		}
		if back, _ := DubeolsikKeys(want); !strings.EqualFold(back, keys) {
			t.Errorf("DubeolsikKeys(%q) = %q, want %q", want, back, keys)
		}
	}
}
