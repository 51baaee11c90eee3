package verifier_test

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/verifier"
)

// TestTextLimitAfterTrim is issue 14's reproduction: the 4096-character
// limit was checked before the surrounding whitespace was trimmed, so a
// valid code of 4096 characters followed by a scanner's line end was
// too_large; and the too_large detail read "code too large: too large".
func TestTextLimitAfterTrim(t *testing.T) {
	f := newFixture(t, nil)
	// A name sized so that the code is exactly 4096 characters: grown a
	// character at a time (the issuer compresses when that is shorter,
	// so the length is not a simple function of the name's, and for some
	// random names no length gives 4096: then a new name is tried).
	issue := func(name string) string {
		c := &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: name, IssuedAt: t0.Add(-time.Hour), Expires: t0.Add(24 * time.Hour)}
		text, err := f.acme.Issue(c)
		if err != nil {
			return ""
		}
		return text
	}
	var code string
	for try := 0; try < 40 && code == ""; try++ {
		code = codeOf4096(issue)
	}
	if len(code) != 4096 {
		t.Fatalf("could not make a code of 4096 characters (got %d)", len(code))
	}
	v := verifier.New(f.list, verifier.Config{Now: at(t0)})
	for _, text := range []string{code, code + "\r\n", "\r\n" + code + "\n", " " + code + " \t"} {
		if d := v.Verify(text); !d.Accepted {
			t.Errorf("%q...%q: %s: %v", text[:6], text[len(text)-4:], d.Reason, d.Err)
		}
	}
	d := v.Verify(code + "A")
	if d.Reason != verifier.ReasonTooLarge || d.Err.Error() != "code too large: QR text of 4097 characters exceeds 4096" {
		t.Errorf("4097 characters: %s: %v", d.Reason, d.Err)
	}
	// An EU DCC too.
	d = v.Verify("HC1:" + strings.Repeat("A", 4092) + "\r\n")
	if d.Reason == verifier.ReasonTooLarge {
		t.Errorf("a 4096-character DCC with its line end: %v", d.Err)
	}
	d = v.Verify("HC1:" + strings.Repeat("A", 5000))
	if d.Reason != verifier.ReasonTooLarge || strings.Contains(d.Err.Error(), "too large: too large") {
		t.Errorf("a long DCC: %s: %v", d.Reason, d.Err)
	}
}

// codeOf4096 searches the lengths of a random hex name for one whose code,
// as issue makes it, is 4096 characters long; "" when there is none.
func codeOf4096(issue func(name string) string) string {
	pad := make([]byte, 3000)
	rand.Read(pad)
	name := hex.EncodeToString(pad)
	lo, hi := 0, len(name)
	for lo <= hi {
		mid := (lo + hi) / 2
		text := issue(name[:mid])
		switch {
		case len(text) == 4096:
			return text
		case text != "" && len(text) < 4096:
			lo = mid + 1
		default:
			hi = mid - 1
		}
	}
	for n := hi; n > hi-64 && n > 0; n-- {
		if text := issue(name[:n]); len(text) == 4096 {
			return text
		}
	}
	return ""
}
