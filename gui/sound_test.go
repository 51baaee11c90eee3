package gui

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// peak is the largest sample of a WAV made by wavAt.
func peak(w []byte) int {
	m := 0
	for i := 44; i+1 < len(w); i += 2 {
		v := int(int16(binary.LittleEndian.Uint16(w[i:])))
		m = max(m, v, -v)
	}
	return m
}

func TestVolumeAndRejectBeeps(t *testing.T) {
	full, half := peak(wavAt(soundReject, 100)), peak(wavAt(soundReject, 50))
	if full == 0 || half < full*45/100 || half > full*55/100 {
		t.Errorf("peaks: 100%% %d, 50%% %d", full, half)
	}
	// The reject sound is three beeps: three runs of sound between
	// silences.
	w := wavAt(soundReject, 100)
	runs, in := 0, false
	for i := 44; i+1 < len(w); i += 2 {
		loud := binary.LittleEndian.Uint16(w[i:]) != 0
		if loud && !in {
			runs++
		}
		in = loud
	}
	if runs != 3 {
		t.Errorf("reject has %d beeps, want 3", runs)
	}
}

// newSoundKiosk starts a kiosk that plays its own sounds, with PATH
// holding only what bin has.
func newSoundKiosk(t *testing.T, bin string) *testKiosk {
	t.Helper()
	t.Setenv("PATH", bin)
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	demo, err := NewDemo(t.TempDir(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	k, err := newKiosk(a, w, Options{ConfigDir: t.TempDir(), Demo: demo, now: func() time.Time { return testNow }, noDevices: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(k.Close)
	tk := &testKiosk{kiosk: k, t: t, win: w, shown: make(chan verdict, 8), demo: demo}
	k.shown = func(v verdict) { tk.shown <- v }
	return tk
}

// No audio player at all: the ready screen says verdicts are silent.
func TestNoSoundIsVisible(t *testing.T) {
	tk := newSoundKiosk(t, t.TempDir())
	tk.show(screenReady)
	if len(tk.ready.shownCauses) != 1 || !strings.HasPrefix(tk.ready.shownCauses[0], "No sound") || tk.ready.shownTitle != "Ready" {
		t.Fatalf("ready: %q %q", tk.ready.shownTitle, tk.ready.shownCauses)
	}
}

// A player that cannot open the audio output (a real process failing the
// way aplay does without a sound card): the admin's self-test says so,
// and a verdict sound that fails shows the warning.
func TestSoundSelfTest(t *testing.T) {
	bin := t.TempDir()
	script := "#!/bin/sh\necho 'aplay: main:831: audio open error: No such file or directory' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "aplay"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// sh itself must be found by the script's #! line, not through PATH.
	tk := newSoundKiosk(t, bin)
	tk.show(screenReady)
	if len(tk.ready.shownCauses) != 0 {
		t.Fatalf("before any sound: %q", tk.ready.shownCauses)
	}
	done := make(chan error, 1)
	tk.testSound(func(err error) { done <- err })
	if err := await(t, done); err == nil || !strings.Contains(err.Error(), "audio open error") {
		t.Fatalf("self-test: %v", err)
	}
	if len(tk.ready.shownCauses) != 1 || !strings.Contains(tk.ready.shownCauses[0], "No sound") {
		t.Errorf("after the self-test: %q", tk.ready.shownCauses)
	}
}
