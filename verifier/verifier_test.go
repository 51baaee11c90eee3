package verifier_test

import (
	"crypto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
	"github.com/venuepass/venuepass/wallet"
)

var t0 = time.Unix(1790000000, 0).UTC()

type fixture struct {
	anchor, acme, club *issuer.Key
	list               *trustlist.List
}

func newFixture(t testing.TB, mutate func(*trustlist.Contents)) *fixture {
	t.Helper()
	f := &fixture{}
	var err error
	for _, k := range []**issuer.Key{&f.anchor, &f.acme, &f.club} {
		if *k, err = issuer.GenerateKey(issuer.EdDSA); err != nil {
			t.Fatal(err)
		}
	}
	f.list = f.sign(t, 1, mutate)
	return f
}

func (f *fixture) sign(t testing.TB, seq uint64, mutate func(*trustlist.Contents)) *trustlist.List {
	t.Helper()
	c := &trustlist.Contents{
		Seq: seq, IssuedAt: t0.Add(-time.Hour), NextUpdate: t0.Add(time.Hour), Expires: t0.Add(2 * time.Hour),
		Issuers: []*trustlist.Issuer{
			{Kid: f.acme.KeyID(), Key: f.acme.Public(), Iss: "acme", Name: "ACME", Types: []uint64{1, 4}},
			{Kid: f.club.KeyID(), Key: f.club.Public(), Iss: "club", Name: "Club", Types: []uint64{2, 3}},
		},
	}
	if mutate != nil {
		mutate(c)
	}
	data, err := trustlist.Sign(c, f.anchor)
	if err != nil {
		t.Fatal(err)
	}
	l, err := trustlist.Parse(data, []crypto.PublicKey{f.anchor.Public()})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func issue(t testing.TB, k *issuer.Key, c *verifier.Credential) string {
	t.Helper()
	if c.IssuedAt.IsZero() {
		c.IssuedAt = t0.Add(-time.Hour)
	}
	if c.Expires.IsZero() {
		c.Expires = t0.Add(24 * time.Hour)
	}
	text, err := k.Issue(c)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func at(now time.Time) func() time.Time { return func() time.Time { return now } }

func TestPolicy(t *testing.T) {
	f := newFixture(t, nil)
	badge := issue(t, f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A", Zones: []string{"HQ"}})
	anyZone := issue(t, f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "B"})
	ticket := issue(t, f.club, &verifier.Credential{Type: verifier.Ticket, Iss: "club", Name: "C", Event: "E1"})
	noEvent := issue(t, f.club, &verifier.Credential{Type: verifier.Ticket, Iss: "club", Name: "D"})
	member := issue(t, f.club, &verifier.Credential{Type: verifier.Membership, Iss: "club", Name: "E"})
	for _, tc := range []struct {
		name string
		cfg  verifier.Config
		code string
		want verifier.Reason
	}{
		{"zone match", verifier.Config{Zone: "HQ"}, badge, ""},
		{"zone mismatch", verifier.Config{Zone: "LAB"}, badge, verifier.ReasonWrongZone},
		{"no zones = any", verifier.Config{Zone: "LAB"}, anyZone, ""},
		{"event match", verifier.Config{Event: "E1"}, ticket, ""},
		{"event mismatch", verifier.Config{Event: "E2"}, ticket, verifier.ReasonWrongEvent},
		{"ticket without event", verifier.Config{Event: "E2"}, noEvent, verifier.ReasonWrongEvent},
		{"membership at an event", verifier.Config{Event: "E2"}, member, ""},
		{"type accepted", verifier.Config{Types: []verifier.Type{verifier.Ticket}}, ticket, ""},
		{"type not accepted", verifier.Config{Types: []verifier.Type{verifier.Ticket}}, member, verifier.ReasonTypeNotAccepted},
		{"empty type list accepts none", verifier.Config{Types: []verifier.Type{}}, member, verifier.ReasonTypeNotAccepted},
	} {
		tc.cfg.Now = at(t0)
		d := verifier.New(f.list, tc.cfg).Verify(tc.code)
		if d.Reason != tc.want || d.Accepted != (tc.want == "") {
			t.Errorf("%s: accepted=%v reason=%q (%v), want %q", tc.name, d.Accepted, d.Reason, d.Err, tc.want)
		}
		if verifier.ReasonOf(d.Err) != d.Reason {
			t.Errorf("%s: Err %v does not wrap the sentinel of %s", tc.name, d.Err, d.Reason)
		}
	}
}

func TestValidityAndSkew(t *testing.T) {
	f := newFixture(t, nil)
	exp := t0.Add(time.Hour)
	nbf := t0.Add(time.Hour)
	expiring := issue(t, f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A", Expires: exp})
	future := issue(t, f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A", NotBefore: nbf})
	list := f.sign(t, 2, func(c *trustlist.Contents) { c.Expires = t0.Add(48 * time.Hour); c.NextUpdate = t0.Add(47 * time.Hour) })
	for _, tc := range []struct {
		name string
		code string
		now  time.Time
		skew time.Duration
		want verifier.Reason
	}{
		{"before exp", expiring, exp.Add(-time.Second), verifier.NoSkew, ""},
		{"at exp, no skew", expiring, exp, verifier.NoSkew, verifier.ReasonExpired},
		{"within default skew", expiring, exp.Add(299 * time.Second), 0, ""},
		{"at exp plus default skew", expiring, exp.Add(300 * time.Second), 0, verifier.ReasonExpired},
		{"before nbf, no skew", future, nbf.Add(-time.Second), verifier.NoSkew, verifier.ReasonNotYetValid},
		{"at nbf", future, nbf, verifier.NoSkew, ""},
		{"before nbf within skew", future, nbf.Add(-60 * time.Second), time.Minute, ""},
		{"before nbf beyond skew", future, nbf.Add(-61 * time.Second), time.Minute, verifier.ReasonNotYetValid},
	} {
		d := verifier.New(list, verifier.Config{Now: at(tc.now), Skew: tc.skew}).Verify(tc.code)
		if d.Reason != tc.want {
			t.Errorf("%s: reason %q (%v), want %q", tc.name, d.Reason, d.Err, tc.want)
		}
	}
}

func TestTrustListTimes(t *testing.T) {
	f := newFixture(t, nil)
	code := issue(t, f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A"})
	d := verifier.New(f.list, verifier.Config{Now: at(t0.Add(90 * time.Minute))}).Verify(code)
	if !d.Accepted || len(d.Warnings) != 1 || d.Warnings[0] != verifier.WarnTrustListStale {
		t.Errorf("stale list: accepted=%v warnings=%v", d.Accepted, d.Warnings)
	}
	d = verifier.New(f.list, verifier.Config{Now: at(t0.Add(2 * time.Hour))}).Verify(code)
	if d.Reason != verifier.ReasonTrustListExpired || d.Credential != nil {
		t.Errorf("expired list: %q %v", d.Reason, d.Err)
	}
	// Expiry is checked first: even garbage is answered trust_list_expired.
	d = verifier.New(f.list, verifier.Config{Now: at(t0.Add(3 * time.Hour))}).Verify("garbage")
	if d.Reason != verifier.ReasonTrustListExpired {
		t.Errorf("expired list, garbage: %q", d.Reason)
	}
	// No list at all fails closed.
	var zero verifier.Config
	d = verifier.New(nil, zero).Verify(code)
	if d.Accepted || d.Reason != verifier.ReasonTrustListExpired {
		t.Errorf("no list: %v %q", d.Accepted, d.Reason)
	}
}

func TestIssuerChecks(t *testing.T) {
	f := newFixture(t, nil)
	for _, tc := range []struct {
		name string
		key  *issuer.Key
		c    *verifier.Credential
		list func(*trustlist.Contents)
		want verifier.Reason
	}{
		{"iss mismatch", f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "club", Name: "A"}, nil, verifier.ReasonIssuerNotAllowed},
		{"type not allowed", f.acme, &verifier.Credential{Type: verifier.Ticket, Iss: "acme", Name: "A"}, nil, verifier.ReasonIssuerNotAllowed},
		{"iat before key window", f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A"},
			func(c *trustlist.Contents) { c.Issuers[0].NotBefore = t0 }, verifier.ReasonIssuerNotAllowed},
		{"iat at key exp", f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A", IssuedAt: t0},
			func(c *trustlist.Contents) { c.Issuers[0].NotAfter = t0 }, verifier.ReasonIssuerNotAllowed},
		{"unknown type, all types allowed", f.acme, &verifier.Credential{Type: 9, Iss: "acme", Name: "A"},
			func(c *trustlist.Contents) { c.Issuers[0].Types = nil }, verifier.ReasonTypeNotAccepted},
		{"unknown issuer", f.anchor, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A"}, nil, verifier.ReasonUnknownIssuer},
	} {
		list := f.sign(t, 2, tc.list)
		d := verifier.New(list, verifier.Config{Now: at(t0)}).Verify(issue(t, tc.key, tc.c))
		if d.Reason != tc.want {
			t.Errorf("%s: reason %q (%v), want %q", tc.name, d.Reason, d.Err, tc.want)
		}
	}
}

// Entries may share a kid (the same key for two iss): the verifier finds the
// one that allows the credential.
func TestSharedKid(t *testing.T) {
	f := newFixture(t, func(c *trustlist.Contents) {
		c.Issuers = append(c.Issuers, &trustlist.Issuer{Kid: f0(c).Kid, Key: f0(c).Key, Iss: "acme-events", Name: "ACME Events", Types: []uint64{3}})
	})
	code := issue(t, f.acme, &verifier.Credential{Type: verifier.Ticket, Iss: "acme-events", Name: "A"})
	d := verifier.New(f.list, verifier.Config{Now: at(t0)}).Verify(code)
	if !d.Accepted || d.Issuer.Iss != "acme-events" {
		t.Fatalf("shared kid: %v %v", d.Reason, d.Err)
	}
}

func f0(c *trustlist.Contents) *trustlist.Issuer { return c.Issuers[0] }

func TestRevocationAndStatus(t *testing.T) {
	f := newFixture(t, nil)
	c := &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A"}
	code := issue(t, f.acme, c)
	list := f.sign(t, 2, func(tc *trustlist.Contents) { tc.Revoked = [][]byte{c.CTI} })
	if d := verifier.New(list, verifier.Config{Now: at(t0)}).Verify(code); d.Reason != verifier.ReasonRevoked || d.Credential == nil {
		t.Errorf("revoked: %q %v", d.Reason, d.Err)
	}
	withStatus := issue(t, f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A", Status: &verifier.StatusRef{URI: "u", Idx: 3}})
	if d := verifier.New(f.list, verifier.Config{Now: at(t0)}).Verify(withStatus); d.Reason != verifier.ReasonStatusUnknown {
		t.Errorf("unknown status list: %q %v", d.Reason, d.Err)
	}
}

func TestPresentation(t *testing.T) {
	f := newFixture(t, nil)
	holder, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	card := issue(t, f.club, &verifier.Credential{Type: verifier.Membership, Iss: "club", Name: "H", HolderKey: holder.Public()})
	present := func(ts time.Time, venue string) string {
		p, err := wallet.Present(holder, card, ts, venue)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	v := verifier.New(f.list, verifier.Config{Now: at(t0), Venue: "PARK"})
	fresh := present(t0.Add(-5*time.Second), "PARK")
	if d := v.Verify(fresh); !d.Accepted || d.Credential.Name != "H" || d.Presentation == nil {
		t.Fatalf("fresh presentation: %q %v", d.Reason, d.Err)
	}
	for _, tc := range []struct {
		name string
		code string
		want verifier.Reason
	}{
		{"replay", fresh, verifier.ReasonReplay},
		{"bare", card, verifier.ReasonPresentationRequired},
		{"too old", present(t0.Add(-31*time.Second), "PARK"), verifier.ReasonPresentationExpired},
		{"too new", present(t0.Add(31*time.Second), "PARK"), verifier.ReasonPresentationExpired},
		{"wrong venue", present(t0, "OTHER"), verifier.ReasonWrongVenue},
	} {
		if d := v.Verify(tc.code); d.Reason != tc.want {
			t.Errorf("%s: %q (%v), want %q", tc.name, d.Reason, d.Err, tc.want)
		}
	}
	if d := v.Verify(present(t0.Add(-30*time.Second), "")); !d.Accepted {
		t.Errorf("edge of the window, no venue: %q %v", d.Reason, d.Err)
	}
	if _, err := wallet.Present(f.club, card, t0, ""); err == nil {
		t.Error("Present with a key that is not the holder's succeeded")
	}
}

func TestMemoryReplayGuardBounded(t *testing.T) {
	g := verifier.NewMemoryReplayGuard(30*time.Second, 100)
	cti := []byte("0123456789abcdef")
	for i := 0; i < 1000; i++ {
		if g.Seen(cti, int64(i), t0) {
			t.Fatalf("pair %d reported seen", i)
		}
	}
	if g.Len() > 100 {
		t.Fatalf("guard holds %d pairs, cap 100", g.Len())
	}
	if !g.Seen(cti, 999, t0) {
		t.Fatal("the newest pair was forgotten")
	}
}

// Verify is safe for concurrent use while the trust list is swapped; run
// with -race.
func TestConcurrentSwap(t *testing.T) {
	f := newFixture(t, nil)
	c := &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A"}
	code := issue(t, f.acme, c)
	revokedList := f.sign(t, 2, func(tc *trustlist.Contents) { tc.Revoked = [][]byte{c.CTI} })
	v := verifier.New(f.list, verifier.Config{Now: at(t0)})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				d := v.Verify(code)
				if !d.Accepted && d.Reason != verifier.ReasonRevoked {
					t.Errorf("unexpected %q", d.Reason)
					return
				}
			}
		}()
	}
	for i := 0; i < 200; i++ {
		if i%2 == 0 {
			v.SetTrustList(revokedList)
		} else {
			v.SetTrustList(f.list)
		}
	}
	close(stop)
	wg.Wait()
	v.SetTrustList(revokedList)
	if d := v.Verify(code); d.Reason != verifier.ReasonRevoked {
		t.Fatalf("after swap: %q", d.Reason)
	}
}

func TestBadInputNeverAccepts(t *testing.T) {
	f := newFixture(t, nil)
	v := verifier.New(f.list, verifier.Config{Now: at(t0)})
	good := issue(t, f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A"})
	for name, in := range map[string]string{
		"empty":         "",
		"prefix only":   "VP1:",
		"lower case":    strings.ToLower(good),
		"truncated":     good[:len(good)-7],
		"over 4096":     "VP1:" + strings.Repeat("0", 4093),
		"HC1":           "HC1:" + good[4:],
		"trailing junk": good + "!",
	} {
		d := v.Verify(in)
		if d.Accepted || d.Reason == "" || d.Credential != nil {
			t.Errorf("%s: accepted=%v reason=%q", name, d.Accepted, d.Reason)
		}
	}
	if d := v.Verify(good + "\r\n"); !d.Accepted {
		t.Errorf("trailing CR LF: %q %v", d.Reason, d.Err)
	}
}

// A document signer entry (profile "dcc") never vouches for a venuepass
// credential, even when its kid and key match the signer's.
func TestDCCEntryDoesNotVouchForVP(t *testing.T) {
	f := newFixture(t, func(c *trustlist.Contents) {
		c.Issuers[0].Profile = trustlist.ProfileDCC
	})
	code := issue(t, f.acme, &verifier.Credential{Type: verifier.Employee, Iss: "acme", Name: "A"})
	if d := verifier.New(f.list, verifier.Config{Now: at(t0)}).Verify(code); d.Accepted || d.Reason != verifier.ReasonUnknownIssuer {
		t.Fatalf("vp credential through a dcc entry: accepted=%v %q", d.Accepted, d.Reason)
	}
}
