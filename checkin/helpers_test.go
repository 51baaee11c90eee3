package checkin_test

import (
	"context"
	"crypto"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

var ctx = context.Background()

// clock is a settable clock for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 6, 13, 14, 2, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// accepted is what the verifier returns for a good credential.
func accepted(cti string, typ verifier.Type, name string) verifier.Decision {
	c := []byte(fmt.Sprintf("%-8s", cti))
	return verifier.Decision{Accepted: true, Profile: verifier.ProfileVP, Credential: &verifier.Credential{
		Type: typ, Name: name, Iss: "acme", Sub: "S-" + cti, CTI: c,
		Expires: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
	}}
}

func rejected(reason verifier.Reason) verifier.Decision {
	return verifier.Decision{Reason: reason, Err: reason, Profile: verifier.ProfileVP}
}

func tempLog(t testing.TB) string { return filepath.Join(t.TempDir(), "kiosk.vplog") }

func open(t testing.TB, path string, opts checkin.Options) *checkin.Log {
	t.Helper()
	l, err := checkin.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func kioskKey(t testing.TB) *issuer.Key {
	t.Helper()
	k, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func record(t testing.TB, l *checkin.Log, s checkin.Scan) checkin.Result {
	t.Helper()
	r, err := l.Record(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func verify(t testing.TB, path string, pub crypto.PublicKey) *checkin.ChainReport {
	t.Helper()
	rep, err := checkin.VerifyChain(path, pub)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
