// Command venuepass-kiosk is the venuepass gate app: it reads QR codes from
// scanners, a camera or image files, verifies them offline against the
// pinned trust list, records every decision in its check-in log (with
// anti-passback), opens the gate and shows the verdict full-window.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2/app"

	"github.com/venuepass/venuepass/gui"
	_ "github.com/venuepass/venuepass/gui/locale" // LANG=C.UTF-8 without fyne's locale error
	"github.com/venuepass/venuepass/gui/scan"
	"github.com/venuepass/venuepass/qr"
)

const usage = `Usage:
    venuepass-kiosk [--config DIR] [--log FILE] [--frames DIR] [--lang ko|en]
                    [--hub URL [--hub-creds FILE] [--hub-timeout D]]
    venuepass-kiosk --demo [--log FILE] [--lang ko|en]

Options:
    --config DIR   settings, trust list, rollback state and the kiosk key
                   that signs the log's checkpoints (default: the user
                   configuration folder, venuepass-kiosk/)
    --log FILE     the check-in log (SQLite): every decision, anti-passback
                   state, annulments and gate outcomes (default: the log
                   file set in admin, else checkin-<kiosk id>.vplog in the
                   configuration folder; with --demo, a new temporary file)
    --demo         start with a built-in demo anchor, trust list and sample
                   codes, in a new temporary folder (with the configuration
                   unless --config is given) removed when the kiosk closes
    --frames DIR   use the PNG/JPEG images in DIR as the camera, 15 frames/s;
                   images copied in later are seen too
    --lang ko|en   the interface language (Korean or English); wins over
                   the language set in admin (default: that setting, else
                   the locale's, LC_ALL, LC_MESSAGES or LANG, else English)
    --hub URL      join the venue's hub (venuepass hub): anti-passback and
                   single-entry tickets hold across every gate, records go
                   to the hub, the counters show the whole venue (overrides
                   the hub set in admin)
    --hub-creds FILE  this gate's hub credential (venuepass hub add-gate)
    --hub-timeout D   how long a claim may take before the kiosk decides on
                   its own log and shows "offline" (default 300ms)

Examples:
    $ venuepass-kiosk --demo
    $ venuepass-kiosk --config /var/lib/venuepass-kiosk
    $ venuepass-kiosk --lang ko

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
	var hubOpts gui.HubOptions
	fl.StringVar(&hubOpts.URL, "hub", "", "")
	fl.StringVar(&hubOpts.Creds, "hub-creds", "", "")
	fl.DurationVar(&hubOpts.Timeout, "hub-timeout", 0, "")
	lang := fl.String("lang", "", "")
	// Hidden flags, for screenshots and end-to-end tests (see
	// gui/testdata/screenshots.sh):
	//   --demo-trust stale  seed the demo with its stale trust list
	//   --demo-trust expired  ... or with its expired one
	//   --show pin|admin    start on the PIN screen, or in admin (demo only:
	//                       a real kiosk's admin stays behind its PIN)
	//   --screenshot        start the demo fullscreen and hold each verdict
	//                       for a minute, for screenshots at the screen's size
	//   --reject-clear N    (demo only) red verdicts clear after N seconds,
	//                       with their countdown bar
	//   --scan TEXT|FILE    scan a code once the window is up: QR text, a
	//                       text or image file, or (with --demo) the name of
	//                       a demo file such as 02-final-ticket.txt; repeatable
	var h hidden
	fl.StringVar(&h.demoTrust, "demo-trust", "", "")
	fl.StringVar(&h.show, "show", "", "")
	fl.BoolVar(&h.screenshot, "screenshot", false, "")
	fl.IntVar(&h.rejectClear, "reject-clear", 0, "")
	fl.Func("scan", "", func(v string) error { h.scans = append(h.scans, v); return nil })
	if err := fl.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "venuepass-kiosk: unexpected argument %q\n", fl.Arg(0))
		os.Exit(2)
	}
	if hubOpts.URL == "" && (hubOpts.Creds != "" || hubOpts.Timeout != 0) {
		fmt.Fprintln(os.Stderr, "venuepass-kiosk: --hub-creds and --hub-timeout need --hub")
		os.Exit(2)
	}
	if hubOpts.Timeout < 0 {
		fmt.Fprintln(os.Stderr, "venuepass-kiosk: --hub-timeout must be positive")
		os.Exit(2)
	}
	if *lang != "" {
		l, err := gui.ParseLang(*lang)
		if err != nil {
			fmt.Fprintln(os.Stderr, "venuepass-kiosk: --lang:", err)
			os.Exit(2)
		}
		*lang = l
	}
	if err := h.check(*demo); err != nil {
		fmt.Fprintln(os.Stderr, "venuepass-kiosk:", err)
		os.Exit(2)
	}
	if err := run(*configDir, *logPath, *lang, *demo, *frames, hubOpts, h); err != nil {
		fmt.Fprintln(os.Stderr, "venuepass-kiosk:", err)
		os.Exit(1)
	}
}

// hidden holds the flags for screenshots and tests.
type hidden struct {
	demoTrust   string
	show        string
	screenshot  bool
	rejectClear int
	scans       []string
}

// demoTrustFiles are the demo's trust lists --demo-trust seeds.
var demoTrustFiles = map[string]string{"stale": "trust-seq2-stale.vptl", "expired": "trust-seq4-expired.vptl"}

func (h hidden) check(demo bool) error {
	switch h.demoTrust {
	case "", "fresh":
	case "stale", "expired":
		if !demo {
			return errors.New("--demo-trust needs --demo")
		}
	default:
		return fmt.Errorf("--demo-trust is fresh, stale or expired, not %q", h.demoTrust)
	}
	if h.screenshot && !demo {
		return errors.New("--screenshot needs --demo")
	}
	if h.rejectClear != 0 && (!demo || h.rejectClear < 0) {
		return errors.New("--reject-clear needs --demo and a positive number of seconds")
	}
	switch h.show {
	case "", "ready", "pin":
	case "admin":
		if !demo {
			return errors.New("--show admin needs --demo: a kiosk's admin area is behind its PIN")
		}
	default:
		return fmt.Errorf("--show is ready, pin or admin, not %q", h.show)
	}
	return nil
}

func run(configDir, logPath, lang string, demo bool, frames string, hubOpts gui.HubOptions, h hidden) error {
	opts := gui.Options{ConfigDir: configDir, LogPath: logPath, Show: h.show, Lang: lang, Hub: hubOpts}
	demoDir := ""
	if demo {
		dir, err := os.MkdirTemp("", "venuepass-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir) // the demo's files, config and log go with it
		if opts.Demo, err = gui.NewDemo(dir, time.Now()); err != nil {
			return err
		}
		if file := demoTrustFiles[h.demoTrust]; file != "" {
			// Seeds a new configuration folder only, like the demo.
			if opts.Demo.TrustList, err = os.ReadFile(filepath.Join(dir, file)); err != nil {
				return err
			}
			opts.Demo.Settings.TrustListName = "demo " + file
		}
		if h.screenshot {
			opts.Demo.Settings.Fullscreen, opts.Demo.Settings.VerdictSeconds = true, 60
			opts.Demo.Settings.AcceptMillis = 60000
		}
		opts.Demo.Settings.RejectClearSeconds = h.rejectClear
		demoDir = dir
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
	for _, v := range h.scans {
		sc, err := startScans(v, demoDir)
		if err != nil {
			return err
		}
		opts.Scans = append(opts.Scans, sc...)
	}
	// Stopped by the service manager or Ctrl-C: the kiosk stops as Quit
	// in admin stops it, closing its check-in log and signing the last
	// checkpoint.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts.Stop = ctx.Done()
	return gui.Run(app.NewWithID("io.venuepass.kiosk"), opts)
}

// startScans reads a --scan value: an image file (every code in it), a
// text file (its first line), or else the QR text itself. A file name is
// looked for in demoDir too.
func startScans(v, demoDir string) ([]gui.StartScan, error) {
	path := v
	if _, err := os.Stat(path); err != nil && demoDir != "" && filepath.Base(v) == v {
		path = filepath.Join(demoDir, v)
	}
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return []gui.StartScan{{Text: v, Source: scan.SourceWedge}}, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png", ".jpg", ".jpeg", ".gif":
		img, err := scan.ReadImage(path)
		if err != nil {
			return nil, fmt.Errorf("--scan: %w", err)
		}
		var d qr.Decoder
		texts, err := d.Decode(img)
		if err != nil {
			return nil, fmt.Errorf("--scan: no QR code in %s: %w", path, err)
		}
		var out []gui.StartScan
		for _, t := range texts {
			out = append(out, gui.StartScan{Text: t, Source: scan.SourceFile})
		}
		return out, nil
	}
	f, err := scan.OpenCapped(path, 64<<10, func(size int64) error {
		return fmt.Errorf("--scan: %s is %d bytes, too large for a QR text", path, size)
	})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("--scan: %w", err)
	}
	return []gui.StartScan{{Text: strings.TrimRight(line, "\r\n"), Source: scan.SourceWedge}}, nil
}
