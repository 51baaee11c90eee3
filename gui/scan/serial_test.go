package scan

import (
	"strings"
	"testing"
)

func TestSerialLines(t *testing.T) {
	in := "VP1:ABC\r\nVPP1:DEF\n\nHC1:GHI\r" + "VP1:" + strings.Repeat("A", 5000) + "\nlast"
	var got []string
	if err := Lines(strings.NewReader(in), func(s string) { got = append(got, s) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || got[0] != "VP1:ABC" || got[1] != "VPP1:DEF" || got[2] != "HC1:GHI" ||
		len(got[3]) != MaxText || got[4] != "last" {
		t.Fatalf("lines %d: %.20q", len(got), got)
	}
}
