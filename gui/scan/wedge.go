package scan

import (
	"strings"
	"time"
)

// Timing defaults of Wedge. Wedge scanners type a character every 7 to 8 ms
// (slower models 20 to 30 ms); the fastest typists average 80 ms or more.
// The mean interval tells them apart; a single long pause inside a scan
// (the UI goroutine busy, a garbage collection) does not split it.
const (
	DefaultMaxMean = 40 * time.Millisecond
	DefaultMaxGap  = 250 * time.Millisecond
	DefaultMinLen  = 4
)

// Wedge assembles the keystrokes of a keyboard-wedge scanner into scans: a
// burst of runes ended by Enter, typed at machine speed. It is fed from the
// window's key handlers, so it sees keystrokes whatever widget has focus.
// A Wedge is not safe for concurrent use; feed it from one goroutine (the
// UI goroutine).
type Wedge struct {
	// MaxMean is the longest mean interval between the keystrokes of a
	// scan, Enter included. Zero means DefaultMaxMean.
	MaxMean time.Duration
	// MaxGap is the longest pause inside a scan; a longer pause starts a
	// new burst. Zero means DefaultMaxGap.
	MaxGap time.Duration
	// MinLen is the fewest runes a scan has; shorter bursts (a person
	// pressing Enter) are not scans. Zero means DefaultMinLen.
	MinLen int
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	buf         []rune
	first, last time.Time
	koreanIME   bool
}

func (w *Wedge) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func orDefault[T time.Duration | int](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// Rune records a typed rune.
func (w *Wedge) Rune(r rune) {
	t := w.now()
	if len(w.buf) > 0 && t.Sub(w.last) > orDefault(w.MaxGap, DefaultMaxGap) {
		w.Reset()
	}
	if len(w.buf) == 0 {
		w.first = t
	}
	w.last = t
	if len(w.buf) >= MaxText {
		// Longer than any valid code: keep MaxText runes, enough for the
		// verifier to reject it as too large.
		return
	}
	w.buf = append(w.buf, r)
}

// Enter ends a burst. It returns the scanned text and true when the burst
// was a scan: at least MinLen runes at a mean interval of at most MaxMean,
// Enter within MaxGap of the last. Keystrokes a person typed just before
// the scan are dropped when the scan starts with a code prefix. A code that
// the host's Korean input method turned into Hangul is mapped back to the
// keys the scanner pressed (KoreanIME then reports it). The burst is cleared
// either way.
func (w *Wedge) Enter() (string, bool) {
	defer w.Reset()
	t := w.now()
	n := len(w.buf)
	if n < orDefault(w.MinLen, DefaultMinLen) || t.Sub(w.last) > orDefault(w.MaxGap, DefaultMaxGap) {
		return "", false
	}
	if t.Sub(w.first)/time.Duration(n) > orDefault(w.MaxMean, DefaultMaxMean) {
		return "", false
	}
	text := string(w.buf)
	w.koreanIME = false
	if strings.ContainsFunc(text, isHangul) {
		// Typed through the Korean IME in 한 mode: the keys are the code.
		keys, _ := DubeolsikKeys(text)
		if code := trimBeforePrefix(strings.ToUpper(keys)); isCode(code) {
			w.koreanIME = true
			return code, true
		}
	}
	return trimBeforePrefix(text), true
}

// KoreanIME reports whether the last scan that Enter returned was typed
// through a Korean input method in 한 mode and mapped back to the code (see
// KoreanIMECode).
func (w *Wedge) KoreanIME() bool { return w.koreanIME }

// trimBeforePrefix drops what precedes the first code prefix in s.
func trimBeforePrefix(s string) string {
	for i := 0; i < len(s) && i < 64; i++ {
		if matchPrefix(s[i:]) != "" {
			return s[i:]
		}
	}
	return s
}

// Pending reports how many runes of an unfinished burst are buffered.
func (w *Wedge) Pending() int { return len(w.buf) }

// Reset drops an unfinished burst.
func (w *Wedge) Reset() { w.buf = w.buf[:0] }
