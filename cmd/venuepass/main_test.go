package main

import (
	"encoding/csv"
	"fmt"
	"image"
	"image/png"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"venuepass": main})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"gencsv":      genCSV,
			"manifestcti": manifestCTI,
			"blankpng":    blankPNG,
			"perm":        checkPerm,
			"readenv":     readEnv,
		},
	})
}

// genCSV writes a batch file of n people: gencsv N FILE.
func genCSV(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gencsv N FILE")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	f, err := os.Create(ts.MkAbs(args[1]))
	ts.Check(err)
	w := csv.NewWriter(f)
	w.Write([]string{"name", "sub", "zones", "title"})
	for i := 1; i <= n; i++ {
		w.Write([]string{fmt.Sprintf("Person %04d", i), fmt.Sprintf("E-%04d", i), "HQ-MAIN;LAB-2", "Engineer"})
	}
	w.Flush()
	ts.Check(w.Error())
	ts.Check(f.Close())
}

// manifestCTI sets an environment variable to the cti of a manifest row:
// manifestcti MANIFEST ROW VAR (ROW counts from 1, after the header).
func manifestCTI(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: manifestcti MANIFEST ROW VAR")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	ts.Check(err)
	row, err := strconv.Atoi(args[1])
	ts.Check(err)
	if row < 1 || row >= len(recs) {
		ts.Fatalf("manifest has %d rows", len(recs)-1)
	}
	if recs[0][1] != "cti" {
		ts.Fatalf("manifest header %v has no cti column second", recs[0])
	}
	ts.Setenv(args[2], recs[row][1])
}

// blankPNG writes a white PNG with no QR code in it: blankpng FILE.
func blankPNG(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: blankpng FILE")
	}
	img := image.NewGray(image.Rect(0, 0, 200, 200))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(png.Encode(f, img))
	ts.Check(f.Close())
}

// checkPerm checks the permission bits of a file: perm FILE 0600.
func checkPerm(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: perm FILE MODE")
	}
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	got := fmt.Sprintf("%04o", fi.Mode().Perm())
	if (got == args[1]) == neg {
		ts.Fatalf("%s has mode %s", args[0], got)
	}
}

// readEnv sets an environment variable to a file's first line: readenv VAR FILE.
func readEnv(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: readenv VAR FILE")
	}
	line, _, _ := strings.Cut(ts.ReadFile(args[1]), "\n")
	ts.Setenv(args[0], line)
}
