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
	l, err := openCheckinLog(checkinOptions{Path: path, KioskID: "k1", Signer: key, Witness: witness})
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

// TestKioskWitnessSetting: the witness file set in admin is used from the
// next start; the checkpoint at Close lands in it, and the log verifies
// against it.
func TestKioskWitnessSetting(t *testing.T) {
	r := newRestartable(t)
	witness := filepath.Join(t.TempDir(), "gate-b.witness")
	tk := r.start()
	tk.admin.open(tk.kiosk)
	tk.admin.witness.SetText(witness)
	tk.admin.save(tk.kiosk)
	if tk.admin.note.Text != "Saved. The new log or witness file is used from the next start." {
		t.Fatalf("save: %q", tk.admin.note.Text)
	}
	tk.Close()
	tk = r.start()
	tk.show(screenReady)
	tk.wedgeScan(tk.sample(tk.demo.samples[0].Label))
	tk.wait()
	tk.Close()
	cps, err := checkin.ReadWitness(witness)
	if err != nil || len(cps) == 0 {
		t.Fatalf("witness: %d checkpoints, %v", len(cps), err)
	}
	pub, err := issuer.LoadPublicKey(filepath.Join(r.dir, kioskPubFile))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := checkin.Verify(logPathOf(r.dir, tk.st.settings), checkin.VerifyOptions{Key: pub, Witness: cps})
	if err != nil || rep.Witnessed != rep.Records || rep.Records == 0 {
		t.Fatalf("log against the witness: %+v, %v", rep, err)
	}
}
