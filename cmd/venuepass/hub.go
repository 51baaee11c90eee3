package main

import (
	"bufio"
	"context"
	"crypto"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/trustlist/draft"
	"github.com/venuepass/venuepass/verifier"
)

func runHub(c *command, args []string) error {
	if len(args) > 0 && !strings.Contains(args[0], " ") {
		if sub := lookup(c.name + " " + args[0]); sub != nil {
			return sub.run(sub, args[1:])
		}
	}
	fl := newFlags(c)
	var cfg hub.Config
	var routes stringList
	routes.split = true
	fl.StringVar(&cfg.Store, "store", "", "")
	fl.StringVar(&cfg.Listen, "listen", "", "")
	fl.StringVar(&cfg.Name, "name", "", "")
	fl.StringVar(&cfg.Cluster, "cluster", "", "")
	fl.Var(&routes, "routes", "")
	fl.IntVar(&cfg.Replicas, "replicas", 1, "")
	fl.BoolVar(&cfg.Auth, "auth", false, "")
	fl.StringVar(&cfg.TLSCert, "tls-cert", "", "")
	fl.StringVar(&cfg.TLSKey, "tls-key", "", "")
	if err := parseNone(c, fl, args, "the hub takes options only"); err != nil {
		return err
	}
	cfg.Routes = routes.vals
	if err := cfg.Check(); err != nil {
		return usageFor(c, "%v", err)
	}
	if err := hub.Run(context.Background(), cfg, func(url string) { fmt.Println(url) }); err != nil {
		return fmt.Errorf("starting the hub on %s: %v", cfg.Store, err)
	}
	return nil
}

func runHubAddGate(c *command, args []string) error {
	fl := newFlags(c)
	store := fl.String("store", "", "")
	gateName := fl.String("gate", "", "")
	out := fl.String("o", "", "")
	fl.StringVar(out, "out", "", "")
	if err := parseNone(c, fl, args, "name the gate with --gate G"); err != nil {
		return err
	}
	if *store == "" || *gateName == "" {
		return usageFor(c, "--store DIR and --gate G are required")
	}
	if *out == "" {
		*out = "gate-" + *gateName + ".nk"
	}
	if err := hub.AddGate(*store, *gateName, *out); err != nil {
		return fmt.Errorf("adding gate %s: %v", *gateName, err)
	}
	notef("gate %s may now join with --hub-creds %s; office credential: %s", *gateName, *out, hub.OfficeCreds(*store))
	return nil
}

func runHubInit(c *command, args []string) error {
	fl := newFlags(c)
	h := addOfficeFlags(fl)
	replicas := fl.Int("replicas", 1, "")
	if err := parseNone(c, fl, args, "name the cluster with --hub URL"); err != nil {
		return err
	}
	if h.URL == "" {
		return usageFor(c, "--hub URL is required")
	}
	if *replicas < 1 {
		return usageFor(c, "--replicas must be at least 1")
	}
	cl, ctx, done, err := h.Office(30 * time.Second)
	if err != nil {
		return err
	}
	defer done()
	if err := hub.Setup(ctx, cl.JetStream(), *replicas, 0); err != nil {
		return fmt.Errorf("hub %s: %v", h.URL, err)
	}
	notef("hub %s holds %s, %s, %s and %s (%d replicas)", h.URL, hub.DecisionsStream, hub.ClaimsBucket, hub.TrustStore, hub.PhotoStore, *replicas)
	return nil
}

// addHubFlags adds the options that join a gate to a hub.
func addHubFlags(fl *flag.FlagSet) *hub.Link {
	h := addOfficeFlags(fl)
	fl.StringVar(&h.Offline, "offline", checkin.OfflineLocal, "")
	fl.DurationVar(&h.Timeout, "hub-timeout", hub.DefaultTimeout, "")
	return h
}

// addOfficeFlags adds the hub options of the office's commands.
func addOfficeFlags(fl *flag.FlagSet) *hub.Link {
	h := &hub.Link{}
	fl.StringVar(&h.URL, "hub", "", "")
	fl.StringVar(&h.Creds, "hub-creds", "", "")
	fl.StringVar(&h.CA, "hub-ca", "", "")
	return h
}

// watchTrust follows the trust list on the hub g and swaps it into v.
func watchTrust(g *hub.GateLink, v *verifier.Verifier, anchorPaths []string, state string) error {
	if g == nil {
		return nil
	}
	anchors, err := loadAnchors(anchorPaths)
	if err != nil {
		return err
	}
	g.WatchTrust(&hub.TrustWatch{
		Anchors: anchors, State: state, Current: v.TrustList,
		Swap: func(l *trustlist.List) {
			v.SetTrustList(l)
			notef("trust list seq %d from the hub is in use", l.Seq)
		},
		Refused: func(err error) {
			// An *AnchorError names the pinned kids itself.
			notef("trust list from the hub refused, keeping seq %d: %v", v.TrustList().Seq, err)
		},
	})
	return nil
}

// leaveHub sends what the hub has not acknowledged yet (briefly: what
// remains is sent by the next run) and disconnects.
func leaveHub(g *hub.GateLink, path string) {
	if err := g.Close(); err != nil {
		notef("some records of %s are not on the hub yet; the next run with --hub sends them", path)
	}
}

// trust publish

