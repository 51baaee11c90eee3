package scan

import "testing"

func TestYUYVToGray(t *testing.T) {
	// 2x2 pixels, rows padded to 6 bytes: Y0 U Y1 V pad pad.
	data := []byte{10, 128, 20, 128, 0, 0, 30, 128, 40, 128, 0, 0}
	g := YUYVToGray(data, 2, 2, 6)
	if got := []byte{g.GrayAt(0, 0).Y, g.GrayAt(1, 0).Y, g.GrayAt(0, 1).Y, g.GrayAt(1, 1).Y}; string(got) != string([]byte{10, 20, 30, 40}) {
		t.Fatalf("luma %v", got)
	}
	// A short buffer leaves the missing rows black instead of panicking.
	g = YUYVToGray(data[:4], 2, 2, 6)
	if g.GrayAt(0, 1).Y != 0 || g.GrayAt(1, 0).Y != 20 {
		t.Fatal("short buffer")
	}
}
