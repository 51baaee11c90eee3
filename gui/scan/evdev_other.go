//go:build !linux

package scan

import (
	"context"
	"errors"
)

// InputDevice is a Linux input device that may be a scanner.
type InputDevice struct {
	Path string
	Name string
}

// InputDevices lists no devices: direct reading needs Linux.
func InputDevices() ([]InputDevice, error) { return nil, nil }

// ReadEvdev needs Linux.
func ReadEvdev(ctx context.Context, path string, emit func(string)) error {
	return errors.New("reading a scanner directly needs Linux; use keyboard mode")
}
