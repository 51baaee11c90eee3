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
	"unicode"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/trustlist/draft"
	"github.com/venuepass/venuepass/verifier"
)

var verifyCmd = &command{
	name:  "verify",
	usage: help("verify"),
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
		cfg.Skew = verifier.NoSkew
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
	if k != nil {
		if err := k.hub.watchTrust(v, anchors.vals, *state); err != nil {
			return err
		}
	}

	var paths []string
	for _, in := range ins {
		if in.kind == inImage {
			paths = append(paths, in.value)
		}
	}
	images := qr.DecodeFiles(paths)

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
			if r.Err != nil {
				out.Flush()
				notef("%v", imageError(in.value, r.Err))
				failed = true
				continue
			}
			for j, t := range r.Texts {
				label := in.label
				if len(r.Texts) > 1 {
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
// of the terminal, and the invisible characters that make text read other
// than it is: bidirectional controls (U+202E turns "gpj.exe" around,
// U+2066 isolates) and zero-width characters (U+200B splits a name that
// looks whole). Each becomes '?', so staff see that something was there.
func sanitizeLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || unicode.Is(unicode.Bidi_Control, r) || isZeroWidth(r) {
			return '?'
		}
		return r
	}, s)
}

// isZeroWidth reports the invisible spaces and joiners, the line and
// paragraph separators and the byte order mark. (ZWNJ and ZWJ, U+200C and
// U+200D, which some scripts and emoji need, are kept.)
func isZeroWidth(r rune) bool {
	switch r {
	case 0x200B, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x180E, 0x2028, 0x2029, 0x00AD:
		return true
	}
	return false
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
