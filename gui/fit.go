package gui

import (
	"image/color"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// fitText is text that sizes itself to the box its layout gives it: the
// largest size from Min to Max at which every line fits, so a headline
// grows on a 1920x1080 screen and a long name shrinks on a 800x480 panel
// instead of being cut. A line that does not fit on one row at half of Max
// is wrapped (at spaces, or between syllables when a word alone is too
// wide, as a long Hangul name is), never cut. Its minimum size is the
// text at Min, so a screen of fitTexts fits a small panel.
type fitText struct {
	widget.BaseWidget
	// Text may hold several lines ("\n").
	Text  string
	Color color.Color
	Bold  bool
	// Min and Max bound the text size, in fyne units.
	Min, Max float32
	Align    fyne.TextAlign
	// icon, when set, stands left of the text, as tall as a line.
	icon fyne.CanvasObject

	// shownSize and shownLines are what the last layout chose, for tests.
	shownSize  float32
	shownLines []string
}

func newFitText(min, max float32, bold bool, c color.Color) *fitText {
	t := &fitText{Min: min, Max: max, Bold: bold, Color: c, Align: fyne.TextAlignCenter}
	t.ExtendBaseWidget(t)
	return t
}

// String is the text shown.
func (t *fitText) String() string { return t.Text }

// set changes the text and colour and lays the text out again.
func (t *fitText) set(text string, c color.Color) {
	t.Text, t.Color = text, c
	t.Refresh()
}

func (t *fitText) style() fyne.TextStyle { return fyne.TextStyle{Bold: t.Bold} }

// lineHeight is the height of one row of text of size s.
func (t *fitText) lineHeight(s float32) float32 {
	return fyne.MeasureText("Mg김", s, t.style()).Height
}

func (t *fitText) iconSize(s float32) float32 {
	if t.icon == nil || !t.icon.Visible() {
		return 0
	}
	return t.lineHeight(s) * 1.05
}

// layoutFor chooses the size and rows of the text for a box of w x h:
// first each paragraph on one row, from Max down to half of Max; then
// wrapped, from Max down to Min. At Min it wraps as much as the width
// needs, whatever the height.
func (t *fitText) layoutFor(w, h float32) (float32, []string) {
	paras := strings.Split(t.Text, "\n")
	if t.Text == "" {
		return t.Max, nil
	}
	step := func(s float32) float32 {
		d := s * 0.04
		if d < 1 {
			d = 1
		}
		return s - d
	}
	fits := func(s float32, lines []string) bool {
		if float32(len(lines))*t.lineHeight(s) > h+0.5 {
			return false
		}
		avail := w - t.iconGap(s)
		for _, l := range lines {
			if fyne.MeasureText(l, s, t.style()).Width > avail+0.5 {
				return false
			}
		}
		return true
	}
	for s := t.Max; s >= t.Max/2 && s >= t.Min; s = step(s) {
		if fits(s, paras) {
			return s, paras
		}
	}
	for s := t.Max; s >= t.Min; s = step(s) {
		lines := t.wrap(paras, s, w-t.iconGap(s))
		if fits(s, lines) {
			return s, lines
		}
	}
	return t.Min, t.wrap(paras, t.Min, w-t.iconGap(t.Min))
}

func (t *fitText) iconGap(s float32) float32 {
	if i := t.iconSize(s); i > 0 {
		return i + s*0.25
	}
	return 0
}

// wrap breaks each paragraph into rows no wider than w at size s: at
// spaces, and inside a word only when the word alone is wider than w.
func (t *fitText) wrap(paras []string, s, w float32) []string {
	width := func(x string) float32 { return fyne.MeasureText(x, s, t.style()).Width }
	var out []string
	for _, p := range paras {
		row := ""
		for _, word := range strings.Fields(p) {
			try := word
			if row != "" {
				try = row + " " + word
			}
			if width(try) <= w {
				row = try
				continue
			}
			if row != "" {
				out = append(out, row)
				row = ""
			}
			// The word alone is too wide: break it between runes.
			for width(word) > w {
				rs := []rune(word)
				if len(rs) < 2 {
					break
				}
				n := len(rs) - 1
				for n > 1 && width(string(rs[:n])) > w {
					n--
				}
				// Prefer a break after punctuation close by.
				for j := n; j > n*2/3; j-- {
					if unicode.IsPunct(rs[j-1]) {
						n = j
						break
					}
				}
				out = append(out, string(rs[:n]))
				word = string(rs[n:])
			}
			row = word
		}
		out = append(out, row)
	}
	return out
}

func (t *fitText) MinSize() fyne.Size {
	t.ExtendBaseWidget(t)
	return t.BaseWidget.MinSize()
}

func (t *fitText) CreateRenderer() fyne.WidgetRenderer {
	t.ExtendBaseWidget(t)
	r := &fitRenderer{t: t}
	r.Refresh()
	return r
}

type fitRenderer struct {
	t     *fitText
	texts []*canvas.Text
	objs  []fyne.CanvasObject
}

func (r *fitRenderer) Destroy() {}

func (r *fitRenderer) Objects() []fyne.CanvasObject { return r.objs }

// MinSize is the text at Min, wrapped to the width the text has now
// (unwrapped before its first layout), plus the icon; its width is a few
// letters, so the text never makes the window wider.
func (r *fitRenderer) MinSize() fyne.Size {
	t := r.t
	if t.Text == "" {
		return fyne.NewSize(0, 0)
	}
	lines := strings.Split(t.Text, "\n")
	if w := t.Size().Width; w > 0 {
		lines = t.wrap(lines, t.Min, w-t.iconGap(t.Min))
	}
	lh := t.lineHeight(t.Min)
	return fyne.NewSize(fyne.MeasureText("MMMMMM", t.Min, t.style()).Width+t.iconGap(t.Min), float32(len(lines))*lh)
}

func (r *fitRenderer) Layout(size fyne.Size) {
	t := r.t
	s, lines := t.layoutFor(size.Width, size.Height)
	t.shownSize, t.shownLines = s, lines
	for len(r.texts) < len(lines) {
		r.texts = append(r.texts, canvas.NewText("", t.Color))
	}
	r.objs = r.objs[:0]
	if t.icon != nil {
		r.objs = append(r.objs, t.icon)
	}
	lh := t.lineHeight(s)
	top := (size.Height - float32(len(lines))*lh) / 2
	if top < 0 {
		top = 0
	}
	gap := t.iconGap(s)
	widest := float32(0)
	for _, l := range lines {
		if w := fyne.MeasureText(l, s, t.style()).Width; w > widest {
			widest = w
		}
	}
	for i, l := range lines {
		c := r.texts[i]
		c.Text, c.TextSize, c.TextStyle, c.Color = l, s, t.style(), t.Color
		lw := fyne.MeasureText(l, s, t.style()).Width
		x := gap
		switch t.Align {
		case fyne.TextAlignCenter:
			x = (size.Width-widest-gap)/2 + gap + (widest-lw)/2
		case fyne.TextAlignTrailing:
			x = size.Width - lw
		}
		c.Move(fyne.NewPos(x, top+float32(i)*lh))
		c.Resize(fyne.NewSize(lw, lh))
		c.Refresh()
		r.objs = append(r.objs, c)
	}
	if t.icon != nil && t.icon.Visible() {
		is := t.iconSize(s)
		x := float32(0)
		if t.Align == fyne.TextAlignCenter {
			x = (size.Width - widest - gap) / 2
		}
		t.icon.Move(fyne.NewPos(x, top+(lh-is)/2))
		t.icon.Resize(fyne.NewSize(is, is))
	}
}

func (r *fitRenderer) Refresh() {
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

// shareLayout stacks objects top to bottom like a VBox, but shares the
// height beyond their minimum sizes by weight, so text boxes grow with the
// screen. Hidden objects take no room; a weight of 0 keeps an object at
// its minimum height.
type shareLayout struct{ weights []float32 }

func newShare(weights ...float32) *shareLayout { return &shareLayout{weights: weights} }

func (l *shareLayout) weight(i int) float32 {
	if i < len(l.weights) {
		return l.weights[i]
	}
	return 0
}

func (l *shareLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		h += m.Height
		if m.Width > w {
			w = m.Width
		}
	}
	return fyne.NewSize(w, h)
}

func (l *shareLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var minH, total float32
	for i, o := range objs {
		if o.Visible() {
			minH += o.MinSize().Height
			total += l.weight(i)
		}
	}
	extra := size.Height - minH
	if extra < 0 {
		extra = 0
	}
	y := float32(0)
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		if total > 0 {
			h += extra * l.weight(i) / total
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}

// flowLayout sets objects left to right at their minimum sizes and starts
// a new row where the width ends, so status chips wrap on a narrow panel
// instead of falling off it. Its minimum height is that of the rows at the
// width it last had.
type flowLayout struct {
	gap   float32
	width float32
}

func (l *flowLayout) rows(objs []fyne.CanvasObject, width float32) (h float32, place func()) {
	type p struct {
		o    fyne.CanvasObject
		x, y float32
		s    fyne.Size
	}
	var ps []p
	x, y, rowH := float32(0), float32(0), float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if width > 0 && m.Width > width {
			m.Width = width
		}
		if x > 0 && width > 0 && x+m.Width > width {
			x, y, rowH = 0, y+rowH+l.gap, 0
		}
		ps = append(ps, p{o, x, y, m})
		x += m.Width + l.gap
		if m.Height > rowH {
			rowH = m.Height
		}
	}
	return y + rowH, func() {
		for _, q := range ps {
			q.o.Move(fyne.NewPos(q.x, q.y))
			q.o.Resize(q.s)
		}
	}
}

func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h, _ := l.rows(objs, l.width)
	var w float32
	for _, o := range objs {
		if o.Visible() && o.MinSize().Width > w {
			w = o.MinSize().Width
		}
	}
	if l.width > 0 && w > l.width {
		w = l.width
	}
	return fyne.NewSize(w, h)
}

func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	_, place := l.rows(objs, size.Width)
	place()
}
