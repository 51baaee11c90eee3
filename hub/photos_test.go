package hub_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/photos"
)

// face is a small real JPEG of one colour.
func face(t *testing.T, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 30, 40))
	for y := range 40 {
		for x := range 30 {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPhotos: the office publishes a folder of photos to a real hub (bad
// files refused, a second publish changes nothing); a gate credential may
// read the photos, not publish or delete them; a gate mirrors them into
// its store, follows additions, replacements and deletions, and refuses
// what a hostile hub could serve (a path in a name, bytes that are not a
// JPEG). A photo the hub replaced is stored but not shown as the holder's:
// its digest is not the credential's.
func TestPhotos(t *testing.T) {
	store, dir := t.TempDir(), t.TempDir()
	creds := filepath.Join(dir, "gate-7.nk")
	if err := hub.AddGate(store, "7", creds); err != nil {
		t.Fatal(err)
	}
	s, err := hub.Start(ctx, hub.Config{Store: store, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	office, err := hub.Connect(s.URL(), hub.Options{Creds: hub.OfficeCreds(store), ConnectWait: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer office.Close()
	gate, err := hub.Connect(s.URL(), hub.Options{Creds: creds, ConnectWait: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer gate.Close()

	kim, lee, park := face(t, color.RGBA{R: 200, A: 255}), face(t, color.RGBA{B: 200, A: 255}), face(t, color.RGBA{G: 200, A: 255})
	folder := filepath.Join(dir, "office-photos")
	writeFile(t, filepath.Join(folder, "E-1042.jpg"), kim)
	writeFile(t, filepath.Join(folder, "acme", "M-7.jpeg"), lee)
	writeFile(t, filepath.Join(folder, "E-9.jpg"), kim[:len(kim)/2])
	r, err := office.PublishPhotos(c, folder)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(r.Taken)
	if !slices.Equal(r.Taken, []string{"E-1042.jpg", "acme/M-7.jpg"}) || len(r.Refused) != 1 || !errors.Is(r.Refused[0], photos.ErrNotJPEG) {
		t.Fatalf("publish: %+v", r)
	}
	if r, err := office.PublishPhotos(c, folder); err != nil || len(r.Taken) != 0 || len(r.Unchanged) != 2 {
		t.Fatalf("publish again: %+v %v", r, err)
	}

	// A gate reads, never writes.
	short, cancel2 := context.WithTimeout(ctx, 2*time.Second)
	defer cancel2()
	forged := filepath.Join(dir, "forged")
	writeFile(t, filepath.Join(forged, "E-1042.jpg"), park)
	if _, err := gate.PublishPhotos(c, forged); !errors.Is(err, nats.ErrPermissionViolation) {
		t.Fatalf("gate 7 publishing photos: %v", err)
	}
	if obs, err := gate.JetStream().ObjectStore(c, hub.PhotoStore); err != nil {
		t.Fatalf("gate 7 opening the photo store: %v", err)
	} else if err := obs.Delete(short, "E-1042.jpg"); err == nil {
		t.Fatal("gate 7 deleted a photo")
	}

	gs := photos.Store{Dir: filepath.Join(dir, "gate-photos")}
	r, err = gate.SyncPhotos(c, gs)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(r.Taken)
	if !slices.Equal(r.Taken, []string{"E-1042.jpg", "acme/M-7.jpg"}) || len(r.Refused) != 0 {
		t.Fatalf("sync: %+v", r)
	}
	match := func(iss, sub string, photo []byte) photos.Status {
		t.Helper()
		res, err := gs.Lookup(iss, sub, credential.PhotoDigest(photo))
		if err != nil {
			t.Fatal(err)
		}
		return res.Status
	}
	if match("city", "E-1042", kim) != photos.Match || match("acme", "M-7", lee) != photos.Match {
		t.Fatal("the synced photos do not match")
	}

	// Following the hub: what changes there reaches the store.
	var mu sync.Mutex
	var reports []photos.Report
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	go gate.WatchPhotos(wctx, gs, func(r photos.Report) {
		mu.Lock()
		reports = append(reports, r)
		mu.Unlock()
	})
	obs, err := office.JetStream().ObjectStore(c, hub.PhotoStore)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := obs.PutBytes(c, "E-2.jpg", park); err != nil {
		t.Fatal(err)
	}
	// A hostile hub: a name with a path, bytes that are not a JPEG, and
	// another face under E-1042.jpg.
	if _, err := obs.PutBytes(c, "../escape.jpg", park); err != nil {
		t.Fatal(err)
	}
	if _, err := obs.PutBytes(c, "E-3.jpg", []byte("not a photo")); err != nil {
		t.Fatal(err)
	}
	if _, err := obs.PutBytes(c, "E-1042.jpg", park); err != nil {
		t.Fatal(err)
	}
	if err := obs.Delete(c, "acme/M-7.jpg"); err != nil {
		t.Fatal(err)
	}
	refusedName, refusedJPEG := false, false
	waitUntil(t, "the gate to mirror the hub's changes", func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range reports {
			for _, f := range r.Refused {
				refusedName = refusedName || f.Path == "../escape.jpg" && errors.Is(f, photos.ErrName)
				refusedJPEG = refusedJPEG || f.Path == "E-3.jpg" && errors.Is(f, photos.ErrNotJPEG)
			}
		}
		_, err := os.Stat(filepath.Join(gs.Dir, "acme", "M-7.jpg"))
		return refusedName && refusedJPEG && errors.Is(err, os.ErrNotExist) && match("city", "E-2", park) == photos.Match
	})
	// The replaced photo is stored, and the credential's digest says it
	// is not the holder's.
	if got := match("city", "E-1042", kim); got != photos.Mismatch {
		t.Errorf("a photo replaced on the hub: %v, want mismatch", got)
	}
	for _, p := range []string{filepath.Join(dir, "escape.jpg"), filepath.Join(gs.Dir, "E-3.jpg")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written", p)
		}
	}
}
