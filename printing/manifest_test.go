package printing_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/qr"
)

func TestReadManifest(t *testing.T) {
	set := demoSet(t)
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// As `venuepass issue --out DIR --png` leaves them: the manifest names
	// the PNG, a .txt sits beside it; and one PNG alone, to be decoded.
	write("0001-E-1042.txt", set.Badge.Text+"\n")
	write("0001-E-1042.png", "not read")
	write("0002-Zo.txt", set.Certificate.Text+"\n")
	var png bytes.Buffer
	if err := qr.PNG(&png, set.Ticket.Text, qr.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	write("0003-ticket.png", png.String())
	write("manifest.csv", "holder,cti,file\n김민준,00112233445566778899aabbccddeeff,0001-E-1042.png\nZoë Ångström,0011223344556677,0002-Zo.txt\n박지훈,,0003-ticket.png\n")

	items, err := printing.ReadManifest(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []printing.Item{set.Badge, set.Certificate, set.Ticket}
	if len(items) != 3 {
		t.Fatalf("%d items", len(items))
	}
	for i, it := range items {
		if it.Text != want[i].Text || it.Credential.Name != want[i].Credential.Name {
			t.Errorf("item %d: %q %q", i, it.Credential.Name, it.Text[:12])
		}
	}
	if len(items[0].Credential.CTI) != 16 || items[2].Credential.CTI != nil {
		t.Errorf("cti: %x %x", items[0].Credential.CTI, items[2].Credential.CTI)
	}

	for _, bad := range []struct{ csv, err string }{
		{"holder,cti\nA,00\n", "no file column"},
		{"holder,cti,file\nA,00,../etc/passwd\n", "inside the manifest's folder"},
		{"holder,cti,file\nA,zz,0002-Zo.txt\n", "not hex"},
		{"holder,cti,file\nA,,missing.txt\n", "no such file"},
		{"", "empty"},
	} {
		write("bad.csv", bad.csv)
		if _, err := printing.ReadManifest(filepath.Join(dir, "bad.csv")); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("%q: error %v, want %q", bad.csv, err, bad.err)
		}
	}
}

func TestParseColor(t *testing.T) {
	c, err := printing.ParseColor("#1d3b6e")
	if r, g, b, _ := c.RGBA(); err != nil || r>>8 != 0x1d || g>>8 != 0x3b || b>>8 != 0x6e {
		t.Errorf("ParseColor: %v %v", c, err)
	}
	if _, err := printing.ParseColor("navy"); err == nil {
		t.Error("ParseColor accepted navy")
	}
}
