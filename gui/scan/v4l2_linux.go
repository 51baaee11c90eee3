//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || loong64)

package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A minimal V4L2 capture (linux/videodev2.h): memory-mapped streaming of
// YUYV frames, whose luma plane is all QR decoding needs, or of MJPEG
// frames for cameras that offer nothing else. The struct layouts are those
// of 64-bit Linux; v4l2_test.go checks their sizes and the ioctl numbers.

const (
	iocWrite = 1
	iocRead  = 2
)

func ioc(dir, nr, size uintptr) uintptr { return dir<<30 | size<<16 | 'V'<<8 | nr }

const (
	v4l2BufTypeVideoCapture = 1
	v4l2MemoryMmap          = 1
	v4l2FieldNone           = 1
	v4l2CapVideoCapture     = 0x00000001
	v4l2CapStreaming        = 0x04000000
	v4l2CapDeviceCaps       = 0x80000000
)

// Pixel formats, v4l2_fourcc.
var (
	pixYUYV  = fourcc("YUYV")
	pixMJPEG = fourcc("MJPG")
)

func fourcc(s string) uint32 {
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

type v4l2Capability struct {
	Driver       [16]byte
	Card         [32]byte
	BusInfo      [32]byte
	Version      uint32
	Capabilities uint32
	DeviceCaps   uint32
	Reserved     [3]uint32
}

type v4l2PixFormat struct {
	Width, Height, PixelFormat, Field, BytesPerLine, SizeImage uint32
	Colorspace, Priv, Flags, YcbcrEnc, Quantization, XferFunc  uint32
}

type v4l2Format struct {
	Type uint32
	_    uint32 // the union is 8-byte aligned (it holds pointers)
	Pix  v4l2PixFormat
	_    [200 - unsafe.Sizeof(v4l2PixFormat{})]byte
}

type v4l2RequestBuffers struct {
	Count, Type, Memory, Capabilities uint32
	Flags                             uint8
	Reserved                          [3]uint8
}

type v4l2Timecode struct {
	Type, Flags                     uint32
	Frames, Seconds, Minutes, Hours uint8
	Userbits                        [4]uint8
}

type v4l2Buffer struct {
	Index, Type, BytesUsed, Flags, Field uint32
	_                                    uint32
	Timestamp                            unix.Timeval
	Timecode                             v4l2Timecode
	Sequence, Memory                     uint32
	Offset                               uint64 // union m: offset, userptr, planes, fd
	Length, Reserved2                    uint32
	RequestFD                            int32
	_                                    uint32
}

var (
	vidiocQuerycap  = ioc(iocRead, 0, unsafe.Sizeof(v4l2Capability{}))
	vidiocSFmt      = ioc(iocRead|iocWrite, 5, unsafe.Sizeof(v4l2Format{}))
	vidiocReqbufs   = ioc(iocRead|iocWrite, 8, unsafe.Sizeof(v4l2RequestBuffers{}))
	vidiocQuerybuf  = ioc(iocRead|iocWrite, 9, unsafe.Sizeof(v4l2Buffer{}))
	vidiocQbuf      = ioc(iocRead|iocWrite, 15, unsafe.Sizeof(v4l2Buffer{}))
	vidiocDqbuf     = ioc(iocRead|iocWrite, 17, unsafe.Sizeof(v4l2Buffer{}))
	vidiocStreamon  = ioc(iocWrite, 18, 4)
	vidiocStreamoff = ioc(iocWrite, 19, 4)
)

func ioctl(fd int, req uintptr, arg unsafe.Pointer) error {
	for {
		_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), req, uintptr(arg))
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return e
		}
		return nil
	}
}

// Camera is a V4L2 capture device. It implements FrameSource.
type Camera struct {
	fd      int
	bufs    [][]byte
	width   int
	height  int
	stride  int
	format  uint32
	closed  bool
	name    string
	pending bool
}

// CameraDevice is a V4L2 video capture device.
type CameraDevice struct {
	Path string // /dev/videoN
	Name string
}

// Cameras lists /dev/video* devices with their names, from sysfs.
func Cameras() ([]CameraDevice, error) {
	return sysfsDevices[CameraDevice]("/dev/video*", "/sys/class/video4linux", "name")
}

// OpenCamera opens a V4L2 camera and starts streaming at about width x
// height (the driver picks the nearest size it has).
func OpenCamera(path string, width, height int) (*Camera, error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot open camera %s: %w", path, err)
	}
	c := &Camera{fd: fd}
	if err := c.start(width, height); err != nil {
		c.Close()
		return nil, fmt.Errorf("camera %s: %w", path, err)
	}
	return c, nil
}

