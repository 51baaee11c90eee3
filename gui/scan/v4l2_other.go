//go:build !(linux && (amd64 || arm64 || riscv64 || ppc64le || loong64))

package scan

import (
	"context"
	"errors"
	"image"
)

// Camera is a V4L2 capture device; this platform has none.
type Camera struct{}

// CameraDevice is a V4L2 video capture device.
type CameraDevice struct {
	Path string
	Name string
}

// Cameras lists no cameras on this platform.
func Cameras() ([]CameraDevice, error) { return nil, nil }

// OpenCamera needs 64-bit Linux.
func OpenCamera(path string, width, height int) (*Camera, error) {
	return nil, errors.New("cameras are supported on 64-bit Linux only; open image files instead")
}

// Name is empty.
func (c *Camera) Name() string { return "" }

// Size is zero.
func (c *Camera) Size() (int, int) { return 0, 0 }

// Next fails.
func (c *Camera) Next(ctx context.Context) (image.Image, error) {
	return nil, errors.New("no camera")
}

// Close does nothing.
func (c *Camera) Close() error { return nil }
