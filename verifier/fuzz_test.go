package verifier_test

import (
	"crypto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/internal/wire"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

// fuzzSet is a trust list and the signed content its verifier accepted
// among the seeds.
type fuzzSet struct {
	list *trustlist.List
	// signed holds payload+signature of every code accepted during
	// seeding: an accepted fuzzed code must carry one of them.
	signed map[string]bool
}

func fuzzConfig() verifier.Config {
	now := time.Unix(vectorNow, 0)
	return verifier.Config{Venue: "LIONS-PARK", Now: func() time.Time { return now }}
}

// signedContent returns the payload and signature that the accept of text
// rests on: the credential's, or for a presentation the outer message's.
func signedContent(text string) (string, bool) {
	prefix, cose, err := wire.DecodeText(text)
	if err != nil {
		return "", false
	}
	parse := wire.ParseSign1
	if prefix == wire.PrefixPresentation {
		parse = wire.ParseSign1NoKid
	}
	m, err := parse(cose)
	if err != nil {
		return "", false
	}
	return string(m.Protected) + "\x00" + string(m.Payload) + "\x00" + string(m.Signature), true
}

func vectorTexts(t testing.TB, dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimRight(line, "\r"); line != "" {
				out = append(out, line)
			}
		}
	}
	return out
}

func FuzzVerify(f *testing.F) {
	var sets []*fuzzSet
	var seeds []string
	for _, dir := range []string{vectorsDir, interopDir()} {
		anchor := readPublicKey(f, filepath.Join(dir, "anchor.pub.pem"))
		data, err := os.ReadFile(filepath.Join(dir, "trust.vptl"))
		if err != nil {
			f.Fatal(err)
		}
		list, err := trustlist.Parse(data, []crypto.PublicKey{anchor})
		if err != nil {
			f.Fatal(err)
		}
		sets = append(sets, &fuzzSet{list: list, signed: map[string]bool{}})
		seeds = append(seeds, vectorTexts(f, dir)...)
	}
	for _, s := range seeds {
		f.Add(s)
		for _, set := range sets {
			if d := verifier.New(set.list, fuzzConfig()).Verify(s); d.Accepted {
				key, ok := signedContent(s)
				if !ok {
					f.Fatalf("accepted seed %q does not parse", s)
				}
				set.signed[key] = true
			}
		}
	}
	f.Add("VP1:")
	f.Add("VPP1:")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		for _, set := range sets {
			d := verifier.New(set.list, fuzzConfig()).Verify(text)
			checkDecision(t, d)
			if !d.Accepted {
				continue
			}
			if d.Credential == nil || d.Issuer == nil {
				t.Fatal("accepted without a credential or issuer")
			}
			// Independent checks of the times (default skew and window).
			c, now := d.Credential, int64(vectorNow)
			if c.Expires.Unix() <= now-300 || (!c.NotBefore.IsZero() && c.NotBefore.Unix() > now+300) {
				t.Fatalf("accepted outside the validity period: nbf %v exp %v", c.NotBefore, c.Expires)
			}
			if p := d.Presentation; p != nil && (p.Time.Unix() < now-30 || p.Time.Unix() > now+30) {
				t.Fatalf("accepted a presentation made at %d, outside the window", p.Time.Unix())
			}
			if strings.HasPrefix(strings.TrimSpace(text), wire.PrefixPresentation) != (d.Presentation != nil) {
				t.Fatal("presentation decision without presentation details, or the reverse")
			}
			key, ok := signedContent(text)
			if !ok {
				t.Fatalf("accepted a code that does not parse: %q", text)
			}
			if !set.signed[key] {
				t.Fatalf("accepted a code whose signed content was never signed: %q", text)
			}
		}
	})
}