func (c *Camera) start(width, height int) error {
	var capb v4l2Capability
	if err := ioctl(c.fd, vidiocQuerycap, unsafe.Pointer(&capb)); err != nil {
		return fmt.Errorf("not a V4L2 device: %w", err)
	}
	caps := capb.Capabilities
	if caps&v4l2CapDeviceCaps != 0 {
		caps = capb.DeviceCaps
	}
	if caps&v4l2CapVideoCapture == 0 || caps&v4l2CapStreaming == 0 {
		return errors.New("not a streaming video capture device")
	}
	c.name = string(bytes.TrimRight(capb.Card[:], "\x00"))
	var f v4l2Format
	for _, pix := range []uint32{pixYUYV, pixMJPEG} {
		f = v4l2Format{Type: v4l2BufTypeVideoCapture}
		f.Pix = v4l2PixFormat{Width: uint32(width), Height: uint32(height), PixelFormat: pix, Field: v4l2FieldNone}
		if err := ioctl(c.fd, vidiocSFmt, unsafe.Pointer(&f)); err != nil {
			return fmt.Errorf("setting the format: %w", err)
		}
		if f.Pix.PixelFormat == pix {
			break
		}
	}
	switch f.Pix.PixelFormat {
	case pixYUYV, pixMJPEG:
	default:
		return fmt.Errorf("the camera offers neither YUYV nor MJPEG (format %q)", fourccString(f.Pix.PixelFormat))
	}
	c.width, c.height, c.format = int(f.Pix.Width), int(f.Pix.Height), f.Pix.PixelFormat
	c.stride = int(f.Pix.BytesPerLine)
	if c.stride < 2*c.width {
		c.stride = 2 * c.width
	}
	req := v4l2RequestBuffers{Count: 4, Type: v4l2BufTypeVideoCapture, Memory: v4l2MemoryMmap}
	if err := ioctl(c.fd, vidiocReqbufs, unsafe.Pointer(&req)); err != nil {
		return fmt.Errorf("requesting buffers: %w", err)
	}
	if req.Count < 2 {
		return errors.New("the camera gave too few buffers")
	}
	for i := uint32(0); i < req.Count; i++ {
		b := v4l2Buffer{Index: i, Type: v4l2BufTypeVideoCapture, Memory: v4l2MemoryMmap}
		if err := ioctl(c.fd, vidiocQuerybuf, unsafe.Pointer(&b)); err != nil {
			return fmt.Errorf("querying buffer %d: %w", i, err)
		}
		m, err := unix.Mmap(c.fd, int64(b.Offset), int(b.Length), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
		if err != nil {
			return fmt.Errorf("mapping buffer %d: %w", i, err)
		}
		c.bufs = append(c.bufs, m)
		if err := ioctl(c.fd, vidiocQbuf, unsafe.Pointer(&b)); err != nil {
			return fmt.Errorf("queueing buffer %d: %w", i, err)
		}
	}
	typ := uint32(v4l2BufTypeVideoCapture)
	if err := ioctl(c.fd, vidiocStreamon, unsafe.Pointer(&typ)); err != nil {
		return fmt.Errorf("starting the stream: %w", err)
	}
	return nil
}

func fourccString(f uint32) string {
	return string([]byte{byte(f), byte(f >> 8), byte(f >> 16), byte(f >> 24)})
}

// Name is the camera's name as its driver reports it.
func (c *Camera) Name() string { return c.name }

// Size is the frame size the driver chose.
func (c *Camera) Size() (int, int) { return c.width, c.height }

// Next waits for the next frame and returns its luma as an *image.Gray
// (or the decoded JPEG for MJPEG cameras).
func (c *Camera) Next(ctx context.Context) (image.Image, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fds := []unix.PollFd{{Fd: int32(c.fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, 100)
		if err == unix.EINTR || n == 0 {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("camera: %w", err)
		}
		b := v4l2Buffer{Type: v4l2BufTypeVideoCapture, Memory: v4l2MemoryMmap}
		if err := ioctl(c.fd, vidiocDqbuf, unsafe.Pointer(&b)); err != nil {
			if err == unix.EAGAIN {
				continue
			}
			return nil, fmt.Errorf("camera: %w", err)
		}
		if int(b.Index) >= len(c.bufs) {
			return nil, errors.New("camera: driver returned an unknown buffer")
		}
		data := c.bufs[b.Index][:min(int(b.BytesUsed), len(c.bufs[b.Index]))]
		var img image.Image
		if c.format == pixYUYV {
			img = YUYVToGray(data, c.width, c.height, c.stride)
		} else {
			img, err = jpeg.Decode(bytes.NewReader(data))
		}
		if qerr := ioctl(c.fd, vidiocQbuf, unsafe.Pointer(&b)); qerr != nil {
			return nil, fmt.Errorf("camera: %w", qerr)
		}
		if err != nil || img == nil {
			continue // a torn MJPEG frame: wait for the next
		}
		return img, nil
	}
}

// Close stops streaming and releases the camera.
func (c *Camera) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	typ := uint32(v4l2BufTypeVideoCapture)
	ioctl(c.fd, vidiocStreamoff, unsafe.Pointer(&typ))
	for _, m := range c.bufs {
		unix.Munmap(m)
	}
	return unix.Close(c.fd)
}

var _ FrameSource = (*Camera)(nil)
