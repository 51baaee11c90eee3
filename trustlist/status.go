package trustlist

import (
	"bytes"
	"compress/zlib"
	"fmt"
)

// StatusArray is an uncompressed Token Status List being built by an issuer:
// Bits bits per entry, packed LSB first (IETF Token Status List, section 4.1).
type StatusArray struct {
	Bits uint
	data []byte
}

// NewStatusArray returns a list of n entries, all valid.
func NewStatusArray(bits uint, n uint64) (*StatusArray, error) {
	switch bits {
	case 1, 2, 4, 8:
	default:
		return nil, fmt.Errorf("status list bits must be 1, 2, 4 or 8, not %d", bits)
	}
	size := (n*uint64(bits) + 7) / 8
	if size > MaxStatusListSize {
		return nil, fmt.Errorf("%d entries of %d bits exceed the %d-byte status list limit", n, bits, MaxStatusListSize)
	}
	return &StatusArray{Bits: bits, data: make([]byte, size)}, nil
}

// DecodeStatusArray inflates a carried list.
func DecodeStatusArray(s StatusList) (*StatusArray, error) {
	return decodeStatusArray(s, MaxStatusListSize)
}

func decodeStatusArray(s StatusList, limit int64) (*StatusArray, error) {
	switch s.Bits {
	case 1, 2, 4, 8:
	default:
		return nil, fmt.Errorf("%w: status list %q has bits %d, want 1, 2, 4 or 8", ErrMalformed, s.URI, s.Bits)
	}
	raw, err := inflateStatus(s.List, limit)
	if err != nil {
		return nil, err
	}
	return &StatusArray{Bits: s.Bits, data: raw}, nil
}

// Len returns the number of entries.
func (a *StatusArray) Len() uint64 { return uint64(len(a.data)) * 8 / uint64(a.Bits) }

// Get returns the status of entry idx.
func (a *StatusArray) Get(idx uint64) (uint8, error) {
	if idx >= a.Len() {
		return 0, fmt.Errorf("%w: index %d, list holds %d entries", ErrStatusIndex, idx, a.Len())
	}
	bit := idx * uint64(a.Bits)
	return (a.data[bit/8] >> (bit % 8)) & (1<<a.Bits - 1), nil
}

// Set sets the status of entry idx, growing the list when idx is past its end.
func (a *StatusArray) Set(idx uint64, status uint8) error {
	if uint(status) >= 1<<a.Bits {
		return fmt.Errorf("status %d does not fit in %d bits", status, a.Bits)
	}
	bit := idx * uint64(a.Bits)
	if need := bit/8 + 1; need > uint64(len(a.data)) {
		if need > MaxStatusListSize {
			return fmt.Errorf("index %d is past the status list size limit", idx)
		}
		a.data = append(a.data, make([]byte, need-uint64(len(a.data)))...)
	}
	mask := byte(1<<a.Bits-1) << (bit % 8)
	a.data[bit/8] = a.data[bit/8]&^mask | status<<(bit%8)
	return nil
}

// Count returns how many entries have each status value.
func (a *StatusArray) Count() map[uint8]uint64 {
	counts := map[uint8]uint64{}
	for i := uint64(0); i < a.Len(); i++ {
		s, _ := a.Get(i)
		counts[s]++
	}
	return counts
}

// StatusList compresses the array into the form a trust list carries.
func (a *StatusArray) StatusList(uri string) StatusList {
	var buf bytes.Buffer
	w, _ := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	w.Write(a.data)
	w.Close()
	return StatusList{URI: uri, Bits: a.Bits, List: buf.Bytes()}
}
