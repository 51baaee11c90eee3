package draft_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/trustlist/draft"
)

func TestNamesDraft(t *testing.T) {
	dir := t.TempDir()
	d := newDraft(t)
	renamed := filepath.Join(dir, "list")
	data, _ := os.ReadFile(d)
	os.WriteFile(renamed, data, 0o644)
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("hello"), 0o644)

	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "DSC"}, NotBefore: t0, NotAfter: t0.Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	certNoExt := filepath.Join(dir, "signer")
	os.WriteFile(certNoExt, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	pemName := filepath.Join(dir, "missing.pem")

	for _, c := range []struct {
		arg         string
		filesFollow bool
		want        bool
	}{
		{"new.JSON", false, true},              // a .json name, existing or not
		{d, true, true},                        // a draft
		{renamed, true, true},                  // a draft without .json, recognised by its format
		{renamed, false, true},                 // any existing file when no files follow
		{notes, false, true},                   // so that it is reported as not a draft
		{notes, true, false},                   // but not when files follow
		{certNoExt, true, false},               // a certificate, by its content
		{certNoExt, false, true},               // any file when none follow
		{filepath.Join(dir, "x"), true, false}, // nothing there
		{dir, false, false},                    // a folder
	} {
		if got := draft.NamesDraft(c.arg, c.filesFollow); got != c.want {
			t.Errorf("NamesDraft(%s, %v) = %v, want %v", filepath.Base(c.arg), c.filesFollow, got, c.want)
		}
	}
	if !draft.IsCertFile(certNoExt) || !draft.IsCertFile(pemName) || draft.IsCertFile(notes) || draft.IsCertFile(d) {
		t.Error("IsCertFile: by content, by extension, not a text file, not a draft")
	}
}

func TestReadDSCs(t *testing.T) {
	der := deDSC(t)
	es, where, err := draft.ReadDSCs(der, "de.der")
	if err != nil || len(es) != 1 || where[0] != "de.der" || es[0].Name != "Ubirch GmbH" || es[0].Iss != "DE" {
		t.Fatalf("one DER certificate: %+v %q %v", es, where, err)
	}
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	es, where, err = draft.ReadDSCs(append(block, block...), "two.pem")
	if err != nil || len(es) != 2 || where[1] != "two.pem certificate 2" {
		t.Fatalf("a bundle of two: %d %q %v", len(es), where, err)
	}
	if _, _, err := draft.ReadDSCs([]byte("not a certificate"), "x.pem"); err == nil || !strings.HasPrefix(err.Error(), "x.pem: ") {
		t.Errorf("not a certificate: %v", err)
	}
}

func TestPickNew(t *testing.T) {
	for _, c := range []struct {
		flagged string
		args    []string
		want    string // the path, or the start of the UsageError
		usage   bool
	}{
		{"", nil, draft.DefaultPath, false},
		{"", []string{"공연.json"}, "공연.json", false},
		{"a.json", nil, "a.json", false},
		{"a.json", []string{"a.json"}, "a.json", false},
		{"a.json", []string{"b.json"}, "name the new draft either with --draft FILE or as the argument, not both", true},
		{"", []string{"a.json", "b.json"}, `unexpected argument "b.json"; name one new draft file`, true},
	} {
		path, err := draft.PickNew(c.flagged, c.args)
		var ue *draft.UsageError
		switch {
		case c.usage && (!errors.As(err, &ue) || !strings.HasPrefix(err.Error(), c.want)):
			t.Errorf("PickNew(%q, %q): %v, want %q", c.flagged, c.args, err, c.want)
		case !c.usage && (err != nil || path != c.want):
			t.Errorf("PickNew(%q, %q): %q, %v, want %q", c.flagged, c.args, path, err, c.want)
		}
	}
}

func TestPickOnly(t *testing.T) {
	t.Chdir(t.TempDir())
	// Its one argument, whatever it names.
	if path, err := draft.PickOnly("", []string{"list.vptl"}, "hint"); err != nil || path != "list.vptl" {
		t.Errorf("one argument: %q, %v", path, err)
	}
	if path, err := draft.PickOnly("a.json", []string{"a.json"}, "hint"); err != nil || path != "a.json" {
		t.Errorf("--draft repeated: %q, %v", path, err)
	}
	var ue *draft.UsageError
	if _, err := draft.PickOnly("a.json", []string{"x.vptl"}, "name the output with -o"); !errors.As(err, &ue) || err.Error() != `unexpected argument "x.vptl"; name the output with -o` {
		t.Errorf("an argument left over: %v", err)
	}
	var te *draft.NamedTwiceError
	if _, err := draft.PickOnly("a.json", []string{"b.json"}, "hint"); !errors.As(err, &te) {
		t.Errorf("named twice: %v", err)
	}
	if _, err := draft.PickOnly("", nil, "hint"); !errors.Is(err, draft.ErrNoDraft) {
		t.Errorf("no draft here: %v", err)
	}
}

