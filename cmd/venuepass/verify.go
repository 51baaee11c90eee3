package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/trustlist/draft"
	"github.com/venuepass/venuepass/verifier"
)

var verifyCmd = &command{
	name: "verify",
	usage: `Usage:
    venuepass verify --trust LIST.vptl --anchor ANCHOR.pub [options] INPUT...
    venuepass verify --trust LIST.vptl --anchor ANCHOR.pub --log FILE.db --venue ID --gate G [--direction in|out] [options] INPUT...

Verifies QR codes against a signed trust list and prints one verdict per
code. An INPUT is
    VP1:... VPP1:... HC1:...  QR text: a credential, a holder presentation
                              from a wallet, or an EU DCC
    FILE.txt                  QR texts in a file, one per line (as 'venuepass
                              issue' writes them)
    -                         QR texts on stdin, one per line, as a USB
                              keyboard-wedge scanner types them (blank lines
                              and line ends are skipped); each verdict is
                              printed as soon as its line is read
    FILE.png .jpg .gif        an image, every QR code in it is verified
    DIR                       every .png, .jpg, .jpeg and .gif file in DIR
Images are decoded in parallel on all cores.

The human output is one line per code: ACCEPT or REJECT, the reason in plain
words, the holder's name and credential type (for an EU DCC: name, date of
birth, entry type and its dates), and the input in brackets. With --json
each line is instead one JSON object (FORMAT.md section 6): accepted,
reason, warnings, profile ("vp" or "dcc"), credential and issuer (only once
the signature verified), plus detail and input.

Holder presentations (VPP1:) are accepted within 30 s of the time the wallet
made them, and once only: without --log the replay guard lives in memory,
so it covers the codes of one verify run (for example every line of one
stdin stream), not separate runs: a kiosk should keep one verify process
reading its scanner on stdin. With --log the check-in log is the replay
guard, across runs and processes sharing the file.

Check-in log: with --log FILE each decision is recorded in FILE (made if
missing; see 'venuepass help log') before its verdict is printed, durably
and hash-chained; --kiosk-key signs a checkpoint of the chain when the run
ends. Anti-passback (--passback) then applies across runs: a holder already
inside is refused with already_checked_in, and the verdict names the
earlier entry ("Already checked in at 14:02, gate 3"). Exit scans
(--direction out) let the holder in again, as does 'venuepass log annul'.
With --json the verdict is the log's: FORMAT.md section 6 with the record's
id, time, venue, gate, zone, direction, kiosk and message added.

Gate: with --gate-cmd, --gate-url or --gate-serial, the gate is opened for
each accepted decision, in the background (verification never waits for
it). The action gets the JSON verdict (on stdin, or as the POST body) and
the record id (VENUEPASS_RECORD, or the header X-Venuepass-Record). verify
waits for the actions still running before it exits; one that fails or
times out prints "gate did not open: ..." and is recorded in the log, and
anti-passback forgets that entry.

Options:
    --trust FILE     the signed trust list (.vptl) (required)
    --anchor FILE    a trust anchor public key to pin (required, repeatable)
    --state FILE     rollback guard: remember the newest list seq accepted
                     here and refuse older lists
    --now TIME       verify at TIME (RFC 3339) instead of the clock
    --type T,...     accept only these types (repeatable): employee,
                     membership, ticket, certificate, and for EU DCCs
                     vaccination, test, recovery
    --zone ZONE      the zone, gate or door this kiosk guards
    --event ID       the event this kiosk admits
    --venue ID       the venue id holder presentations must name
    --skew DUR       clock skew tolerated on validity times (default 5m)
    --image          treat every INPUT as an image file, whatever its name
    --json           print JSON verdicts

Check-in log options (all need --log):
    --log FILE       record every decision in the check-in log FILE; the
                     log names --venue and --zone too, and anti-passback
                     tracks presence per venue and zone
    --kiosk-key KEY  the kiosk's private key (venuepass keygen): sign
                     checkpoints of the log, for 'venuepass log verify'
    --kiosk-id ID    this kiosk's name in the log (default: the host name)
    --gate G         the gate this kiosk guards, named in messages
    --direction D    in (the default) or out: an exit scan
    --passback MODE  anti-passback: off (the default); hard: refuse a
                     holder already inside the zone; soft: accept with the
                     warning soft_passback; timed: hard within the window
                     (default 30m); single: admit a credential once, ever
    --passback-window DUR
                     how long an entry counts (default: until an exit
                     scan; 30m for timed)
    --passback-types T,...
                     apply anti-passback to these types only (employee,
                     membership, ticket, certificate)
    --gate-cmd CMD   open the gate by running the shell command CMD (sh -c;
                     cmd /C on Windows); exit status 0 means it opened
    --gate-url URL   open the gate by POSTing to a controller; a 2xx
                     answer means it opened
    --gate-serial PORT
                     open the gate by pulsing a relay on a USB-serial port
                     (/dev/ttyUSB0, COM3), wired to a modem line or an
                     LCUS relay board
    --gate-line dtr|rts
                     the line the relay is wired to (default dtr)
    --gate-relay lcus:N
                     an LCUS board instead: its relay channel N (1 to 8)
    --gate-pulse DUR how long the relay is held (default 200ms)
    --gate-timeout DUR
                     how long a gate action may take (default 5s)

Exit status:
    0  every code was accepted
    1  a code was rejected (an expired trust list rejects every code)
    2  usage or input/output error: missing or unreadable trust list or key,
       a list not signed by a pinned anchor or rolled back, an image that
       cannot be read or holds no QR code, no QR text on stdin (the other
       inputs are still verified); a decision that could not be recorded
       in the check-in log (its gate stays closed), a gate that did not
       open

Examples:
    $ venuepass verify --trust trust.vptl --anchor anchor.pub 'VP1:6BF...'
    $ venuepass verify --trust trust.vptl --anchor anchor.pub --zone HQ-MAIN badges/
    $ venuepass verify --trust trust.vptl --anchor anchor.pub --state kiosk.state --json -
    $ venuepass verify --trust trust.vptl --anchor anchor.pub --log kiosk-1.db --venue HQ --gate 1 -
    $ venuepass verify --trust trust.vptl --anchor anchor.pub --log kiosk-1.db --venue HQ --gate 1 --direction out -
    $ venuepass verify --trust trust.vptl --anchor anchor.pub --log kiosk-1.vplog \
        --kiosk-key kiosk-1.key --kiosk-id kiosk-1 --gate 1 --passback hard \
        --gate-serial /dev/ttyUSB0 --gate-relay lcus:1 -
`,
}

