package gui

import (
	"path/filepath"
	"testing"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/issuer"
)

// TestCheckinLogWitness: the kiosk's witness_file setting receives the
// checkpoints its key signs, and the log verifies against them.
func TestCheckinLogWitness(t *testing.T) {
	key, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path, witness := filepath.Join(dir, "k.vplog"), filepath.Join(dir, "k.witness")
	l, err := OpenCheckinLog(CheckinOptions{Path: path, KioskID: "k1", Signer: key, Witness: witness})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	cps, err := checkin.ReadWitness(witness)
	if err != nil || len(cps) != 1 || cps[0].Seq != 0 {
		t.Fatalf("witness: %+v, %v; want the checkpoint over the new log", cps, err)
	}
	if _, err := checkin.Verify(path, checkin.VerifyOptions{Key: key.Public(), Witness: cps}); err != nil {
		t.Fatal(err)
	}
}
