package hub

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/venuepass/venuepass/photos"
)

// The holders' photos on the hub: the object store vp_photos, one object
// per photo named as in a gate's photo store ("SUB.jpg", "ISS/SUB.jpg").
// The office publishes them (PublishPhotos, with the office credential: a
// gate credential may read the store, not write it); every gate mirrors
// them into its own store (WatchPhotos). A gate shows a photo only when
// its digest is the one in the signed credential (photos.Lookup), so a
// hub that serves a wrong photo cannot put a wrong face beside a name:
// the verdict says the photo does not match.

// objectDigest is the digest the object store keeps of an object's bytes.
func objectDigest(data []byte) string {
	sum := sha256.Sum256(data)
	return "SHA-256=" + base64.URLEncoding.EncodeToString(sum[:])
}

// PublishPhotos puts the photos of the folder dir on the hub, walked and
// checked as photos.Store.Import does (JPEGs that decode, within the size
// caps, named SUB.jpg or ISS/SUB.jpg; no links followed): the report's
// Taken are the photos put, Unchanged those the hub held already with the
// same bytes, Refused what was not put and why. Photos on the hub that
// are not in the folder stay. The error is for a folder that cannot be
// read, or a hub that refuses (a gate credential: publishing takes the
// office's).
func (c *Client) PublishPhotos(ctx context.Context, dir string) (photos.Report, error) {
	var r photos.Report
	obs, err := c.photoStore(ctx)
	if err != nil {
		return r, err
	}
	ctx, stop := c.untilRefused(ctx)
	defer stop()
	// What the hub holds, by name: one listing, not a question per photo.
	held := map[string]string{}
	infos, err := obs.List(ctx)
	if err != nil && !errors.Is(err, jetstream.ErrNoObjectsFound) {
		return r, fmt.Errorf("listing the photos on the hub: %w", err)
	}
	for _, info := range infos {
		held[info.Name] = info.Digest
	}
	var hubErr error
	err = photos.Folder(dir, nil, func(p photos.Photo) error {
		if hubErr != nil {
			return hubErr
		}
		if digest, ok := held[p.Name()]; ok && digest == objectDigest(p.Data()) {
			r.Unchanged = append(r.Unchanged, p.Name())
			return nil
		}
		if _, err := obs.PutBytes(ctx, p.Name(), p.Data()); err != nil {
			if cause := context.Cause(ctx); errors.Is(cause, nats.ErrPermissionViolation) {
				err = cause
			}
			hubErr = fmt.Errorf("putting %s on the hub: %w", p.Name(), err)
			return hubErr
		}
		r.Taken = append(r.Taken, p.Name())
		return nil
	}, func(f photos.Refusal) {
		if hubErr == nil || !errors.Is(f.Err, hubErr) {
			r.Refused = append(r.Refused, f)
		}
	})
	if err != nil {
		return r, err
	}
	return r, hubErr
}

// untilRefused returns a context that ends with ctx, or with the hub's
// permissions violation as its cause once the hub refuses something this
// connection sent: a publish the hub refused is never acknowledged, and a
// put would wait for the acknowledgement until ctx ends.
func (c *Client) untilRefused(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	stop := c.refused.wait(cancel)
	return ctx, func() {
		stop()
		cancel(nil)
	}
}

// SyncPhotos mirrors the hub's photos into the store once: photos new or
// changed on the hub are fetched, checked as an import checks them
// (photos.Check: the hub is not trusted with names or bytes) and written
// atomically; photos deleted on the hub are removed. It returns when the
// store has caught up with the hub.
func (c *Client) SyncPhotos(ctx context.Context, store photos.Store) (photos.Report, error) {
	obs, err := c.photoStore(ctx)
	if err != nil {
		return photos.Report{}, err
	}
	w, err := obs.Watch(ctx)
	if err != nil {
		return photos.Report{}, err
	}
	defer w.Stop()
	var r photos.Report
	for {
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case info, ok := <-w.Updates():
			if !ok {
				return r, errors.New("the hub stopped the photo watch")
			}
			if info == nil {
				return r, nil
			}
			mirrorPhoto(ctx, obs, store, info, &r)
		}
	}
}

// WatchPhotos mirrors the hub's photos into the store (SyncPhotos) and
// follows them until ctx ends: report is called with what each catch-up
// and each later change did. A watch lost with the hub is made again
// after it reconnects, catching up on what changed meanwhile.
func (c *Client) WatchPhotos(ctx context.Context, store photos.Store, report func(photos.Report)) {
	var r photos.Report
	caughtUp := false
	c.follow(ctx, c.photoStore, nil, func() { r, caughtUp = photos.Report{}, false },
		func(obs jetstream.ObjectStore, info *jetstream.ObjectInfo) {
			if info != nil {
				mirrorPhoto(ctx, obs, store, info, &r)
			}
			// The catch-up is reported once, then each change.
			if info == nil || caughtUp {
				caughtUp = true
				if report != nil && len(r.Taken)+len(r.Unchanged)+len(r.Refused) > 0 {
					report(r)
				}
				r = photos.Report{}
			}
		}, nil)
}

// mirrorPhoto brings one photo of the hub into the store.
func mirrorPhoto(ctx context.Context, obs jetstream.ObjectStore, store photos.Store, info *jetstream.ObjectInfo, r *photos.Report) {
	name, err := photos.CheckName(info.Name)
	if err != nil {
		r.Refused = append(r.Refused, photos.Refusal{Path: info.Name, Err: err})
		return
	}
	if info.Deleted {
		if err := store.Remove(name); err != nil {
			r.Refused = append(r.Refused, photos.Refusal{Path: name, Err: err})
		}
		return
	}
	if old, err := store.Stored(name); err == nil && objectDigest(old) == info.Digest {
		r.Unchanged = append(r.Unchanged, name)
		return
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, photos.ErrTooLarge) {
		r.Refused = append(r.Refused, photos.Refusal{Path: name, Err: err})
		return
	}
	if info.Size > photos.MaxImportSize {
		r.Refused = append(r.Refused, photos.Refusal{Path: name, Err: fmt.Errorf("%w: %d bytes on the hub", photos.ErrTooLarge, info.Size)})
		return
	}
	gctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	data, err := obs.GetBytes(gctx, info.Name)
	cancel()
	if err != nil {
		r.Refused = append(r.Refused, photos.Refusal{Path: name, Err: err})
		return
	}
	p, err := photos.Check(info.Name, data)
	if err != nil {
		r.Refused = append(r.Refused, photos.Refusal{Path: name, Err: err})
		return
	}
	changed, err := store.Put(p)
	switch {
	case err != nil:
		r.Refused = append(r.Refused, photos.Refusal{Path: name, Err: err})
	case changed:
		r.Taken = append(r.Taken, name)
	default:
		r.Unchanged = append(r.Unchanged, name)
	}
}
