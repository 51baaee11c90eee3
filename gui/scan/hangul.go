package scan

import (
	"strings"
	"unicode"
)

// A keyboard-wedge scanner types a code as key presses. When the host's
// Korean input method is in 한 (Hangul) mode, the IME turns those keys into
// jamo and composes them into syllables: "VP1:6BF..." arrives as "폐1:6ㅠㄹ...".
// The mapping is the standard 2-beolsik (dubeolsik, KS X 5002) layout on a US
// keyboard: letters type jamo, Shift types the tense consonants ㅃ ㅉ ㄸ ㄲ ㅆ
// and the vowels ㅒ ㅖ on Q W E R T O P (and the plain jamo on the other
// letters), and digits, space and punctuation pass through unchanged. Since
// the IME composes in typing order, decomposing each syllable into its jamo,
// and compound vowels and finals into theirs, gives back the keys in the
// order they were pressed.

// dubeolsik maps each jamo (Hangul Compatibility Jamo, U+3131 to U+3163) to
// the keys that type it: one key, or two for a compound vowel or final
// consonant. Lower case is the plain key, upper case the shifted one.
var dubeolsik = map[rune]string{
	'ㅂ': "q", 'ㅈ': "w", 'ㄷ': "e", 'ㄱ': "r", 'ㅅ': "t",
	'ㅛ': "y", 'ㅕ': "u", 'ㅑ': "i", 'ㅐ': "o", 'ㅔ': "p",
	'ㅁ': "a", 'ㄴ': "s", 'ㅇ': "d", 'ㄹ': "f", 'ㅎ': "g",
	'ㅗ': "h", 'ㅓ': "j", 'ㅏ': "k", 'ㅣ': "l",
	'ㅋ': "z", 'ㅌ': "x", 'ㅊ': "c", 'ㅍ': "v",
	'ㅠ': "b", 'ㅜ': "n", 'ㅡ': "m",
	'ㅃ': "Q", 'ㅉ': "W", 'ㄸ': "E", 'ㄲ': "R", 'ㅆ': "T", 'ㅒ': "O", 'ㅖ': "P",
	// Compound vowels, typed as two vowels.
	'ㅘ': "hk", 'ㅙ': "ho", 'ㅚ': "hl", 'ㅝ': "nj", 'ㅞ': "np", 'ㅟ': "nl", 'ㅢ': "ml",
	// Compound finals, typed as two consonants.
	'ㄳ': "rt", 'ㄵ': "sw", 'ㄶ': "sg", 'ㄺ': "fr", 'ㄻ': "fa", 'ㄼ': "fq",
	'ㄽ': "ft", 'ㄾ': "fx", 'ㄿ': "fv", 'ㅀ': "fg", 'ㅄ': "qt",
}

