package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/input"
	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/verifier"
)

// maxLine caps a line read from stdin; longer ones are rejected as too large
// without being kept.
const maxLine = verifier.MaxLine

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
	window := fl.Duration("window", verifier.DefaultWindow, "")
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
	cfg := verifier.Config{Zone: *zone, Event: *event, Venue: *venue, Skew: *skew, Window: *window}
	switch {
	case *window < time.Second:
		return usageFor(c, "--window must be at least 1s")
	case *skew < 0:
		return usageFor(c, "--skew must not be negative")
	case *skew == 0:
		cfg.Skew = verifier.NoSkew
	}
	var te *verifier.TypeNameError
	if err := cfg.AcceptOnly(types.vals); errors.As(err, &te) {
		return usageFor(c, "--type: unknown type %q (want employee, membership, ticket, certificate, vaccination, test or recovery)", te.Name)
	}
	if !now.t.IsZero() {
		cfg.Now = func() time.Time { return now.t }
	}
	ins := input.Expand(pos, *forceImage)
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
		if err := watchTrust(k.hub, v, anchors.vals, *state); err != nil {
			return err
		}
	}

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
	fail := func(e *input.Error) {
		failed = true
		if *asJSON {
			writeJSONLine(out, explain.InputFailure(e.Reason, e.Msg, e.Label))
		}
		out.Flush()
		notef("%v", e)
	}
	input.Read(ins, os.Stdin, func(c input.Code) {
		judge(c.Text, c.Label)
		if c.Stdin {
			out.Flush()
		}
	}, fail)
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

// writeHumanVerdict prints a verdict line; passback is the check-in log's
// message naming the earlier entry anti-passback held against it, or "".
func writeHumanVerdict(w io.Writer, d verifier.Decision, label, passback string) {
	fmt.Fprintln(w, termtext.Sanitize(explain.English.Line(d, passback)+"  ["+label+"]"))
}

func writeJSONVerdict(w io.Writer, d verifier.Decision, label string) {
	v := explain.JSON(d)
	v.Input = label
	writeJSONLine(w, v)
}
