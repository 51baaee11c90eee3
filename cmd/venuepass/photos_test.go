package main

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/photos"
)

// TestPhotosPublish: 'photos publish' against a real hub that requires
// credentials: a gate credential is refused (exit 2), the office's
// publishes the good photos and names the refused file (exit 1), and a
// gate then mirrors exactly those photos into its store.
func TestPhotosPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a hub")
	}
	dir := t.TempDir()
	vp(t, dir, "hub", "add-gate", "--store", "hub", "--gate", "7")
	h := startHub(t, dir, "hub", "127.0.0.1:0")
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 30, 40)), nil); err != nil {
		t.Fatal(err)
	}
	face := b.Bytes()
	for name, data := range map[string][]byte{"E-1042.jpg": face, "acme/M-7.jpg": face, "E-9.jpg": face[:len(face)/2]} {
		p := filepath.Join(dir, "photos", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	publish := func(creds string) (string, int) {
		cmd := exec.Command("venuepass", "photos", "publish", "--hub", h.url, "--hub-creds", creds, "photos")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), 0
	}
	if out, code := publish("gate-7.nk"); code != 2 || !strings.Contains(out, "publishing the photos of photos to hub") {
		t.Fatalf("with a gate credential: exit %d\n%s", code, out)
	}
	out, code := publish(filepath.Join("hub", "office.nk"))
	if code != 1 || !strings.Contains(out, "not published: E-9.jpg: not a readable JPEG") ||
		!strings.Contains(out, "published 2 photos to hub "+h.url+" (0 unchanged, 1 refused)") {
		t.Fatalf("with the office credential: exit %d\n%s", code, out)
	}

	gate, err := hub.Connect(h.url, hub.Options{Creds: filepath.Join(dir, "gate-7.nk"), ConnectWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer gate.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	store := photos.Store{Dir: filepath.Join(dir, "kiosk-photos")}
	r, err := gate.SyncPhotos(ctx, store)
	slices.Sort(r.Taken)
	if err != nil || !slices.Equal(r.Taken, []string{"E-1042.jpg", "acme/M-7.jpg"}) {
		t.Fatalf("the gate's sync: %+v %v", r, err)
	}
	if res, err := store.Lookup("acme", "M-7", credential.PhotoDigest(face)); err != nil || res.Status != photos.Match {
		t.Errorf("acme/M-7 at the gate: %v %v", res.Status, err)
	}
}
