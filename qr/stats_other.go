//go:build !amd64 || purego

package qr

// havePairs reports whether blockPairs is implemented.
const havePairs = false

func blockPairs(p *byte, w int, sum *uint16, lo, hi *byte, n int) {
	panic("qr: blockPairs is not implemented on this architecture")
}
