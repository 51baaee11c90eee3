package trustlist_test

import (
	"bytes"
	"compress/zlib"
	"crypto"
	"errors"
	"testing"

	"github.com/fxamacker/cbor/v2"
	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
)

// signPayload signs payload bytes, as they are, as a trust list: the anchor
// signature is good, so only the payload's decoding can refuse them.
func signPayload(t *testing.T, anchor *issuer.Key, payload []byte) []byte {
	t.Helper()
	alg, err := wire.AlgForKey(anchor.Public())
	if err != nil {
		t.Fatal(err)
	}
	data, err := wire.Sign(anchor, alg, anchor.KeyID(), trustlist.ContentType, payload)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestStrictPayload: the trust list payload is decoded with the strict
// mode of FORMAT.md section 1 (and the larger counts of section 4): a
// duplicate map key or an indefinite length is malformed even when the
// anchor signed it. The control (the same map, well encoded) parses.
func TestStrictPayload(t *testing.T) {
	anchor := mustKey(t, issuer.EdDSA)
	anchors := []crypto.PublicKey{anchor.Public()}
	good, err := cborx.Marshal(map[int]any{
		1: trustlist.Version, 2: 5, 3: now.Unix(), 4: now.Unix() + 3600, 5: now.Unix() + 7200,
		6: []any{}, 7: [][]byte{},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Core deterministic encoding: a map of 7 pairs, keys 1 to 7 in order,
	// the last one the empty revoked array.
	if good[0] != 0xa7 || !bytes.HasSuffix(good, []byte{0x07, 0x80}) {
		t.Fatalf("unexpected encoding %x", good)
	}
	l, err := trustlist.Parse(signPayload(t, anchor, good), anchors)
	if err != nil || l.Seq != 5 {
		t.Fatalf("control: %v", err)
	}
	for _, tc := range []struct {
		name    string
		payload []byte
	}{
		// seq given twice: 5, then 9 (a decoder keeping either would pass).
		{"duplicate key", append(append([]byte{0xa8}, good[1:]...), 0x02, 0x09)},
		{"duplicate key, same value", append(append([]byte{0xa8}, good[1:]...), 0x02, 0x05)},
		{"indefinite-length map", append(append([]byte{0xbf}, good[1:]...), 0xff)},
		{"indefinite-length array", append(append([]byte{}, good[:len(good)-1]...), 0x9f, 0xff)},
		{"indefinite-length byte string", append(append([]byte{}, good[:len(good)-1]...), 0x81, 0x5f, 0x41, 0x01, 0xff)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The payload is well formed apart from the one defect: the
			// lenient decoder reads it.
			var lenient map[int]any
			if err := cbor.Unmarshal(tc.payload, &lenient); err != nil {
				t.Fatalf("test payload is not CBOR at all: %v", err)
			}
			_, err := trustlist.Parse(signPayload(t, anchor, tc.payload), anchors)
			if !errors.Is(err, trustlist.ErrMalformed) {
				t.Fatalf("Parse: %v, want ErrMalformed", err)
			}
			t.Log(err)
		})
	}
}

// TestStatusListBomb: a status list that inflates past MaxStatusListSize is
// too_large, and so are several lists that are each under the cap but
// together over it (the cap holds for all of a list's status lists).
func TestStatusListBomb(t *testing.T) {
	anchor := mustKey(t, issuer.EdDSA)
	anchors := []crypto.PublicKey{anchor.Public()}
	chunk := make([]byte, 1<<20)
	zeros := func(n int) []byte {
		var buf bytes.Buffer
		w, _ := zlib.NewWriterLevel(&buf, zlib.BestSpeed)
		for ; n > 0; n -= len(chunk) {
			w.Write(chunk[:min(n, len(chunk))])
		}
		w.Close()
		return buf.Bytes()
	}
	for _, tc := range []struct {
		name  string
		lists []trustlist.StatusList
		ok    bool
	}{
		{"one list at the cap", []trustlist.StatusList{{URI: "a", Bits: 1, List: zeros(trustlist.MaxStatusListSize)}}, true},
		{"one list a byte over", []trustlist.StatusList{{URI: "a", Bits: 1, List: zeros(trustlist.MaxStatusListSize + 1)}}, false},
		{"bomb", []trustlist.StatusList{{URI: "a", Bits: 1, List: zeros(2 * trustlist.MaxStatusListSize)}}, false},
		{"two lists together over", []trustlist.StatusList{
			{URI: "a", Bits: 1, List: zeros(trustlist.MaxStatusListSize / 2)},
			{URI: "b", Bits: 1, List: zeros(trustlist.MaxStatusListSize/2 + 1)},
		}, false},
		{"two lists together at the cap", []trustlist.StatusList{
			{URI: "a", Bits: 1, List: zeros(trustlist.MaxStatusListSize / 2)},
			{URI: "b", Bits: 1, List: zeros(trustlist.MaxStatusListSize / 2)},
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := contents(1)
			c.StatusLists = tc.lists
			data := sign(t, c, anchor)
			if len(data) > 1<<20 {
				t.Fatalf("test list is %d bytes: the bomb should be small", len(data))
			}
			l, err := trustlist.Parse(data, anchors)
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				var total uint64
				for _, a := range l.StatusArrays() {
					total += a.Len()
				}
				if total != 8*trustlist.MaxStatusListSize {
					t.Errorf("%d entries", total)
				}
				return
			}
			if !errors.Is(err, trustlist.ErrTooLarge) {
				t.Fatalf("Parse: %v, want ErrTooLarge", err)
			}
			t.Log(err)
		})
	}
}
