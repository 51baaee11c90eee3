package qr

import (
	"errors"
	"fmt"
	"image"
	_ "image/gif" // register decoders for DecodeFile
	_ "image/jpeg"
	_ "image/png"
	"io"
	"math"
	"os"
	"sort"
	"sync"

	"github.com/makiuchi-d/gozxing"
	multidetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// ErrNotFound is returned when an image contains no readable QR code.
var ErrNotFound = errors.New("no QR code found")

// Error is an error of encoding, rendering or decoding a code: its text is "qr: "
// and Detail, so a program can show Detail in its own words (errors.As).
type Error struct {
	Detail string
	Err    error // the cause it wraps, or nil
}

func (e *Error) Error() string { return "qr: " + e.Detail }
func (e *Error) Unwrap() error { return e.Err }

// FileError is an image file DecodeFile cannot read: its text is
// "qr: cannot read PATH: " and Err (a *fs.PathError, an image decoding
// error or a size limit).
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return "qr: cannot read " + e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

func errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Detail: err.Error(), Err: errors.Unwrap(err)}
}

// Limits on what Decode and DecodeFile accept.
const (
	MaxFileSize = 64 << 20 // bytes read by DecodeFile
	MaxSide     = 16384    // pixels, width or height
	MaxPixels   = 64 << 20 // pixels, width times height
)

var decoderPool = sync.Pool{New: func() any { return new(Decoder) }}

// Decode returns the distinct texts of all QR codes found in img, in the
// order they were found. It returns ErrNotFound if there are none.
func Decode(img image.Image) ([]string, error) {
	d := decoderPool.Get().(*Decoder)
	defer decoderPool.Put(d)
	return d.Decode(img)
}

// DecodeFile reads a PNG, JPEG or GIF image and decodes it like Decode.
// Files larger than MaxFileSize or images larger than MaxSide or MaxPixels
// are rejected before they are decoded.
func DecodeFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if fi.Size() > MaxFileSize {
		return nil, &FileError{Path: path, Err: fmt.Errorf("file is %d bytes, limit is %d", fi.Size(), MaxFileSize)}
	}
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if err := checkDims(cfg.Width, cfg.Height); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return Decode(img)
}

func checkDims(w, h int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("image is empty (%dx%d)", w, h)
	}
	if w > MaxSide || h > MaxSide || w*h > MaxPixels {
		return fmt.Errorf("image is %dx%d pixels, limit is %d pixels a side and %d in total", w, h, MaxSide, MaxPixels)
	}
	return nil
}

// A Decoder finds QR codes in images, keeping its scratch buffers between
// calls so that a camera loop allocates little. The zero value is ready to
// use. A Decoder may be reused for any number of images but must not be used
// by several goroutines at once.
type Decoder struct {
	lum, blur, invBlur, invFull []byte
	scaled, cropped, work       []byte
	tmp                         []uint16
	mem                         arenas // block tables of the binarizations

	single *qrcode.QRCodeReader

	// Per-call state.
	bitmaps []bitmap
	cands   []candidate
	fitted  []fitted
	// unreadable is set when a code was found whose modules could not
	// be read (see gridFit.found).
	unreadable bool
	// blind counts the grid fits that found no code (see maxBlind).
	blind int
	// seenFormat is set when a grid fit found format information.
	seenFormat bool
	// hits are the finder pattern hits of the last view tried (see
	// fastHybrid.finderHits), 1 where they were not counted.
	hits int
	// quiet is set when the ladder ended for want of anything that
	// resembles part of a code (see FrameDecoder).
	quiet bool
	// haveBlur, haveInvBlur and haveInvFull are set once blur, invBlur
	// and invFull hold the planes of this call (see blurView).
	haveBlur, haveInvBlur, haveInvFull bool
	// codes are where the codes decoded so far are, and win is the view
	// in which the first was found (see multi.go).
	codes   []located
	win     view
	results []string
	seen    map[string]bool
}

