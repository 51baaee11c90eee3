package verifier_test

import (
	"bufio"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/verifier"
)

// interopDir holds vectors made by an independent implementation of
// FORMAT.md (see its README). VP_INTEROP_DIR points the test at another set
// of the same layout, such as ../shared/spec/vectors.
func interopDir() string {
	if d := os.Getenv("VP_INTEROP_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "testdata", "interop")
}

func readPublicKey(t testing.TB, path string) crypto.PublicKey {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestInteropVectors(t *testing.T) {
	dir := interopDir()
	anchor := readPublicKey(t, filepath.Join(dir, "anchor.pub.pem"))
	now := time.Unix(1790000000, 0)
	for _, table := range []string{"cases.tsv", "cases-vpp.tsv"} {
		f, err := os.Open(filepath.Join(dir, table))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			fields := strings.Split(line, "\t")
			if len(fields) != 4 {
				t.Fatalf("%s: bad line %q", table, line)
			}
			name, want, file, trust := fields[0], fields[1], fields[2], fields[3]
			t.Run(name, func(t *testing.T) {
				data, err := os.ReadFile(filepath.Join(dir, trust))
				if err != nil {
					t.Fatal(err)
				}
				list, err := trustlist.Parse(data, []crypto.PublicKey{anchor})
				if err != nil {
					t.Fatal(err)
				}
				v := verifier.New(list, verifier.Config{Now: func() time.Time { return now }, Venue: "LIONS-PARK"})
				text, err := os.ReadFile(filepath.Join(dir, file))
				if err != nil {
					t.Fatal(err)
				}
				codes := strings.Split(strings.TrimSpace(string(text)), "\n")
				wants := strings.Split(want, ",")
				if len(wants) > 1 && len(codes) == 1 {
					for len(codes) < len(wants) {
						codes = append(codes, codes[0])
					}
				}
				if len(codes) != len(wants) {
					t.Fatalf("%d codes for %d expectations", len(codes), len(wants))
				}
				for i, code := range codes {
					d := v.Verify(code)
					got := string(d.Reason)
					if d.Accepted {
						got = "accept"
						if len(d.Warnings) > 0 {
							got = "accept_warn"
						}
					}
					if got != wants[i] {
						t.Errorf("code %d: got %s (%v), want %s", i, got, d.Err, wants[i])
					}
				}
			})
		}
		f.Close()
	}
}
