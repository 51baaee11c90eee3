// Command venuepass-kiosk is the venuepass gate app: it reads QR codes from
// scanners, a camera or image files, verifies them offline against the
// pinned trust list, records every decision in its check-in log (with
// anti-passback), opens the gate and shows the verdict full-window.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/venuepass/venuepass/gui"
	"github.com/venuepass/venuepass/gui/scan"
)

const usage = `Usage:
    venuepass-kiosk [--config DIR] [--log FILE] [--frames DIR]
    venuepass-kiosk --demo [--log FILE]

Options:
    --config DIR   settings, trust list, rollback state and the kiosk key
                   that signs the log's checkpoints (default: the user
                   configuration folder, venuepass-kiosk/)
    --log FILE     the check-in log (SQLite): every decision, anti-passback
                   state, annulments and gate outcomes (default: the log
                   file set in admin, else checkin-<kiosk id>.vplog in the
                   configuration folder; with --demo, a new temporary file)
    --demo         start with a built-in demo anchor, trust list and sample
                   codes (in a new temporary folder unless --config is given)
    --frames DIR   use the PNG/JPEG images in DIR as the camera, 15 frames/s;
                   images copied in later are seen too

Examples:
    $ venuepass-kiosk --demo
    $ venuepass-kiosk --config /var/lib/venuepass-kiosk

Exit status:
    0  the app was closed
    1  it could not start
    2  bad usage
`

func main() {
	fl := flag.NewFlagSet("venuepass-kiosk", flag.ContinueOnError)
	fl.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	configDir := fl.String("config", "", "")
	demo := fl.Bool("demo", false, "")
	logPath := fl.String("log", "", "")
	frames := fl.String("frames", "", "")
	if err := fl.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "venuepass-kiosk: unexpected argument %q\n", fl.Arg(0))
		os.Exit(2)
	}
	if err := run(*configDir, *logPath, *demo, *frames); err != nil {
		fmt.Fprintln(os.Stderr, "venuepass-kiosk:", err)
		os.Exit(1)
	}
}

func run(configDir, logPath string, demo bool, frames string) error {
	opts := gui.Options{ConfigDir: configDir, LogPath: logPath}
	if demo {
		dir, err := os.MkdirTemp("", "venuepass-demo-")
		if err != nil {
			return err
		}
		if opts.Demo, err = gui.NewDemo(dir, time.Now()); err != nil {
			return err
		}
		if opts.ConfigDir == "" {
			opts.ConfigDir = filepath.Join(dir, "config")
		}
		if opts.LogPath == "" {
			// A log of its own, so that anti-passback works across
			// scans and the demo never mixes into a real kiosk's log.
			opts.LogPath = filepath.Join(dir, "checkin.vplog")
		}
		fmt.Fprintln(os.Stderr, "venuepass-kiosk: demo files in", dir)
	}
	if opts.ConfigDir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("no configuration folder (%v); use --config", err)
		}
		opts.ConfigDir = filepath.Join(base, "venuepass-kiosk")
	}
	if frames != "" {
		if fi, err := os.Stat(frames); err != nil || !fi.IsDir() {
			return fmt.Errorf("--frames needs a folder of images: %s", frames)
		}
		opts.Frames = func() (scan.FrameSource, error) { return &scan.DirFrames{Dir: frames, FPS: 15}, nil }
	}
	a := app.NewWithID("io.venuepass.kiosk")
	// Stopped by the service manager or Ctrl-C: quit the app, so that the
	// kiosk closes its check-in log and signs the last checkpoint.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
	return gui.Run(a, opts)
}