// A bitmap is a binarization of a plane kept for the rest of a Decode call.
type bitmap struct {
	pix *byte
	bin binarizer
	bmp *gozxing.BinaryBitmap
	fh  *fastHybrid // the hybrid binarizer, nil for global
}

// A candidate is a finder pattern seen by gozxing's detector, in the
// coordinates of the image passed to Decode.
type candidate struct {
	x, y, module float64
	count        int // rows that confirmed it
}

// Decode returns the distinct texts of all QR codes found in img. It
// returns ErrNotFound if there are none.
//
// *image.Gray and *image.YCbCr images are read in place without conversion.
// The decoder tries, cheapest first and stopping at the first success:
// hybrid binarization; if its rows show no finder pattern, inverted
// luminance (light modules on dark); if either polarity showed one, a 3x3
// mean denoise in both polarities; a contrast stretch for dim frames; and,
// only if finder-pattern-like structure was seen, global histogram
// binarization, pure-barcode extraction, a scale pyramid, crops
// around the finder pattern candidates and gozxing's TRY_HARDER mode.
// Whenever finder patterns are found but gozxing's sampling fails, the
// module grid is fitted to the finder, timing and alignment patterns in
// grey (see grid.go); a missing third finder pattern is looked for where
// the other two place it. A frame whose code was found that way but did
// not decode skips the expensive rungs, as does a frame without structure.
// After a success, finder patterns that no decoded code explains are
// grouped and decoded, rescanning big pages more densely and looking at the
// inverted frame when light-on-dark finder patterns show (see multi.go), so
// that a sheet or photo of several codes returns them all.
func (d *Decoder) Decode(img image.Image) ([]string, error) {
	src, err := d.plane(img)
	if err != nil {
		return nil, err
	}
	return d.decodePlane(src)
}

// plane checks img's size and returns its luminance plane, in the
// decoder's reused buffer.
func (d *Decoder) plane(img image.Image) (plane, error) {
	if img == nil {
		return plane{}, errorf("nil image")
	}
	b := img.Bounds()
	if err := checkDims(b.Dx(), b.Dy()); err != nil {
		return plane{}, errorf("%w", err)
	}
	var src plane
	src, d.lum = luminance(img, d.lum)
	return src, nil
}

// decodePlane is Decode on the luminance plane of the image.
func (d *Decoder) decodePlane(src plane) ([]string, error) {
	if d.single == nil {
		d.single = qrcode.NewQRCodeReader().(*qrcode.QRCodeReader)
	}
	d.cands = d.cands[:0]
	d.fitted = d.fitted[:0]
	d.unreadable = false
	d.blind = 0
	d.seenFormat = false
	d.mem.reset()
	d.codes = d.codes[:0]
	d.win = view{}
	d.results = nil
	clear(d.seen)
	d.haveBlur, d.haveInvBlur, d.haveInvFull = false, false, false
	d.quiet = false

	d.ladder(src)
	if len(d.results) > 0 {
		d.more(src)
	}
	// Keep no binarization or view of the caller's pixels past the call.
	d.win = view{}
	clear(d.bitmaps)
	d.bitmaps = d.bitmaps[:0]
	if len(d.results) == 0 {
		return nil, ErrNotFound
	}
	return d.results, nil
}

// A view places a derived plane in the coordinate space of the source image:
// source = view*scale + offset.
type view struct {
	p      plane
	scale  float64
	dx, dy int
	// of is the first pixel of the plane that p crops or enlarges, if
	// any: grid fits sample in grey with interpolation of their own, so
	// they give the same answer on both.
	of *byte
	// fam is the first pixel of the source plane of which p shows a
	// denoised or resampled copy, if any.
	fam *byte
	// keep marks a plane whose pixels stay put for the whole Decode call,
	// so that its binarizations can be reused by later rungs.
	keep bool
	// inv marks a view of the inverted frame.
	inv bool
	// neg is the first pixel of a kept plane of which p is the negative
	// (255 minus every grey level), if any: binarizing p then reuses the
	// block statistics of that plane's binarization.
	neg *byte
}

