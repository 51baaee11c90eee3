package draft_test

import (
	"crypto"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/trustlist/draft"
	"github.com/venuepass/venuepass/verifier"
)

var t0 = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

func key(t *testing.T, alg string) *issuer.Key {
	t.Helper()
	k, err := issuer.GenerateKey(alg)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newDraft(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trust.json")
	if err := draft.Create(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// A draft edited on disk signs into a list that verifies with the anchor
// and carries its issuers, revocations and status lists.
func TestEditSignLoad(t *testing.T) {
	path := newDraft(t)
	if err := draft.Create(path); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Create over an existing draft: %v, want ErrExist", err)
	}
	anchor, acme := key(t, issuer.ES256), key(t, issuer.EdDSA)
	e, err := draft.NewIssuer(acme.Public(), "acme", "ACME", []string{"employee"}, t0.Add(-time.Hour), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if e.Kid == "" || e.Alg != issuer.EdDSA || e.NotAfter != "" || e.NotBefore != "2026-06-01T08:00:00Z" {
		t.Fatalf("entry %+v", e)
	}
	var idx uint64
	err = draft.Edit(path, func(d *draft.Draft) error {
		if err := d.AddIssuer(e); err != nil {
			return err
		}
		if err := d.AddIssuer(e); err == nil || !strings.Contains(err.Error(), "already lists the key") {
			t.Errorf("second AddIssuer: %v", err)
		}
		if already := d.Revoke("00112233445566778899aabbccddeeff", "00112233445566778899aabbccddeeff"); len(already) != 1 {
			t.Errorf("Revoke twice: already %v", already)
		}
		if err := d.AddStatusList("https://acme.example/s/1", 2, 16); err != nil {
			return err
		}
		s := d.StatusList("https://acme.example/s/1")
		for range 20 {
			idx = s.Allocate()
		}
		if s.Size != 20 {
			t.Errorf("size after 20 allocations: %d", s.Size)
		}
		if err := s.Set(3, trustlist.StatusSuspended); err != nil {
			return err
		}
		return s.Set(7, trustlist.StatusRevoked)
	})
	if err != nil {
		t.Fatal(err)
	}
	if idx != 19 {
		t.Fatalf("last index %d, want 19", idx)
	}
	var signed []byte
	err = draft.Edit(path, func(d *draft.Draft) error {
		signed, _, err = d.Sign(anchor, t0, t0.Add(24*time.Hour), t0.Add(72*time.Hour))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := draft.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Seq != 1 {
		t.Fatalf("seq after signing: %d", d.Seq)
	}
	l, err := trustlist.Load(signed, []crypto.PublicKey{anchor.Public()}, trustlist.NoGuard)
	if err != nil {
		t.Fatal(err)
	}
	if l.Seq != 1 || len(l.Issuers) != 1 || l.Issuers[0].Iss != "acme" || len(l.Revoked) != 1 {
		t.Fatalf("signed list: seq %d, %d issuers, %d revoked", l.Seq, len(l.Issuers), len(l.Revoked))
	}
	for i, want := range map[uint64]uint8{3: trustlist.StatusSuspended, 7: trustlist.StatusRevoked, 19: trustlist.StatusValid} {
		if got, err := l.Status("https://acme.example/s/1", i); err != nil || got != want {
			t.Errorf("status %d: %d, %v; want %d", i, got, err, want)
		}
	}
	sum := draft.SummarizeList(l, "trust.vptl", t0)
	if sum.Status != "current" || len(sum.StatusLists) != 1 || sum.StatusLists[0].Revoked != 1 || sum.StatusLists[0].Suspended != 1 {
		t.Fatalf("summary %+v", sum)
	}
	text := sum.Text()
	for _, want := range []string{"trust.vptl (signature verified", " current\n", "\nissuers:\n  acme  ACME  kid ", "employee  window 2026-06-01T08:00:00Z to -",
		"https://acme.example/s/1  2 bit(s)  20 entries  18 valid  1 revoked  1 suspended", "\nrevoked:\n  00112233445566778899aabbccddeeff\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary text lacks %q:\n%s", want, text)
		}
	}
	// The credential it vouches for verifies.
	cr := &verifier.Credential{Iss: "acme", Type: verifier.Employee, Name: "Kim", IssuedAt: t0, Expires: t0.Add(time.Hour)}
	code, err := acme.Issue(cr)
	if err != nil {
		t.Fatal(err)
	}
	if dec := verifier.New(l, verifier.Config{Now: func() time.Time { return t0 }}).Verify(code); !dec.Accepted {
		t.Fatalf("credential of the signed draft: %v", dec.Reason)
	}
}

func TestStatusRules(t *testing.T) {
	d := draft.New()
	if err := d.AddStatusList("u", 1, 8); err != nil {
		t.Fatal(err)
	}
	if err := d.AddStatusList("u", 2, 8); err == nil {
		t.Fatal("a second list with the same uri was added")
	}
	if err := d.AddStatusList("v", 3, 8); err == nil {
		t.Fatal("3 bits accepted")
	}
	s := d.StatusList("u")
	if err := s.Set(0, trustlist.StatusRevoked); err == nil || !strings.Contains(err.Error(), "has not been issued") {
		t.Fatalf("set before issuing: %v", err)
	}
	s.Allocate()
	if err := s.Set(0, trustlist.StatusSuspended); err == nil || !strings.Contains(err.Error(), "1 bit per entry") {
		t.Fatalf("suspend on a 1-bit list: %v", err)
	}
	if err := s.Set(0, trustlist.StatusRevoked); err != nil {
		t.Fatal(err)
	}
	if err := s.Set(0, trustlist.StatusValid); err == nil || !strings.Contains(err.Error(), "which is final") {
		t.Fatalf("un-revoke: %v", err)
	}
	if st, err := draft.ParseStatus(" Suspended "); err != nil || st != trustlist.StatusSuspended || draft.StatusName(st) != "suspended" {
		t.Fatalf("ParseStatus: %d %v", st, err)
	}
}

func TestParseStatusChanges(t *testing.T) {
	ch, err := draft.ParseStatusChanges([]byte("idx,status\n# leavers\n4, revoked\n5,suspended\n"), "c.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 2 || ch[0].Idx != 4 || ch[0].Status != trustlist.StatusRevoked || ch[1].Where != "c.csv line 4" {
		t.Fatalf("changes %+v", ch)
	}
	for in, want := range map[string]string{
		"1,revoked\nx,revoked\n": `c.csv line 2: "x" is not an index`,
		"1,gone\n":               `c.csv line 1: unknown status "gone"`,
		"1\n":                    "want idx,status",
		"idx,status\n":           "has no idx,status lines",
	} {
		if _, err := draft.ParseStatusChanges([]byte(in), "c.csv"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

// Bad files are refused with a clear error and never rewritten.
func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ data, want string }{
		"newer.json":  {`{"format":"venuepass-trust-draft/1","seq":0,"issuers":[],"revoked":[],"extra":1}`, "newer venuepass"},
		"other.json":  {`{"format":"something/2"}`, `format "something/2"`},
		"broken.json": {`{"format":`, "not valid JSON"},
		"list.vptl":   {"\xd2\x84", "a signed .vptl cannot be edited"},
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(tc.data), 0o644)
		err := draft.Edit(path, func(*draft.Draft) error { t.Errorf("%s: edit called", name); return nil })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
		if got, _ := os.ReadFile(path); string(got) != tc.data {
			t.Errorf("%s was changed", name)
		}
		if _, err := os.Stat(path + ".lock"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: lock left behind", name)
		}
	}
	var pe *fs.PathError
	if err := draft.Edit(filepath.Join(dir, "missing.json"), nil); !errors.As(err, &pe) {
		t.Errorf("missing draft: %v, want a PathError", err)
	}
}

// A failed edit writes nothing; a held lock refuses a second editor.
func TestEditLock(t *testing.T) {
	path := newDraft(t)
	before, _ := os.ReadFile(path)
	boom := errors.New("boom")
	err := draft.Edit(path, func(d *draft.Draft) error {
		d.Revoke("00112233445566778899aabbccddeeff")
		if err := draft.Edit(path, func(*draft.Draft) error { return nil }); err == nil || !strings.Contains(err.Error(), "is being edited") {
			t.Errorf("nested edit: %v", err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("edit error %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("a failed edit changed the draft")
	}
	// Concurrent editors each allocate: no index is handed out twice.
	if err := draft.Edit(path, func(d *draft.Draft) error { return d.AddStatusList("u", 2, 0) }); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[uint64]bool{}
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				err := draft.Edit(path, func(d *draft.Draft) error {
					i := d.StatusList("u").Allocate()
					mu.Lock()
					defer mu.Unlock()
					if got[i] {
						t.Errorf("index %d handed out twice", i)
					}
					got[i] = true
					return nil
				})
				if err == nil {
					return
				}
				if !strings.Contains(err.Error(), "is being edited") {
					t.Error(err)
					return
				}
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	d, _ := draft.Read(path)
	if n := d.StatusList("u").Next; n != 8 {
		t.Fatalf("next after 8 editors: %d", n)
	}
}

func TestContentsRefusesBadEntries(t *testing.T) {
	k := key(t, issuer.ES256)
	e, err := draft.NewIssuer(k.Public(), "acme", "ACME", nil, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	bad := e
	bad.Kid = "0000000000000000"
	d := draft.New()
	d.Issuers = append(d.Issuers, bad)
	if _, err := d.Contents(); err == nil || !strings.Contains(err.Error(), "issuer 1 (acme): kid 0000000000000000 does not match") {
		t.Fatalf("wrong kid: %v", err)
	}
	d = draft.New()
	d.Revoked = []string{"zz"}
	if _, err := d.Contents(); err == nil || !strings.Contains(err.Error(), "revoked:") {
		t.Fatalf("bad cti: %v", err)
	}
	if _, err := draft.NewIssuer(k.Public(), "acme", "ACME", []string{"spaceship"}, time.Time{}, time.Time{}); err == nil {
		t.Fatal("unknown type accepted")
	}
	if _, err := draft.NewIssuer(k.Public(), "acme", "ACME", nil, t0, t0); err == nil {
		t.Fatal("empty window accepted")
	}
	if draft.IsCertificate([]byte("not a cert")) {
		t.Fatal("garbage taken for a certificate")
	}
}

// One key under two issuer ids is refused, naming both ids, unless asked
// for; the same key for the same id stays refused either way.
func TestSharedKey(t *testing.T) {
	acme := key(t, issuer.EdDSA)
	d := draft.New()
	a, err := draft.NewIssuer(acme.Public(), "acme-corp", "ACME", nil, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := draft.NewIssuer(acme.Public(), "acme-events", "ACME Events", nil, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.AddIssuer(a); err != nil {
		t.Fatal(err)
	}
	err = d.AddIssuer(b)
	var se *draft.SharedKeyError
	if !errors.Is(err, draft.ErrSharedKey) || !errors.As(err, &se) || se.Kid != a.Kid || se.Iss != "acme-events" || se.Other != "acme-corp" {
		t.Fatalf("AddIssuer with acme-corp's key: %v, want a SharedKeyError naming both ids", err)
	}
	if want := `the key ` + a.Kid + ` of issuer "acme-events" is already listed for issuer "acme-corp"`; !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}
	if len(d.Issuers) != 1 {
		t.Fatalf("refused entry was added: %d issuers", len(d.Issuers))
	}
	if err := d.AddIssuerSharedKey(b); err != nil {
		t.Fatalf("AddIssuerSharedKey: %v", err)
	}
	if err := d.AddIssuerSharedKey(b); err == nil || !strings.Contains(err.Error(), "already lists the key") {
		t.Fatalf("same key, same id, shared allowed: %v", err)
	}
	if len(d.Issuers) != 2 {
		t.Fatalf("%d issuers, want 2", len(d.Issuers))
	}
}

// The draft remembers the anchor its lists are signed with and refuses
// another, naming both kids, until ForgetAnchor; the refusal leaves seq
// and anchor as they were.
func TestAnchorRemembered(t *testing.T) {
	anchor, other := key(t, issuer.ES256), key(t, issuer.ES256)
	d := draft.New()
	if _, _, err := d.Sign(anchor, t0, t0.Add(time.Hour), t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	kid := func(k *issuer.Key) string { return hex.EncodeToString(k.KeyID()) }
	if d.AnchorKid != kid(anchor) || d.Seq != 1 {
		t.Fatalf("after signing: anchor kid %q seq %d, want %s 1", d.AnchorKid, d.Seq, kid(anchor))
	}
	_, _, err := d.Sign(other, t0, t0.Add(time.Hour), t0.Add(2*time.Hour))
	var ae *draft.AnchorChangedError
	if !errors.Is(err, draft.ErrAnchorChanged) || !errors.As(err, &ae) || ae.Was != kid(anchor) || ae.Now != kid(other) {
		t.Fatalf("Sign with another anchor: %v", err)
	}
	if !strings.Contains(err.Error(), kid(anchor)) || !strings.Contains(err.Error(), kid(other)) {
		t.Errorf("message %q does not name both kids", err)
	}
	if d.Seq != 1 || d.AnchorKid != kid(anchor) {
		t.Fatalf("refused signing changed the draft: seq %d anchor %s", d.Seq, d.AnchorKid)
	}
	// The same anchor again is fine, and survives a write and a read.
	if _, _, err := d.Sign(anchor, t0, t0.Add(time.Hour), t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "trust.json")
	if err := d.Write(path); err != nil {
		t.Fatal(err)
	}
	d, err = draft.Read(path)
	if err != nil || d.AnchorKid != kid(anchor) {
		t.Fatalf("read back: %v, anchor kid %q", err, d.AnchorKid)
	}
	if was := d.ForgetAnchor(); was != kid(anchor) {
		t.Fatalf("ForgetAnchor returned %q", was)
	}
	signed, _, err := d.Sign(other, t0, t0.Add(time.Hour), t0.Add(2*time.Hour))
	if err != nil {
		t.Fatalf("Sign with a new anchor after ForgetAnchor: %v", err)
	}
	if d.AnchorKid != kid(other) || d.Seq != 3 {
		t.Fatalf("after the change: anchor %s seq %d", d.AnchorKid, d.Seq)
	}
	if _, err := trustlist.Parse(signed, []crypto.PublicKey{other.Public()}); err != nil {
		t.Fatalf("list signed by the new anchor: %v", err)
	}
}

func TestStatusSetChanges(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "퇴사자.csv")
	if err := os.WriteFile(csvPath, []byte("idx,status\n17,revoked\n18,suspended\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	read := os.ReadFile
	changes, err := draft.StatusSet{URI: "u", Idx: "7", Args: []string{"Revoked"}}.Changes(read)
	if err != nil || len(changes) != 1 || changes[0].Idx != 7 || changes[0].Status != trustlist.StatusRevoked {
		t.Fatalf("--idx 7 revoked: %+v, %v", changes, err)
	}
	changes, err = draft.StatusSet{URI: "u", File: csvPath}.Changes(read)
	if err != nil || len(changes) != 2 || changes[1].Idx != 18 || changes[1].Where != csvPath+" line 3" {
		t.Fatalf("--file: %+v, %v", changes, err)
	}
	for _, c := range []struct {
		s    draft.StatusSet
		want string
	}{
		{draft.StatusSet{Idx: "7", Args: []string{"revoked"}}, "name the status list with --uri"},
		{draft.StatusSet{URI: "u", Idx: "7", File: csvPath}, "pass either --idx N STATUS or --file CHANGES.csv, not both"},
		{draft.StatusSet{URI: "u", Idx: "7"}, "say the new status after the draft or --idx N"},
		{draft.StatusSet{URI: "u", Idx: "x", Args: []string{"revoked"}}, `--idx "x" is not an index`},
		{draft.StatusSet{URI: "u", Idx: "7", Args: []string{"gone"}}, `unknown status "gone"`},
		{draft.StatusSet{URI: "u", File: csvPath, Args: []string{"revoked"}}, `unexpected argument "revoked"; the statuses come from --file`},
		{draft.StatusSet{URI: "u"}, "pass --idx N and the status, or --file CHANGES.csv"},
	} {
		_, err := c.s.Changes(read)
		var ue *draft.UsageError
		if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%+v: %v, want a UsageError %q", c.s, err, c.want)
		}
	}
	// A file that cannot be read, or does not parse, is not a usage error.
	var ue *draft.UsageError
	if _, err := (draft.StatusSet{URI: "u", File: filepath.Join(dir, "none.csv")}).Changes(read); !errors.Is(err, fs.ErrNotExist) || errors.As(err, &ue) {
		t.Errorf("missing file: %v", err)
	}
	if err := os.WriteFile(csvPath, []byte("17\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (draft.StatusSet{URI: "u", File: csvPath}).Changes(read); err == nil || errors.As(err, &ue) {
		t.Errorf("bad file: %v", err)
	}
}
