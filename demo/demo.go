// Package demo builds the venuepass tour that `venuepass demo` runs: a
// trust anchor and two issuers with their keys, seven credentials written
// as text and PNG, a signed trust list and its draft, and the verdict each
// credential must get when its PNG is scanned and verified as a kiosk
// would (four accepted; expired, revoked and tampered rejected).
//
// Everything is made fresh in a folder: Prepare readies it, Build writes
// the files, Check reads them back through the pinned anchor and the QR
// decoder.
package demo

import (
	"bytes"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/trustlist/draft"
	"github.com/venuepass/venuepass/verifier"
)

// Marker is the file that marks a folder as made by the demo; Prepare
// replaces only such a folder.
const Marker = ".venuepass-demo"

// ErrNotEmpty is returned by Prepare for a folder that holds files and was
// not made by the demo: it is never touched.
var ErrNotEmpty = errors.New("folder exists, is not empty and was not made by the demo")

// Prepare makes dir ready for Build: it creates it with the Marker file, or
// replaces a folder an earlier demo made (replaced is then true), so the
// demo can be run again. A failure to list dir is returned as the
// *fs.PathError of os.ReadDir.
func Prepare(dir string) (replaced bool, err error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
			return false, ErrNotEmpty
		}
		if err := os.RemoveAll(dir); err != nil {
			return false, fmt.Errorf("cannot replace the earlier demo in %s: %v", dir, err)
		}
		replaced = true
	} else if err != nil && !os.IsNotExist(err) {
		return false, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return replaced, fmt.Errorf("cannot make folder %s: %v", dir, err)
	}
	if err := os.WriteFile(filepath.Join(dir, Marker), []byte("made by venuepass demo; running it again replaces this folder\n"), 0o644); err != nil {
		return replaced, fmt.Errorf("cannot write in %s: %v", dir, err)
	}
	return replaced, nil
}

// Case is one credential of the demo: FILE.txt and FILE.png in the folder,
// and the verdict it must get.
type Case struct {
	File   string
	Expect verifier.Reason // "" for accept

	key    *issuer.Key
	cred   *verifier.Credential
	forge  bool // signed over Sam Carter's card but carrying Max Carter
	revoke bool
}

// Files of the folder Build writes, besides the cases and the keys
// (anchor, acme and arena, as NAME.key and NAME.key.pub, the names keygen gives).
const (
	TrustList = "trust.vptl"     // the signed list
	Draft     = "trust.json"     // its draft, to edit and sign again
	Anchor    = "anchor.key.pub" // the anchor to pin
)

// Build writes the demo into dir (made by Prepare) as of t, truncated to
// the second, and returns its cases in the order of the verdict table.
func Build(dir string, t time.Time) ([]*Case, error) {
	t = t.UTC().Truncate(time.Second)
	path := func(name string) string { return filepath.Join(dir, name) }
	day := 24 * time.Hour
	keys := map[string]*issuer.Key{}
	for _, k := range []struct{ name, alg string }{{"anchor", issuer.ES256}, {"acme", issuer.ES256}, {"arena", issuer.EdDSA}} {
		key, err := issuer.GenerateKey(k.alg)
		if err != nil {
			return nil, err
		}
		if err := issuer.WritePrivateKey(path(k.name+".key"), key); err != nil {
			return nil, fmt.Errorf("writing %s.key: %v", path(k.name), err)
		}
		pub, err := issuer.PublicKeyFile(key.Public())
		if err != nil {
			return nil, err
		}
		if err := writeNew(path(k.name+".key.pub"), pub); err != nil {
			return nil, err
		}
		keys[k.name] = key
	}
	acme, arena := keys["acme"], keys["arena"]

	const arenaOrg = "City Arena"
	cases := []*Case{
		{File: "employee", key: acme, cred: &verifier.Credential{Iss: "acme-corp", Type: verifier.Employee,
			Name: "Kim Min-jun", Org: "ACME Corporation", Sub: "E-1042", Title: "Lab technician",
			Zones: []string{"HQ-MAIN", "LAB-2"}, Expires: t.Add(365 * day)}},
		{File: "membership", key: arena, cred: &verifier.Credential{Iss: "city-arena", Type: verifier.Membership,
			Name: "Sam Carter", Org: arenaOrg, Sub: "M-0007", Tier: "Season", Number: "0007", Expires: t.Add(180 * day)}},
		{File: "ticket", key: arena, cred: &verifier.Credential{Iss: "city-arena", Type: verifier.Ticket,
			Name: "Lee Ji-woo", Org: arenaOrg, Sub: "T-88120", Event: "FINAL-2026", Seat: "Block B, row 4, seat 14",
			Expires: t.Add(30 * day)}},
		{File: "certificate", key: acme, cred: &verifier.Credential{Iss: "acme-corp", Type: verifier.Certificate,
			Name: "Alex Martin", Org: "ACME Corporation", Title: "Forklift operator", Number: "FL-2231",
			Expires: t.Add(730 * day)}},
		{File: "expired", key: arena, Expect: verifier.ReasonExpired, cred: &verifier.Credential{Iss: "city-arena",
			Type: verifier.Ticket, Name: "Noor Haddad", Org: arenaOrg, Event: "SPRING-2026", Seat: "Block A",
			IssuedAt: t.Add(-90 * day), Expires: t.Add(-60 * day)}},
		{File: "revoked", key: acme, Expect: verifier.ReasonRevoked, revoke: true, cred: &verifier.Credential{
			Iss: "acme-corp", Type: verifier.Employee, Name: "Pat Jones", Org: "ACME Corporation", Sub: "E-0999",
			Expires: t.Add(365 * day)}},
		{File: "tampered", key: arena, Expect: verifier.ReasonBadSignature, cred: &verifier.Credential{
			Iss: "city-arena", Type: verifier.Membership, Name: "Max Carter", Org: arenaOrg, Sub: "M-0007",
			Tier: "Season", Number: "0007", Expires: t.Add(180 * day)},
			forge: true},
	}

	d := draft.New()
	for _, e := range []struct {
		key       *issuer.Key
		iss, name string
		types     []string
	}{
		{acme, "acme-corp", "ACME Corporation", []string{"employee", "certificate"}},
		{arena, "city-arena", "City Arena", []string{"membership", "ticket"}},
	} {
		entry, err := draft.NewIssuer(e.key.Public(), e.iss, e.name, e.types, t.Add(-365*day), time.Time{})
		if err != nil {
			return nil, err
		}
		if err := d.AddIssuer(entry); err != nil {
			return nil, err
		}
	}

	for _, c := range cases {
		if c.cred.IssuedAt.IsZero() {
			c.cred.IssuedAt = t
		}
		key := c.key
		if c.forge {
			var err error
			if key, err = issuer.NewKey(forger{c.key.Signer, "Max Carter", "Sam Carter"}); err != nil {
				return nil, err
			}
		}
		text, err := key.Issue(c.cred)
		if err != nil {
			return nil, fmt.Errorf("issuing %s: %v", c.File, err)
		}
		if c.revoke {
			d.Revoke(hex.EncodeToString(c.cred.CTI))
		}
		if _, err := issuer.SaveCode(path(c.File), text, issuer.SaveOptions{PNG: true}); err != nil {
			return nil, err
		}
	}

	signed, _, err := d.Sign(keys["anchor"], t, t.Add(7*day), t.Add(30*day))
	if err != nil {
		return nil, err
	}
	if err := writeNew(path(TrustList), signed); err != nil {
		return nil, err
	}
	if err := d.Write(path(Draft)); err != nil {
		return nil, err
	}
	return cases, nil
}

