package trustlist_test

import (
	"bytes"
	"compress/zlib"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/internal/cborx"
	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/veraison/go-cose"
)

var now = time.Unix(1790000000, 0).UTC()

func mustKey(t *testing.T, alg string) *issuer.Key {
	t.Helper()
	k, err := issuer.GenerateKey(alg)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func contents(seq uint64, keys ...*issuer.Key) *trustlist.Contents {
	c := &trustlist.Contents{Seq: seq, IssuedAt: now, NextUpdate: now.Add(time.Hour), Expires: now.Add(2 * time.Hour)}
	for i, k := range keys {
		c.Issuers = append(c.Issuers, &trustlist.Issuer{
			Kid: k.KeyID(), Key: k.Public(), Iss: "iss-" + string(rune('a'+i)), Name: "Issuer",
			Types: []uint64{1, 3}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		})
	}
	c.Revoked = [][]byte{bytes.Repeat([]byte{7}, 16)}
	return c
}

func sign(t *testing.T, c *trustlist.Contents, anchor *issuer.Key) []byte {
	t.Helper()
	data, err := trustlist.Sign(c, anchor)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestRoundTrip(t *testing.T) {
	for _, alg := range []string{issuer.ES256, issuer.EdDSA, issuer.ES384, issuer.PS256} {
		anchor := mustKey(t, alg)
		keys := []*issuer.Key{mustKey(t, issuer.ES256), mustKey(t, issuer.EdDSA), mustKey(t, issuer.ES384), mustKey(t, issuer.PS256)}
		data := sign(t, contents(3, keys...), anchor)
		l, err := trustlist.Parse(data, []crypto.PublicKey{mustKey(t, "").Public(), anchor.Public()})
		if err != nil {
			t.Fatalf("anchor %s: %v", alg, err)
		}
		if l.Seq != 3 || !l.Expires.Equal(now.Add(2*time.Hour)) || !l.NextUpdate.Equal(now.Add(time.Hour)) || !l.IssuedAt.Equal(now) {
			t.Errorf("header fields changed: %+v", l.Contents)
		}
		if !bytes.Equal(l.AnchorKid, anchor.KeyID()) {
			t.Errorf("AnchorKid %x, want %x", l.AnchorKid, anchor.KeyID())
		}
		for i, k := range keys {
			es := l.Lookup(k.KeyID())
			if len(es) != 1 {
				t.Fatalf("Lookup(%s key): %d entries", k.Alg(), len(es))
			}
			e := es[0]
			if e.Alg == 0 || e.Iss != "iss-"+string(rune('a'+i)) || !e.AllowsType(3) || e.AllowsType(2) {
				t.Errorf("entry %d: %+v", i, e)
			}
			pub := k.Public().(interface{ Equal(crypto.PublicKey) bool })
			if !pub.Equal(e.Key) {
				t.Errorf("entry %d: key changed in the round trip", i)
			}
			if !e.InWindow(now.Unix()) || e.InWindow(now.Add(time.Hour).Unix()) || e.InWindow(now.Add(-time.Hour-time.Second).Unix()) || !e.InWindow(now.Add(-time.Hour).Unix()) {
				t.Errorf("entry %d: key window is not [nbf, exp)", i)
			}
		}
		if !l.IsRevoked(bytes.Repeat([]byte{7}, 16)) || l.IsRevoked(bytes.Repeat([]byte{8}, 16)) {
			t.Error("revoked lookup wrong")
		}
		if l.Stale(now) || !l.Stale(now.Add(time.Hour)) || l.Expired(now.Add(time.Hour)) || !l.Expired(now.Add(2*time.Hour)) {
			t.Error("Stale/Expired boundaries wrong")
		}
	}
}

func TestParseRejects(t *testing.T) {
	anchor := mustKey(t, issuer.ES256)
	other := mustKey(t, issuer.ES256)
	data := sign(t, contents(1, mustKey(t, issuer.EdDSA)), anchor)
	anchors := []crypto.PublicKey{anchor.Public()}

	_, err := trustlist.Parse(data, []crypto.PublicKey{other.Public()})
	if !errors.Is(err, trustlist.ErrUnknownAnchor) {
		t.Errorf("unpinned anchor: %v", err)
	}
	// The error names the list's anchor and the pinned one, so an operator
	// can tell which key is missing.
	var ae *trustlist.AnchorError
	if !errors.As(err, &ae) {
		t.Fatalf("unpinned anchor: %T, want *AnchorError", err)
	}
	wantList, _ := wire.KeyID(anchor.Public())
	wantPinned, _ := wire.KeyID(other.Public())
	if !bytes.Equal(ae.ListKid, wantList) || len(ae.Pinned) != 1 || !bytes.Equal(ae.Pinned[0], wantPinned) {
		t.Errorf("AnchorError = list %x pinned %x, want list %x pinned [%x]", ae.ListKid, ae.Pinned, wantList, wantPinned)
	}
	for _, kid := range [][]byte{wantList, wantPinned} {
		if !strings.Contains(err.Error(), fmt.Sprintf("%x", kid)) {
			t.Errorf("message %q does not name kid %x", err, kid)
		}
	}
	if _, err := trustlist.Parse(data, nil); !errors.Is(err, trustlist.ErrUnknownAnchor) {
		t.Errorf("no anchors: %v", err)
	}
	tampered := bytes.Clone(data)
	tampered[len(tampered)-80] ^= 1 // inside the payload
	if _, err := trustlist.Parse(tampered, anchors); !errors.Is(err, trustlist.ErrBadSignature) && !errors.Is(err, trustlist.ErrMalformed) {
		t.Errorf("tampered payload: %v", err)
	}
	badSig := bytes.Clone(data)
	badSig[len(badSig)-1] ^= 1
	if _, err := trustlist.Parse(badSig, anchors); !errors.Is(err, trustlist.ErrBadSignature) {
		t.Errorf("tampered signature: %v", err)
	}
	for name, in := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("not a trust list"),
		"truncated": data[:len(data)/2],
		"trailing":  append(bytes.Clone(data), 0),
	} {
		if _, err := trustlist.Parse(in, anchors); !errors.Is(err, trustlist.ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
	if _, err := trustlist.Parse(make([]byte, trustlist.MaxFileSize+1), anchors); !errors.Is(err, trustlist.ErrTooLarge) {
		t.Errorf("oversized: %v", err)
	}
}

func TestRollbackGuard(t *testing.T) {
	anchor := mustKey(t, issuer.EdDSA)
	anchors := []crypto.PublicKey{anchor.Public()}
	state := filepath.Join(t.TempDir(), "state.json")
	k := mustKey(t, issuer.EdDSA)
	v5 := sign(t, contents(5, k), anchor)
	v4 := sign(t, contents(4, k), anchor)
	v6 := sign(t, contents(6, k), anchor)

	if _, err := trustlist.Load(v5, anchors, trustlist.StateFile(state)); err != nil {
		t.Fatal(err)
	}
	if _, err := trustlist.Load(v5, anchors, trustlist.StateFile(state)); err != nil {
		t.Fatalf("reloading the same list: %v", err)
	}
	_, err := trustlist.Load(v4, anchors, trustlist.StateFile(state))
	var rb *trustlist.RollbackError
	if !errors.Is(err, trustlist.ErrRollback) || !errors.As(err, &rb) || rb.Seq != 4 || rb.Last != 5 || rb.SameSeq {
		t.Fatalf("seq 4 after 5: %v (%+v), want a RollbackError 4 < 5", err, rb)
	}
	other5 := sign(t, contents(5, k, mustKey(t, issuer.ES256)), anchor)
	_, err = trustlist.Load(other5, anchors, trustlist.StateFile(state))
	if !errors.Is(err, trustlist.ErrRollback) || !errors.As(err, &rb) || rb.Seq != 5 || !rb.SameSeq {
		t.Fatalf("different list with the same seq: %v (%+v), want a RollbackError of the same seq", err, rb)
	}
	if _, err := trustlist.Load(v6, anchors, trustlist.StateFile(state)); err != nil {
		t.Fatal(err)
	}
	if _, err := trustlist.Load(v5, anchors, trustlist.StateFile(state)); !errors.Is(err, trustlist.ErrRollback) {
		t.Fatalf("seq 5 after 6: %v, want ErrRollback", err)
	}
	// Another anchor has its own sequence.
	anchor2 := mustKey(t, issuer.ES256)
	if _, err := trustlist.Load(sign(t, contents(1, k), anchor2), []crypto.PublicKey{anchor2.Public()}, trustlist.StateFile(state)); err != nil {
		t.Fatalf("second anchor: %v", err)
	}
	if _, err := trustlist.Load(v5, anchors, trustlist.StateFile(state)); !errors.Is(err, trustlist.ErrRollback) {
		t.Fatal("the first anchor's seq was forgotten")
	}
	// A corrupt state file is an error, never a silent reset of the guard.
	if err := os.WriteFile(state, []byte("{garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := trustlist.Load(v6, anchors, trustlist.StateFile(state)); err == nil {
		t.Fatal("corrupt state file accepted")
	}
	// NoGuard turns the guard off, deliberately; a guard not given at all
	// (the zero Guard, an empty path) is refused, never taken for NoGuard.
	if _, err := trustlist.Load(v4, anchors, trustlist.NoGuard); err != nil {
		t.Fatal(err)
	}
	for name, g := range map[string]trustlist.Guard{"zero": {}, "empty path": trustlist.StateFile("")} {
		if l, err := trustlist.Load(v4, anchors, g); !errors.Is(err, trustlist.ErrNoGuard) || l != nil {
			t.Errorf("%s guard: %v, want ErrNoGuard", name, err)
		}
	}
}

func compress(t *testing.T, raw []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(raw)
	w.Close()
	return buf.Bytes()
}

func TestStatusList(t *testing.T) {
	anchor := mustKey(t, issuer.EdDSA)
	c := contents(1)
	// Two bits per entry, LSB first: entries 0..3 = valid, revoked, suspended, valid.
	c.StatusLists = []trustlist.StatusList{
		{URI: "https://club.example/status/1", Bits: 2, List: compress(t, []byte{0b00_10_01_00, 0})},
		{URI: "one-bit", Bits: 1, List: compress(t, []byte{0b1000_0010})},
	}
	l, err := trustlist.Parse(sign(t, c, anchor), []crypto.PublicKey{anchor.Public()})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		uri  string
		idx  uint64
		want uint8
	}{
		{"https://club.example/status/1", 0, 0}, {"https://club.example/status/1", 1, 1},
		{"https://club.example/status/1", 2, 2}, {"https://club.example/status/1", 3, 0},
		{"https://club.example/status/1", 7, 0},
		{"one-bit", 0, 0}, {"one-bit", 1, 1}, {"one-bit", 2, 0}, {"one-bit", 7, 1},
	} {
		got, err := l.Status(tc.uri, tc.idx)
		if err != nil || got != tc.want {
			t.Errorf("Status(%s, %d) = %d, %v; want %d", tc.uri, tc.idx, got, err, tc.want)
		}
	}
	if _, err := l.Status("https://club.example/status/1", 8); !errors.Is(err, trustlist.ErrStatusIndex) {
		t.Errorf("index past the end: %v", err)
	}
	if _, err := l.Status("nope", 0); !errors.Is(err, trustlist.ErrStatusListUnknown) {
		t.Errorf("unknown list: %v", err)
	}
	c.StatusLists[0].Bits = 3
	if _, err := trustlist.Parse(sign(t, c, anchor), []crypto.PublicKey{anchor.Public()}); !errors.Is(err, trustlist.ErrMalformed) {
		t.Errorf("bits 3: %v", err)
	}
}

// signRaw signs a hand-built payload map as a trust list.
func signRaw(t *testing.T, anchor *issuer.Key, payload map[int]any) []byte {
	t.Helper()
	enc, err := cborx.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	alg, _ := wire.AlgForKey(anchor.Public())
	data, err := wire.Sign(anchor, alg, anchor.KeyID(), trustlist.ContentType, enc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Entry fields of the wrong type are malformed; in particular a null types
// must not widen an entry to all types.
func TestEntryTypes(t *testing.T) {
	anchor := mustKey(t, issuer.EdDSA)
	k := mustKey(t, issuer.EdDSA)
	key, _ := wire.EncodeKey(k.Public())
	base := func(types any, set bool) map[int]any {
		e := map[int]any{1: k.KeyID(), 2: key, 3: "acme", 4: "ACME"}
		if set {
			e[5] = types
		}
		return map[int]any{1: 1, 2: 1, 3: now.Unix(), 4: now.Unix() + 60, 5: now.Unix() + 120, 6: []any{e}, 7: []any{}}
	}
	anchors := []crypto.PublicKey{anchor.Public()}
	l, err := trustlist.Parse(signRaw(t, anchor, base(nil, false)), anchors)
	if err != nil || !l.Issuers[0].AllowsType(7) {
		t.Fatalf("absent types: %v", err)
	}
	l, err = trustlist.Parse(signRaw(t, anchor, base([]uint64{}, true)), anchors)
	if err != nil || l.Issuers[0].AllowsType(1) {
		t.Fatalf("empty types must allow none: %v", err)
	}
	for name, types := range map[string]any{"null": nil, "text": "all", "negative": []int{-1}} {
		if _, err := trustlist.Parse(signRaw(t, anchor, base(types, true)), anchors); !errors.Is(err, trustlist.ErrMalformed) {
			t.Errorf("types %s: %v, want ErrMalformed", name, err)
		}
	}
	missing := base(nil, false)
	delete(missing, 5)
	if _, err := trustlist.Parse(signRaw(t, anchor, missing), anchors); !errors.Is(err, trustlist.ErrMalformed) {
		t.Errorf("no expires: %v", err)
	}
}

// With a certificate, the entry's key must be the certificate's key.
func TestEntryCertMustMatchKey(t *testing.T) {
	anchor := mustKey(t, issuer.EdDSA)
	signer := mustKey(t, issuer.ES256)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{Country: []string{"DE"}},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, signer.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	entry := func(key *issuer.Key) *trustlist.Contents {
		c := contents(1)
		c.Issuers = []*trustlist.Issuer{{Kid: []byte("12345678"), Key: key.Public(), Iss: "DE", Name: "DSC", Cert: der, Profile: trustlist.ProfileDCC}}
		return c
	}
	anchors := []crypto.PublicKey{anchor.Public()}
	if _, err := trustlist.Parse(sign(t, entry(signer), anchor), anchors); err != nil {
		t.Fatalf("matching key: %v", err)
	}
	if _, err := trustlist.Parse(sign(t, entry(mustKey(t, issuer.ES256)), anchor), anchors); !errors.Is(err, trustlist.ErrMalformed) {
		t.Fatalf("other key: %v, want ErrMalformed", err)
	}
}

// FORMAT.md section 4: an entry needs kid, key, iss and name.
func TestEntryRequiredKeys(t *testing.T) {
	anchor := mustKey(t, issuer.EdDSA)
	k := mustKey(t, issuer.EdDSA)
	key, _ := wire.EncodeKey(k.Public())
	list := func(drop int) map[int]any {
		e := map[int]any{1: k.KeyID(), 2: key, 3: "acme", 4: "ACME"}
		delete(e, drop)
		return map[int]any{1: 1, 2: 1, 3: now.Unix(), 4: now.Unix() + 60, 5: now.Unix() + 120, 6: []any{e}, 7: []any{}}
	}
	anchors := []crypto.PublicKey{anchor.Public()}
	if _, err := trustlist.Parse(signRaw(t, anchor, list(0)), anchors); err != nil {
		t.Fatalf("complete entry: %v", err)
	}
	for _, drop := range []int{1, 2, 3, 4} {
		if _, err := trustlist.Parse(signRaw(t, anchor, list(drop)), anchors); !errors.Is(err, trustlist.ErrMalformed) {
			t.Errorf("entry without key %d: %v, want ErrMalformed", drop, err)
		}
	}
	// An empty name is a name.
	e := list(0)
	e[6].([]any)[0].(map[int]any)[4] = ""
	if _, err := trustlist.Parse(signRaw(t, anchor, e), anchors); err != nil {
		t.Errorf("empty name: %v", err)
	}
}

// An ECDSA entry's verifier is made at its first check: many goroutines
// checking at once share one (run with -race), and each check still
// tells a good signature from a bad one.
func TestECDSAVerifierConcurrent(t *testing.T) {
	anchor, k := mustKey(t, issuer.EdDSA), mustKey(t, issuer.ES256)
	l, err := trustlist.Parse(sign(t, contents(1, k), anchor), []crypto.PublicKey{anchor.Public()})
	if err != nil {
		t.Fatal(err)
	}
	e := l.Issuers[0]
	signer, err := cose.NewSigner(cose.AlgorithmES256, k)
	if err != nil {
		t.Fatal(err)
	}
	tbs := []byte("to be signed")
	sig, err := signer.Sign(rand.Reader, tbs)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.VerifySignature(tbs, sig); err != nil {
				t.Errorf("good signature: %v", err)
			}
			if err := e.VerifySignature([]byte("something else"), sig); err == nil {
				t.Error("a signature over other bytes passed")
			}
		}()
	}
	wg.Wait()
}
