package main

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/venuepass/venuepass/dcc"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
)

// maxCertFile caps a certificate file; a PEM bundle of a few hundred DSCs
// fits.
const maxCertFile = 16 << 20

func runTrustAddDSC(args []string) error {
	c := lookup("trust add-dsc")
	fl := newFlags(c)
	var now nowFlag
	fl.Var(&now, "now", "")
	path, pos, err := parseDraft(c, fl, args, true)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageFor(c, "name the document signer certificate files (DER or PEM)")
	}
	var entries []draftIssuer
	for _, file := range pos {
		data, err := readFileCapped(file, maxCertFile, "certificate")
		if err != nil {
			return err
		}
		ders, err := certBlocks(data)
		if err != nil {
			return fmt.Errorf("certificate %s: %v", file, err)
		}
		for i, der := range ders {
			where := file
			if len(ders) > 1 {
				where = fmt.Sprintf("%s certificate %d", file, i+1)
			}
			e, err := dscEntry(der)
			if err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
			if na, _ := time.Parse(time.RFC3339, e.NotAfter); !na.IsZero() && !na.After(now.now()) {
				notef("warning: %s expired on %s; codes it signed are rejected at any later time", where, e.NotAfter)
			}
			entries = append(entries, e)
		}
	}
	added := 0
	err = editDraft(path, func(d *draft) error {
		for _, e := range entries {
			dup := false
			for _, x := range d.Issuers {
				dup = dup || (x.Profile == trustlist.ProfileDCC && x.Cert == e.Cert)
			}
			if dup {
				notef("%s already lists the document signer %s (kid %s); skipped", path, e.Name, e.Kid)
				continue
			}
			d.Issuers = append(d.Issuers, e)
			added++
			notef("added EU DCC document signer %q of %s (%s, kid %s, valid %s to %s)", e.Name, e.Iss, e.Alg, e.Kid, e.NotBefore, e.NotAfter)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if added > 0 {
		notef("added %d document signer(s) to %s; sign it with 'venuepass trust sign'", added, path)
	}
	return nil
}

// certExts are the names of certificate files.
var certExts = map[string]bool{".pem": true, ".der": true, ".crt": true, ".cer": true}

// isCertName reports whether arg names a certificate: by its extension, or
// by parsing as one (DER or PEM).
func isCertName(arg string) bool {
	if certExts[strings.ToLower(filepath.Ext(arg))] {
		return true
	}
	data, err := readFileCapped(arg, maxCertFile, "certificate")
	if err != nil {
		return false
	}
	ders, err := certBlocks(data)
	if err != nil || len(ders) == 0 {
		return false
	}
	_, err = x509.ParseCertificate(ders[0])
	return err == nil
}

// certBlocks returns the DER of every certificate in a DER or PEM file.
func certBlocks(data []byte) ([][]byte, error) {
	if !bytes.Contains(data, []byte("-----BEGIN")) {
		return [][]byte{data}, nil
	}
	var ders [][]byte
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type == "CERTIFICATE" {
			ders = append(ders, b.Bytes)
		}
	}
	if len(ders) == 0 {
		return nil, errors.New("no PEM CERTIFICATE block; pass the DSC as DER or PEM")
	}
	return ders, nil
}

// dscEntry makes the draft entry of a document signer certificate.
func dscEntry(der []byte) (draftIssuer, error) {
	ti, err := dcc.IssuerFromCert(der)
	if err != nil {
		return draftIssuer{}, errors.New(strings.TrimPrefix(err.Error(), "dcc: ") + "; is this an EU DCC document signer certificate (DER or PEM)?")
	}
	pemData, err := issuer.MarshalPublicKey(ti.Key)
	if err != nil {
		return draftIssuer{}, fmt.Errorf("certificate key: %v", err)
	}
	alg, err := issuer.AlgOf(ti.Key)
	if err != nil {
		return draftIssuer{}, err
	}
	return draftIssuer{
		Iss: ti.Iss, Name: ti.Name, Kid: hex.EncodeToString(ti.Kid), Alg: alg,
		Types: typeNames(trustlist.ProfileDCC, ti.Types), NotBefore: utc(ti.NotBefore), NotAfter: utc(ti.NotAfter),
		PublicKey: string(pemData), Profile: trustlist.ProfileDCC, Cert: base64.StdEncoding.EncodeToString(ti.Cert),
	}, nil
}

func runTrustStatus(args []string) error {
	return runSub(lookup("trust status"), args, "new or set")
}

// defaultStatusSize is the size of a new status list: a list that grows one
// entry per credential would tell how many were issued.
const defaultStatusSize = 1024

// maxStatusEntries keeps a list within the trust list's status list limit
// at 8 bits, whatever bits it has.
const maxStatusEntries = trustlist.MaxStatusListSize

func runTrustStatusNew(args []string) error {
	c := lookup("trust status new")
	fl := newFlags(c)
	uri := fl.String("uri", "", "")
	bits := fl.Uint("bits", 2, "")
	size := fl.Uint64("size", defaultStatusSize, "")
	path, err := parseDraftOnly(c, fl, args, "name the list with --uri")
	if err != nil {
		return err
	}
	switch {
	case *uri == "":
		return usageFor(c, "name the list with --uri (for example https://issuer.example/status/1)")
	case *bits != 1 && *bits != 2:
		return usageFor(c, "--bits must be 1 (valid, revoked) or 2 (also suspended)")
	case *size > maxStatusEntries:
		return usageFor(c, "--size must be at most %d", maxStatusEntries)
	}
	err = editDraft(path, func(d *draft) error {
		if d.statusList(*uri) != nil {
			return fmt.Errorf("%s already has a status list %q", path, *uri)
		}
		d.StatusLists = append(d.StatusLists, draftStatusList{URI: *uri, Bits: *bits, Size: *size, Revoked: []uint64{}, Suspended: []uint64{}})
		return nil
	})
	if err != nil {
		return err
	}
	notef("added status list %q (%d bit(s) per entry, %d entries) to %s; issue with 'venuepass issue --status-uri %s --draft %s'", *uri, *bits, *size, path, *uri, path)
	return nil
}

type statusChange struct {
	idx    uint64
	status uint8
	where  string
}

func runTrustStatusSet(args []string) error {
	c := lookup("trust status set")
	fl := newFlags(c)
	uri := fl.String("uri", "", "")
	idxFlag := fl.String("idx", "", "")
	file := fl.String("file", "", "")
	path, pos, err := parseDraft(c, fl, args, false)
	if err != nil {
		return err
	}
	if *uri == "" {
		return usageFor(c, "name the status list with --uri")
	}
	var changes []statusChange
	switch {
	case *idxFlag != "" && *file != "":
		return usageFor(c, "pass either --idx N STATUS or --file CHANGES.csv, not both")
	case *idxFlag != "":
		if len(pos) != 1 {
			return usageFor(c, "say the new status after the draft or --idx N: revoked, suspended or valid")
		}
		idx, err := strconv.ParseUint(*idxFlag, 10, 64)
		if err != nil {
			return usageFor(c, "--idx %q is not an index; use the idx of the issue manifest", *idxFlag)
		}
		st, err := parseStatus(pos[0])
		if err != nil {
			return usageFor(c, "%v", err)
		}
		changes = []statusChange{{idx: idx, status: st, where: "--idx"}}
	case *file != "":
		if len(pos) > 0 {
			return usageFor(c, "unexpected argument %q; the statuses come from --file", pos[0])
		}
		if changes, err = readStatusChanges(*file); err != nil {
			return err
		}
	default:
		return usageFor(c, "pass --idx N and the status, or --file CHANGES.csv")
	}
	counts := map[uint8]int{}
	err = editDraft(path, func(d *draft) error {
		s := d.statusList(*uri)
		if s == nil {
			return d.noStatusList(path, *uri)
		}
		for _, ch := range changes {
			if err := s.set(ch.idx, ch.status); err != nil {
				if ch.where == "--idx" {
					return err
				}
				return fmt.Errorf("%s: %v", ch.where, err)
			}
			counts[ch.status]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	var parts []string
	for _, st := range []uint8{trustlist.StatusRevoked, trustlist.StatusSuspended, trustlist.StatusValid} {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[st], statusName(st)))
		}
	}
	notef("set %s in status list %q of %s; sign it again and distribute the new list", strings.Join(parts, ", "), *uri, path)
	return nil
}

func readStatusChanges(path string) ([]statusChange, error) {
	data, err := readFileCapped(path, maxBatchSize, "status file")
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.TrimLeadingSpace = true
	r.FieldsPerRecord = -1
	r.Comment = '#'
	var changes []statusChange
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("status file %s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		where := fmt.Sprintf("%s line %d", path, line)
		if first && len(rec) > 0 && normalizeField(rec[0]) == "idx" {
			continue
		}
		if len(rec) != 2 {
			return nil, fmt.Errorf("%s: want idx,status (for example 17,revoked)", where)
		}
		idx, err := strconv.ParseUint(strings.TrimSpace(rec[0]), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not an index", where, rec[0])
		}
		st, err := parseStatus(rec[1])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		changes = append(changes, statusChange{idx: idx, status: st, where: where})
	}
	if len(changes) == 0 {
		return nil, fmt.Errorf("status file %s has no idx,status lines", path)
	}
	return changes, nil
}
