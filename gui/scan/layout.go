package scan

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// base45 is the alphabet of RFC 9285 section 4; together with the prefixes
// it is all a valid scan may contain.
const base45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// prefixes are the code prefixes a gate sees, longest first. The colon is
// not part of them: it is the character layouts garble.
var prefixes = []string{"VPP1", "VP1", "HC1"}

// layoutGuess names host layouts by what they make of a US scanner's Shift+;
// (the colon).
var layoutGuess = map[rune]string{
	'Ö': "German, Swedish or Finnish",
	'ö': "German, Swedish or Finnish",
	'Ñ': "Spanish",
	'ñ': "Spanish",
	'M': "French (AZERTY)",
	'Ø': "Danish or Norwegian",
	'Æ': "Danish or Norwegian",
	'Ç': "Portuguese",
	'É': "Czech or Slovak",
	'Ş': "Turkish",
	'Ж': "Russian",
	'ж': "Russian",
}

// Mismatch describes a scan garbled by a keyboard layout mismatch.
type Mismatch struct {
	// Got is the first character that cannot be in a code, and Pos its
	// position in runes.
	Got rune
	Pos int
	// Layout guesses the host layout, "" when unknown.
	Layout string
}

// CapsLock reports whether the garbling looks like Caps Lock rather than a
// layout: a lower-case letter where codes have only capitals.
func (m *Mismatch) CapsLock() bool { return m.Got >= 'a' && m.Got <= 'z' }

func (m *Mismatch) String() string {
	s := fmt.Sprintf("the scanner typed %q where a code character belongs (position %d)", m.Got, m.Pos+1)
	if m.CapsLock() {
		s += "; Caps Lock may be on"
	} else if m.Layout != "" {
		s += "; this computer seems to use a " + m.Layout + " keyboard layout"
	}
	return s
}

// Garbled reports whether text is a code that a keyboard-wedge scanner set
// to another keyboard layout than the host's has garbled: it starts like a
// venuepass or EU DCC code (VP1, VPP1, HC1, also with the 1 typed as '&' as
// on AZERTY, or in lower case as with Caps Lock) but the colon was
// substituted ("VP1Ö", "VP1;") or the rest holds characters outside the
// Base45 alphabet. It returns nil for a clean code and for text that does
// not look like a code at all (which the verifier calls malformed).
func Garbled(text string) *Mismatch {
	t := strings.Trim(text, "\r\n")
	p := matchPrefix(t)
	if p == "" {
		return nil
	}
	for i := 0; i < len(p); i++ {
		if t[i] != p[i] {
			m := &Mismatch{Got: rune(t[i]), Pos: i}
			if t[i] == '&' {
				m.Layout = "French (AZERTY)"
			}
			return m
		}
	}
	sep, size := utf8.DecodeRuneInString(t[len(p):])
	if size == 0 {
		return nil // just the prefix: not a scan worth explaining
	}
	if sep != ':' {
		return &Mismatch{Got: sep, Pos: len(p), Layout: layoutGuess[sep]}
	}
	body := t[len(p)+size:]
	for i, c := range body {
		if !strings.ContainsRune(base45, c) {
			return &Mismatch{Got: c, Pos: len(p) + 1 + utf8.RuneCountInString(body[:i])}
		}
	}
	return nil
}

// matchPrefix returns the code prefix t starts with, typed exactly or
// garbled the way layouts garble it; "" when t starts with none.
func matchPrefix(t string) string {
	for _, p := range prefixes {
		if len(t) >= len(p) && loose(t[:len(p)], p) {
			return p
		}
	}
	return ""
}

// loose compares a prefix allowing the garbling of Caps Lock (lower case)
// and of AZERTY, where the unshifted 1 key types '&'.
func loose(got, want string) bool {
	for i := 0; i < len(want); i++ {
		g, w := got[i], want[i]
		switch {
		case g == w:
		case w >= 'A' && w <= 'Z' && g == w+('a'-'A'):
		case w == '1' && g == '&':
		default:
			return false
		}
	}
	return true
}
