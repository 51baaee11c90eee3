package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/input"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/termtext"
)

func runRender(c *command, args []string) error {
	fl := newFlags(c)
	out := fl.String("o", "", "")
	fl.StringVar(out, "out", "", "")
	levelName := fl.String("level", "M", "")
	scale := fl.Int("scale", 0, "")
	size := fl.Int("size", 0, "")
	noColor := fl.Bool("no-color", false, "")
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	level, err := parseLevel(c, *levelName)
	if err != nil {
		return err
	}
	if *scale < 0 || *size < 0 {
		return usageFor(c, "--scale and --size must be positive")
	}
	var text string
	switch {
	case len(pos) > 1:
		return usageFor(c, "one text at a time; quote it if it contains spaces")
	case len(pos) == 0 || pos[0] == "-":
		if text, err = input.ReadOne(os.Stdin, "stdin"); err != nil {
			return err
		}
	default:
		text = pos[0]
	}
	if strings.TrimSpace(text) == "" {
		return usageFor(c, "no text to draw; pass it as an argument or on stdin")
	}
	opts := qr.RenderOptions{Level: level, Scale: *scale, Size: *size}
	if *out == "" {
		opts.NoColor = *noColor || !termtext.IsTerminal(os.Stdout) || os.Getenv("NO_COLOR") != ""
		w := bufio.NewWriter(os.Stdout)
		if err := qr.Terminal(w, text, opts); err != nil {
			return renderError(err)
		}
		return w.Flush()
	}
	opts.FastPNG = true // a .png at the default compression; an .svg has none
	data, err := qr.File(*out, text, opts)
	switch {
	case errors.Is(err, qr.ErrFileType):
		return usageFor(c, "-o %s: name a .png or .svg file", *out)
	case err != nil:
		return renderError(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return &fileutil.WriteError{Path: *out, Err: err}
	}
	return nil
}

// parseLevel reads --level, an error correction level.
func parseLevel(c *command, s string) (qr.Level, error) {
	level, err := qr.ParseLevel(s)
	if err != nil {
		return level, usageFor(c, "--level: unknown error correction level %q (want L, M, Q or H)", s)
	}
	return level, nil
}

func renderError(err error) error {
	if qe := (*qr.Error)(nil); errors.As(err, &qe) {
		return fmt.Errorf("cannot draw the code: %s", qe.Detail)
	}
	return fmt.Errorf("cannot draw the code: %v", err)
}

func runScan(c *command, args []string) error {
	fl := newFlags(c)
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageFor(c, "name the image files to scan")
	}
	results := qr.DecodeFiles(pos)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	status := exitOK
	for i, path := range pos {
		r := <-results[i]
		if r.Err != nil {
			out.Flush()
			notef("%v", input.ImageError(path, r.Err))
			if errors.Is(r.Err, qr.ErrNotFound) {
				status = max(status, exitRejected)
			} else {
				status = exitError
			}
			continue
		}
		for _, t := range r.Texts {
			fmt.Fprintln(out, t)
		}
	}
	out.Flush()
	if status != exitOK {
		return exitStatus(status)
	}
	return nil
}
