package draft_test

import (
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist/draft"
)

func TestSignWords(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "trust.json")
	out := filepath.Join(dir, "trust.vptl")
	anchor, other := key(t, issuer.EdDSA), key(t, issuer.ES256)
	kid := func(k *issuer.Key) string { return hex.EncodeToString(k.KeyID()) }
	req := draft.SignRequest{Path: path, Out: out, Anchor: anchor, IssuedAt: t0, NextUpdate: t0.Add(time.Hour), Expires: t0.Add(2 * time.Hour)}

	_, err := draft.SignFile(req)
	var re *fileutil.ReadError
	if err = req.SignError("anchor.key", err); !errors.As(err, &re) || re.What != "trust list draft" {
		t.Fatalf("missing draft: %v", err)
	}
	if err := draft.Create(path); err != nil {
		t.Fatal(err)
	}
	res, err := draft.SignFile(req)
	if err != nil {
		t.Fatal(err)
	}
	notes := res.Notes(req, "anchor.key")
	if len(notes) != 1 || notes[0] != "signed "+out+": "+res.Summary()+" (anchor kid "+kid(anchor)+")" {
		t.Errorf("notes %q", notes)
	}

	moved := req
	moved.Anchor = other
	_, err = draft.SignFile(moved)
	err = moved.SignError("other.key", err)
	if err == nil || !strings.HasPrefix(err.Error(), path+": ") ||
		!strings.HasSuffix(err.Error(), "; sign with the anchor key of kid "+kid(anchor)+", or pass --new-anchor to move to kid "+kid(other)+" (every kiosk must then pin its public key, other.key.pub)") {
		t.Errorf("another anchor: %v", err)
	}
	moved.NewAnchor = true
	res, err = draft.SignFile(moved)
	if err != nil {
		t.Fatal(err)
	}
	notes = res.Notes(moved, "other.key")
	want := "warning: " + path + " moved from anchor kid " + kid(anchor) + " to kid " + kid(other) + ": kiosks that pin only kid " + kid(anchor) +
		" refuse " + out + "; pin other.key.pub on every kiosk"
	if len(notes) != 2 || !strings.HasSuffix(notes[0], "(anchor kid "+kid(other)+")") || notes[1] != want {
		t.Errorf("new anchor: notes %q", notes)
	}

	// A list that cannot be written: a WriteError of the list, the draft
	// keeps its seq.
	before, _ := os.ReadFile(path)
	bad := moved
	bad.Out = filepath.Join(dir, "no-such-folder", "trust.vptl")
	_, err = draft.SignFile(bad)
	var we *fileutil.WriteError
	if err = bad.SignError("other.key", err); !errors.As(err, &we) || we.Path != bad.Out {
		t.Errorf("unwritable list: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a list that was not written spent the draft's seq")
	}
	if bad.SignError("other.key", nil) != nil {
		t.Error("SignError(nil) is not nil")
	}
}
