package qr

import (
	"math"
	"math/bits"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// fastHybrid is gozxing's HybridBinarizer with the same output, bit for
// bit, computed with byte loops and whole-word row writes instead of one
// BitMatrix.Set call per dark pixel. The binarization is most of the cost
// of a frame without a code, and every rung of the ladder pays it.
//
// It can also tell, before binarizing the whole frame, that gozxing's
// finder pattern search will find nothing (see mayHoldFinder): that search
// only starts from rows it scans, so binarizing those rows is enough to
// rule it out. On a textured frame without a code that saves most of the
// work of a rung, and changes nothing on a frame with one.
type fastHybrid struct {
	gozxing.Binarizer // GetBlackRow and the small-image fallback
	src               *grayLuminance
	// st are the block statistics of src, or, if stInv is set, of its
	// negative.
	st     *blockStats
	stInv  bool
	g      *hybridGrid
	matrix *gozxing.BitMatrix
	mem    *arenas // where the block tables go; nil: the heap
	// hits is the result of the last finderHits call, whose arguments
	// were counted.
	hits    int
	counted hitsKey
}

func newFastHybrid(src *grayLuminance) *fastHybrid {
	return &fastHybrid{Binarizer: gozxing.NewHybridBinarizer(src), src: src}
}

// An arena hands out slices of one buffer until reset, so that the block
// tables of the several binarizations of a Decode call are not garbage
// for the collector on every camera frame. A slice stays valid until the
// arena is reset.
type arena[T any] struct {
	buf []T
	off int
}

func (a *arena[T]) get(n int) []T {
	if a == nil {
		return make([]T, n)
	}
	if a.off+n > len(a.buf) {
		a.buf = make([]T, max(2*len(a.buf), 4*n))
		a.off = 0
	}
	s := a.buf[a.off : a.off+n : a.off+n]
	a.off += n
	return s
}

func (a *arena[T]) reset() { a.off = 0 }

// arenas are the arenas of a Decoder.
type arenas struct {
	b   arena[byte]
	u16 arena[uint16]
	i32 arena[int32]
	// mats are the binarizations of earlier calls, the first nmat of
	// them in use by this one.
	mats []*gozxing.BitMatrix
	nmat int
}

func (m *arenas) reset() {
	m.b.reset()
	m.u16.reset()
	m.i32.reset()
	m.nmat = 0
}

// matrix returns a w x h bit matrix whose bits the caller sets, one of an
// earlier call's when there is one that size: a 720p binarization is
// 115 kB, a frame makes one or more, and a camera loop makes 30 frames a
// second.
func (m *arenas) matrix(w, h int) (*gozxing.BitMatrix, error) {
	if m == nil {
		return gozxing.NewBitMatrix(w, h)
	}
	for i := m.nmat; i < len(m.mats); i++ {
		if mt := m.mats[i]; mt.GetWidth() == w && mt.GetHeight() == h {
			m.mats[i], m.mats[m.nmat] = m.mats[m.nmat], mt
			m.nmat++
			return mt, nil
		}
	}
	mt, err := gozxing.NewBitMatrix(w, h)
	if err != nil {
		return nil, err
	}
	if len(m.mats) < maxKeptMatrices {
		m.mats = append(m.mats, mt)
		m.mats[m.nmat], m.mats[len(m.mats)-1] = mt, m.mats[m.nmat]
		m.nmat++
	}
	return mt, nil
}

// maxKeptMatrices bounds the bit matrices a Decoder keeps between calls.
const maxKeptMatrices = 8

func (m *arenas) bytes(n int) []byte {
	if m == nil {
		return make([]byte, n)
	}
	return m.b.get(n)
}

func (m *arenas) uint16s(n int) []uint16 {
	if m == nil {
		return make([]uint16, n)
	}
	return m.u16.get(n)
}

func (m *arenas) int32s(n int) []int32 {
	if m == nil {
		return make([]int32, n)
	}
	return m.i32.get(n)
}

func (b *fastHybrid) CreateBinarizer(src gozxing.LuminanceSource) gozxing.Binarizer {
	if g, ok := src.(*grayLuminance); ok {
		return newFastHybrid(g)
	}
	return gozxing.NewHybridBinarizer(src)
}

// small reports whether gozxing falls back to global histogram
// binarization for an image this size.
func (b *fastHybrid) small() bool {
	return b.src.Width < gozxing.MINIMUM_DIMENSION || b.src.Height < gozxing.MINIMUM_DIMENSION
}

func (b *fastHybrid) grid() *hybridGrid {
	if b.g == nil {
		if b.st == nil {
			b.st = newBlockStats(b.mem, b.src.pix, b.src.Width, b.src.Height)
		}
		b.g = gridFromStats(b.mem, b.st, b.stInv)
	}
	return b.g
}

// negativeOf makes b, a binarizer of the negative of the image of o, use
// the block statistics of o instead of computing them again.
func (b *fastHybrid) negativeOf(o *fastHybrid) {
	if b.small() || o.small() || b.src.Width != o.src.Width || b.src.Height != o.src.Height {
		return
	}
	o.grid()
	b.st, b.stInv = o.st, !o.stInv
}

func (b *fastHybrid) GetBlackMatrix() (*gozxing.BitMatrix, error) {
	if b.matrix != nil {
		return b.matrix, nil
	}
	if b.small() {
		m, err := b.Binarizer.GetBlackMatrix()
		b.matrix = m
		return m, err
	}
	w, h := b.src.Width, b.src.Height
	// Every row is set below, so a reused matrix need not be cleared.
	m, err := b.mem.matrix(w, h)
	if err != nil {
		return nil, err
	}
	g := b.grid()
	row := gozxing.NewBitArray(w)
	words := row.GetBitArray() // (w+31)/32 of them
	if haveSSE2 {
		// Sixteen pixels at a time against a row of their thresholds,
		// which stays the same for the eight rows of a block row.
		thr := b.mem.bytes(w)
		band := -1
		for y := 0; y < h; y++ {
			if k := g.band(y); k != band {
				g.pixelThresholds(y, thr)
				band = k
			}
			p := b.src.pix[y*w : (y+1)*w]
			clear(words)
			if n := w / 16; n > 0 {
				darkRow(&p[0], &thr[0], &words[0], n)
			}
			for x := w &^ 15; x < w; x++ {
				if p[x] <= thr[x] {
					words[x>>5] |= 1 << (x & 31)
				}
			}
			m.SetRow(y, row)
		}
		b.matrix = m
		return m, nil
	}
	for y := 0; y < h; y++ {
		g.row(b.src.pix, y, words)
		m.SetRow(y, row)
	}
	b.matrix = m
	return m, nil
}

// mayHoldFinder reports whether gozxing's finder pattern search
// (MultiFinderPatternFinder.FindMulti, with or without TRY_HARDER) can
// find anything in this binarization. The search only ever starts from a
// run of black, white, black, white and black pixels in 1:1:3:1:1
// proportion in one of the rows it scans, every iSkip-th, and keeps a
// candidate only if the column, row and diagonal through its centre show
// the same proportions (HandlePossibleCenter). Those rows, and the pixels
// the cross checks read, are binarized here on their own and scanned with
// the same state machine and the same checks as gozxing's; when no run
// passes them all, the search finds no pattern and no candidate at all.
func (b *fastHybrid) mayHoldFinder(tryHarder bool) bool {
	return b.finderHits(tryHarder, 1) > 0
}

// finderHits counts, up to limit, the places on the rows gozxing scans
// where it would record or confirm a finder pattern candidate (see
// mayHoldFinder). A small image counts as one.
func (b *fastHybrid) finderHits(tryHarder bool, limit int) int {
	if b.small() {
		return 1
	}
	k := hitsKey{tryHarder, limit}
	if b.counted == k && k.limit > 0 {
		return b.hits
	}
	b.counted, b.hits = k, b.countHits(tryHarder, limit)
	return b.hits
}

// hitsKey are the arguments of a finderHits call.
type hitsKey struct {
	tryHarder bool
	limit     int
}

func (b *fastHybrid) countHits(tryHarder bool, limit int) int {
	w, h := b.src.Width, b.src.Height
	skip := (3 * h) / (4 * detector.FinderPatternFinder_MAX_MODULES)
	if skip < detector.FinderPatternFinder_MIN_SKIP || tryHarder {
		skip = detector.FinderPatternFinder_MIN_SKIP
	}
	g := b.grid()
	words := make([]uint32, (w+31)/32)
	var row *gozxing.BitArray
	n := 0
	for y := skip - 1; y < h && n < limit; y += skip {
		if g.m != nil {
			row = g.m.GetRow(y, row)
			words = row.GetBitArray()
		} else {
			g.row(b.src.pix, y, words)
		}
		k := g.rowFinders(b.src.pix, words, y, limit-n)
		if k > 0 && g.m == nil && n+k < limit {
			// gozxing will search this binarization: make it now,
			// and count the rest from it, which is cheaper than
			// pixel by pixel.
			if m, err := b.GetBlackMatrix(); err == nil {
				g.m = m
			}
		}
		n += k
	}
	return n
}

// rowFinders runs gozxing's row scan over binarized row y and counts, up
// to limit, the runs on it that pass foundPatternCross and the cross checks
// of HandlePossibleCenter, that is, where gozxing would record or confirm a
// finder pattern candidate.
func (g *hybridGrid) rowFinders(pix []byte, words []uint32, y, limit int) int {
	w := g.w
	var sc [5]int
	state, hits := 0, 0
	// Run by run rather than pixel by pixel; the states are those of
	// gozxing's loop after the last pixel of each run.
	for x := 0; x < w; {
		black := words[x>>5]>>(x&31)&1 != 0
		end := nextChange(words, x, black, w)
		n := end - x
		switch {
		case black:
			if state&1 == 1 {
				state++
			}
			sc[state] += n
		case state&1 == 1:
			sc[state] += n
		case state != 4:
			state++
			sc[state] += n
		default:
			if detector.FinderPatternFinder_foundPatternCross(sc[:]) && g.handle(pix, sc, y, x) {
				// gozxing starts afresh after a candidate.
				if hits++; hits >= limit {
					return hits
				}
				sc = [5]int{0, n - 1, 0, 0, 0}
				state = 1
				x = end
				continue
			}
			sc = [5]int{sc[2], sc[3], sc[4], n, 0}
			state = 3
		}
		x = end
	}
	if detector.FinderPatternFinder_foundPatternCross(sc[:]) && g.handle(pix, sc, y, w) {
		hits++
	}
	return hits
}

// nextChange returns the first column from x on whose bit is not black
// (dark), or w.
func nextChange(words []uint32, x int, black bool, w int) int {
	var flip uint32
	if black {
		flip = ^uint32(0)
	}
	i := x >> 5
	v := (words[i] ^ flip) >> (x & 31)
	if v != 0 {
		return min(x+bits.TrailingZeros32(v), w)
	}
	for i++; i < len(words); i++ {
		if v := words[i] ^ flip; v != 0 {
			return min(32*i+bits.TrailingZeros32(v), w)
		}
	}
	return w
}

// handle is gozxing's HandlePossibleCenter for the run counts sc ending
// before column j of row i, without recording anything: it reports whether
// the vertical, horizontal and diagonal cross checks all pass, reading the
// binarization pixel by pixel.
func (g *hybridGrid) handle(pix []byte, sc [5]int, i, j int) bool {
	total := sc[0] + sc[1] + sc[2] + sc[3] + sc[4]
	cj := detector.FinderPatternFinder_centerFromEnd(sc[:], j)
	ci, ok := g.crossCheck(pix, i, int(cj), sc[2], total, true)
	if !ok {
		return false
	}
	cj, ok = g.crossCheck(pix, int(cj), int(ci), sc[2], total, false)
	return ok && g.crossCheckDiagonal(pix, int(ci), int(cj))
}

// crossCheck is FinderPatternFinder.CrossCheckVertical (vertical set: along
// column at, from row start) or CrossCheckHorizontal (along row at, from
// column start). It returns the centre along the line.
func (g *hybridGrid) crossCheck(pix []byte, start, at, maxCount, total int, vertical bool) (float64, bool) {
	n := g.w
	dark := func(k int) bool { return g.dark(pix, k, at) }
	tol := total // horizontal
	if vertical {
		n = g.h
		dark = func(k int) bool { return g.dark(pix, at, k) }
		tol = 2 * total
	}
	var c [5]int
	k := start
	for k >= 0 && dark(k) {
		c[2]++
		k--
	}
	if k < 0 {
		return 0, false
	}
	for k >= 0 && !dark(k) && c[1] <= maxCount {
		c[1]++
		k--
	}
	if k < 0 || c[1] > maxCount {
		return 0, false
	}
	for k >= 0 && dark(k) && c[0] <= maxCount {
		c[0]++
		k--
	}
	if c[0] > maxCount {
		return 0, false
	}
	k = start + 1
	for k < n && dark(k) {
		c[2]++
		k++
	}
	if k == n {
		return 0, false
	}
	for k < n && !dark(k) && c[3] < maxCount {
		c[3]++
		k++
	}
	if k == n || c[3] >= maxCount {
		return 0, false
	}
	for k < n && dark(k) && c[4] < maxCount {
		c[4]++
		k++
	}
	if c[4] >= maxCount {
		return 0, false
	}
	ct := c[0] + c[1] + c[2] + c[3] + c[4]
	if 5*math.Abs(float64(ct-total)) >= float64(tol) {
		return 0, false
	}
	if !detector.FinderPatternFinder_foundPatternCross(c[:]) {
		return 0, false
	}
	return detector.FinderPatternFinder_centerFromEnd(c[:], k), true
}

// crossCheckDiagonal is FinderPatternFinder.crossCheckDiagonal.
func (g *hybridGrid) crossCheckDiagonal(pix []byte, ci, cj int) bool {
	var c [5]int
	dark := func(x, y int) bool { return g.dark(pix, x, y) }
	i := 0
	for ci >= i && cj >= i && dark(cj-i, ci-i) {
		c[2]++
		i++
	}
	if c[2] == 0 {
		return false
	}
	for ci >= i && cj >= i && !dark(cj-i, ci-i) {
		c[1]++
		i++
	}
	if c[1] == 0 {
		return false
	}
	for ci >= i && cj >= i && dark(cj-i, ci-i) {
		c[0]++
		i++
	}
	if c[0] == 0 {
		return false
	}
	i = 1
	for ci+i < g.h && cj+i < g.w && dark(cj+i, ci+i) {
		c[2]++
		i++
	}
	for ci+i < g.h && cj+i < g.w && !dark(cj+i, ci+i) {
		c[3]++
		i++
	}
	if c[3] == 0 {
		return false
	}
	for ci+i < g.h && cj+i < g.w && dark(cj+i, ci+i) {
		c[4]++
		i++
	}
	if c[4] == 0 {
		return false
	}
	return detector.FinderPatternFinder_foundPatternDiagonal(c[:])
}

// dark reports whether pixel (x, y) is dark in the binarization: its grey
// level is at most the threshold of a block covering it.
func (g *hybridGrid) dark(pix []byte, x, y int) bool {
	if g.m != nil {
		return g.m.Get(x, y)
	}
	bx, by := x>>blockPow, y>>blockPow
	t := g.thr[by*g.subW+bx]
	lastX, lastY := bx < g.subW-1 && x >= g.w-blockSize, by < g.subH-1 && y >= g.h-blockSize
	if lastX {
		t = max(t, g.thr[by*g.subW+g.subW-1])
	}
	if lastY {
		t = max(t, g.thr[(g.subH-1)*g.subW+bx])
	}
	if lastX && lastY {
		t = max(t, g.thr[(g.subH-1)*g.subW+g.subW-1])
	}
	return pix[y*g.w+x] <= t
}

const (
	blockPow  = gozxing.BLOCK_SIZE_POWER
	blockSize = gozxing.BLOCK_SIZE
)

// A hybridGrid holds the per-block thresholds of gozxing's HybridBinarizer
// for one image (see its calculateBlackPoints and
// calculateThresholdForBlock). Blocks are 8x8; the last block of a row or
// column is shifted back to end at the image edge, so it overlaps its
// neighbour, and a pixel covered by two blocks is dark if either block's
// threshold says so, as gozxing only ever sets bits.
type hybridGrid struct {
	w, h, subW, subH int
	thr              []byte // per block; thresholds are grey levels
	// m is the whole binarization, once made; dark reads it.
	m *gozxing.BitMatrix
}

// blockStats are the sum, minimum and maximum grey level of every 8x8
// block of an image, in the block layout of gozxing's HybridBinarizer.
type blockStats struct {
	w, h, subW, subH int
	sum              []uint16
	lo, hi           []byte
}

const (
	lanes16 = 0x00ff00ff00ff00ff // even bytes of a word, in 16-bit lanes
	bit8    = 0x0100010001000100 // bit 8 of every 16-bit lane
	ones16  = 0x0001000100010001
)

// geBytes returns a mask of the bytes of a that are at least the bytes of
// b, compared as unsigned numbers: 0xff where a >= b, 0 elsewhere.
func geBytes(a, b uint64) uint64 {
	const high = 0x8080808080808080
	// Bit 7 of each byte of t: whether a's low seven bits are at least
	// b's; no borrow crosses a byte. Then the top bits decide, if they
	// differ.
	t := (a | high) - (b &^ high)
	ge := (a&^b | ^(a^b)&t) & high
	return ge >> 7 * 0xff
}

func newBlockStats(mem *arenas, pix []byte, w, h int) *blockStats {
	subW := (w + blockSize - 1) >> blockPow
	subH := (h + blockSize - 1) >> blockPow
	maxX, maxY := w-blockSize, h-blockSize
	st := &blockStats{w, h, subW, subH, mem.uint16s(subW * subH), mem.bytes(subW * subH), mem.bytes(subW * subH)}
	// Blocks that start where they should, two at a time where the
	// machine has instructions for sixteen bytes at once (blockPairs);
	// the rest one by one.
	pairs := 0
	if haveSSE2 {
		pairs = (w >> blockPow) / 2
	}
	for y := 0; y < subH; y++ {
		yo := min(y<<blockPow, maxY)
		b := y * subW
		if pairs > 0 {
			_ = pix[(yo+blockSize-1)*w+2*blockSize*pairs-1] // the last byte read
			blockPairs(&pix[yo*w], w, &st.sum[b], &st.lo[b], &st.hi[b], pairs)
		}
		for x := 2 * pairs; x < subW; x++ {
			st.sum[b+x], st.lo[b+x], st.hi[b+x] = blockStat(pix, w, min(x<<blockPow, maxX), yo)
		}
	}
	return st
}

// blockStat returns the sum, minimum and maximum grey level of the 8x8
// block of pix (w pixels a row) whose top left pixel is (xo, yo).
func blockStat(pix []byte, w, xo, yo int) (uint16, byte, byte) {
	// Eight pixels a word: byte-wise extremes, and sums in even and odd
	// bytes split into 16-bit lanes with room.
	var sum, lo, hi uint64
	for yy := 0; yy < blockSize; yy++ {
		i := (yo+yy)*w + xo
		r := pix[i : i+8 : i+8]
		word := uint64(r[0]) | uint64(r[1])<<8 | uint64(r[2])<<16 | uint64(r[3])<<24 |
			uint64(r[4])<<32 | uint64(r[5])<<40 | uint64(r[6])<<48 | uint64(r[7])<<56
		sum += word&lanes16 + word>>8&lanes16
		if yy == 0 {
			lo, hi = word, word
			continue
		}
		lo = lo ^ (lo^word)&geBytes(lo, word)   // min
		hi = word ^ (hi^word)&geBytes(hi, word) // max
	}
	mn, mx := uint64(255), uint64(0)
	for k := 0; k < 8; k++ {
		mn = min(mn, lo>>(8*k)&0xff)
		mx = max(mx, hi>>(8*k)&0xff)
	}
	return uint16(sum * ones16 >> 48), byte(mn), byte(mx)
}

// gridFromStats computes the thresholds of the image whose block
// statistics are st, or, if inv is set, of its negative (255 minus every
// grey level).
func gridFromStats(mem *arenas, st *blockStats, inv bool) *hybridGrid {
	w, h, subW, subH := st.w, st.h, st.subW, st.subH
	bp := mem.bytes(subW * subH)
	for y := 0; y < subH; y++ {
		for x := 0; x < subW; x++ {
			b := y*subW + x
			sum, lo, hi := int(st.sum[b]), int(st.lo[b]), int(st.hi[b])
			if inv {
				sum, lo, hi = blockSize*blockSize*255-sum, 255-hi, 255-lo
			}
			avg := sum >> (2 * blockPow)
			if hi-lo <= gozxing.MIN_DYNAMIC_RANGE {
				avg = lo / 2
				if y > 0 && x > 0 {
					nb := (int(bp[(y-1)*subW+x]) + 2*int(bp[y*subW+x-1]) + int(bp[(y-1)*subW+x-1])) / 4
					if lo < nb {
						avg = nb
					}
				}
			}
			bp[b] = byte(avg)
		}
	}

	// Thresholds: the mean black point of the 5x5 blocks around each,
	// the window clamped to the grid; sums of five across, then down.
	g := &hybridGrid{w: w, h: h, subW: subW, subH: subH, thr: mem.bytes(subW * subH)}
	across := mem.int32s(subW * subH)
	for y := 0; y < subH; y++ {
		r := bp[y*subW : (y+1)*subW]
		for x := 0; x < subW; x++ {
			l := max(2, min(x, subW-3))
			across[y*subW+x] = int32(r[l-2]) + int32(r[l-1]) + int32(r[l]) + int32(r[l+1]) + int32(r[l+2])
		}
	}
	for y := 0; y < subH; y++ {
		top := max(2, min(y, subH-3))
		a := across[(top-2)*subW : (top+3)*subW]
		out := g.thr[y*subW : (y+1)*subW]
		for x := range out {
			sum := a[x] + a[subW+x] + a[2*subW+x] + a[3*subW+x] + a[4*subW+x]
			out[x] = byte(sum / 25)
		}
	}
	return g
}

// blockRow returns the thresholds of the blocks covering pixel row y: its
// block row's (y>>3), and the last block row's when that one, shifted
// back to end at the bottom edge, covers y too (else nil). Where the two
// overlap, a pixel's threshold is the greater.
func (g *hybridGrid) blockRow(y int) (thr, lastThr []byte) {
	by := y >> blockPow
	thr = g.thr[by*g.subW : (by+1)*g.subW]
	if by < g.subH-1 && y >= g.h-blockSize {
		lastThr = g.thr[(g.subH-1)*g.subW:]
	}
	return thr, lastThr
}

// blockX is the first pixel column of block column bx: the last block is
// shifted back to end at the right edge, as the last row is.
func (g *hybridGrid) blockX(bx int) int { return min(bx<<blockPow, g.w-blockSize) }

// row binarizes pixel row y of pix into words, bit x%32 of word x/32
// being set for a dark pixel, as in a gozxing.BitArray.
func (g *hybridGrid) row(pix []byte, y int, words []uint32) {
	clear(words)
	thr, lastThr := g.blockRow(y)
	p := pix[y*g.w : (y+1)*g.w]
	for bx, t := range thr {
		if lastThr != nil {
			t = max(t, lastThr[bx])
		}
		// Where the shifted last block overlaps its neighbour a pixel is
		// dark if either block says so.
		xo := g.blockX(bx)
		m := uint32(darkBits(p[xo:xo+8:xo+8], t))
		words[xo>>5] |= m << (xo & 31)
		if sh := xo & 31; sh > 24 {
			words[xo>>5+1] |= m >> (32 - sh)
		}
	}
}

// band returns what the thresholds of pixel row y depend on (blockRow):
// its block row, and whether the last block row covers it too.
func (g *hybridGrid) band(y int) int {
	by := y >> blockPow
	if _, lastThr := g.blockRow(y); lastThr != nil {
		return -2 - by
	}
	return by
}

// pixelThresholds sets thr[x] to the threshold of pixel (x, y), the
// greatest of the blocks covering it, as row compares them.
func (g *hybridGrid) pixelThresholds(y int, thr []byte) {
	bt, lastThr := g.blockRow(y)
	clear(thr[:g.w])
	for bx, t := range bt {
		if lastThr != nil {
			t = max(t, lastThr[bx])
		}
		xo := g.blockX(bx)
		for i := xo; i < xo+blockSize; i++ {
			thr[i] = max(thr[i], t)
		}
	}
}

// darkBits returns a byte whose bit i is set if p[i] <= t, for the eight
// pixels p, comparing them all at once in 16-bit lanes.
func darkBits(p []byte, t byte) byte {
	v := uint64(p[0]) | uint64(p[1])<<8 | uint64(p[2])<<16 | uint64(p[3])<<24 |
		uint64(p[4])<<32 | uint64(p[5])<<40 | uint64(p[6])<<48 | uint64(p[7])<<56
	tt := uint64(t)*ones16 | bit8
	// Bit 8 of a lane of tt-p is set where t >= p.
	even := (tt - v&lanes16) >> 8 & ones16
	odd := (tt - v>>8&lanes16) >> 8 & ones16
	x := even | odd<<1 // pixel 2i at bit 16i, pixel 2i+1 at bit 16i+1
	// Gather the four pairs into bits 42 to 49: the shifted copies land on
	// distinct bits, so the product has no carries.
	return byte((x * (1 | 1<<14 | 1<<28 | 1<<42)) >> 42)
}