func init() { verifyCmd.run = runVerify }

// maxLine caps a line read from stdin; longer ones are rejected as too large
// without being kept.
const maxLine = 8 << 10

type inputKind int

const (
	inText inputKind = iota
	inStdin
	inImage
	inFile // a text file of QR texts, one per line
)

type input struct {
	kind  inputKind
	value string // text or path
	label string
}

var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true}

func isImageName(p string) bool { return imageExts[strings.ToLower(filepath.Ext(p))] }

// expandInputs classifies the arguments, expanding folders to their images.
func expandInputs(args []string, forceImage bool) ([]input, error) {
	var ins []input
	for i, a := range args {
		switch {
		case a == "-":
			ins = append(ins, input{kind: inStdin, label: "stdin"})
		case forceImage || isImageName(a):
			ins = append(ins, input{kind: inImage, value: a, label: a})
		case strings.HasPrefix(strings.TrimSpace(a), "VP"):
			ins = append(ins, input{kind: inText, value: a, label: fmt.Sprintf("arg %d", i+1)})
		default:
			fi, err := os.Stat(a)
			if err == nil && fi.Mode().IsRegular() {
				ins = append(ins, input{kind: inFile, value: a, label: a})
				continue
			}
			if err == nil && fi.IsDir() {
				imgs, err := imagesIn(a)
				if err != nil {
					return nil, err
				}
				for _, p := range imgs {
					ins = append(ins, input{kind: inImage, value: p, label: p})
				}
				continue
			}
			// Anything else is QR text, which the verifier will judge.
			ins = append(ins, input{kind: inText, value: a, label: fmt.Sprintf("arg %d", i+1)})
		}
	}
	return ins, nil
}

func imagesIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fileError("folder", dir, err)
	}
	var paths []string
	for _, e := range entries {
		if !e.IsDir() && isImageName(e.Name()) {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("folder %s holds no .png, .jpg, .jpeg or .gif images", dir)
	}
	sort.Strings(paths)
	return paths, nil
}

type decoded struct {
	texts []string
	err   error
}

// decodeImages decodes the images on all cores, in order, and returns one
// channel per path that yields its result, so that callers can consume
// results in input order while later images are still being decoded.
func decodeImages(paths []string) []chan decoded {
	chans := make([]chan decoded, len(paths))
	for i := range chans {
		chans[i] = make(chan decoded, 1)
	}
	go parallel(len(paths), func(i int) {
		texts, err := qr.DecodeFile(paths[i])
		chans[i] <- decoded{texts, err}
	})
	return chans
}

// imageError words an image failure.
func imageError(path string, err error) error {
	if errors.Is(err, qr.ErrNotFound) {
		return fmt.Errorf("no QR code found in %s; check that the image shows the whole code, sharp and well lit", path)
	}
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("image %s does not exist; check the path", path)
	}
	if errors.Is(err, image.ErrFormat) {
		return fmt.Errorf("cannot read image %s: it is not a PNG, JPEG or GIF image; pass a photo or screenshot of the code", path)
	}
	msg := strings.TrimPrefix(err.Error(), "qr: ")
	msg = strings.TrimPrefix(msg, "cannot read "+path+": ")
	return fmt.Errorf("cannot read image %s: %s", path, msg)
}

func runVerify(args []string) error {
	c := verifyCmd
	fl := newFlags(c)
	trustPath := fl.String("trust", "", "")
	var anchors, types stringList
	types.split = true
	fl.Var(&anchors, "anchor", "")
	fl.Var(&types, "type", "")
	state := fl.String("state", "", "")
	zone := fl.String("zone", "", "")
	event := fl.String("event", "", "")
	venue := fl.String("venue", "", "")
	skew := fl.Duration("skew", verifier.DefaultSkew, "")
	forceImage := fl.Bool("image", false, "")
	asJSON := fl.Bool("json", false, "")
	var now nowFlag
	fl.Var(&now, "now", "")
	kf := addKioskFlags(fl)
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageFor(c, "no input; pass QR texts, image files or folders, or - to read texts from stdin")
	}
	if err := kf.check(c); err != nil {
		return err
	}
	cfg := verifier.Config{Zone: *zone, Event: *event, Venue: *venue, Skew: *skew}
	switch {
	case *skew < 0:
		return usageFor(c, "--skew must not be negative")
	case *skew == 0:
		cfg.Skew = -1 // the verifier's word for none
	}
	if len(types.vals) > 0 {
		// Listing types accepts those only: a list of venuepass types
		// refuses every DCC, and the reverse.
		cfg.Types, cfg.DCCTypes = []verifier.Type{}, []dcc.EntryType{}
	}
	for _, t := range types.vals {
		if dt, err := draft.ParseDCCType(t); err == nil {
			cfg.DCCTypes = append(cfg.DCCTypes, dt)
			continue
		}
		typ, err := verifier.ParseType(t)
		if err != nil {
			return usageFor(c, "--type: unknown type %q (want employee, membership, ticket, certificate, vaccination, test or recovery)", t)
		}
		cfg.Types = append(cfg.Types, typ)
	}
	if !now.t.IsZero() {
		cfg.Now = func() time.Time { return now.t }
	}
	ins, err := expandInputs(pos, *forceImage)
	if err != nil {
		return err
	}
	list, err := loadTrustList(*trustPath, anchors.vals, *state)
	if err != nil {
		return err
	}
	switch t := now.now(); {
	case list.Expired(t):
		notef("trust list %s expired at %s: every code is rejected until a newer list is loaded", *trustPath, utc(list.Expires))
	case list.Stale(t):
		notef("warning: trust list %s is stale since %s; fetch a newer one", *trustPath, utc(list.NextUpdate))
	}
	k, err := kf.open(&cfg, *venue, *zone, now.t)
	if err != nil {
		return err
	}
	v := verifier.New(list, cfg)

	var paths []string
	for _, in := range ins {
		if in.kind == inImage {
			paths = append(paths, in.value)
		}
	}
	images := decodeImages(paths)

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	rejected, failed := false, false
	judge := func(text, label string) {
		d := v.Verify(text)
		if k != nil {
			accepted, ok := k.judge(out, d, label, *asJSON)
			rejected = rejected || !accepted
			failed = failed || !ok
			return
		}
		if !d.Accepted {
			rejected = true
		}
		if *asJSON {
			writeJSONVerdict(out, d, label)
		} else {
			writeHumanVerdict(out, d, label, "")
		}
	}
	next := 0
	for _, in := range ins {
		switch in.kind {
		case inText:
			judge(in.value, in.label)
		case inImage:
			r := <-images[next]
			next++
			if r.err != nil {
				out.Flush()
				notef("%v", imageError(in.value, r.err))
				failed = true
				continue
			}
			for j, t := range r.texts {
				label := in.label
				if len(r.texts) > 1 {
					label = fmt.Sprintf("%s code %d", in.label, j+1)
				}
				judge(t, label)
			}
		case inFile:
			f, err := os.Open(in.value)
			if err != nil {
				notef("%v", fileError("input file", in.value, err))
				failed = true
				continue
			}
			codes := 0
			err = readLines(io.LimitReader(f, maxBatchSize), func(line string, n int) {
				codes++
				judge(line, fmt.Sprintf("%s line %d", in.label, n))
			})
			f.Close()
			out.Flush()
			switch {
			case err != nil:
				notef("reading %s: %v", in.value, err)
				failed = true
			case codes == 0:
				notef("%s holds no QR text; it should hold one code per line", in.value)
				failed = true
			}
		case inStdin:
			codes := 0
			err := readLines(os.Stdin, func(line string, n int) {
				codes++
				judge(line, fmt.Sprintf("stdin line %d", n))
				out.Flush()
			})
			out.Flush()
			switch {
			case err != nil:
				notef("reading stdin: %v", err)
				failed = true
			case codes == 0:
				notef("stdin held no QR text; pipe the scanner's codes in, one per line, or pass them as arguments")
				failed = true
			}
		}
	}
	out.Flush()
	if k != nil && !k.close() {
		failed = true
	}
	switch {
	case failed:
		return exitStatus(exitError)
	case rejected:
		return exitStatus(exitRejected)
	}
	return nil
}

