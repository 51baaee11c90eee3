package trustlist

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/venuepass/venuepass/internal/wire"
)

var sentinels = []error{ErrMalformed, ErrTooLarge, ErrUnknownAnchor, ErrBadSignature, ErrRollback}

// checkSentinel fails unless err wraps exactly one package sentinel.
func checkSentinel(t *testing.T, what string, err error) {
	t.Helper()
	n := 0
	for _, s := range sentinels {
		if errors.Is(err, s) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%s: error %q wraps %d package sentinels, want 1", what, err, n)
	}
}

// fuzzAnchor signs fuzzed payloads, so that the fuzzer reaches the payload
// decoder through Parse too. The seed is fixed: crashes reproduce.
var fuzzAnchor = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

func vectorAnchors(tb testing.TB) []crypto.PublicKey {
	var out []crypto.PublicKey
	for _, dir := range []string{"vectors", "interop"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", dir, "anchor.pub.pem"))
		if err != nil {
			continue
		}
		block, _ := pem.Decode(data)
		if block == nil {
			tb.Fatalf("%s anchor: no PEM block", dir)
		}
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, k)
	}
	return out
}

func FuzzParse(f *testing.F) {
	anchors := append(vectorAnchors(f), fuzzAnchor.Public())
	for _, dir := range []string{"vectors", "interop"} {
		files, _ := filepath.Glob(filepath.Join("..", "testdata", dir, "*.vptl"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
			if msg, err := parseSign1(data); err == nil {
				f.Add(msg.Payload)
			}
		}
	}
	f.Add([]byte{0xD2, 0x84, 0x40, 0xA0, 0x40, 0x40})
	f.Fuzz(func(t *testing.T, data []byte) {
		// The bytes as a whole file.
		if l, err := Parse(data, anchors); err != nil {
			checkSentinel(t, "Parse", err)
		} else {
			checkList(t, l)
		}
		// The bytes as a payload: decoded directly, and signed by the
		// fuzz anchor and parsed as a file.
		l, err := decodePayload(data)
		if err != nil {
			checkSentinel(t, "decodePayload", err)
			return
		}
		// Signing costs: only payloads that decode go the whole way.
		signed, err := wire.Sign(fuzzAnchor, wire.AlgEdDSA, mustKid(t, fuzzAnchor.Public()), ContentType, data)
		if err != nil {
			t.Fatal(err)
		}
		l2, err := Parse(signed, []crypto.PublicKey{fuzzAnchor.Public()})
		if err != nil {
			t.Fatalf("payload decodes, but the signed file does not parse: %v", err)
		}
		checkList(t, l)
		checkList(t, l2)
		resign(t, l2)
	})
}

func mustKid(t *testing.T, pub crypto.PublicKey) []byte {
	kid, err := wire.KeyID(pub)
	if err != nil {
		t.Fatal(err)
	}
	return kid
}

// checkList checks the invariants of a parsed list.
func checkList(t *testing.T, l *List) {
	t.Helper()
	if len(l.Issuers) > MaxIssuers || len(l.Revoked) > MaxRevoked {
		t.Fatalf("%d issuers, %d revoked: over the limits", len(l.Issuers), len(l.Revoked))
	}
	for _, e := range l.Issuers {
		found := false
		for _, x := range l.Lookup(e.Kid) {
			found = found || x == e
		}
		if !found {
			t.Fatalf("issuer %q not found by its kid", e.Iss)
		}
		if e.Key != nil {
			alg, err := wire.AlgForKey(e.Key)
			if err != nil || alg != e.Alg {
				t.Fatalf("issuer %q: alg %d for a key of alg %d (%v)", e.Iss, e.Alg, alg, err)
			}
		}
	}
	for _, c := range l.Revoked {
		if !l.IsRevoked(c) {
			t.Fatalf("revoked cti %x not found", c)
		}
	}
	for _, s := range l.StatusLists {
		for _, idx := range []uint64{0, 1, 7, 8, 1 << 20, math.MaxUint64 / uint64(s.Bits), math.MaxUint64} {
			st, err := l.Status(s.URI, idx)
			if err != nil {
				if errors.Is(err, ErrStatusListUnknown) {
					t.Fatalf("status list %q is carried but unknown", s.URI)
				}
				continue
			}
			if uint(st) >= 1<<s.Bits {
				t.Fatalf("status %d from a %d-bit list", st, s.Bits)
			}
		}
	}
}

// resign signs the contents of l again and checks that they parse back the
// same.
func resign(t *testing.T, l *List) {
	t.Helper()
	for _, e := range l.Issuers {
		if e.Key == nil {
			return // Sign refuses entries without a usable key
		}
	}
	data, err := Sign(&l.Contents, fuzzAnchor)
	if err != nil {
		return // e.g. next_update after expires, which Sign refuses
	}
	l2, err := Parse(data, []crypto.PublicKey{fuzzAnchor.Public()})
	if err != nil {
		t.Fatalf("re-signed list does not parse: %v", err)
	}
	a, b := &l.Contents, &l2.Contents
	if a.Seq != b.Seq || !a.IssuedAt.Equal(b.IssuedAt) || !a.NextUpdate.Equal(b.NextUpdate) || !a.Expires.Equal(b.Expires) ||
		len(a.Issuers) != len(b.Issuers) || len(a.Revoked) != len(b.Revoked) || len(a.StatusLists) != len(b.StatusLists) {
		t.Fatalf("re-signed list differs:\n%+v\n%+v", a, b)
	}
	for i := range a.Issuers {
		x, y := a.Issuers[i], b.Issuers[i]
		if !bytes.Equal(x.Kid, y.Kid) || x.Iss != y.Iss || x.Name != y.Name || x.Alg != y.Alg ||
			(x.Types == nil) != (y.Types == nil) || len(x.Types) != len(y.Types) ||
			!x.NotBefore.Equal(y.NotBefore) || !x.NotAfter.Equal(y.NotAfter) ||
			!bytes.Equal(x.Cert, y.Cert) || x.Profile != y.Profile ||
			!x.Key.(interface{ Equal(crypto.PublicKey) bool }).Equal(y.Key) {
			t.Fatalf("issuer %d differs after re-signing:\n%+v\n%+v", i, x, y)
		}
	}
	for i := range a.Revoked {
		if !bytes.Equal(a.Revoked[i], b.Revoked[i]) {
			t.Fatalf("revoked %d differs", i)
		}
	}
	for i := range a.StatusLists {
		x, y := a.StatusLists[i], b.StatusLists[i]
		if x.URI != y.URI || x.Bits != y.Bits || !bytes.Equal(x.List, y.List) {
			t.Fatalf("status list %d differs", i)
		}
	}
}
