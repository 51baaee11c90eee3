package trustlist_test

import (
	"crypto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/trustlist"
)

func TestLoadNamed(t *testing.T) {
	pem, err := os.ReadFile(filepath.Join(vectors, "anchor.pub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	anchor, err := trustlist.ParseAnchor(pem)
	if err != nil {
		t.Fatal(err)
	}
	anchors := []crypto.PublicKey{anchor}
	read := func(name string) (string, []byte) {
		p := filepath.Join(vectors, name)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return p, data
	}

	state := filepath.Join(t.TempDir(), "kiosk.state")
	p, data := read("trust.vptl")
	l, err := trustlist.LoadNamed(p, data, anchors, state)
	if err != nil || l.Seq != 7 {
		t.Fatalf("LoadNamed = %v, %v", l, err)
	}
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("no rollback state with a state file: %v", err)
	}

	older, olderData := read("trust-seq3.vptl")
	_, err = trustlist.LoadNamed(older, olderData, anchors, state)
	if err == nil || !strings.HasPrefix(err.Error(), "trust list "+older+" is older than the one this kiosk already accepted (state "+state+"): ") ||
		!strings.HasSuffix(err.Error(), "; load the newest list") {
		t.Errorf("rollback: %v", err)
	}
	// Without a state file there is no guard.
	if _, err := trustlist.LoadNamed(older, olderData, anchors, ""); err != nil {
		t.Errorf("older list without state: %v", err)
	}

	for name, want := range map[string]string{
		"trust-badsig.vptl":    "trust list %s does not verify with the pinned anchor; it was altered or damaged, fetch it again",
		"trust-truncated.vptl": "%s is not a usable trust list: ",
		"trust-unpinned.vptl":  "trust list %s is signed by an anchor that is not pinned (the list's anchor is kid ",
	} {
		p, data := read(name)
		want = strings.ReplaceAll(want, "%s", p)
		if _, err := trustlist.LoadNamed(p, data, anchors, ""); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v, want %q...", name, err, want)
		}
	}
	p, data = read("trust-unpinned.vptl")
	_, err = trustlist.LoadNamed(p, data, anchors, "")
	if want := "; pinned: kid " + trustlist.KidText(anchor) + "); pass its public key with --anchor"; err == nil || !strings.HasSuffix(err.Error(), want) ||
		!strings.Contains(err.Error(), "anchor is kid "+trustlist.SignerKidText(data)+";") {
		t.Errorf("unpinned: %v", err)
	}
}
