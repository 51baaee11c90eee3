//go:build !amd64 || purego

package qr

// haveSSE2 reports whether blockPairs and darkRow are implemented.
const haveSSE2 = false

func blockPairs(p *byte, w int, sum *uint16, lo, hi *byte, n int) {
	panic("qr: blockPairs is not implemented on this architecture")
}

func darkRow(p, t *byte, out *uint32, n int) {
	panic("qr: darkRow is not implemented on this architecture")
}
