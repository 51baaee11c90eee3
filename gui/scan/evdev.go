package scan

import (
	"encoding/binary"
	"errors"
	"strconv"
)

// Linux input event types and key codes (linux/input-event-codes.h) that
// the scanner decoder needs.
const (
	evKey = 0x01

	keyTab        = 15
	keyEnter      = 28
	keyLeftShift  = 42
	keyRightShift = 54
	keyCapsLock   = 58
	keyKPEnter    = 96
)

// Event is one struct input_event of linux/input.h.
type Event struct {
	Sec, Usec int64
	Type      uint16
	Code      uint16
	Value     int32
}

// EventSize is the size of struct input_event on this platform: a struct
// timeval of two C longs, then type, code and value.
var EventSize = 2*(strconv.IntSize/8) + 8

// ParseEvents decodes the input events in b, which holds events of size
// 2*longSize+8 in the host byte order (little endian on every platform
// venuepass kiosks run on). A trailing partial event is an error.
func ParseEvents(b []byte, longSize int) ([]Event, error) {
	size := 2*longSize + 8
	if longSize != 4 && longSize != 8 {
		return nil, errors.New("input events: long size must be 4 or 8")
	}
	if len(b)%size != 0 {
		return nil, errors.New("input events: partial event")
	}
	le := binary.LittleEndian
	evs := make([]Event, 0, len(b)/size)
	for ; len(b) >= size; b = b[size:] {
		var e Event
		if longSize == 8 {
			e.Sec, e.Usec = int64(le.Uint64(b)), int64(le.Uint64(b[8:]))
		} else {
			e.Sec, e.Usec = int64(int32(le.Uint32(b))), int64(int32(le.Uint32(b[4:])))
		}
		t := b[2*longSize:]
		e.Type, e.Code, e.Value = le.Uint16(t), le.Uint16(t[2:]), int32(le.Uint32(t[4:]))
		evs = append(evs, e)
	}
	return evs, nil
}

// usKeymap maps Linux key codes to the characters of a US keyboard, without
// and with Shift. A scanner read directly sends key codes, not characters,
// so decoding them with a fixed US map makes the host's layout irrelevant
// (scanners are set to US layout by default).
var usKeymap = map[uint16][2]rune{
	2: {'1', '!'}, 3: {'2', '@'}, 4: {'3', '#'}, 5: {'4', '$'}, 6: {'5', '%'},
	7: {'6', '^'}, 8: {'7', '&'}, 9: {'8', '*'}, 10: {'9', '('}, 11: {'0', ')'},
	12: {'-', '_'}, 13: {'=', '+'},
	16: {'q', 'Q'}, 17: {'w', 'W'}, 18: {'e', 'E'}, 19: {'r', 'R'}, 20: {'t', 'T'},
	21: {'y', 'Y'}, 22: {'u', 'U'}, 23: {'i', 'I'}, 24: {'o', 'O'}, 25: {'p', 'P'},
	26: {'[', '{'}, 27: {']', '}'},
	30: {'a', 'A'}, 31: {'s', 'S'}, 32: {'d', 'D'}, 33: {'f', 'F'}, 34: {'g', 'G'},
	35: {'h', 'H'}, 36: {'j', 'J'}, 37: {'k', 'K'}, 38: {'l', 'L'},
	39: {';', ':'}, 40: {'\'', '"'}, 41: {'`', '~'}, 43: {'\\', '|'},
	44: {'z', 'Z'}, 45: {'x', 'X'}, 46: {'c', 'C'}, 47: {'v', 'V'}, 48: {'b', 'B'},
	49: {'n', 'N'}, 50: {'m', 'M'},
	51: {',', '<'}, 52: {'.', '>'}, 53: {'/', '?'}, 57: {' ', ' '},
	// Keypad: some scanners type digits and operators there.
	55: {'*', '*'}, 71: {'7', '7'}, 72: {'8', '8'}, 73: {'9', '9'}, 74: {'-', '-'},
	75: {'4', '4'}, 76: {'5', '5'}, 77: {'6', '6'}, 78: {'+', '+'},
	79: {'1', '1'}, 80: {'2', '2'}, 81: {'3', '3'}, 82: {'0', '0'}, 83: {'.', '.'},
	98: {'/', '/'},
}

// KeyDecoder turns key events into lines of text with the US keymap,
// tracking Shift and Caps Lock. The zero value is ready to use.
type KeyDecoder struct {
	lshift, rshift, caps bool
	line                 []rune
}

// Event feeds one input event. It returns a completed line and true when
// the event was Enter after at least one character.
func (d *KeyDecoder) Event(e Event) (string, bool) {
	if e.Type != evKey {
		return "", false
	}
	down := e.Value != 0 // 1 press, 2 auto-repeat, 0 release
	switch e.Code {
	case keyLeftShift:
		d.lshift = down
		return "", false
	case keyRightShift:
		d.rshift = down
		return "", false
	}
	if e.Value != 1 {
		return "", false
	}
	switch e.Code {
	case keyCapsLock:
		d.caps = !d.caps
		return "", false
	case keyEnter, keyKPEnter:
		if len(d.line) == 0 {
			return "", false
		}
		s := string(d.line)
		d.line = d.line[:0]
		return s, true
	case keyTab:
		return "", false
	}
	k, ok := usKeymap[e.Code]
	if !ok {
		return "", false
	}
	shift := d.lshift || d.rshift
	r := k[0]
	if shift {
		r = k[1]
	}
	if d.caps && (k[0] >= 'a' && k[0] <= 'z') {
		if shift {
			r = k[0]
		} else {
			r = k[1]
		}
	}
	if len(d.line) < MaxText {
		d.line = append(d.line, r)
	}
	return "", false
}
