package gui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/photos"
)

// importPhotos runs the kiosk's photo sync and waits for the inbox's report.
func (tk *testKiosk) importPhotos() photos.Report {
	tk.t.Helper()
	done := make(chan photos.Report, 1)
	tk.photoSync.imported = func(r photos.Report, err error) {
		if err != nil {
			tk.t.Errorf("photo import: %v", err)
		}
		done <- r
	}
	tk.syncPhotos()
	return await(tk.t, done)
}

// A photo dropped into the photo inbox shows on the next accepted verdict
// of its holder; a truncated file dropped over it is refused and the
// photo stays.
func TestPhotoInbox(t *testing.T) {
	tk := newTestKiosk(t, nil)
	stored := filepath.Join(tk.st.settings.PhotoDir, "E-1042.jpg")
	photo, err := os.ReadFile(stored)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(stored); err != nil {
		t.Fatal(err)
	}
	inbox := t.TempDir()
	set := tk.st.settings
	set.PhotoInbox = inbox
	// The steward steps in and out: every scan of the badge is an entry.
	set.PassbackMode, set.PassbackByType = passbackOff, nil
	if err := tk.applySettings(set); err != nil {
		t.Fatal(err)
	}
	tk.wedgeScan(tk.sample("Steward badge"))
	if v := tk.wait(); !v.Decision.Accepted || tk.verdict.shownPhoto != "missing" || tk.verdict.photoBox.Visible() {
		t.Fatalf("before the drop: accepted %v, photo %q", v.Decision.Accepted, tk.verdict.shownPhoto)
	}
	tk.backFromVerdict()

	if err := os.WriteFile(filepath.Join(inbox, "E-1042.jpg"), photo, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := tk.importPhotos(); !slices.Equal(r.Taken, []string{"E-1042.jpg"}) {
		t.Fatalf("import: %+v", r)
	}
	tk.wedgeScan(tk.sample("Steward badge"))
	if v := tk.wait(); !v.Decision.Accepted || tk.verdict.shownPhoto != "match" || !tk.verdict.photoBox.Visible() {
		t.Fatalf("after the drop: accepted %v, photo %q", v.Decision.Accepted, tk.verdict.shownPhoto)
	}
	tk.backFromVerdict()

	// A truncated copy over it: refused, the stored photo stays.
	if err := os.WriteFile(filepath.Join(inbox, "E-1042.jpg"), photo[:len(photo)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	future := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(inbox, "E-1042.jpg"), future, future)
	if r := tk.importPhotos(); len(r.Taken) != 0 || len(r.Refused) != 1 {
		t.Fatalf("a truncated photo: %+v", r)
	}
	tk.wedgeScan(tk.sample("Steward badge"))
	if v := tk.wait(); !v.Decision.Accepted || tk.verdict.shownPhoto != "match" {
		t.Fatalf("after a truncated drop: accepted %v, photo %q", v.Decision.Accepted, tk.verdict.shownPhoto)
	}
}

// A kiosk on a hub mirrors the photos the office publishes there: the
// steward's photo, published after the kiosk started, shows on the next
// verdict.
func TestPhotosFromHub(t *testing.T) {
	store, dir := t.TempDir(), t.TempDir()
	creds := filepath.Join(dir, "gate-1.nk")
	if err := hub.AddGate(store, "1", creds); err != nil {
		t.Fatal(err)
	}
	s, err := hub.Start(context.Background(), hub.Config{Store: store, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	clock := func() time.Time { return testNow }
	demo, err := NewDemo(t.TempDir(), clock())
	if err != nil {
		t.Fatal(err)
	}
	// The kiosk's photo folder starts empty; the office holds the photo.
	office := filepath.Join(dir, "office-photos")
	if err := os.Mkdir(office, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(demo.Settings.PhotoDir, "E-1042.jpg"), filepath.Join(office, "E-1042.jpg")); err != nil {
		t.Fatal(err)
	}
	k, err := newKiosk(a, w, Options{ConfigDir: t.TempDir(), Demo: demo, now: clock, player: nopPlayer{}, noDevices: true, Lang: "en",
		Hub: HubOptions{URL: s.URL(), Creds: creds, Timeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(k.Close)
	tk := &testKiosk{kiosk: k, t: t, win: w, shown: make(chan verdict, 8), demo: demo}
	k.shown = func(v verdict) { tk.shown <- v }
	k.syncPhotos() // starts the hub watch

	oc, err := hub.Connect(s.URL(), hub.Options{Creds: hub.OfficeCreds(store), ConnectWait: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer oc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if r, err := oc.PublishPhotos(ctx, office); err != nil || len(r.Taken) != 1 {
		t.Fatalf("publish: %+v %v", r, err)
	}
	pumpUntil(t, "the hub's photo in the kiosk's photo folder", func() bool {
		_, err := os.Stat(filepath.Join(demo.Settings.PhotoDir, "E-1042.jpg"))
		return err == nil
	})
	tk.wedgeScan(tk.sample("Steward badge"))
	if v := tk.wait(); !v.Decision.Accepted || tk.verdict.shownPhoto != "match" || !tk.verdict.photoBox.Visible() {
		t.Fatalf("the hub's photo: accepted %v, photo %q", v.Decision.Accepted, tk.verdict.shownPhoto)
	}
}
