//go:build !purego

package qr

// haveSSE2 reports whether blockPairs and darkRow are implemented.
const haveSSE2 = true

// blockPairs computes the block statistics (see blockStats) of 2n
// consecutive 8x8 blocks, the first starting at p in an image w pixels
// wide, into sum, lo and hi, 2n entries each. SSE2, which every amd64
// processor has, sums, compares and folds sixteen pixels at a time.
//
//go:noescape
func blockPairs(p *byte, w int, sum *uint16, lo, hi *byte, n int)

// darkRow sets bit i of out, in the bit order of a gozxing.BitArray, for
// each of the first 16n pixels of the row p whose grey level is at most
// t[i], its threshold, and clears the others.
//
//go:noescape
func darkRow(p, t *byte, out *uint32, n int)