func runTrustPublish(c *command, args []string) error {
	fl := newFlags(c)
	h := addOfficeFlags(fl)
	path, err := parseOne(c, fl, args, "name the signed trust list (.vptl) to publish")
	if err != nil {
		return err
	}
	if h.URL == "" {
		return usageFor(c, "--hub URL is required")
	}
	data, err := fileutil.ReadFile(path, trustlist.MaxFileSize, "trust list")
	if err != nil {
		return err
	}
	if draft.LooksLikeDraft(data) {
		return fmt.Errorf("%s is an unsigned trust list draft; sign it with 'venuepass trust sign' and publish the .vptl", path)
	}
	cl, ctx, done, err := h.Office(30 * time.Second)
	if err != nil {
		return err
	}
	defer done()
	// The gates judge the list; an older one than the hub held is said,
	// since gates started later with an older list would take it.
	if old, err := cl.PublishedTrust(ctx); err == nil && old != nil {
		was, err1 := trustlist.ClaimedSeq(old)
		now, err2 := trustlist.ClaimedSeq(data)
		if err1 == nil && err2 == nil && now < was {
			notef("warning: %s is seq %d, older than the seq %d the hub held: running gates refuse it, gates started with a list older than seq %d take it", path, now, was, was)
		}
	}
	if err := cl.PublishTrust(ctx, data); err != nil {
		return fmt.Errorf("publishing %s to hub %s: %v", path, h.URL, err)
	}
	notef("published %s (%d bytes) to hub %s", path, len(data), h.URL)
	return nil
}

// log ... --hub

// hubLogCommand returns the venue-wide form of a log command when its
// arguments name a hub.
func hubLogCommand(args []string) func([]string) error {
	if len(args) == 0 {
		return nil
	}
	named := false
	for _, a := range args[1:] {
		if a == "--hub" || a == "-hub" || strings.HasPrefix(a, "--hub=") || strings.HasPrefix(a, "-hub=") {
			named = true
		}
	}
	if !named {
		return nil
	}
	if c := lookup("log " + args[0]); c != nil && c.venueWide && !strings.Contains(args[0], " ") {
		return func(rest []string) error { return runLogHub(c, rest) }
	}
	return nil
}

// runLogHub answers log inside, today, tail and export for every gate of a
// venue from the hub.
func runLogHub(c *command, args []string) error {
	fl := newFlags(c)
	h := addOfficeFlags(fl)
	venue := fl.String("venue", "", "")
	asJSON := fl.Bool("json", false, "")
	n := fl.Int("n", 20, "")
	var span checkin.Span
	fl.StringVar(&span.From, "from", "", "")
	fl.StringVar(&span.To, "to", "", "")
	var now nowFlag
	outPath := fl.String("o", "", "")
	fl.StringVar(outPath, "out", "", "")
	fl.Var(&now, "now", "")
	if err := parseNone(c, fl, args, "with --hub the hub answers for every gate; name no log"); err != nil {
		return err
	}
	t := now.now()
	lo, hi, err := span.Parse(t, time.Time{})
	if err != nil {
		return usageFor(c, "%v", err)
	}
	cl, ctx, done, err := h.Office(60 * time.Second)
	if err != nil {
		return err
	}
	defer done()
	es, err := cl.Records(ctx, *venue)
	if err != nil {
		return fmt.Errorf("reading the records on hub %s: %v", h.URL, err)
	}
	src, srcs := checkin.NewRecords(es, time.Local), []string{h.URL}
	switch strings.TrimPrefix(c.name, "log ") {
	case "inside":
		return printInside(src, srcs, lo, *asJSON, true)
	case "today", "stats":
		if c.name == "log today" {
			lo, hi = checkin.StartOfDay(t, time.Local), time.Time{}
		}
		return printStats(src, srcs, lo, hi, *asJSON)
	case "tail", "last":
		if *n < 1 {
			return usageFor(c, "-n must be at least 1")
		}
		return printTail(src, *n, *asJSON)
	case "export":
		return exportCSV(src, lo, hi, *outPath, 0o644)
	}
	return usageFor(c, "--hub is not supported here")
}

func runLogConflicts(c *command, args []string) error {
	fl := newFlags(c)
	h := addOfficeFlags(fl)
	venue := fl.String("venue", "", "")
	asJSON := fl.Bool("json", false, "")
	if err := parseNone(c, fl, args, "the hub lists the conflicts of every gate"); err != nil {
		return err
	}
	if h.URL == "" {
		return usageFor(c, "--hub URL is required: conflicts are found at the hub")
	}
	cl, ctx, done, err := h.Office(60 * time.Second)
	if err != nil {
		return err
	}
	defer done()
	xs, err := cl.Conflicts(ctx, *venue)
	if err != nil {
		return fmt.Errorf("reading the conflicts on hub %s: %v", h.URL, err)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for i := range xs {
		x := &xs[i]
		if *asJSON {
			writeJSONLine(out, x.JSON(time.Local))
			continue
		}
		fmt.Fprintln(out, termtext.Sanitize(x.Line(time.Local)))
	}
	if !*asJSON && len(xs) == 0 {
		fmt.Fprintln(out, "no conflicts")
	}
	return out.Flush()
}

// hubWitnessed adds to cps the checkpoints the hub witnessed that pub
// signed (of gate's logs only, when gate is set).
func hubWitnessed(h *hub.Link, gate string, pub crypto.PublicKey, cps []checkin.Checkpoint) ([]checkin.Checkpoint, error) {
	cl, ctx, done, err := h.Office(60 * time.Second)
	if err != nil {
		return nil, err
	}
	defer done()
	signed, err := cl.SignedCheckpoints(ctx, gate, pub)
	if err != nil {
		return nil, fmt.Errorf("reading the checkpoints on hub %s: %v", h.URL, err)
	}
	return append(cps, signed...), nil
}