func TestReadDSCFiles(t *testing.T) {
	der := deDSC(t)
	dir := t.TempDir()
	one, two, bad := filepath.Join(dir, "de.der"), filepath.Join(dir, "두개.pem"), filepath.Join(dir, "bad.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	for p, data := range map[string][]byte{one: der, two: append(block, block...), bad: []byte("not a certificate")} {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	es, _, err := draft.ReadDSCs(der, one)
	if err != nil {
		t.Fatal(err)
	}
	notAfter, err := time.Parse(time.RFC3339, es[0].NotAfter)
	if err != nil {
		t.Fatal(err)
	}
	// Before the certificate expires: three entries, no warnings.
	entries, warns, err := draft.ReadDSCFiles([]string{one, two}, os.ReadFile, notAfter.Add(-time.Hour))
	if err != nil || len(entries) != 3 || len(warns) != 0 {
		t.Fatalf("valid: %d entries, %q, %v", len(entries), warns, err)
	}
	// After: a warning each, naming the certificate in the bundle.
	_, warns, err = draft.ReadDSCFiles([]string{one, two}, os.ReadFile, notAfter.Add(time.Hour))
	if err != nil || len(warns) != 3 || !strings.Contains(warns[2], two+" certificate 2 expired on") {
		t.Fatalf("expired: %q, %v", warns, err)
	}
	// An error comes with the warnings of the files before it.
	entries, warns, err = draft.ReadDSCFiles([]string{one, bad, two}, os.ReadFile, notAfter.Add(time.Hour))
	if err == nil || !strings.HasPrefix(err.Error(), bad+": ") || entries != nil || len(warns) != 1 {
		t.Errorf("bad file: %d entries, %q, %v", len(entries), warns, err)
	}
	if _, _, err := draft.ReadDSCFiles([]string{filepath.Join(dir, "none.der")}, os.ReadFile, notAfter); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestParseCTIs(t *testing.T) {
	ctis, err := draft.ParseCTIs([]string{"00112233AABBCCDD", " 0011223344556677889900aabbccddee "})
	if err != nil || len(ctis) != 2 || ctis[0] != "00112233aabbccdd" || ctis[1] != "0011223344556677889900aabbccddee" {
		t.Fatalf("ParseCTIs: %q, %v", ctis, err)
	}
	var ue *draft.UsageError
	if _, err := draft.ParseCTIs(nil); !errors.As(err, &ue) || err.Error() != "name the credential ids (cti, hex) to revoke" {
		t.Errorf("none: %v", err)
	}
	for _, bad := range []string{"0011", "zz112233aabbccdd", "00112233445566778899001122334455667788"} {
		_, err := draft.ParseCTIs([]string{"00112233aabbccdd", bad})
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "is not a credential id") || !strings.HasSuffix(err.Error(), "("+draft.CTIHint+")") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestSignedOut(t *testing.T) {
	for _, c := range []struct{ path, out, want string }{
		{"trust.json", "", "trust.vptl"},
		{"lists/공연.json", "", "lists/공연.vptl"},
		{"draft", "", "draft.vptl"},
		{"trust.json", "out/list.vptl", "out/list.vptl"},
	} {
		if got, err := draft.SignedOut(c.path, c.out); err != nil || got != c.want {
			t.Errorf("SignedOut(%q, %q): %q, %v, want %q", c.path, c.out, got, err, c.want)
		}
	}
	var ue *draft.UsageError
	if _, err := draft.SignedOut("trust.json", "trust.json"); !errors.As(err, &ue) || err.Error() != "-o trust.json would overwrite the draft; choose a .vptl name" {
		t.Errorf("over the draft: %v", err)
	}
	if _, err := draft.SignedOut("list.vptl", ""); !errors.As(err, &ue) {
		t.Errorf("a draft named .vptl: %v", err)
	}
}

// deDSC is the DER of the German test DSC of the shared DCC test data.
func deDSC(t *testing.T) []byte {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/dgc/DE/2DCode/raw/1.json")
	if err != nil {
		t.Fatal(err)
	}
	var tc struct {
		TestCtx struct {
			Certificate string `json:"CERTIFICATE"`
		} `json:"TESTCTX"`
	}
	if err := json.Unmarshal(raw, &tc); err != nil {
		t.Fatal(err)
	}
	der, err := base64.StdEncoding.DecodeString(tc.TestCtx.Certificate)
	if err != nil {
		t.Fatal(err)
	}
	return der
}
