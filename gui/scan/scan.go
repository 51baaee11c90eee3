// Package scan turns the kiosk's input devices into QR texts: keyboard-wedge
// scanners typing into the window (Wedge), the same scanners read directly
// from a Linux input device (Evdev), scanners in USB-serial mode (Lines,
// OpenSerial), and cameras or image files (FrameSource, Pipeline).
//
// # What it checks
//
// Every source caps what it reads: a scan longer than MaxText runes is cut
// off and reported as such (the verifier rejects it as too large), never
// buffered without bound. Garbled reports a scan whose Base45 punctuation a
// keyboard layout mismatch has replaced, so staff are told to fix the
// scanner rather than that the code is invalid.
//
// # What it does not
//
// Nothing here verifies anything: a text from a source is untrusted input
// for the verifier. The package never imports fyne; the gui package brings
// texts to the screen.
package scan

// MaxText is the longest QR text a source passes on (FORMAT.md section 1
// allows 4096 characters; a little more lets the verifier say too_large).
const MaxText = 4096 + 64

// Source names, used to tell staff where a scan came from.
const (
	SourceWedge  = "scanner"
	SourceEvdev  = "scanner (direct)"
	SourceSerial = "scanner (serial)"
	SourceCamera = "camera"
	SourceFile   = "image file"
	SourceDemo   = "demo"
)