// origin returns the first pixel of the plane whose pixels v shows.
func (v view) origin() *byte {
	if v.of != nil {
		return v.of
	}
	return &v.p.pix[0]
}

func (d *Decoder) ladder(src plane) {
	full := view{p: src, scale: 1, keep: true, fam: &src.pix[0]}

	// Rung 1: what plain gozxing does, minus the image conversion.
	if d.try(full, hybrid, 0) {
		return
	}
	// Finder evidence: whether gozxing's row scan saw any finder pattern
	// at all, in either polarity. The inverted frame shares the block
	// statistics of the frame, so looking at it costs a fraction of a
	// rung; a dark-mode code is read there without denoising first.
	evidence := d.hits > 0
	normal, inverted := len(d.cands), 0
	if !evidence {
		// Rung 1b: dark-mode codes, light modules on a dark background.
		// When it reads nothing, what it saw is forgotten, so that the
		// rest of the ladder runs as it would without it.
		// Fewer than two finder pattern hits cannot make a code, and
		// searching for one costs more than the rest of an empty frame.
		inv := d.invFullView(src)
		n := d.finderHits(inv)
		evidence = n > 0
		if n >= 2 {
			saved := d.save()
			if d.try(inv, hybrid, 0) {
				return
			}
			d.restore(saved)
		}
	}
	// Without finder evidence in either polarity the denoised rungs
	// (2 and 3) are skipped: on the benchmark set no frame whose rows
	// showed no finder pattern at full size, light or dark, showed one
	// after the 3x3 mean filter, except low-contrast ones, which rung 4
	// reads. This is what keeps a textured frame without a code cheap.
	if evidence {
		// Rung 2: sensor noise makes the detector misjudge the module
		// count; a 3x3 mean filter fixes most of those frames.
		n := len(d.cands)
		if d.try(d.blurView(src), hybrid, 0) {
			return
		}
		normal += len(d.cands) - n
		// Rung 3: dark-mode codes, denoised.
		n = len(d.cands)
		if d.try(d.invBlurView(src), hybrid, 0) {
			return
		}
		inverted += len(d.cands) - n
	}
	// Rung 4: dim or hazy frames. gozxing treats 8x8 blocks spanning fewer
	// than 24 grey levels as flat, so stretch a low-contrast frame first.
	if lo, hi, dim := d.dim(src); dim {
		d.scaled = stretch(d.scaled, d.blurView(src).p, lo, hi)
		if d.tryBoth(view{p: plane{d.scaled, src.w, src.h}, scale: 1}) {
			return
		}
	}
	// Rung 5: blur hides structure at full size in big photos; look at
	// half size before deciding there is nothing here.
	if min(src.w, src.h) >= 1000 {
		var half plane
		d.scaled, half = downscale2(d.scaled, d.blurView(src).p)
		if d.tryBoth(view{p: half, scale: 2}) {
			return
		}
	}

	// Early exit: without anything resembling finder patterns the
	// expensive rungs cannot succeed. This keeps empty frames cheap.
	if !d.structure() && !d.lonely(src) && min(src.w, src.h) >= 200 {
		d.quiet = true
		return
	}
	// Nor can they read a code whose grid was fitted and whose modules
	// still did not decode: they only give gozxing other chances to find
	// and sample the code, with cruder sampling than the grid fit's. In
	// a camera loop the next frame is the better chance.
	if d.unreadable {
		return
	}
	// Nor when the finder patterns seen so far were look-alikes: a frame
	// full of them (cloth, tiles) would spend the rungs below sampling
	// them, and when every triple of them that could be fitted was no
	// code (the icons of a phone's home screen), the expensive rungs would
	// only find the same ones again. On the benchmark set, every frame
	// that the rungs below read had no triple to fit before them.
	if d.lookalikes() || d.blind >= 2 && !d.seenFormat {
		return
	}

	// The remaining rungs run on the more promising polarity first.
	type polarity struct{ full, blurred view }
	ps := []polarity{{full, d.blurView(src)}, {d.invFullView(src), d.invBlurView(src)}}
	if inverted > normal {
		ps[0], ps[1] = ps[1], ps[0]
	}
	// A polarity that showed no finder candidate at all while the other
	// did is not worth the expensive rungs.
	if min(normal, inverted) == 0 && max(normal, inverted) > 0 {
		ps = ps[:1]
	}
	for _, p := range ps {
		if d.expensive(p.full, p.blurred) {
			return
		}
	}
}

