package verifier_test

import (
	"crypto"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/venuepass/venuepass/internal/testenv"
	"github.com/venuepass/venuepass/verifier"
)

// TestIndependentImplementation runs scripts/crosscheck/independent.py, a
// from-the-spec implementation of FORMAT.md in Python (hand-written CBOR,
// the `cryptography` package for signatures), and checks that venuepass
// loads its trust list and gives every credential the outcome the script
// names. Fresh keys and signatures every run.
func TestIndependentImplementation(t *testing.T) {
	script := filepath.Join("..", "scripts", "crosscheck", "independent.py")
	python, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(python, "-c", "import cryptography").Run()
	}
	if err != nil {
		testenv.Missing(t, "python3 with the cryptography package not available (apt-get install python3-cryptography): %v", err)
	}
	dir := t.TempDir()
	if out, err := exec.Command(python, script, dir).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	anchors := []crypto.PublicKey{readPublicKey(t, filepath.Join(dir, "anchor.pub.pem"))}
	cases := readCases(t, filepath.Join(dir, "cases.tsv"))
	if len(cases) < 20 {
		t.Fatalf("the script wrote only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { runVectorCase(t, dir, anchors, c, verifier.Config{}) })
	}
}
