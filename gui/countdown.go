package gui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// countdownBar is the bar under a red verdict that clears by itself: it
// shrinks from the full width to nothing. Its width is a fraction of the
// room the layout gives it, redone on every layout, so a re-layout of the
// screen (the fitted texts re-lay themselves) cannot put it back to full
// width, as it did with a rectangle resized in a box.
type countdownBar struct {
	widget.BaseWidget
	rect *canvas.Rectangle
	frac float32
	anim *fyne.Animation
}

func newCountdownBar(c color.Color) *countdownBar {
	b := &countdownBar{rect: canvas.NewRectangle(c), frac: 1}
	b.ExtendBaseWidget(b)
	return b
}

// start shows the bar full and shrinks it to nothing over d.
func (b *countdownBar) start(d time.Duration) {
	b.stop()
	b.frac = 1
	b.Show()
	b.anim = fyne.NewAnimation(d, func(p float32) {
		b.frac = 1 - p
		b.Refresh()
	})
	b.anim.Curve = fyne.AnimationLinear
	b.anim.Start()
}

// stop hides the bar.
func (b *countdownBar) stop() {
	if b.anim != nil {
		b.anim.Stop()
		b.anim = nil
	}
	b.Hide()
}

// fraction is how much of the bar is left (tests).
func (b *countdownBar) fraction() float32 { return b.frac }

func (b *countdownBar) CreateRenderer() fyne.WidgetRenderer { return &countdownRenderer{b: b} }

type countdownRenderer struct{ b *countdownBar }

func (r *countdownRenderer) Layout(size fyne.Size) {
	r.b.rect.Move(fyne.NewPos(0, 0))
	r.b.rect.Resize(fyne.NewSize(size.Width*r.b.frac, size.Height))
}

func (r *countdownRenderer) MinSize() fyne.Size { return fyne.NewSize(0, 8) }

func (r *countdownRenderer) Refresh() {
	r.Layout(r.b.Size())
	canvas.Refresh(r.b.rect)
}

func (r *countdownRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.b.rect} }

func (r *countdownRenderer) Destroy() {}
