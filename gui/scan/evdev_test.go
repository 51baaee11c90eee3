package scan

import (
	"encoding/binary"
	"testing"
)

// keyEvents encodes key presses for text as a US keyboard scanner sends
// them: Shift down/up around shifted characters, press and release of
// each key, SYN reports in between, Enter at the end.
func keyEvents(t *testing.T, text string, longSize int) []byte {
	t.Helper()
	rev := map[rune][2]uint16{} // rune -> code, shift
	for code, k := range usKeymap {
		if code >= 55 && code != 57 {
			continue // prefer the main block over the keypad
		}
		if _, ok := rev[k[0]]; !ok {
			rev[k[0]] = [2]uint16{code, 0}
		}
		if _, ok := rev[k[1]]; !ok && k[1] != k[0] {
			rev[k[1]] = [2]uint16{code, 1}
		}
	}
	var b []byte
	sec := int64(1700000000)
	ev := func(typ, code uint16, value int32) {
		var e [24]byte
		n := 0
		if longSize == 8 {
			binary.LittleEndian.PutUint64(e[0:], uint64(sec))
			binary.LittleEndian.PutUint64(e[8:], 8000)
			n = 16
		} else {
			binary.LittleEndian.PutUint32(e[0:], uint32(sec))
			binary.LittleEndian.PutUint32(e[4:], 8000)
			n = 8
		}
		binary.LittleEndian.PutUint16(e[n:], typ)
		binary.LittleEndian.PutUint16(e[n+2:], code)
		binary.LittleEndian.PutUint32(e[n+4:], uint32(value))
		b = append(b, e[:n+8]...)
	}
	key := func(code uint16) {
		ev(4, 4, int32(code)) // EV_MSC MSC_SCAN, as keyboards send
		ev(evKey, code, 1)
		ev(0, 0, 0)
		ev(evKey, code, 0)
		ev(0, 0, 0)
	}
	for _, r := range text {
		k, ok := rev[r]
		if !ok {
			t.Fatalf("no key for %q", r)
		}
		if k[1] == 1 {
			ev(evKey, keyLeftShift, 1)
		}
		key(k[0])
		if k[1] == 1 {
			ev(evKey, keyLeftShift, 0)
		}
	}
	key(keyEnter)
	return b
}

func TestParseEventsAndDecode(t *testing.T) {
	code := "VP1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEX%WK G2EP4J0BGJLFX3R3VHXK.PJ:2DPF6R:5SVBDO4I-"
	for _, longSize := range []int{8, 4} {
		raw := keyEvents(t, code, longSize)
		evs, err := ParseEvents(raw, longSize)
		if err != nil {
			t.Fatal(err)
		}
		// 'V': Shift down, then the V key.
		if evs[0] != (Event{Sec: 1700000000, Usec: 8000, Type: evKey, Code: keyLeftShift, Value: 1}) || evs[2].Code != 47 {
			t.Fatalf("long size %d: first events parsed as %+v %+v", longSize, evs[0], evs[1])
		}
		var d KeyDecoder
		var lines []string
		for _, e := range evs {
			if line, ok := d.Event(e); ok {
				lines = append(lines, line)
			}
		}
		if len(lines) != 1 || lines[0] != code {
			t.Fatalf("long size %d: decoded %q, want %q", longSize, lines, code)
		}
	}
	if _, err := ParseEvents(make([]byte, 25), 8); err == nil {
		t.Error("a partial event parsed")
	}
}

func TestKeyDecoderKeypadCapsLock(t *testing.T) {
	var d KeyDecoder
	press := func(code uint16) (string, bool) {
		line, ok := d.Event(Event{Type: evKey, Code: code, Value: 1})
		d.Event(Event{Type: evKey, Code: code, Value: 2}) // auto-repeat: ignored
		d.Event(Event{Type: evKey, Code: code, Value: 0})
		return line, ok
	}
	// Caps Lock on: letters come out upper case unshifted, digits stay.
	press(keyCapsLock)
	for _, c := range []uint16{47, 25, 79} { // v p KP1
		press(c)
	}
	d.Event(Event{Type: evKey, Code: keyRightShift, Value: 1})
	press(39) // Shift+; = ':'
	d.Event(Event{Type: evKey, Code: keyRightShift, Value: 0})
	press(55) // KP*
	if line, ok := press(keyKPEnter); !ok || line != "VP1:*" {
		t.Fatalf("Caps Lock and keypad: got %q %v, want VP1:*", line, ok)
	}
	if line, ok := press(keyEnter); ok {
		t.Fatalf("Enter on an empty line gave %q", line)
	}
	press(keyCapsLock)
	press(2)
	if line, ok := press(keyEnter); !ok || line != "1" {
		t.Fatalf("got %q %v", line, ok)
	}
}
