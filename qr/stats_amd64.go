//go:build !purego

package qr

// havePairs reports whether blockPairs is implemented.
const havePairs = true

// blockPairs computes the block statistics (see blockStats) of 2n
// consecutive 8x8 blocks, the first starting at p in an image w pixels
// wide, into sum, lo and hi, 2n entries each. SSE2, which every amd64
// processor has, sums, compares and folds sixteen pixels at a time.
//
//go:noescape
func blockPairs(p *byte, w int, sum *uint16, lo, hi *byte, n int)
