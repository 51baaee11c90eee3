package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/venuepass/venuepass/demo"
	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/input"
)

func runDemo(c *command, args []string) error {
	fl := newFlags(c)
	dir := fl.String("dir", "venuepass-demo", "")
	var now nowFlag
	fl.Var(&now, "now", "")
	if err := parseNone(c, fl, args, "choose the folder with --dir"); err != nil {
		return err
	}
	// A folder an earlier demo made is replaced, so the README's first
	// command can be run again; anything else is never touched.
	replaced, err := demo.Prepare(*dir)
	var pe *fs.PathError
	switch {
	case errors.Is(err, demo.ErrNotEmpty):
		return fmt.Errorf("%s already exists and is not empty; remove it or pick another folder with --dir", *dir)
	case errors.As(err, &pe):
		return &fileutil.ReadError{What: "folder", Path: *dir, Err: err}
	case err != nil:
		return err
	}
	if replaced {
		notef("replacing the earlier demo in %s", *dir)
	}
	t := now.now()
	cases, err := demo.Build(*dir, t)
	if err != nil {
		return err
	}
	results, err := demo.Check(*dir, t, cases)
	mismatches, _ := demo.WriteTable(os.Stdout, results)
	var se *demo.ScanError
	switch {
	case errors.As(err, &se):
		return input.ImageError(se.PNG, se.Err)
	case err != nil:
		return err
	case mismatches > 0:
		notef("%d of %d verdicts differ from their expectation", mismatches, len(cases))
		return exitStatus(exitRejected)
	}
	path := func(name string) string { return filepath.Join(*dir, name) }
	fmt.Printf("\nAll %d verdicts are as expected. The files are in %s; try:\n", len(cases), *dir)
	self := selfCommand(os.Args[0])
	fmt.Printf("    %s verify --trust %s --anchor %s %s\n", self, path(demo.TrustList), path(demo.Anchor), path("employee.png"))
	fmt.Printf("    %s trust show --anchor %s %s\n", self, path(demo.Anchor), path(demo.TrustList))
	fmt.Printf("    %s render < %s\n", self, path("ticket.txt"))
	return nil
}
