package qr

import (
	"image"
)

// A FrameDecoder decodes the frames of a camera, one after another, like a
// [Decoder], but skips the search on a frame that shows the same scene as
// an earlier frame in which the search found nothing at all.
//
// A kiosk camera spends most of its time on a scene without a code: the
// floor, a counter, a wall. When a full search of such a frame ends for want
// of anything that resembles part of a code (the early exit of the ladder:
// no finder pattern confirmed on several rows, no pair of them at a
// plausible distance, no lone one that matches a finder pattern's shape),
// the FrameDecoder keeps a coarse sample of the frame, every fourth pixel
// of every fourth row. A later frame of the same size whose sample differs
// from it by less than a sensor-noise threshold in every 32x32 pixel tile
// is reported as holding no code without being searched: a code held up
// to the camera, a hand, a change of light anywhere in the frame ends the
// reuse, as does the 30th reuse in a row, so that a slow change is
// searched at least once a second at 30 frames per second. Frames that
// showed part of a code, read or not, are always searched in full, so a
// result is never carried over and a code that does not read yet gets
// every frame's chance.
//
// The zero value is ready to use. A FrameDecoder must not be used by
// several goroutines at once.
type FrameDecoder struct {
	d Decoder
	// ref is the sample of the frame last searched in full, if it
	// showed nothing like a code; valid reports whether there is one. cur is the
	// sample of the frame being decoded.
	ref, cur []byte
	valid    bool
	w, h     int
	reused   int // frames reported from ref in a row

	// Searched and Reused count the frames decoded in full and the
	// frames reported as holding no code from an earlier search.
	Searched, Reused int
}

// Frame reuse parameters: samples are every frameStep-th pixel of every
// frameStep-th row; a tile is frameTile x frameTile samples; a tile whose
// samples differ from the reference by more than frameMAD grey levels on
// average has changed; at most frameMaxReuse frames in a row are reported
// from one search.
const (
	frameStep     = 4
	frameTile     = 8
	frameMAD      = 8
	frameMaxReuse = 30
)

// Decode returns the distinct texts of all QR codes found in img, or
// ErrNotFound, as [Decoder.Decode] does, skipping the search when img shows
// the scene of an earlier frame in which there was nothing to find (see
// [FrameDecoder]).
func (f *FrameDecoder) Decode(img image.Image) ([]string, error) {
	src, err := f.d.plane(img)
	if err != nil {
		return nil, err
	}
	f.cur = sampleFrame(f.cur, src)
	if f.valid && src.w == f.w && src.h == f.h && f.reused < frameMaxReuse && !changed(f.ref, f.cur, src.w, src.h) {
		f.reused++
		f.Reused++
		return nil, ErrNotFound
	}
	f.Searched++
	texts, err := f.d.decodePlane(src)
	f.valid = err == ErrNotFound && f.d.quiet
	if f.valid {
		f.ref, f.cur = f.cur, f.ref
		f.w, f.h, f.reused = src.w, src.h, 0
	}
	return texts, err
}

// sampleFrame writes every frameStep-th pixel of every frameStep-th row of
// src into dst.
func sampleFrame(dst []byte, src plane) []byte {
	sw, sh := (src.w+frameStep-1)/frameStep, (src.h+frameStep-1)/frameStep
	dst = grow(dst, sw*sh)
	for y := 0; y < sh; y++ {
		row := src.pix[y*frameStep*src.w : (y*frameStep+1)*src.w]
		out := dst[y*sw : (y+1)*sw]
		for x := range out {
			out[x] = row[x*frameStep]
		}
	}
	return dst
}

// changed reports whether, in some tile, the samples a and b of two w x h
// frames differ by more than frameMAD on average.
func changed(a, b []byte, w, h int) bool {
	sw, sh := (w+frameStep-1)/frameStep, (h+frameStep-1)/frameStep
	tw := (sw + frameTile - 1) / frameTile
	sums := make([]int, tw)
	for ty := 0; ty < sh; ty += frameTile {
		clear(sums)
		rows := min(frameTile, sh-ty)
		for y := ty; y < ty+rows; y++ {
			ra, rb := a[y*sw:(y+1)*sw], b[y*sw:(y+1)*sw]
			for x, va := range ra {
				d := int(va) - int(rb[x])
				if d < 0 {
					d = -d
				}
				sums[x/frameTile] += d
			}
		}
		for tx, s := range sums {
			cols := min(frameTile, sw-tx*frameTile)
			if s > frameMAD*rows*cols {
				return true
			}
		}
	}
	return false
}
