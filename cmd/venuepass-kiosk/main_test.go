package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/venuepass/venuepass/gui/scan"
	"github.com/venuepass/venuepass/qr"
)

func TestHiddenFlagsCheck(t *testing.T) {
	for _, c := range []struct {
		h    hidden
		demo bool
		ok   bool
	}{
		{hidden{}, false, true},
		{hidden{show: "admin"}, true, true},
		// Outside the demo, admin stays behind the PIN.
		{hidden{show: "admin"}, false, false},
		{hidden{show: "pin"}, false, true},
		{hidden{show: "verdict"}, true, false},
		{hidden{demoTrust: "stale"}, true, true},
		{hidden{demoTrust: "stale"}, false, false},
		{hidden{demoTrust: "old"}, true, false},
		{hidden{demoTrust: "expired"}, true, true},
		{hidden{screenshot: true}, true, true},
		{hidden{screenshot: true}, false, false},
	} {
		if err := c.h.check(c.demo); (err == nil) != c.ok {
			t.Errorf("%+v demo=%v: %v", c.h, c.demo, err)
		}
	}
}

func TestStartScans(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "01-code.txt"), []byte("VP1:FROMFILE\nignored\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var png bytes.Buffer
	if err := qr.PNG(&png, "VP1:FROMIMAGE", qr.RenderOptions{Scale: 6}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "01-code.png"), png.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		arg, demoDir, text, source string
	}{
		{"VP1:LITERAL", dir, "VP1:LITERAL", scan.SourceWedge},
		{filepath.Join(dir, "01-code.txt"), "", "VP1:FROMFILE", scan.SourceWedge},
		{"01-code.txt", dir, "VP1:FROMFILE", scan.SourceWedge},
		{"01-code.txt", "", "01-code.txt", scan.SourceWedge},
		{"01-code.png", dir, "VP1:FROMIMAGE", scan.SourceFile},
	} {
		got, err := startScans(c.arg, c.demoDir)
		if err != nil {
			t.Errorf("%s: %v", c.arg, err)
			continue
		}
		if len(got) != 1 || got[0].Text != c.text || got[0].Source != c.source {
			t.Errorf("%s (demo %q): %+v, want %q from %q", c.arg, c.demoDir, got, c.text, c.source)
		}
	}
}
