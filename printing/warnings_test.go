package printing_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/venuepass/venuepass/printing"
)

func TestWarningLines(t *testing.T) {
	src := &printing.Source{Warnings: []printing.Warning{
		{Item: 2, Name: "김민지", Message: "the code prints at 0.25 mm"},
		{Item: 0, Message: "no photo"},
		{Item: 2, Name: "김민지", Message: "no photo"},
	}}
	want := []string{"item 1: no photo", "item 3 (김민지): the code prints at 0.25 mm", "item 3 (김민지): no photo"}
	if got := src.WarningLines(10); !slices.Equal(got, want) {
		t.Errorf("WarningLines(10) = %q, want %q", got, want)
	}
	if got := src.WarningLines(3); !slices.Equal(got, want) {
		t.Errorf("WarningLines(3) = %q, want %q", got, want)
	}
	if got := src.WarningLines(2); !slices.Equal(got, append(want[:2:2], "and 1 more")) {
		t.Errorf("WarningLines(2) = %q", got)
	}
	if got := (&printing.Source{}).WarningLines(10); len(got) != 0 {
		t.Errorf("no warnings: %q", got)
	}
	many := &printing.Source{}
	for i := range 25 {
		many.Warnings = append(many.Warnings, printing.Warning{Item: 24 - i, Message: fmt.Sprint("warning ", i)})
	}
	got := many.WarningLines(10)
	if len(got) != 11 || got[0] != "item 1: warning 24" || got[10] != "and 15 more" {
		t.Errorf("25 warnings: %q", got)
	}
}
