package main

import (
	"fmt"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/trustlist/draft"
)

// maxCertFile caps a certificate file; a PEM bundle of a few hundred DSCs
// fits.
const maxCertFile = 16 << 20

func runTrustAddDSC(c *command, args []string) error {
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
	entries, warnings, err := draft.ReadDSCFiles(pos, func(file string) ([]byte, error) {
		return fileutil.ReadFile(file, maxCertFile, "certificate")
	}, now.now())
	notes(warnings)
	if err != nil {
		return err
	}
	added := 0
	err = editDraft(path, func(d *draft.Draft) error {
		for _, e := range entries {
			if !d.AddDSC(e) {
				notef("%s already lists the document signer %s (kid %s); skipped", path, e.Name, e.Kid)
				continue
			}
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

func runTrustStatusNew(c *command, args []string) error {
	fl := newFlags(c)
	uri := fl.String("uri", "", "")
	bits := fl.Uint("bits", 2, "")
	size := fl.Uint64("size", draft.DefaultStatusSize, "")
	path, err := parseDraftOnly(c, fl, args, "name the list with --uri")
	if err != nil {
		return err
	}
	switch {
	case *uri == "":
		return usageFor(c, "name the list with --uri (for example https://issuer.example/status/1)")
	case *bits != 1 && *bits != 2:
		return usageFor(c, "--bits must be 1 (valid, revoked) or 2 (also suspended)")
	case *size > draft.MaxStatusEntries:
		return usageFor(c, "--size must be at most %d", draft.MaxStatusEntries)
	}
	err = editDraft(path, func(d *draft.Draft) error {
		if err := d.AddStatusList(*uri, *bits, *size); err != nil {
			return fmt.Errorf("%s %v", path, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	notef("added status list %q (%d bit(s) per entry, %d entries) to %s; issue with 'venuepass issue --status-uri %s --draft %s'", *uri, *bits, *size, path, *uri, path)
	return nil
}

func runTrustStatusSet(c *command, args []string) error {
	fl := newFlags(c)
	uri := fl.String("uri", "", "")
	idxFlag := fl.String("idx", "", "")
	file := fl.String("file", "", "")
	path, pos, err := parseDraft(c, fl, args, false)
	if err != nil {
		return err
	}
	changes, err := draft.StatusSet{URI: *uri, Idx: *idxFlag, File: *file, Args: pos}.Changes(func(path string) ([]byte, error) {
		return fileutil.ReadFile(path, maxBatchSize, "status file")
	})
	if err != nil {
		return draftUsage(c, err)
	}
	var counts map[uint8]int
	err = editDraft(path, func(d *draft.Draft) (err error) {
		counts, err = d.SetStatuses(*uri, changes)
		return draft.MissingStatusList(path, err)
	})
	if err != nil {
		return err
	}
	notef("set %s in status list %q of %s; sign it again and distribute the new list", draft.DescribeCounts(counts), *uri, path)
	return nil
}
