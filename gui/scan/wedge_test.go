package scan

import (
	"strings"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func (c *fakeClock) step(d time.Duration) { c.t = c.t.Add(d) }

func typeWedge(w *Wedge, c *fakeClock, text string, gap time.Duration) (string, bool) {
	for _, r := range text {
		c.step(gap)
		w.Rune(r)
	}
	c.step(gap)
	return w.Enter()
}

func TestWedgeScan(t *testing.T) {
	c := &fakeClock{t: time.Unix(1e9, 0)}
	w := &Wedge{Now: c.now}
	code := "VP1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0BGJLFX3R3VHXK.PJ:2DPF6R:5SVBDO4I"
	got, ok := typeWedge(w, c, code, 8*time.Millisecond)
	if !ok || got != code {
		t.Fatalf("fast burst: got %q %v, want the code", got, ok)
	}
	// The same characters typed by a person are no scan.
	got, ok = typeWedge(w, c, code, 150*time.Millisecond)
	if ok {
		t.Fatalf("slow typing taken as a scan: %q", got)
	}
	// A person's keystrokes just before a scan are not part of it.
	c.step(time.Second)
	w.Rune('x')
	c.step(500 * time.Millisecond)
	got, ok = typeWedge(w, c, code, 7*time.Millisecond)
	if !ok || got != code {
		t.Fatalf("scan after stray key: got %q %v", got, ok)
	}
	c.step(time.Second)
	w.Rune('x')
	w.Rune('y')
	c.step(100 * time.Millisecond)
	got, ok = typeWedge(w, c, code, 7*time.Millisecond)
	if !ok || got != code {
		t.Fatalf("scan right after stray keys: got %q %v", got, ok)
	}
	// One long stall inside a scan (a busy UI goroutine) does not split it.
	for i, r := range code {
		c.step(8 * time.Millisecond)
		if i == 40 {
			c.step(180 * time.Millisecond)
		}
		w.Rune(r)
	}
	c.step(8 * time.Millisecond)
	if got, ok := w.Enter(); !ok || got != code {
		t.Fatalf("scan with a stall: got %q %v", got, ok)
	}
	// A fast typist's PIN is no scan.
	if got, ok := typeWedge(w, c, "123456", 70*time.Millisecond); ok {
		t.Fatalf("fast typing taken as a scan: %q", got)
	}
	// Enter alone, or a short burst, is no scan.
	if _, ok := typeWedge(w, c, "ab", time.Millisecond); ok {
		t.Fatal("short burst taken as a scan")
	}
	// A pause before Enter ends the burst.
	for _, r := range code {
		c.step(8 * time.Millisecond)
		w.Rune(r)
	}
	c.step(time.Second)
	if _, ok := w.Enter(); ok {
		t.Fatal("Enter a second after the burst taken as its end")
	}
}

func TestWedgeCapsLength(t *testing.T) {
	c := &fakeClock{t: time.Unix(1e9, 0)}
	w := &Wedge{Now: c.now}
	got, ok := typeWedge(w, c, "VP1:"+strings.Repeat("A", 10000), time.Millisecond)
	if !ok || len(got) != MaxText {
		t.Fatalf("got %d runes (ok %v), want the burst capped at %d", len(got), ok, MaxText)
	}
}

func TestGarbled(t *testing.T) {
	for _, tc := range []struct {
		text    string
		garbled bool
		got     rune
		layout  string
	}{
		{"VP1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEX", false, 0, ""},
		{"VPP1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23N\r\n", false, 0, ""},
		{"HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOOA+I", false, 0, ""},
		{"VP1Ö6BFOXN(TS0BI$ZD4N9Ö9S6RCVN5`O30K3-XIV0W23", true, 'Ö', "German, Swedish or Finnish"},
		{"VP1;6BFOXN*TS0BI", true, ';', ""},
		{"VPP1Ñ6BFOXN", true, 'Ñ', "Spanish"},
		{"VP&M6BFOXN", true, '&', "French (AZERTY)"},
		{"vp1:6bfoxn", true, 'v', ""},
		{"VP1:6BFOXN(TS0BI", true, '(', ""},
		{"VP1:6BFOXNßTS0BI", true, 'ß', ""},
		{"hello world", false, 0, ""},
		{"VP2:ABC", false, 0, ""},
		{"VP1", false, 0, ""},
		{"", false, 0, ""},
	} {
		m := Garbled(tc.text)
		if (m != nil) != tc.garbled {
			t.Errorf("Garbled(%q) = %v, want garbled %v", tc.text, m, tc.garbled)
			continue
		}
		if m == nil {
			continue
		}
		if m.Got != tc.got || m.Layout != tc.layout {
			t.Errorf("Garbled(%q) = %q %q, want %q %q", tc.text, m.Got, m.Layout, tc.got, tc.layout)
		}
		if m.String() == "" {
			t.Errorf("Garbled(%q): empty description", tc.text)
		}
	}
	if m := Garbled("vp1:abc"); m == nil || !m.CapsLock() || !strings.Contains(m.String(), "Caps Lock") {
		t.Errorf("lower-case code: %v, want a Caps Lock hint", m)
	}
}

// TestWedgeKoreanIME: a scan that the Korean IME in 한 mode turned into
// Hangul (fewer runes than keys, as syllables) comes out as the code, and the
// wedge says so; a clean scan after it does not.
func TestWedgeKoreanIME(t *testing.T) {
	c := &fakeClock{t: time.Unix(1e9, 0)}
	w := &Wedge{Now: c.now}
	code := "VP1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0BGJLFX3R3VHXK.PJ:2DPF6R:5SVBDO4I"
	typed := TypeDubeolsik(code)
	if !strings.HasPrefix(typed, "폐1:6ㅠ럐투") {
		t.Fatalf("typed %q", typed)
	}
	got, ok := typeWedge(w, c, typed, 8*time.Millisecond)
	if !ok || got != code || !w.KoreanIME() {
		t.Fatalf("Hangul scan: got %q %v (KoreanIME %v), want the code", got, ok, w.KoreanIME())
	}
	// Keys a person typed in 한 mode just before are dropped too.
	c.step(time.Second)
	w.Rune('ㅎ')
	c.step(100 * time.Millisecond)
	if got, ok := typeWedge(w, c, typed, 8*time.Millisecond); !ok || got != code {
		t.Errorf("after a stray key: %q %v", got, ok)
	}
	c.step(time.Second)
	if got, ok := typeWedge(w, c, code, 8*time.Millisecond); !ok || got != code || w.KoreanIME() {
		t.Errorf("clean scan: %q %v, KoreanIME %v", got, ok, w.KoreanIME())
	}
	// Korean text that is no code is passed on as typed.
	c.step(time.Second)
	if got, ok := typeWedge(w, c, "안녕하세요 반갑습니다", 8*time.Millisecond); !ok || got != "안녕하세요 반갑습니다" || w.KoreanIME() {
		t.Errorf("Korean text: %q %v, KoreanIME %v", got, ok, w.KoreanIME())
	}
}
