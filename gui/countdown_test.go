package gui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// The countdown bar shrinks as its time runs, and a re-layout of the
// screen keeps the width it shrank to (a rectangle resized inside a box
// was put back to full width by the next layout: the bar never moved).
// fyne's test driver runs an animation to its end at once, so the bar is
// empty here; the screenshot rejected-countdown shows it part way.
func TestCountdownBar(t *testing.T) {
	test.NewTempApp(t)
	b := newCountdownBar(colorOnDark)
	box := container.NewVBox(b)
	w := test.NewWindow(box)
	defer w.Close()
	w.Resize(fyne.NewSize(1000, 100))
	b.start(2 * time.Second)
	deadline := time.Now().Add(20 * time.Second)
	for b.fraction() > 0.8 {
		if time.Now().After(deadline) {
			t.Fatal("the bar did not shrink")
		}
		time.Sleep(20 * time.Millisecond)
	}
	b.anim.Stop() // holds the width reached
	f := b.fraction()
	w.Resize(fyne.NewSize(800, 100))
	box.Refresh()
	full := b.Size().Width
	if got := b.rect.Size().Width; full < 700 || full > 800 || got > full*f+1 || got < full*f-1 {
		t.Fatalf("after a re-layout the bar is %.0f of %.0f, want %.2f of it", got, full, f)
	}
	b.stop()
	if b.Visible() {
		t.Error("a stopped bar is shown")
	}
}