// finderHits returns the finder pattern hits of view v's hybrid
// binarization as try counts them.
func (d *Decoder) finderHits(v view) int {
	_, fh := d.binarize(v, hybrid)
	if fh == nil {
		return 1
	}
	return fh.finderHits(false, maxFinderHits+1)
}

// attempt is what a failed try leaves behind for later rungs to go by.
type attempt struct {
	cands, fitted, blind   int
	seenFormat, unreadable bool
}

func (d *Decoder) save() attempt {
	return attempt{len(d.cands), len(d.fitted), d.blind, d.seenFormat, d.unreadable}
}

func (d *Decoder) restore(a attempt) {
	d.cands, d.fitted, d.blind = d.cands[:a.cands], d.fitted[:a.fitted], a.blind
	d.seenFormat, d.unreadable = a.seenFormat, a.unreadable
}

// lowContrastMargin bounds how much the 3x3 mean of rung 2 narrows the
// span between the 1st and 99th percentile grey levels of a frame (see
// dim); on the benchmark set it narrowed it by at most 24 levels.
const lowContrastMargin = 32

// dim reports whether the denoised frame spans fewer than 96 grey levels
// between its 1st and 99th percentiles, and returns them. A frame that
// was not denoised yet, and whose own span is above that by more than
// lowContrastMargin, is taken for not dim without denoising it.
func (d *Decoder) dim(src plane) (lo, hi int, ok bool) {
	if !d.haveBlur {
		if lo, hi := levels(src); hi-lo >= 96+lowContrastMargin {
			return 0, 0, false
		}
	}
	lo, hi = levels(d.blurView(src).p)
	return lo, hi, hi-lo < 96
}

// blurView returns the 3x3 mean of the frame src, denoising it on first
// use in a Decode call.
func (d *Decoder) blurView(src plane) view {
	if !d.haveBlur {
		d.blur, d.tmp = boxBlur3(d.blur, src, d.tmp)
		d.haveBlur = true
	}
	return view{p: plane{d.blur[:len(src.pix)], src.w, src.h}, scale: 1, keep: true, fam: &src.pix[0]}
}

// invBlurView returns the negative of blurView.
func (d *Decoder) invBlurView(src plane) view {
	b := d.blurView(src)
	if !d.haveInvBlur {
		d.invBlur = invert(d.invBlur, b.p)
		d.haveInvBlur = true
	}
	return view{p: plane{d.invBlur[:len(src.pix)], src.w, src.h}, scale: 1, keep: true, fam: d.invFamily(src), inv: true, neg: &b.p.pix[0]}
}

// invFullView returns the negative of the frame src.
func (d *Decoder) invFullView(src plane) view {
	if !d.haveInvFull {
		d.invFull = invert(d.invFull, src)
		d.haveInvFull = true
	}
	return view{p: plane{d.invFull[:len(src.pix)], src.w, src.h}, scale: 1, keep: true, fam: d.invFamily(src), inv: true, neg: &src.pix[0]}
}

// invFamily returns the address that names the family of the inverted
// views of a Decode call, the first pixel of invBlur (see view.fam), which
// is allocated, though not necessarily computed, for that.
func (d *Decoder) invFamily(src plane) *byte {
	d.invBlur = grow(d.invBlur, len(src.pix))
	return &d.invBlur[0]
}

