//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || loong64)

package scan

import (
	"testing"
	"unsafe"
)

// The ioctl numbers and struct sizes of linux/videodev2.h on 64-bit Linux.
func TestV4L2ABI(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want uintptr
	}{
		{"sizeof v4l2_capability", unsafe.Sizeof(v4l2Capability{}), 104},
		{"sizeof v4l2_format", unsafe.Sizeof(v4l2Format{}), 208},
		{"sizeof v4l2_requestbuffers", unsafe.Sizeof(v4l2RequestBuffers{}), 20},
		{"sizeof v4l2_buffer", unsafe.Sizeof(v4l2Buffer{}), 88},
		{"offsetof v4l2_buffer.m", unsafe.Offsetof(v4l2Buffer{}.Offset), 64},
		{"VIDIOC_QUERYCAP", vidiocQuerycap, 0x80685600},
		{"VIDIOC_S_FMT", vidiocSFmt, 0xc0d05605},
		{"VIDIOC_REQBUFS", vidiocReqbufs, 0xc0145608},
		{"VIDIOC_QUERYBUF", vidiocQuerybuf, 0xc0585609},
		{"VIDIOC_QBUF", vidiocQbuf, 0xc058560f},
		{"VIDIOC_DQBUF", vidiocDqbuf, 0xc0585611},
		{"VIDIOC_STREAMON", vidiocStreamon, 0x40045612},
		{"VIDIOC_STREAMOFF", vidiocStreamoff, 0x40045613},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %#x, want %#x", tc.name, tc.got, tc.want)
		}
	}
	if pixYUYV != 0x56595559 {
		t.Errorf("YUYV fourcc = %#x", pixYUYV)
	}
}

func TestOpenCameraMissing(t *testing.T) {
	if _, err := OpenCamera("/dev/null", 640, 480); err == nil {
		t.Fatal("opened /dev/null as a camera")
	}
}
