package main

import (
	"bytes"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/trustlist/draft"
	"github.com/venuepass/venuepass/verifier"
)

var demoCmd = &command{
	name:  "demo",
	usage: help("demo"),
}

func init() { demoCmd.run = runDemo }

type demoCase struct {
	file   string
	key    *issuer.Key
	cred   *verifier.Credential
	expect verifier.Reason // "" for accept
	forge  bool            // signed over Sam Carter's card but carrying Max Carter
	revoke bool
}

// demoMarker marks a folder as made by demo.
const demoMarker = ".venuepass-demo"

func runDemo(args []string) error {
	c := demoCmd
	fl := newFlags(c)
	dir := fl.String("dir", "venuepass-demo", "")
	var now nowFlag
	fl.Var(&now, "now", "")
	if err := parseNone(c, fl, args, "choose the folder with --dir"); err != nil {
		return err
	}
	if entries, err := os.ReadDir(*dir); err == nil && len(entries) > 0 {
		// A folder an earlier demo made (it holds the marker) is replaced,
		// so the README's first command can be run again; anything else
		// is never touched.
		if _, err := os.Stat(filepath.Join(*dir, demoMarker)); err != nil {
			return fmt.Errorf("%s already exists and is not empty; remove it or pick another folder with --dir", *dir)
		}
		if err := os.RemoveAll(*dir); err != nil {
			return fmt.Errorf("cannot replace the earlier demo in %s: %v", *dir, err)
		}
		fmt.Fprintf(os.Stderr, "venuepass: replacing the earlier demo in %s\n", *dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fileError("folder", *dir, err)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("cannot make folder %s: %v", *dir, err)
	}
	if err := os.WriteFile(filepath.Join(*dir, demoMarker), []byte("made by venuepass demo; running it again replaces this folder\n"), 0o644); err != nil {
		return fmt.Errorf("cannot write in %s: %v", *dir, err)
	}
	t := now.now().UTC().Truncate(time.Second)
	path := func(name string) string { return filepath.Join(*dir, name) }
	day := 24 * time.Hour

	anchor, err := demoKey(path("anchor"), issuer.ES256)
	if err != nil {
		return err
	}
	acme, err := demoKey(path("acme"), issuer.ES256)
	if err != nil {
		return err
	}
	arena, err := demoKey(path("arena"), issuer.EdDSA)
	if err != nil {
		return err
	}

	const arenaOrg = "City Arena"
	cases := []*demoCase{
		{file: "employee", key: acme, cred: &verifier.Credential{Iss: "acme-corp", Type: verifier.Employee,
			Name: "Kim Min-jun", Org: "ACME Corporation", Sub: "E-1042", Title: "Lab technician",
			Zones: []string{"HQ-MAIN", "LAB-2"}, Expires: t.Add(365 * day)}},
		{file: "membership", key: arena, cred: &verifier.Credential{Iss: "city-arena", Type: verifier.Membership,
			Name: "Sam Carter", Org: arenaOrg, Sub: "M-0007", Tier: "Season", Number: "0007", Expires: t.Add(180 * day)}},
		{file: "ticket", key: arena, cred: &verifier.Credential{Iss: "city-arena", Type: verifier.Ticket,
			Name: "Lee Ji-woo", Org: arenaOrg, Sub: "T-88120", Event: "FINAL-2026", Seat: "Block B, row 4, seat 14",
			Expires: t.Add(30 * day)}},
		{file: "certificate", key: acme, cred: &verifier.Credential{Iss: "acme-corp", Type: verifier.Certificate,
			Name: "Alex Martin", Org: "ACME Corporation", Title: "Forklift operator", Number: "FL-2231",
			Expires: t.Add(730 * day)}},
		{file: "expired", key: arena, expect: verifier.ReasonExpired, cred: &verifier.Credential{Iss: "city-arena",
			Type: verifier.Ticket, Name: "Noor Haddad", Org: arenaOrg, Event: "SPRING-2026", Seat: "Block A",
			IssuedAt: t.Add(-90 * day), Expires: t.Add(-60 * day)}},
		{file: "revoked", key: acme, expect: verifier.ReasonRevoked, revoke: true, cred: &verifier.Credential{
			Iss: "acme-corp", Type: verifier.Employee, Name: "Pat Jones", Org: "ACME Corporation", Sub: "E-0999",
			Expires: t.Add(365 * day)}},
		{file: "tampered", key: arena, expect: verifier.ReasonBadSignature, cred: &verifier.Credential{
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
			return err
		}
		if err := d.AddIssuer(entry); err != nil {
			return err
		}
	}

	for _, dc := range cases {
		if dc.cred.IssuedAt.IsZero() {
			dc.cred.IssuedAt = t
		}
		key := dc.key
		if dc.forge {
			if key, err = issuer.NewKey(forger{dc.key.Signer, "Max Carter", "Sam Carter"}); err != nil {
				return err
			}
		}
		text, err := key.Issue(dc.cred)
		if err != nil {
			return fmt.Errorf("issuing %s: %v", dc.file, err)
		}
		if dc.revoke {
			d.Revoke(hex.EncodeToString(dc.cred.CTI))
		}
		if _, err := issuer.SaveCode(path(dc.file), text, issuer.SaveOptions{PNG: true}); err != nil {
			return err
		}
	}

	signed, _, err := d.Sign(anchor, t, t.Add(7*day), t.Add(30*day))
	if err != nil {
		return err
	}
	if err := writeFileNew(path("trust.vptl"), signed, 0o644); err != nil {
		return err
	}
	if err := d.Write(path("trust.json")); err != nil {
		return err
	}

	// Read everything back as a kiosk would: the list through the pinned
	// anchor, each credential by scanning its PNG.
	list, err := loadTrustList(path("trust.vptl"), []string{path("anchor.key.pub")}, "")
	if err != nil {
		return err
	}
	v := verifier.New(list, verifier.Config{Now: func() time.Time { return t }})
	pngs := make([]string, len(cases))
	for i, dc := range cases {
		pngs[i] = path(dc.file + ".png")
	}
	scans := qr.DecodeFiles(pngs)
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "FILE\tEXPECTED\tVERDICT\tREASON\tHOLDER")
	mismatches := 0
	for i, dc := range cases {
		r := <-scans[i]
		if r.Err != nil {
			w.Flush()
			return imageError(pngs[i], r.Err)
		}
		if len(r.Texts) != 1 {
			w.Flush()
			return fmt.Errorf("%s holds %d QR codes, want 1", pngs[i], len(r.Texts))
		}
		dec := v.Verify(r.Texts[0])
		expect, verdict, reason, holder := "accept", "ACCEPT", "-", "-"
		if dc.expect != "" {
			expect = "reject: " + string(dc.expect)
		}
		if !dec.Accepted {
			verdict, reason = "REJECT", string(dec.Reason)
		}
		if dec.Credential != nil {
			holder = dec.Credential.Name + " (" + dec.Credential.Type.String() + ")"
		}
		mark := ""
		if dec.Accepted != (dc.expect == "") || dec.Reason != dc.expect {
			mismatches++
			mark = "  <- UNEXPECTED"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s%s\n", filepath.Base(pngs[i]), expect, verdict, reason, holder, mark)
	}
	w.Flush()
	if mismatches > 0 {
		notef("%d of %d verdicts differ from their expectation", mismatches, len(cases))
		return exitStatus(exitRejected)
	}
	fmt.Printf("\nAll %d verdicts are as expected. The files are in %s; try:\n", len(cases), *dir)
	self := selfCommand(os.Args[0])
	fmt.Printf("    %s verify --trust %s --anchor %s %s\n", self, path("trust.vptl"), path("anchor.key.pub"), path("employee.png"))
	fmt.Printf("    %s trust show --anchor %s %s\n", self, path("anchor.key.pub"), path("trust.vptl"))
	fmt.Printf("    %s render < %s\n", self, path("ticket.txt"))
	return nil
}

// demoKey makes a key and writes it to base.key (0600) and base.key.pub,
// the names keygen gives.
func demoKey(base, alg string) (*issuer.Key, error) {
	k, err := issuer.GenerateKey(alg)
	if err != nil {
		return nil, err
	}
	if err := issuer.WritePrivateKey(base+".key", k); err != nil {
		return nil, fmt.Errorf("writing %s.key: %v", base, err)
	}
	pub, err := publicPEM(k.Public())
	if err != nil {
		return nil, err
	}
	return k, writeFileNew(base+".key.pub", pub, 0o644)
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