// expensive runs the costly rungs of the ladder on one polarity.
func (d *Decoder) expensive(full, blurred view) bool {
	src := full.p
	// Global threshold copes with glare gradients differently; pure
	// barcode extraction rescues clean, tightly cropped dense codes.
	if d.try(full, global, 0) || d.try(blurred, global, 0) || d.try(full, hybrid, pure) {
		return true
	}
	// Scale pyramid: half and quarter size for big or blurry frames,
	// double for small modules.
	if min(src.w, src.h) >= 400 && min(src.w, src.h) < 1000 {
		var half plane
		d.scaled, half = downscale2(d.scaled, blurred.p)
		if d.try(view{p: half, scale: 2, inv: blurred.inv}, hybrid, 0) {
			return true
		}
	}
	if min(src.w, src.h) >= 1600 {
		var half, quarter plane
		d.scaled, half = downscale2(d.scaled, blurred.p)
		d.cropped, quarter = downscale2(d.cropped, half)
		if d.try(view{p: quarter, scale: 4, inv: blurred.inv}, hybrid, 0) {
			return true
		}
	}
	if min(src.w, src.h) < 200 || d.smallModules() {
		var up plane
		d.scaled, up = upscale2(d.scaled, blurred.p)
		if d.try(view{p: up, scale: 0.5, of: blurred.origin(), fam: blurred.fam, inv: blurred.inv}, hybrid, 0) {
			return true
		}
	}
	// Crop around clusters of finder pattern candidates, enlarge small
	// ones, and let gozxing try harder on each.
	for _, r := range d.regions(src) {
		var c plane
		d.cropped, c = crop(d.cropped, blurred.p, r)
		v := view{p: c, scale: 1, dx: r.Min.X, dy: r.Min.Y, of: blurred.origin(), fam: blurred.fam, inv: blurred.inv}
		if min(c.w, c.h) < 300 {
			d.scaled, c = upscale2(d.scaled, c)
			v = view{p: c, scale: 0.5, dx: r.Min.X, dy: r.Min.Y, of: blurred.origin(), fam: blurred.fam, inv: blurred.inv}
		}
		if d.try(v, hybrid, tryHarder) || d.try(v, global, tryHarder) {
			return true
		}
	}
	// gozxing's exhaustive row scan over the whole frame.
	return d.try(full, hybrid, tryHarder) || d.try(blurred, hybrid, tryHarder)
}

// tryBoth tries v in both polarities.
func (d *Decoder) tryBoth(v view) bool {
	if d.try(v, hybrid, 0) {
		return true
	}
	d.work = invert(d.work, v.p)
	return d.try(view{p: plane{d.work, v.p.w, v.p.h}, scale: v.scale, dx: v.dx, dy: v.dy, inv: !v.inv}, hybrid, 0)
}

// structure reports whether the finder candidates seen so far look like
// part of a code: a pattern confirmed on several rows, or two patterns of
// similar module size at a plausible distance. Sensor noise produces
// isolated look-alikes a pixel or so wide, which this ignores.
func (d *Decoder) structure() bool {
	for i, a := range d.cands {
		if a.count >= 2 {
			return true
		}
		for _, b := range d.cands[i+1:] {
			dist := math.Hypot(a.x-b.x, a.y-b.y) / a.module
			if a.module >= 2 && b.module >= 2 && b.module < 1.5*a.module && a.module < 1.5*b.module &&
				dist > 14 && dist < 250 {
				return true
			}
		}
	}
	return false
}

// lonely reports whether one of the first finder candidates, unconfirmed
// by others, matches a finder pattern template well: a small code in a
// big frame may show gozxing only one of its finder patterns.
func (d *Decoder) lonely(src plane) bool {
	for i, c := range d.cands {
		if i == 4 {
			break
		}
		s := lonelyFinder(src, c.x, c.y, c.module)
		if s >= lonelyContrast {
			return true
		}
	}
	return false
}

const lonelyContrast = 40

