package verifier_test

import (
	"bufio"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

// vectorNow is the clock of the interop and generated vector sets.
const vectorNow = 1790000000

// interopDir holds vectors made by an independent implementation of
// FORMAT.md (see its README). VP_INTEROP_DIR points the test at another set
// of the same layout, such as another copy of the reference vectors.
func interopDir() string {
	if d := os.Getenv("VP_INTEROP_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "testdata", "interop")
}

func readPublicKey(t testing.TB, path string) crypto.PublicKey {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// vectorCase is one line of a cases table: name, expected outcome, file of
// QR texts (one per line), trust list file, and an optional verifier config
// (see parseVectorConfig).
//
// The expected outcome is "accept", "accept_warn", a reason word of
// FORMAT.md section 5, a comma-separated list of these (one per code; a
// single code is then shown that many times), or for trust list loading
// "load:<word>" with word "ok" or one of loadWords. For load cases the trust
// list column may name several files "a.vptl>b.vptl", loaded in order with
// one rollback state file; the expectation is about the last one.
type vectorCase struct {
	Name, Want, File, Trust, Config string
}

// loadWords maps the load:<word> expectations to trust list errors.
var loadWords = map[string]error{
	"bad_signature":  trustlist.ErrBadSignature,
	"rollback":       trustlist.ErrRollback,
	"unknown_anchor": trustlist.ErrUnknownAnchor,
	"malformed":      trustlist.ErrMalformed,
	"too_large":      trustlist.ErrTooLarge,
}

func readCases(t testing.TB, path string) []vectorCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []vectorCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 4 && len(fields) != 5 {
			t.Fatalf("%s: bad line %q", path, line)
		}
		c := vectorCase{Name: fields[0], Want: fields[1], File: fields[2], Trust: fields[3]}
		if len(fields) == 5 {
			c.Config = fields[4]
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// parseVectorConfig applies a config column "zone=X;event=Y;types=a,b;
// venue=V;window=30;skew=300" (window and skew in seconds) to base.
func parseVectorConfig(s string, base verifier.Config) (verifier.Config, error) {
	cfg := base
	if s == "" || s == "-" {
		return cfg, nil
	}
	for _, kv := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return cfg, fmt.Errorf("config item %q is not key=value", kv)
		}
		switch k {
		case "zone":
			cfg.Zone = v
		case "event":
			cfg.Event = v
		case "venue":
			cfg.Venue = v
		case "types":
			cfg.Types = nil
			for _, name := range strings.Split(v, ",") {
				typ, err := verifier.ParseType(name)
				if err != nil {
					return cfg, err
				}
				cfg.Types = append(cfg.Types, typ)
			}
		case "window", "skew":
			n, err := strconv.Atoi(v)
			if err != nil {
				return cfg, fmt.Errorf("config %s: %v", k, err)
			}
			if k == "window" {
				cfg.Window = time.Duration(n) * time.Second
			} else if cfg.Skew = time.Duration(n) * time.Second; n == 0 {
				cfg.Skew = verifier.NoSkew // skew=0 is none, not the default
			}
		default:
			return cfg, fmt.Errorf("unknown config key %q", k)
		}
	}
	return cfg, nil
}

// outcome is the word a decision is compared with.
func outcome(d verifier.Decision) string {
	if d.Accepted {
		if len(d.Warnings) > 0 {
			return "accept_warn"
		}
		return "accept"
	}
	return string(d.Reason)
}

// checkDecision fails unless d is internally consistent: an accept has no
// reason or error, a reject has exactly one known reason whose sentinel its
// error wraps.
func checkDecision(t testing.TB, d verifier.Decision) {
	t.Helper()
	if d.Accepted {
		if d.Reason != "" || d.Err != nil {
			t.Fatalf("accepted with reason %q, err %v", d.Reason, d.Err)
		}
		return
	}
	if !d.Reason.Known() {
		t.Fatalf("rejected with unknown reason %q (err %v)", d.Reason, d.Err)
	}
	if d.Err == nil || !errors.Is(d.Err, d.Reason) || verifier.ReasonOf(d.Err) != d.Reason {
		t.Fatalf("reason %q but err %v", d.Reason, d.Err)
	}
}

// runVectorCase checks one case of the table in dir against the pinned
// anchors. base is the verifier config before the case's config column.
func runVectorCase(t *testing.T, dir string, anchors []crypto.PublicKey, c vectorCase, base verifier.Config) {
	t.Helper()
	if word, ok := strings.CutPrefix(c.Want, "load:"); ok {
		runLoadCase(t, dir, anchors, c, word)
		return
	}
	data, err := os.ReadFile(filepath.Join(dir, c.Trust))
	if err != nil {
		t.Fatal(err)
	}
	list, err := trustlist.Parse(data, anchors)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(vectorNow, 0)
	base.Now = func() time.Time { return now }
	cfg, err := parseVectorConfig(c.Config, base)
	if err != nil {
		t.Fatal(err)
	}
	v := verifier.New(list, cfg)
	text, err := os.ReadFile(filepath.Join(dir, c.File))
	if err != nil {
		t.Fatal(err)
	}
	codes := strings.Split(strings.TrimSpace(string(text)), "\n")
	wants := strings.Split(c.Want, ",")
	if len(wants) > 1 && len(codes) == 1 {
		for len(codes) < len(wants) {
			codes = append(codes, codes[0])
		}
	}
	if len(codes) != len(wants) {
		t.Fatalf("%d codes for %d expectations", len(codes), len(wants))
	}
	for i, code := range codes {
		d := v.Verify(strings.TrimRight(code, "\r"))
		checkDecision(t, d)
		if got := outcome(d); got != wants[i] {
			t.Errorf("code %d: got %s (%v), want %s", i, got, d.Err, wants[i])
		}
	}
}

func runLoadCase(t *testing.T, dir string, anchors []crypto.PublicKey, c vectorCase, word string) {
	t.Helper()
	want, known := loadWords[word]
	if !known && word != "ok" {
		t.Fatalf("unknown load expectation %q", c.Want)
	}
	state := filepath.Join(t.TempDir(), "state.json")
	files := strings.Split(c.Trust, ">")
	for i, name := range files {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = trustlist.Load(data, anchors, trustlist.StateFile(state))
		if i < len(files)-1 {
			if err != nil {
				t.Fatalf("loading %s before the last list: %v", name, err)
			}
			continue
		}
		switch {
		case word == "ok" && err != nil:
			t.Fatalf("loading %s: %v, want success", name, err)
		case word != "ok" && !errors.Is(err, want):
			t.Fatalf("loading %s: %v, want %s", name, err, word)
		}
		if word != "ok" {
			// Exactly one sentinel.
			n := 0
			for _, s := range loadWords {
				if errors.Is(err, s) {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("loading %s: %v wraps %d sentinels", name, err, n)
			}
		}
	}
}

func TestInteropVectors(t *testing.T) {
	dir := interopDir()
	anchors := []crypto.PublicKey{readPublicKey(t, filepath.Join(dir, "anchor.pub.pem"))}
	// The interop presentation cases expect the venue LIONS-PARK.
	base := verifier.Config{Venue: "LIONS-PARK"}
	for _, table := range []string{"cases.tsv", "cases-vpp.tsv"} {
		for _, c := range readCases(t, filepath.Join(dir, table)) {
			t.Run(c.Name, func(t *testing.T) { runVectorCase(t, dir, anchors, c, base) })
		}
	}
}
