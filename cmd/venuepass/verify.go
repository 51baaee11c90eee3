package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
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
	// mu is held while an input is answered, so that a stop by signal
	// lands between codes; after the last input main keeps it.
	var mu sync.Mutex
	if k != nil {
		stopped := make(chan struct{})
		defer close(stopped)
		closeOnSignal(stopped, func(sig os.Signal) {
			mu.Lock() // never unlocked: the process ends here
			out.Flush()
			notef("%v: stopping; the check-in log is closed (last checkpoint signed)", sig)
			if !k.close() {
				failed = true
			}
			os.Exit(verifyStatus(failed, rejected))
		})
	}
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
		mu.Lock()
		defer mu.Unlock()
		judge(c.Text, c.Label)
		if c.Stdin {
			out.Flush()
		}
	}, func(e *input.Error) {
		mu.Lock()
		defer mu.Unlock()
		fail(e)
	})
	mu.Lock()
	out.Flush()
	if k != nil && !k.close() {
		failed = true
	}
	if st := verifyStatus(failed, rejected); st != 0 {
		return exitStatus(st)
	}
	return nil
}

// verifyStatus is verify's exit status: 2 if an input or the log failed,
// 1 if a code was rejected, else 0.
func verifyStatus(failed, rejected bool) int {
	switch {
	case failed:
		return exitError
	case rejected:
		return exitRejected
	}
	return 0
}

// closeOnSignal calls stop on the first SIGINT or SIGTERM before done is
// closed. A gate run by a service manager is stopped by SIGTERM, and one
// run by hand by Ctrl-C: either way the code being answered is finished and
// the check-in log closed as at the end of input, its last records under a
// signed checkpoint, rather than the process dying by the signal.
// The signals are caught from the call on; stop runs on its own goroutine.
func closeOnSignal(done <-chan struct{}, stop func(os.Signal)) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		defer signal.Stop(sigs)
		select {
		case sig := <-sigs:
			stop(sig)
		case <-done:
		}
	}()
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
