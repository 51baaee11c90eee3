package scan

import "image"

// YUYVToGray copies the luma of a packed YUYV (YUV 4:2:2) frame into a new
// grey image: Y0 U Y1 V for each pair of pixels, stride bytes a row. QR
// decoding needs only luma. A short buffer leaves the missing rows black.
func YUYVToGray(data []byte, width, height, stride int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, width, height))
	for y := 0; y < height; y++ {
		row := data[min(y*stride, len(data)):min(y*stride+2*width, len(data))]
		dst := g.Pix[y*g.Stride : y*g.Stride+width]
		for x := 0; x < len(row)/2; x++ {
			dst[x] = row[2*x]
		}
	}
	return g
}