// smallModules reports whether the finder candidates seen so far suggest
// modules under three pixels, which the detector handles poorly.
func (d *Decoder) smallModules() bool {
	for _, c := range d.cands {
		if c.module < 3 {
			return true
		}
	}
	return false
}

// regions groups finder candidates into clusters and returns a generous
// bounding rectangle for each, largest cluster first, at most four.
func (d *Decoder) regions(src plane) []image.Rectangle {
	var rs []image.Rectangle
	used := make([]bool, len(d.cands))
	for i, c := range d.cands {
		if used[i] || len(rs) == 4 {
			continue
		}
		used[i] = true
		minX, minY, maxX, maxY := c.x, c.y, c.x, c.y
		// A version 40 code spans 170 modules between finder centres.
		reach := 170 * c.module
		for j := i + 1; j < len(d.cands); j++ {
			o := d.cands[j]
			if used[j] || math.Abs(o.module-c.module) > 0.5*c.module ||
				math.Hypot(o.x-c.x, o.y-c.y) > reach {
				continue
			}
			used[j] = true
			minX, minY = math.Min(minX, o.x), math.Min(minY, o.y)
			maxX, maxY = math.Max(maxX, o.x), math.Max(maxY, o.y)
		}
		pad := 12 * c.module
		if maxX-minX < 20*c.module || maxY-minY < 20*c.module {
			pad = 60 * c.module // only part of the code was seen
		}
		r := image.Rect(int(minX-pad), int(minY-pad), int(maxX+pad), int(maxY+pad)).
			Intersect(image.Rect(0, 0, src.w, src.h))
		if r.Dx() < 21 || r.Dy() < 21 || r.Dx()*r.Dy() > src.w*src.h*3/4 {
			continue // degenerate, or hardly smaller than the whole frame
		}
		rs = append(rs, r)
	}
	return rs
}

// lookalikes reports whether, before any code was read, the grid fits
// spent on finder patterns that were not a code's reached maxBlind. Once a
// code is read, the search for more on a sheet (multi.go) is not bounded.
func (d *Decoder) lookalikes() bool {
	return d.blind >= maxBlind && len(d.results) == 0
}

// maxFinderHits bounds the places on gozxing's scanned rows where it would
// record a finder pattern candidate, beyond which a view is taken for
// clutter. Codes of the benchmark set give at most 20, a printed A4 sheet
// of ten codes 20, textured frames without a code up to 14, and a woven
// cloth about 250. One textured frame of the camera set gives 247, but 177
// with the sensor noise of a camera (sigma 3), and gozxing's selection of
// pattern triples, cubic in their number, then took 150 ms of CPU.
const maxFinderHits = 100

type binarizer int

const (
	hybrid binarizer = iota
	global
)

type mode int

const (
	tryHarder mode = 1 << iota
	pure
)

