//go:build !purego

package qr

import (
	"math/rand/v2"
	"testing"
)

// TestSSE2MatchesGo checks the amd64 block statistics and binarized
// rows (stats_amd64.s) against the pure Go code used elsewhere, which
// TestFastHybridMatchesGozxing checks against gozxing with -tags purego.
func TestSSE2MatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sz := range [][2]int{{8, 8}, {16, 9}, {41, 43}, {100, 37}, {203, 155}, {640, 480}, {1283, 721}} {
		w, h := sz[0], sz[1]
		for trial := range 3 {
			pix := make([]byte, w*h)
			for i := range pix {
				switch trial {
				case 0:
					pix[i] = byte(rng.IntN(256))
				case 1: // flat blocks, within gozxing's minimum dynamic range
					pix[i] = byte(120 + rng.IntN(20))
				default: // extremes
					pix[i] = byte(255 * rng.IntN(2))
				}
			}
			st := newBlockStats(nil, pix, w, h)
			for by := 0; by < st.subH; by++ {
				for bx := 0; bx < st.subW; bx++ {
					sum, lo, hi := blockStat(pix, w, min(bx*blockSize, w-blockSize), min(by*blockSize, h-blockSize))
					b := by*st.subW + bx
					if st.sum[b] != sum || st.lo[b] != lo || st.hi[b] != hi {
						t.Fatalf("%dx%d trial %d block (%d,%d): sum, lo, hi %d %d %d, want %d %d %d",
							w, h, trial, bx, by, st.sum[b], st.lo[b], st.hi[b], sum, lo, hi)
					}
				}
			}
			fh := newFastHybrid(newGrayLuminance(pix, w, h))
			if fh.small() {
				continue // gozxing's global histogram binarization
			}
			m, err := fh.GetBlackMatrix()
			if err != nil {
				t.Fatal(err)
			}
			g := fh.grid()
			words := make([]uint32, (w+31)/32)
			for y := 0; y < h; y++ {
				g.row(pix, y, words)
				got := m.GetRow(y, nil).GetBitArray()
				for i := range words {
					if got[i] != words[i] {
						t.Fatalf("%dx%d trial %d row %d word %d: %08x, want %08x", w, h, trial, y, i, got[i], words[i])
					}
				}
			}
		}
	}
}