// The jamo of a precomposed syllable, in Unicode's order (initial, medial,
// final), as compatibility jamo. A syllable is 0xAC00 + (i*21 + m)*28 + f.
var (
	initials = []rune("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")
	medials  = []rune("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ")
	finals   = []rune("\x00ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
)

const (
	syllableFirst = 0xAC00
	syllableLast  = 0xD7A3
)

// jamoOf returns the compatibility jamo that r is made of: the jamo of a
// syllable, r itself for a compatibility jamo, the compatibility form of a
// conjoining jamo (U+1100 block), or nil when r is no Hangul.
func jamoOf(r rune) []rune {
	switch {
	case r >= syllableFirst && r <= syllableLast:
		n := int(r - syllableFirst)
		j := []rune{initials[n/(21*28)], medials[n/28%21]}
		if f := finals[n%28]; f != 0 {
			j = append(j, f)
		}
		return j
	case r >= 0x1100 && r < 0x1100+rune(len(initials)):
		return []rune{initials[r-0x1100]}
	case r >= 0x1161 && r < 0x1161+rune(len(medials)):
		return []rune{medials[r-0x1161]}
	case r >= 0x11A8 && r < 0x11A8+rune(len(finals)-1):
		return []rune{finals[r-0x11A8+1]}
	}
	if _, ok := dubeolsik[r]; ok {
		return []rune{r}
	}
	return nil
}

// DubeolsikKeys returns the keys pressed to type s through a Korean 2-beolsik
// input method in 한 mode: each syllable and jamo becomes the letters of its
// keys (lower case for a plain key, upper case with Shift: "폐" is "vP",
// "ㄲ" is "R", "와" is "dhk"), and everything else is kept. The second result
// reports whether s held any Hangul. The mapping back is exact except that
// the IME drops Shift on letters without a shifted jamo, so the case of
// those letters is lost: use KoreanIMECode for codes, which are upper case.
func DubeolsikKeys(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	hangul := false
	for _, r := range s {
		js := jamoOf(r)
		if js == nil {
			b.WriteRune(r)
			continue
		}
		hangul = true
		for _, j := range js {
			b.WriteString(dubeolsik[j])
		}
	}
	return b.String(), hangul
}

// KoreanIMECode recovers a code that a wedge scanner typed while the host's
// Korean input method was in 한 mode. It returns the code and true when text
// holds Hangul and its keys, in upper case (codes have no lower case
// letters), start like a code (VP1:, VPP1:, HC1:) and hold only code
// characters; otherwise text unchanged and false. "폐1:6ㅠㄹ" gives "VP1:6BF".
func KoreanIMECode(text string) (string, bool) {
	if !strings.ContainsFunc(text, isHangul) {
		return text, false
	}
	keys, _ := DubeolsikKeys(strings.Trim(text, "\r\n"))
	if code := strings.ToUpper(keys); isCode(code) {
		return code, true
	}
	return text, false
}

// isCode reports whether s is a code prefix, a colon and only code
// characters.
func isCode(s string) bool {
	p := matchPrefix(s)
	if p == "" || !strings.HasPrefix(s, p+":") {
		return false
	}
	for _, c := range s[len(p)+1:] {
		if !strings.ContainsRune(base45, c) {
			return false
		}
	}
	return true
}

func isHangul(r rune) bool { return unicode.Is(unicode.Hangul, r) }

// keyJamo is the jamo each key types in 한 mode: the inverse of dubeolsik
// for single keys. Shift on a letter without a shifted jamo types the plain
// one.
var keyJamo = func() map[rune]rune {
	m := map[rune]rune{}
	for j, k := range dubeolsik {
		if len(k) == 1 {
			m[rune(k[0])] = j
		}
	}
	for c := 'a'; c <= 'z'; c++ {
		if _, ok := m[c-'a'+'A']; !ok {
			m[c-'a'+'A'] = m[c]
		}
	}
	return m
}()

// compound is the jamo two jamo typed in a row make: compound vowels and
// finals.
var compound = func() map[[2]rune]rune {
	m := map[[2]rune]rune{}
	for j, k := range dubeolsik {
		if len(k) == 2 {
			m[[2]rune{keyJamo[rune(k[0])], keyJamo[rune(k[1])]}] = j
		}
	}
	return m
}()

func isVowel(j rune) bool { return j >= 'ㅏ' && j <= 'ㅣ' }

func index(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

// TypeDubeolsik returns what a Korean 2-beolsik input method in 한 mode makes
// of keys typed on a US keyboard: the inverse of DubeolsikKeys, composing
// jamo into syllables as libhangul's keyboard "2" (ibus-hangul, fcitx-hangul)
// does. Keys other than letters pass through. It exists to test scanning
// paths with what a Korean host really receives ("VP1:6BF" gives "폐1:6ㅠㄹ").
func TypeDubeolsik(keys string) string {
	var b strings.Builder
	var cho, jung, jong rune
	flush := func() {
		switch {
		case cho != 0 && jung != 0:
			f := 0
			if jong != 0 {
				f = index(finals, jong)
			}
			b.WriteRune(rune(syllableFirst + (index(initials, cho)*21+index(medials, jung))*28 + f))
		case cho != 0:
			b.WriteRune(cho)
		case jung != 0:
			b.WriteRune(jung)
		}
		cho, jung, jong = 0, 0, 0
	}
	for _, k := range keys {
		j, ok := keyJamo[k]
		if !ok {
			flush()
			b.WriteRune(k)
			continue
		}
		if !isVowel(j) {
			switch {
			case jung == 0 && cho != 0 && compound[[2]rune{cho, j}] != 0:
				// Two consonants with no vowel make a lone compound
				// jamo (ㄹ ㅁ gives ㄻ), as libhangul does.
				cho = compound[[2]rune{cho, j}]
			case jung == 0 || cho == 0:
				flush()
				cho = j
			case jong == 0 && index(finals, j) > 0:
				jong = j
			case jong != 0 && compound[[2]rune{jong, j}] != 0:
				jong = compound[[2]rune{jong, j}]
			default:
				flush()
				cho = j
			}
			continue
		}
		if k := dubeolsik[cho]; jung == 0 && len(k) == 2 {
			// A lone compound consonant splits before a vowel.
			cho = keyJamo[rune(k[0])]
			flush()
			cho = keyJamo[rune(k[1])]
		}
		switch {
		case jong != 0:
			// The final consonant (or the second half of a compound
			// one) starts the next syllable.
			next := jong
			jong = 0
			if k := dubeolsik[next]; len(k) == 2 {
				jong, next = keyJamo[rune(k[0])], keyJamo[rune(k[1])]
			}
			flush()
			cho, jung = next, j
		case jung != 0 && compound[[2]rune{jung, j}] != 0:
			jung = compound[[2]rune{jung, j}]
		case jung != 0:
			flush()
			jung = j
		default:
			jung = j
		}
	}
	flush()
	return b.String()
}
