package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/trustlist/draft"
	"github.com/venuepass/venuepass/verifier"
)

// maxLine caps a line read from stdin; longer ones are rejected as too large
// without being kept.
const maxLine = verifier.MaxLine

type inputKind int

const (
	inText inputKind = iota
	inStdin
	inImage
	inFile // a text file of QR texts, one per line
	inFail // an input that yields no code: reason and err say why
)

type input struct {
	kind   inputKind
	value  string // text or path
	label  string
	reason string // inFail: an explain.Input* word
	err    error  // inFail: the message
}

func failInput(label, reason string, err error) input {
	return input{kind: inFail, label: label, reason: reason, err: err}
}

var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true}

func isImageName(p string) bool { return imageExts[strings.ToLower(filepath.Ext(p))] }

// isCodeText reports whether an argument starts like a code (VP1:, VPP1:,
// HC1:) and so is QR text rather than a file name.
func isCodeText(s string) bool {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.HasPrefix(s, "VP") || strings.HasPrefix(s, dcc.Prefix)
}

// looksLikePath reports whether an argument that names no file was meant
// as one: it has a folder or an extension, and is not a long run of the
// characters a QR code's text is made of (a code damaged at its start).
func looksLikePath(s string) bool {
	if !strings.ContainsAny(s, `/\`) && filepath.Ext(s) == "" {
		return false
	}
	return len(s) < 40 || strings.IndexFunc(s, func(r rune) bool {
		return !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", r)
	}) >= 0
}

// expandInputs classifies the arguments by what they hold, whatever they
// are called: images by their magic bytes, text files of codes, QR texts;
// folders are expanded to their images. An argument that cannot be used
// is an inFail input in its place, so that every argument is answered in
// order.
func expandInputs(args []string, forceImage bool) []input {
	var ins []input
	for i, a := range args {
		arg := fmt.Sprintf("arg %d", i+1)
		if a == "-" {
			ins = append(ins, input{kind: inStdin, label: "stdin"})
			continue
		}
		if !forceImage && isCodeText(a) {
			ins = append(ins, input{kind: inText, value: a, label: arg})
			continue
		}
		fi, err := os.Stat(a)
		switch {
		case errors.Is(err, fs.ErrNotExist) && (forceImage || isImageName(a)):
			ins = append(ins, failInput(a, explain.InputIOError, fileError("image", a, err)))
		case errors.Is(err, fs.ErrNotExist) && looksLikePath(a):
			ins = append(ins, failInput(a, explain.InputIOError, fileError("input file", a, err)))
		case errors.Is(err, fs.ErrNotExist):
			// Anything else is QR text, which the verifier will judge.
			ins = append(ins, input{kind: inText, value: a, label: arg})
		case err != nil:
			ins = append(ins, failInput(a, explain.InputIOError, fileError("input", a, err)))
		case fi.IsDir():
			ins = append(ins, imagesIn(a)...)
		case fi.Mode().IsRegular():
			c, err := qr.SniffFile(a)
			if err != nil {
				ins = append(ins, failInput(a, explain.InputIOError, fileError("input file", a, err)))
				continue
			}
			ins = append(ins, classify(a, c, forceImage || isImageName(a)))
		default:
			// A pipe or a device: read as text, sniffed as it is read.
			ins = append(ins, input{kind: inFile, value: a, label: a})
		}
	}
	return ins
}

// classify turns a sniffed file into an input; image says it was given as
// an image (by its name or --image).
func classify(path string, c qr.Content, image bool) input {
	switch c.Kind {
	case qr.KindImage:
		return input{kind: inImage, value: path, label: path}
	case qr.KindOtherImage:
		return failInput(path, explain.InputNotText, fmt.Errorf("%s is %s, which venuepass cannot decode; export it as PNG or JPEG, or take a screenshot of it", path, aName(c.Name)))
	case qr.KindBinary:
		return failInput(path, explain.InputNotText, notTextError(path, c))
	}
	if image {
		return failInput(path, explain.InputNotText, fmt.Errorf("cannot read image %s: it holds text, not a PNG, JPEG, GIF or WebP image; pass a photo or screenshot of the code", path))
	}
	return input{kind: inFile, value: path, label: path}
}

func notTextError(path string, c qr.Content) error {
	hint := "pass images of codes, or text files with one code per line"
	if c.Name == "PDF document" {
		hint = "render its pages as images first (pdftoppm -png -r 200 FILE.pdf page) and pass those"
	}
	return fmt.Errorf("%s is %s, not an image or a text file of codes; %s", path, aName(c.Name), hint)
}

// aName puts the article before what qr.Sniff named ("a PDF document",
// "an AVIF image", "binary data").
func aName(name string) string {
	switch {
	case strings.HasPrefix(name, "binary") || strings.HasPrefix(name, "UTF-16"):
		return name
	case strings.ContainsRune("AEIOU", rune(name[0])):
		return "an " + name
	}
	return "a " + name
}

// imagesIn lists the images in a folder, by content; other files are
// skipped, images venuepass cannot decode are named.
func imagesIn(dir string) []input {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []input{failInput(dir, explain.InputIOError, fileError("folder", dir, err))}
	}
	var ins []input
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		c, err := qr.SniffFile(p)
		switch {
		case err != nil:
			ins = append(ins, failInput(p, explain.InputIOError, fileError("input file", p, err)))
		case c.Kind == qr.KindImage:
			ins = append(ins, input{kind: inImage, value: p, label: p})
		case c.Kind == qr.KindOtherImage:
			ins = append(ins, classify(p, c, true))
		}
	}
	if len(ins) == 0 {
		return []input{failInput(dir, explain.InputIOError, fmt.Errorf("folder %s holds no PNG, JPEG, GIF or WebP images", dir))}
	}
	return ins // os.ReadDir sorts by name
}

// imageReason is the section 6 word for an image that yields no code.
func imageReason(err error) string {
	switch {
	case errors.Is(err, qr.ErrNotFound):
		return explain.InputNoQRCode
	case errors.Is(err, image.ErrFormat):
		return explain.InputNotText
	}
	return explain.InputIOError
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
		return fmt.Errorf("cannot read image %s: it is not a PNG, JPEG, GIF or WebP image; pass a photo or screenshot of the code", path)
	}
	var fe *qr.FileError
	var qe *qr.Error
	switch {
	case errors.As(err, &fe):
		err = fe.Err
	case errors.As(err, &qe):
		return fmt.Errorf("cannot read image %s: %s", path, qe.Detail)
	}
	return fmt.Errorf("cannot read image %s: %v", path, err)
}

func runVerify(c *command, args []string) error {
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
	ins := expandInputs(pos, *forceImage)
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
	// fail answers an input that yields no code: a JSON object in its
	// place with --json, and one line on stderr.
	fail := func(reason string, err error, label string) {
		failed = true
		if *asJSON {
			writeJSON(out, explain.InputFailure(reason, err.Error(), label))
		}
		out.Flush()
		notef("%v", err)
	}
	next := 0
	for _, in := range ins {
		switch in.kind {
		case inFail:
			fail(in.reason, in.err, in.label)
		case inText:
			judge(in.value, in.label)
		case inImage:
			r := <-images[next]
			next++
			if r.Err != nil {
				fail(imageReason(r.Err), imageError(in.value, r.Err), in.label)
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
				fail(explain.InputIOError, fileError("input file", in.value, err), in.label)
				continue
			}
			err = verifyTextFile(f, in.value, judge, fail)
			f.Close()
			if err != nil {
				fail(explain.InputIOError, fmt.Errorf("reading %s: %v", in.value, err), in.label)
			}
		case inStdin:
			// A scanner types text; binary data piped in (a PDF, an
			// image) shows on its first line, and is one failure, not a
			// verdict per line. Later lines are always judged: a gate
			// never stops reading its scanner.
			codes, binary := 0, false
			err := verifier.ScanLines(os.Stdin, func(line string, n int) bool {
				if codes == 0 {
					if c := qr.Sniff([]byte(line), true); c.Kind != qr.KindText {
						binary = true
						fail(explain.InputNotText, notTextError("stdin", c), in.label)
						return false
					}
				}
				codes++
				judge(line, fmt.Sprintf("stdin line %d", n))
				out.Flush()
				return true
			})
			switch {
			case binary:
			case err != nil:
				fail(explain.InputIOError, fmt.Errorf("reading stdin: %v", err), in.label)
			case codes == 0:
				fail(explain.InputNotText, errors.New("stdin held no QR text; pipe the scanner's codes in, one per line, or pass them as arguments"), in.label)
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

// maxNonCode is how many lines in a row that hold no code a text file of
// codes may have: verify stops reading a file at the next one.
const maxNonCode = 10

// isCodeLine reports whether a line starts like a code.
func isCodeLine(s string) bool {
	s = strings.ToUpper(strings.TrimSpace(s))
	return strings.HasPrefix(s, "VP1:") || strings.HasPrefix(s, "VPP1:") || strings.HasPrefix(s, dcc.Prefix)
}

// verifyTextFile judges every line of a text file of codes. It sniffs the
// start first: a binary file or a PDF is one failure, not_text, and no
// line is judged. Lines that hold no code are judged (malformed) only when
// a code follows within maxNonCode lines; more than that in a row is not a
// file of codes, and reading stops there with one not_text failure. A
// read error is returned.
func verifyTextFile(r io.Reader, path string, judge func(text, label string), fail func(reason string, err error, label string)) error {
	br := bufio.NewReaderSize(io.LimitReader(r, maxBatchSize), maxLine+1)
	head, err := br.Peek(qr.SniffLen)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return err
	}
	if c := qr.Sniff(head, err == io.EOF); c.Kind != qr.KindText {
		fail(explain.InputNotText, notTextError(path, c), path)
		return nil
	}
	type line struct {
		text string
		n    int
	}
	var held []line
	codes := 0
	flush := func() {
		for _, l := range held {
			judge(l.text, fmt.Sprintf("%s line %d", path, l.n))
		}
		held = held[:0]
	}
	err = verifier.ScanLines(br, func(text string, n int) bool {
		if !isCodeLine(text) {
			held = append(held, line{text, n})
			return len(held) <= maxNonCode
		}
		codes++
		flush()
		judge(text, fmt.Sprintf("%s line %d", path, n))
		return true
	})
	switch {
	case err != nil:
		flush()
		return err
	case len(held) > maxNonCode:
		fail(explain.InputNotText, fmt.Errorf("%s is not a file of codes: lines %d to %d hold none (VP1:, VPP1: or HC1:), so verify stopped reading it; it wants one code per line (a staff list is for 'venuepass issue --batch')",
			path, held[0].n, held[len(held)-1].n), fmt.Sprintf("%s line %d", path, held[0].n))
		return nil
	case codes == 0 && len(held) == 0:
		fail(explain.InputNotText, fmt.Errorf("%s holds no QR text; it should hold one code per line", path), path)
		return nil
	}
	flush()
	return nil
}

// readLines calls f for every non-blank line of r (verifier.ScanLines).
func readLines(r io.Reader, f func(line string, n int)) error {
	return verifier.ScanLines(r, func(line string, n int) bool {
		f(line, n)
		return true
	})
}

// en words verdicts for people (package explain).
var en = explain.English

// writeHumanVerdict prints a verdict line; passback is the check-in log's
// message naming the earlier entry anti-passback held against it, or "".
func writeHumanVerdict(w io.Writer, d verifier.Decision, label, passback string) {
	fmt.Fprintln(w, termtext.Sanitize(en.Line(d, passback)+"  ["+label+"]"))
}

func writeJSONVerdict(w io.Writer, d verifier.Decision, label string) {
	v := explain.JSON(d)
	v.Input = label
	writeJSON(w, v)
}

func writeJSON(w io.Writer, v explain.Verdict) {
	data, err := json.Marshal(v)
	if err != nil {
		// Only invalid UTF-8 could get here, and encoding/json replaces it.
		panic(err)
	}
	w.Write(append(data, '\n'))
}

func isNotFound(err error) bool { return errors.Is(err, qr.ErrNotFound) }