// try binarizes v, looks for finder patterns and decodes every plausible
// code, recording the texts found. It reports whether anything new was
// decoded.
func (d *Decoder) try(v view, bin binarizer, m mode) (ok bool) {
	d.hits = 1
	if v.p.w < 21 || v.p.h < 21 {
		return false
	}
	defer func() {
		// gozxing is a port from Java and may panic on degenerate input;
		// treat that as a failed attempt rather than crashing the caller.
		if recover() != nil {
			ok = false
		}
	}()
	bmp, fh := d.binarize(v, bin)
	if bmp == nil {
		return false
	}
	// Most frames of a camera loop hold no code: rule out a finder pattern
	// from the rows gozxing scans before binarizing the whole frame.
	// A frame full of finder pattern look-alikes (woven cloth, tiles) is
	// clutter: gozxing's selection of pattern triples takes time cubic in
	// their number.
	if fh != nil && m&pure == 0 {
		n := fh.finderHits(m&tryHarder != 0, maxFinderHits+1)
		d.hits = n
		if n == 0 || n > maxFinderHits {
			return false
		}
	}
	hints := map[gozxing.DecodeHintType]interface{}{}
	if m&tryHarder != 0 {
		hints[gozxing.DecodeHintType_TRY_HARDER] = true
	}
	if m&pure != 0 {
		hints[gozxing.DecodeHintType_PURE_BARCODE] = true
		if r, err := d.single.Decode(bmp, hints); err == nil {
			return d.add(r.GetText())
		}
		return false
	}
	matrix, err := bmp.GetBlackMatrix()
	if err != nil {
		return false
	}
	finder := multidetector.NewMultiFinderPatternFinder(matrix, nil)
	infos, _ := finder.FindMulti(hints)
	// Sensor noise around a code makes dozens of look-alikes, and every
	// triple or pair of them would be a grid fit: a view gets at most
	// maxBlindFits fits that find no code.
	blind := 0
	fit := func(info *detector.FinderPatternInfo) bool {
		if blind >= maxBlindFits {
			return false
		}
		text, found := d.decodeInfo(v, matrix, info, hints)
		if !found {
			blind++
			return false
		}
		return d.add(text)
	}
	for _, info := range infos {
		ok = fit(info) || ok
	}
	defer func() {
		if ok && d.win.p.pix == nil {
			d.win = v
		}
	}()
	centers := finder.GetPossibleCenters()
	for _, c := range centers {
		if len(d.cands) < 64 {
			d.cands = append(d.cands, candidate{
				x:      c.GetX()*v.scale + float64(v.dx),
				y:      c.GetY()*v.scale + float64(v.dy),
				module: c.GetEstimatedModuleSize() * v.scale,
				count:  c.GetCount(),
			})
		}
	}
	if ok || len(centers) < 2 || d.lookalikes() {
		return ok
	}
	// gozxing's triple selection insists on well-matched patterns; try the
	// plausible triples among the best-confirmed candidates ourselves.
	sort.SliceStable(centers, func(i, j int) bool { return centers[i].GetCount() > centers[j].GetCount() })
	for _, info := range triples(centers) {
		ok = fit(info) || ok
	}
	if ok {
		return true
	}
	// Blur or tiny modules can hide one finder pattern from gozxing's row
	// scan; look for it where the other two say it must be.
	for _, info := range completePairs(v.p, centers) {
		ok = fit(info) || ok
	}
	return ok
}

// maxBlindFits bounds the grid fits of one view that find no code (see
// try: gozxing's triples, ours, and pairs completed). On the benchmark set
// no view read a code after more than two such fits; a noisy frame
// (cam-noisy/04) made 74 of them, most of its decoding time, now 16.
const maxBlindFits = 8

// binarize returns a binary bitmap of v and, for hybrid binarization, its
// binarizer, reusing an earlier one of the same plane if v is kept.
func (d *Decoder) binarize(v view, bin binarizer) (*gozxing.BinaryBitmap, *fastHybrid) {
	if v.keep {
		for _, b := range d.bitmaps {
			if b.pix == &v.p.pix[0] && b.bin == bin {
				return b.bmp, b.fh
			}
		}
	}
	src := newGrayLuminance(v.p.pix, v.p.w, v.p.h)
	var bz gozxing.Binarizer
	var fh *fastHybrid
	if bin == global {
		bz = gozxing.NewGlobalHistgramBinarizer(src)
	} else {
		fh = newFastHybrid(src)
		fh.mem = &d.mem
		bz = fh
		if v.neg != nil {
			for _, b := range d.bitmaps {
				if b.pix == v.neg && b.fh != nil {
					fh.negativeOf(b.fh)
				}
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmap(bz)
	if err != nil {
		return nil, nil
	}
	if v.keep {
		d.bitmaps = append(d.bitmaps, bitmap{&v.p.pix[0], bin, bmp, fh})
	}
	return bmp, fh
}

// add records text unless it was seen before, reporting whether it was new.
func (d *Decoder) add(text string) bool {
	if d.seen == nil {
		d.seen = make(map[string]bool)
	}
	if text == "" || d.seen[text] {
		return false
	}
	d.seen[text] = true
	d.results = append(d.results, text)
	return true
}