// writeNew writes a new file, mode 0644, never over an existing one.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Result is the verdict a case got.
type Result struct {
	*Case
	PNG      string // the file scanned
	Decision verifier.Decision
}

// AsExpected reports whether the verdict is the one the case expects.
func (r *Result) AsExpected() bool {
	return r.Decision.Accepted == (r.Expect == "") && r.Decision.Reason == r.Expect
}

// ScanError is a case's PNG that the QR decoder could not read.
type ScanError struct {
	PNG string
	Err error // from qr.DecodeFiles
}

func (e *ScanError) Error() string { return e.PNG + ": " + e.Err.Error() }
func (e *ScanError) Unwrap() error { return e.Err }

// Check reads the demo in dir back as a kiosk would, as of t: the trust
// list through the pinned anchor, each case by scanning its PNG. It returns
// the results in case order; on an error (a *ScanError for a PNG that
// does not decode), those before it.
func Check(dir string, t time.Time, cases []*Case) ([]Result, error) {
	t = t.UTC().Truncate(time.Second)
	list, err := trustlist.LoadFile(filepath.Join(dir, TrustList), []string{filepath.Join(dir, Anchor)}, trustlist.NoGuard)
	if err != nil {
		return nil, err
	}
	v := verifier.New(list, verifier.Config{Now: func() time.Time { return t }})
	pngs := make([]string, len(cases))
	for i, c := range cases {
		pngs[i] = filepath.Join(dir, c.File+".png")
	}
	scans := qr.DecodeFiles(pngs)
	var results []Result
	for i, c := range cases {
		r := <-scans[i]
		if r.Err != nil {
			return results, &ScanError{PNG: pngs[i], Err: r.Err}
		}
		if len(r.Texts) != 1 {
			return results, fmt.Errorf("%s holds %d QR codes, want 1", pngs[i], len(r.Texts))
		}
		results = append(results, Result{Case: c, PNG: pngs[i], Decision: v.Verify(r.Texts[0])})
	}
	return results, nil
}

// forger signs a message other than the one it is given, as a forger who
// edited a signed credential would present it: the code carries "from"
// (Max Carter) under a signature over "to" (Sam Carter, whose card it
// was), well-formed but with a signature that does not match. It needs a
// key that signs whole messages (Ed25519), not digests.
type forger struct {
	crypto.Signer
	from, to string
}

func (f forger) Sign(rand io.Reader, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	if opts.HashFunc() != 0 || bytes.Count(msg, []byte(f.from)) != 1 || len(f.from) != len(f.to) {
		return nil, errors.New("demo: the forged code needs an Ed25519 key and a same-length edit")
	}
	return f.Signer.Sign(rand, bytes.Replace(msg, []byte(f.from), []byte(f.to), 1), opts)
}

// WriteTable writes results as the table `venuepass demo` prints: one row
// per case with its file, the verdict expected and got, the reason and
// the holder, a row whose verdict is not the expected one marked
// "<- UNEXPECTED". It returns how many rows were marked.
func WriteTable(w io.Writer, results []Result) (mismatches int, err error) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tEXPECTED\tVERDICT\tREASON\tHOLDER")
	for _, r := range results {
		expect, verdict, reason, holder := "accept", "ACCEPT", "-", "-"
		if r.Expect != "" {
			expect = "reject: " + string(r.Expect)
		}
		if d := r.Decision; !d.Accepted {
			verdict, reason = "REJECT", string(d.Reason)
		}
		if cr := r.Decision.Credential; cr != nil {
			holder = cr.Name + " (" + cr.Type.String() + ")"
		}
		mark := ""
		if !r.AsExpected() {
			mismatches++
			mark = "  <- UNEXPECTED"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s%s\n", filepath.Base(r.PNG), expect, verdict, reason, holder, mark)
	}
	return mismatches, tw.Flush()
}
