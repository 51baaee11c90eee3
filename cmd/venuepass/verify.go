package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/verifier"
)

var verifyCmd = &command{
	name: "verify",
	usage: `Usage:
    venuepass verify --trust LIST.vptl --anchor ANCHOR.pub [options] INPUT...

Verifies QR codes against a signed trust list and prints one verdict per
code. An INPUT is
    VP1:... or VPP1:...     QR text
    -                       QR texts on stdin, one per line, as a USB
                            keyboard-wedge scanner types them; each verdict
                            is printed as soon as its line is read
    FILE.png .jpg .gif      an image, every QR code in it is verified
    DIR                     every .png, .jpg, .jpeg and .gif file in DIR
Images are decoded in parallel on all cores.

The human output is one line per code: ACCEPT or REJECT, the reason in plain
words, the holder's name and credential type, and the input in brackets.
With --json each line is instead one JSON object (FORMAT.md section 6):
accepted, reason, warnings, profile, credential, issuer, and input.

Options:
    --trust FILE     the signed trust list (.vptl) (required)
    --anchor FILE    a trust anchor public key to pin (required, repeatable)
    --state FILE     rollback guard: remember the newest list seq accepted
                     here and refuse older lists
    --now TIME       verify at TIME (RFC 3339) instead of the clock
    --type T,...     accept only these credential types (repeatable)
    --zone ZONE      the zone, gate or door this kiosk guards
    --event ID       the event this kiosk admits
    --venue ID       the venue id holder presentations must name
    --skew DUR       clock skew tolerated on validity times (default 5m)
    --image          treat every INPUT as an image file, whatever its name
    --json           print JSON verdicts

Exit status:
    0  every code was accepted
    1  a code was rejected
    2  usage or input/output error: missing or unreadable trust list or key,
       a list not signed by a pinned anchor or rolled back, an image that
       cannot be read or holds no QR code (the other inputs are still
       verified)

Examples:
    $ venuepass verify --trust trust.vptl --anchor anchor.pub 'VP1:6BF...'
    $ venuepass verify --trust trust.vptl --anchor anchor.pub --zone HQ-MAIN badges/
    $ venuepass verify --trust trust.vptl --anchor anchor.pub --state kiosk.state --json -
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
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageFor(c, "no input; pass QR texts, image files or folders, or - to read texts from stdin")
	}
	cfg := verifier.Config{Zone: *zone, Event: *event, Venue: *venue, Skew: *skew}
	switch {
	case *skew < 0:
		return usageFor(c, "--skew must not be negative")
	case *skew == 0:
		cfg.Skew = -1 // the verifier's word for none
	}
	for _, t := range types.vals {
		typ, err := verifier.ParseType(t)
		if err != nil {
			return usageFor(c, "--type: %v", err)
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
		if !d.Accepted {
			rejected = true
		}
		if *asJSON {
			writeJSONVerdict(out, d, label)
		} else {
			writeHumanVerdict(out, d, label)
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
		case inStdin:
			if err := readLines(os.Stdin, func(line string, n int) {
				judge(line, fmt.Sprintf("stdin line %d", n))
				out.Flush()
			}); err != nil {
				out.Flush()
				notef("reading stdin: %v", err)
				failed = true
			}
		}
	}
	out.Flush()
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

// plainReasons says each reason in words for the staff at the gate.
var plainReasons = map[verifier.Reason]string{
	verifier.ReasonTrustListExpired:     "the trust list has expired; load a newer one",
	verifier.ReasonTooLarge:             "the code is too large to be a venuepass credential",
	verifier.ReasonMalformed:            "not a venuepass code, or a damaged one",
	verifier.ReasonUnknownIssuer:        "issued by someone the trust list does not know",
	verifier.ReasonBadSignature:         "the signature does not match: the code was altered or forged",
	verifier.ReasonIssuerNotAllowed:     "the issuer may not issue this credential",
	verifier.ReasonNotYetValid:          "not valid yet",
	verifier.ReasonExpired:              "the credential has expired",
	verifier.ReasonRevoked:              "the issuer has revoked this credential",
	verifier.ReasonSuspended:            "the issuer has suspended this credential",
	verifier.ReasonStatusUnknown:        "its revocation status cannot be checked with this trust list",
	verifier.ReasonTypeNotAccepted:      "this kind of credential is not accepted here",
	verifier.ReasonWrongEvent:           "a ticket for another event",
	verifier.ReasonWrongZone:            "not valid for this zone",
	verifier.ReasonPresentationRequired: "bound to the holder's phone: ask for the rotating code from the wallet",
	verifier.ReasonPresentationExpired:  "the rotating code is too old or too new; check the phone's clock",
	verifier.ReasonWrongVenue:           "the rotating code was made for another venue",
	verifier.ReasonReplay:               "this rotating code was already used",
	verifier.ReasonAlreadyCheckedIn:     "already checked in",
}

// detailed reasons add the verifier's detail (a date, a zone) to the words.
var detailed = map[verifier.Reason]bool{
	verifier.ReasonTrustListExpired: true, verifier.ReasonNotYetValid: true, verifier.ReasonExpired: true,
	verifier.ReasonIssuerNotAllowed: true, verifier.ReasonWrongEvent: true, verifier.ReasonWrongZone: true,
	verifier.ReasonTypeNotAccepted: true,
}

var plainWarnings = map[string]string{
	verifier.WarnTrustListStale: "the trust list is stale, fetch a newer one",
}

func reasonWords(d verifier.Decision) string {
	words, ok := plainReasons[d.Reason]
	if !ok {
		words = string(d.Reason)
	}
	s := string(d.Reason) + ": " + words
	if detailed[d.Reason] && d.Err != nil {
		if sentinel := d.Reason.Err(); sentinel != nil {
			if detail, ok := strings.CutPrefix(d.Err.Error(), sentinel.Error()+": "); ok {
				s += " (" + detail + ")"
			}
		}
	}
	return s
}

func holderWords(c *verifier.Credential) string {
	s := c.Name + ", " + c.Type.String()
	if c.Org != "" {
		s += ", " + c.Org
	}
	return s
}

func writeHumanVerdict(w io.Writer, d verifier.Decision, label string) {
	var b strings.Builder
	if d.Accepted {
		b.WriteString("ACCEPT  " + holderWords(d.Credential))
	} else {
		b.WriteString("REJECT  " + reasonWords(d))
		if d.Credential != nil {
			b.WriteString("  (" + holderWords(d.Credential) + ")")
		}
	}
	for _, warn := range d.Warnings {
		text, ok := plainWarnings[warn]
		if !ok {
			text = warn
		}
		b.WriteString("  warning: " + text)
	}
	b.WriteString("  [" + label + "]")
	fmt.Fprintln(w, sanitizeLine(b.String()))
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

// jsonVerdict is FORMAT.md section 6, plus the input it came from.
type jsonVerdict struct {
	Accepted   bool            `json:"accepted"`
	Reason     *string         `json:"reason"`
	Warnings   []string        `json:"warnings"`
	Profile    string          `json:"profile"`
	Credential *jsonCredential `json:"credential,omitempty"`
	Issuer     *jsonIssuer     `json:"issuer,omitempty"`
	Detail     string          `json:"detail,omitempty"`
	Input      string          `json:"input"`
}

type jsonCredential struct {
	Type      string   `json:"type"`
	Name      string   `json:"name"`
	Org       string   `json:"org,omitempty"`
	Sub       string   `json:"sub,omitempty"`
	CTI       string   `json:"cti"`
	IssuedAt  string   `json:"iat"`
	NotBefore string   `json:"nbf,omitempty"`
	Exp       string   `json:"exp"`
	Zones     []string `json:"zones,omitempty"`
	Tier      string   `json:"tier,omitempty"`
	Event     string   `json:"event,omitempty"`
	Seat      string   `json:"seat,omitempty"`
	Title     string   `json:"title,omitempty"`
	Number    string   `json:"number,omitempty"`
	Bound     bool     `json:"holder_bound,omitempty"`
}

type jsonIssuer struct {
	Iss  string `json:"iss"`
	Name string `json:"name"`
	Kid  string `json:"kid"`
}

func verdictJSON(d verifier.Decision, label string) jsonVerdict {
	j := jsonVerdict{Accepted: d.Accepted, Warnings: d.Warnings, Profile: d.Profile, Input: label}
	if j.Warnings == nil {
		j.Warnings = []string{}
	}
	if j.Profile == "" {
		j.Profile = verifier.ProfileVP
	}
	if !d.Accepted {
		r := string(d.Reason)
		j.Reason = &r
		if d.Err != nil {
			j.Detail = d.Err.Error()
		}
	}
	if c := d.Credential; c != nil {
		j.Credential = &jsonCredential{
			Type: c.Type.String(), Name: c.Name, Org: c.Org, Sub: c.Sub, CTI: hex.EncodeToString(c.CTI),
			IssuedAt: utc(c.IssuedAt), Exp: utc(c.Expires), Zones: c.Zones, Tier: c.Tier, Event: c.Event,
			Seat: c.Seat, Title: c.Title, Number: c.Number, Bound: c.HolderKey != nil,
		}
		if !c.NotBefore.IsZero() {
			j.Credential.NotBefore = utc(c.NotBefore)
		}
	}
	if e := d.Issuer; e != nil {
		j.Issuer = &jsonIssuer{Iss: e.Iss, Name: e.Name, Kid: hex.EncodeToString(e.Kid)}
	}
	return j
}

func writeJSONVerdict(w io.Writer, d verifier.Decision, label string) {
	data, err := json.Marshal(verdictJSON(d, label))
	if err != nil {
		// Only invalid UTF-8 could get here, and encoding/json replaces it.
		panic(err)
	}
	w.Write(append(data, '\n'))
}

func isNotFound(err error) bool { return errors.Is(err, qr.ErrNotFound) }
