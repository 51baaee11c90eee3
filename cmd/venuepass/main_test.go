package main

import (
	"database/sql"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/venuepass/venuepass/qr"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"venuepass": main})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata",
		// Dates without a zone are days in the machine's zone (--tz's
		// default): pin it so that expectations hold on any machine.
		Setup: func(env *testscript.Env) error {
			env.Setenv("TZ", "UTC")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"gencsv":      genCSV,
			"manifestcti": manifestCTI,
			"blankpng":    blankPNG,
			"perm":        checkPerm,
			"readenv":     readEnv,
			"status":      exitCode,
			"b64dec":      base64Decode,
			"scanlines":   scanLines,
			"logtamper":   logTamper,
			"logtruncate": logTruncate,
			"pdfqr":       pdfQR,
			"sleep":       sleep,
			"randfile":    randFile,
			"readkid":     readKid,
		},
		Condition: func(cond string) (bool, error) {
			if cond == "pdftoppm" {
				return havePdftoppm(), nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// havePdftoppm reports whether pdfqr can run: pdftoppm (poppler-utils) is
// installed, or CI is set, where its absence must fail the test.
func havePdftoppm() bool {
	_, err := exec.LookPath("pdftoppm")
	return err == nil || os.Getenv("CI") != ""
}

// pdfQR rasterizes page 1 of a PDF with pdftoppm and checks that the QR
// codes on it decode to the texts of WANT, one per line, in any order:
// pdfqr FILE.pdf WANT. Guard it with [pdftoppm].
func pdfQR(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: pdfqr FILE.pdf WANT")
	}
	dir, err := os.MkdirTemp(ts.MkAbs("."), "pdfqr-")
	ts.Check(err)
	defer os.RemoveAll(dir)
	prefix := filepath.Join(dir, "page")
	out, err := exec.Command("pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", ts.MkAbs(args[0]), prefix).CombinedOutput()
	if err != nil {
		ts.Fatalf("pdftoppm %s: %v\n%s", args[0], err, out)
	}
	got, err := qr.DecodeFile(prefix + ".png")
	ts.Check(err)
	var want []string
	for _, line := range strings.Split(ts.ReadFile(args[1]), "\n") {
		if line = strings.TrimRight(line, "\r"); line != "" {
			want = append(want, line)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		ts.Fatalf("page 1 of %s holds the codes\n%s\nwant\n%s", args[0], strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	ts.Logf("page 1 of %s: %d code(s) decoded", args[0], len(got))
}

// randFile writes SIZE bytes of deterministic noise (ChaCha8 with a fixed
// seed): randfile SIZE FILE.
func randFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: randfile SIZE FILE")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	data := make([]byte, n)
	rand.NewChaCha8([32]byte{'v', 'p'}).Read(data)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}

// sleep waits: sleep DURATION (as time.ParseDuration reads it).
func sleep(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sleep DURATION")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	time.Sleep(d)
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

// readKid sets VAR to the first "kid HEX" in FILE (stderr after keygen):
// readkid VAR FILE.
func readKid(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: readkid VAR FILE")
	}
	m := regexp.MustCompile(`kid ([0-9a-f]{16})`).FindStringSubmatch(ts.ReadFile(args[1]))
	if m == nil {
		ts.Fatalf("no kid in %s", args[1])
	}
	ts.Setenv(args[0], m[1])
}

// exitCode runs a program and checks its exit status, which plain exec
// cannot tell apart beyond zero and non-zero: status CODE PROGRAM ARGS...
// stdout and stderr are kept for the commands that follow, as exec does.
func exitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status CODE PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var x *exec.ExitError
		if !errors.As(err, &x) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = x.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// base64Decode decodes a base64 file (line breaks allowed) into another:
// b64dec IN OUT.
func base64Decode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: b64dec IN OUT")
	}
	text := strings.Join(strings.Fields(ts.ReadFile(args[0])), "")
	data, err := base64.StdEncoding.DecodeString(text)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}

// scanLines writes what a keyboard-wedge scanner types: each ARG as a line
// ending in CR LF, where @FILE stands for the first line of FILE:
// scanlines OUT ARG...
func scanLines(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: scanlines OUT ARG...")
	}
	var b strings.Builder
	for _, a := range args[1:] {
		if f, ok := strings.CutPrefix(a, "@"); ok {
			a, _, _ = strings.Cut(ts.ReadFile(f), "\n")
		}
		b.WriteString(a + "\r\n")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
}

// logTamper alters a check-in log behind its back, as someone with the file
// would: it drops the append-only triggers, then sets a column of record SEQ
// or deletes the record: logtamper LOG SEQ set COLUMN VALUE, or
// logtamper LOG SEQ delete. The "sqlite" driver (modernc.org/sqlite) is
// registered by the checkin package.
func logTamper(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: logtamper LOG SEQ set COLUMN VALUE | logtamper LOG SEQ delete")
	}
	seq, err := strconv.ParseInt(args[1], 10, 64)
	ts.Check(err)
	db, err := sql.Open("sqlite", ts.MkAbs(args[0]))
	ts.Check(err)
	defer db.Close()
	for _, t := range []string{"records_no_update", "records_no_delete"} {
		_, err := db.Exec("DROP TRIGGER IF EXISTS " + t)
		ts.Check(err)
	}
	var res sql.Result
	switch {
	case args[2] == "delete" && len(args) == 3:
		res, err = db.Exec("DELETE FROM records WHERE seq = ?", seq)
	case args[2] == "set" && len(args) == 5:
		columns := map[string]bool{"name": true, "accepted": true, "gate": true, "detail": true, "at_ns": true}
		if !columns[args[3]] {
			ts.Fatalf("logtamper: column %q is not one of name, accepted, gate, detail, at_ns", args[3])
		}
		res, err = db.Exec("UPDATE records SET "+args[3]+" = ? WHERE seq = ?", args[4], seq)
	default:
		ts.Fatalf("usage: logtamper LOG SEQ set COLUMN VALUE | logtamper LOG SEQ delete")
	}
	ts.Check(err)
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		ts.Fatalf("logtamper: record %d not found (%v)", seq, err)
	}
}

// The demo's hints name the command as the user ran it.
func TestSelfCommand(t *testing.T) {
	for args0, want := range map[string]string{
		"/tmp/go-build1234567/b001/exe/venuepass":                 "go run ./cmd/venuepass",
		"/root/.cache/go-build/tmp/go-build99/b001/exe/venuepass": "go run ./cmd/venuepass",
		"venuepass":                "venuepass",
		"/usr/local/bin/venuepass": "venuepass",
		"/root/go/bin/venuepass":   "venuepass",
		"/home/kim/exe/venuepass":  "venuepass",
	} {
		if got := selfCommand(args0); got != want {
			t.Errorf("selfCommand(%q) = %q, want %q", args0, got, want)
		}
	}
	// From its second run on, go run starts the binary it cached.
	t.Setenv("GOCACHE", "/home/kim/.cache/go-build")
	for args0, want := range map[string]string{
		"/home/kim/.cache/go-build/1d/1db8ff6233bd8273a0374972e32c50cf53aeeb0dde54f3355104e6f94104077b-d/venuepass": "go run ./cmd/venuepass",
		"/home/kim/.cache/other/1d/1db8-d/venuepass":                                                                "venuepass",
	} {
		if got := selfCommand(args0); got != want {
			t.Errorf("GOCACHE set: selfCommand(%q) = %q, want %q", args0, got, want)
		}
	}
}
