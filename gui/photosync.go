package gui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync/atomic"

	"github.com/venuepass/venuepass/photos"
)

// The photo store (Settings.PhotoDir) is filled from two places:
//
//   - the photo inbox (Settings.PhotoInbox), a USB stick's mount point or a
//     drop folder: imported at start and every 30 seconds with the trust
//     inbox, by photos.Inbox (JPEGs checked,
//     written atomically, files already taken not read again);
//   - the venue's hub, when the kiosk is on one: its photos are mirrored as
//     the office publishes them ('venuepass photos publish').
//
// Neither needs staff auth: a photo is shown only when its digest is the
// one in the signed credential (photos.Lookup), so a wrong file, from a
// stick or from the hub, shows as a mismatch, never as the holder.
// Refused files are named on stderr, the service log.

// photoSync is the kiosk's photo import state.
type photoSync struct {
	// running lets one import at a time touch inbox.
	running atomic.Bool
	inbox   *photos.Inbox
	// hubStore is the store the hub watch writes to ("" before it starts).
	hubStore string
	// imported, if set, is called on the UI goroutine with each inbox
	// import's report (tests).
	imported func(photos.Report, error)
}

// syncPhotos imports the photo inbox into the photo store, off the UI
// goroutine (one import at a time), and starts mirroring the hub's photos
// when the kiosk is on a hub. Called on the UI goroutine.
func (k *kiosk) syncPhotos() {
	set := k.st.settings
	if set.PhotoDir == "" {
		return
	}
	k.watchHubPhotos(set.PhotoDir)
	if set.PhotoInbox == "" || !k.photoSync.running.CompareAndSwap(false, true) {
		return
	}
	ps := &k.photoSync
	go func() {
		defer ps.running.Store(false)
		if ps.inbox == nil || ps.inbox.From != set.PhotoInbox || ps.inbox.To.Dir != set.PhotoDir {
			ps.inbox = &photos.Inbox{From: set.PhotoInbox, To: photos.Store{Dir: set.PhotoDir}}
		}
		r, err := ps.inbox.Import()
		if errors.Is(err, fs.ErrNotExist) {
			err = nil // no stick in
		}
		logPhotos("the photo inbox "+set.PhotoInbox, r, err)
		if ps.imported != nil {
			runOnUI(func() { ps.imported(r, err) })
		}
	}()
}

// watchHubPhotos mirrors the hub's photos into dir, once per kiosk run.
func (k *kiosk) watchHubPhotos(dir string) {
	link := k.log.link
	if link == nil || k.photoSync.hubStore != "" {
		return
	}
	k.photoSync.hubStore = dir
	link.WatchPhotos(photos.Store{Dir: dir}, func(r photos.Report) { logPhotos("the hub", r, nil) })
}

// logPhotos tells the service log what an import took and refused.
func logPhotos(from string, r photos.Report, err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "venuepass-kiosk: photos from %s: %v\n", from, err)
	}
	if len(r.Taken) > 0 {
		fmt.Fprintf(os.Stderr, "venuepass-kiosk: %d photos from %s\n", len(r.Taken), from)
	}
	for _, f := range r.Refused {
		fmt.Fprintf(os.Stderr, "venuepass-kiosk: photo not taken from %s: %v\n", from, f)
	}
}
