package main

import (
	"fmt"
	"time"
)

// photos publish

func runPhotosPublish(c *command, args []string) error {
	fl := newFlags(c)
	h := addOfficeFlags(fl)
	dir, err := parseOne(c, fl, args, "name the folder of photos to publish")
	if err != nil {
		return err
	}
	if h.URL == "" {
		return usageFor(c, "--hub URL is required")
	}
	cl, ctx, done, err := h.Office(10 * time.Minute)
	if err != nil {
		return err
	}
	defer done()
	r, err := cl.PublishPhotos(ctx, dir)
	for _, f := range r.Refused {
		notef("not published: %v", f)
	}
	if err != nil {
		return fmt.Errorf("publishing the photos of %s to hub %s: %v", dir, h.URL, err)
	}
	notef("published %d photos to hub %s (%d unchanged, %d refused)", len(r.Taken), h.URL, len(r.Unchanged), len(r.Refused))
	if len(r.Refused) > 0 {
		return exitStatus(exitRejected)
	}
	return nil
}
