package trustlist_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
)

// A kiosk loads the signed list from disk with its pinned anchor key and a
// small state file for the rollback guard.
func ExampleLoadFile() {
	dir, err := os.MkdirTemp("", "trustlist-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	trustFile, anchorFile := writeExampleFiles(dir)

	list, err := trustlist.LoadFile(trustFile, []string{anchorFile}, trustlist.StateFile(filepath.Join(dir, "kiosk.state")))
	if err != nil {
		fmt.Println("no usable trust list:", err)
		return
	}
	at := time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)
	fmt.Println("seq", list.Seq, "issuers", len(list.Issuers))
	fmt.Println("stale", list.Stale(at), "expired", list.Expired(at))
	// Output:
	// seq 4 issuers 1
	// stale true expired false
}

// An anchor signs the list; a kiosk parses it with the anchor's public key
// and looks issuers up by kid.
func ExampleSign() {
	anchor, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	clubPub, _, _ := ed25519.GenerateKey(rand.Reader)
	clubKid, _ := issuer.KeyID(clubPub) // FORMAT.md section 2: SHA-256 of the SPKI, 8 bytes

	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	file, err := trustlist.Sign(&trustlist.Contents{
		Seq: 1, IssuedAt: t0, NextUpdate: t0.Add(7 * 24 * time.Hour), Expires: t0.Add(30 * 24 * time.Hour),
		Issuers: []*trustlist.Issuer{{
			Kid: clubKid, Key: clubPub, Iss: "lions-fc", Name: "Lions Football Club",
			Types: []uint64{2, 3}, // membership cards and tickets only
		}},
	}, anchor)
	if err != nil {
		panic(err)
	}

	list, err := trustlist.Parse(file, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		panic(err)
	}
	e := list.Lookup(clubKid)[0]
	fmt.Println(e.Name, e.Iss, "membership:", e.AllowsType(2), "employee:", e.AllowsType(1))

	// Another key cannot stand in for the pinned anchor.
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_, err = trustlist.Parse(file, []crypto.PublicKey{other.Public()})
	fmt.Println(errors.Is(err, trustlist.ErrUnknownAnchor))
	// Output:
	// Lions Football Club lions-fc membership: true employee: false
	// true
}

// Once a kiosk has accepted seq 2, an older list is refused, even one
// correctly signed by the same anchor.
func ExampleLoad_rollback() {
	dir, err := os.MkdirTemp("", "trustlist-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	state := filepath.Join(dir, "kiosk.state")

	anchor, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	anchors := []crypto.PublicKey{anchor.Public()}
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	signed := func(seq uint64) []byte {
		file, err := trustlist.Sign(&trustlist.Contents{
			Seq: seq, IssuedAt: t0, NextUpdate: t0.Add(24 * time.Hour), Expires: t0.Add(48 * time.Hour),
		}, anchor)
		if err != nil {
			panic(err)
		}
		return file
	}

	_, err = trustlist.Load(signed(2), anchors, trustlist.StateFile(state))
	fmt.Println("seq 2:", err)
	_, err = trustlist.Load(signed(1), anchors, trustlist.StateFile(state))
	fmt.Println("seq 1 rollback:", errors.Is(err, trustlist.ErrRollback))
	_, err = trustlist.Load(signed(3), anchors, trustlist.StateFile(state))
	fmt.Println("seq 3:", err)
	// Output:
	// seq 2: <nil>
	// seq 1 rollback: true
	// seq 3: <nil>
}

// An issuer keeps a Token Status List; the trust list carries it, and a
// lookup is O(1).
func ExampleList_Status() {
	const uri = "https://example.org/lists/1"
	statuses, _ := trustlist.NewStatusArray(2, 1000)
	statuses.Set(7, trustlist.StatusRevoked)
	statuses.Set(8, trustlist.StatusSuspended)

	anchor, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	file, err := trustlist.Sign(&trustlist.Contents{
		Seq: 1, IssuedAt: t0, NextUpdate: t0.Add(24 * time.Hour), Expires: t0.Add(48 * time.Hour),
		StatusLists: []trustlist.StatusList{statuses.StatusList(uri)},
	}, anchor)
	if err != nil {
		panic(err)
	}
	list, err := trustlist.Parse(file, []crypto.PublicKey{anchor.Public()})
	if err != nil {
		panic(err)
	}
	for _, idx := range []uint64{6, 7, 8, 1000} {
		st, err := list.Status(uri, idx)
		fmt.Println(idx, st, err != nil)
	}
	// Output:
	// 6 0 false
	// 7 1 false
	// 8 2 false
	// 1000 0 true
}

// writeExampleFiles writes a signed list (seq 4, stale from 2026-12-08,
// expiring 2026-12-31) and its anchor's public key as PEM, as
// `venuepass trust sign` and `venuepass keygen` would.
func writeExampleFiles(dir string) (trustFile, anchorFile string) {
	anchor, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	issuerKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	kid, _ := issuer.KeyID(issuerKey.Public())
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	file, err := trustlist.Sign(&trustlist.Contents{
		Seq: 4, IssuedAt: t0, NextUpdate: t0.Add(7 * 24 * time.Hour), Expires: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
		Issuers: []*trustlist.Issuer{{Kid: kid, Key: issuerKey.Public(), Iss: "acme-corp", Name: "ACME Corporation"}},
	}, anchor)
	if err != nil {
		panic(err)
	}
	spki, _ := x509.MarshalPKIXPublicKey(anchor.Public())
	trustFile = filepath.Join(dir, "trust.vptl")
	anchorFile = filepath.Join(dir, "anchor.key.pub")
	if err := os.WriteFile(trustFile, file, 0o644); err != nil {
		panic(err)
	}
	if err := os.WriteFile(anchorFile, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki}), 0o644); err != nil {
		panic(err)
	}
	return trustFile, anchorFile
}
