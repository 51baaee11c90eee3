package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/sys/unix"
)

// eviocgrab is EVIOCGRAB, _IOW('E', 0x90, int) in linux/input.h.
const eviocgrab = 0x40044590

// InputDevice is a Linux input device that may be a scanner.
type InputDevice struct {
	Path string // /dev/input/eventN
	Name string // as the device reports it
}

// InputDevices lists /dev/input/event* with their names, from sysfs.
func InputDevices() ([]InputDevice, error) {
	return sysfsDevices[InputDevice]("/dev/input/event*", "/sys/class/input", "device/name")
}

// sysfsDevices lists the device nodes that glob matches, in order, each
// with the name read from its file nameFile under sysfs's classDir.
func sysfsDevices[D ~struct{ Path, Name string }](glob, classDir, nameFile string) ([]D, error) {
	paths, err := filepath.Glob(glob)
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var devs []D
	for _, p := range paths {
		name, _ := os.ReadFile(filepath.Join(classDir, filepath.Base(p), nameFile))
		devs = append(devs, D{Path: p, Name: strings.TrimSpace(string(name))})
	}
	return devs, nil
}

// ReadEvdev reads a scanner from a Linux input device until ctx ends,
// calling emit with every line it types. It grabs the device exclusively
// (EVIOCGRAB), so its keystrokes no longer reach the focused window, and
// decodes key codes with the US keymap, so neither focus nor the host
// keyboard layout matter. Reading the device needs permission (the input
// group, or a udev rule).
func ReadEvdev(ctx context.Context, path string, emit func(string)) error {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("cannot read %s: permission denied (add the kiosk user to the input group)", path)
		}
		return fmt.Errorf("cannot read %s: %w", path, err)
	}
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return err
	}
	var ioErr error
	if err := rc.Control(func(fd uintptr) {
		ioErr = unix.IoctlSetInt(int(fd), eviocgrab, 1)
	}); err != nil || ioErr != nil {
		f.Close()
		return fmt.Errorf("cannot take %s for the scanner (is another program using it?): %v", path, errors.Join(err, ioErr))
	}
	stop := context.AfterFunc(ctx, func() { f.Close() })
	defer stop()
	defer f.Close()
	var d KeyDecoder
	buf := make([]byte, 64*EventSize)
	for {
		n, err := io.ReadAtLeast(f, buf, EventSize)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("reading %s: %w", path, err)
		}
		n -= n % EventSize
		evs, err := ParseEvents(buf[:n], (EventSize-8)/2)
		if err != nil {
			return err
		}
		for _, e := range evs {
			if line, ok := d.Event(e); ok {
				emit(line)
			}
		}
	}
}