// readLines calls f for every non-blank line of r. A line longer than
// maxLine is passed on cut to maxLine+1 bytes, enough for the verifier to
// reject it as too large without the rest being kept.
func readLines(r io.Reader, f func(line string, n int)) error {
	br := bufio.NewReaderSize(r, maxLine+1)
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		long := false
		for errors.Is(err, bufio.ErrBufferFull) {
			if !long {
				line = append([]byte(nil), line...)
				long = true
			}
			_, err = br.ReadSlice('\n')
		}
		// Only the line end is cut: a trailing space is a Base45 digit.
		if s := strings.TrimRight(string(line), "\r\n"); strings.TrimSpace(s) != "" {
			f(s, n)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// en words verdicts for people (package explain).
var en = explain.English

// writeHumanVerdict prints a verdict line; passback is the check-in log's
// message naming the earlier entry anti-passback held against it, or "".
func writeHumanVerdict(w io.Writer, d verifier.Decision, label, passback string) {
	fmt.Fprintln(w, sanitizeLine(en.Line(d, passback)+"  ["+label+"]"))
}

// sanitizeLine keeps control characters from signed-but-hostile fields out
// of the terminal.
func sanitizeLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}

func writeJSONVerdict(w io.Writer, d verifier.Decision, label string) {
	v := explain.JSON(d)
	v.Input = label
	data, err := json.Marshal(v)
	if err != nil {
		// Only invalid UTF-8 could get here, and encoding/json replaces it.
		panic(err)
	}
	w.Write(append(data, '\n'))
}

func isNotFound(err error) bool { return errors.Is(err, qr.ErrNotFound) }
