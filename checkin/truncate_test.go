package checkin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// witnessedLog writes n decisions with a kiosk key, a checkpoint every
// five records and a witness file, and closes the log.
func witnessedLog(t *testing.T, n int) (path, witness string, key *issuer.Key) {
	t.Helper()
	key, err := issuer.GenerateKey(issuer.ES256)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path, witness = filepath.Join(dir, "kiosk.vplog"), filepath.Join(dir, "usb", "kiosk.witness")
	if err := os.Mkdir(filepath.Dir(witness), 0o700); err != nil {
		t.Fatal(err)
	}
	l := openWitnessed(t, path, witness, key)
	for i := 1; i <= n; i++ {
		d := verifier.Decision{Accepted: true, Credential: &verifier.Credential{
			Type: verifier.Ticket, Name: fmt.Sprintf("Holder %d", i), Iss: "acme", CTI: []byte(fmt.Sprintf("cti-%04d", i)),
		}}
		if _, err := l.Record(context.Background(), Scan{Decision: d, Venue: "arena", Gate: "1", KioskID: "k1"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return path, witness, key
}

// openWitnessed opens the log at path signed by key, witnessed in the file
// witness, with a checkpoint every 5 records.
func openWitnessed(t *testing.T, path, witness string, key *issuer.Key) *Log {
	t.Helper()
	w, err := NewFileWitness(witness)
	if err != nil {
		t.Fatal(err)
	}
	l, err := Open(path, Options{Signer: key, Witness: w, CheckpointEvery: 5})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func wantChainError(t *testing.T, err error, seq int64, problem string) {
	t.Helper()
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want a *ChainError (record %d: %s)", err, seq, problem)
	}
	if ce.Seq != seq || !strings.Contains(ce.Problem, problem) {
		t.Errorf("got %v\nwant record %d: ...%s...", err, seq, problem)
	}
	t.Log(err)
}

// TestWitnessFile: every checkpoint, the first over the empty log and the
// last at Close, is in the witness file, and the untouched log verifies
// against it.
func TestWitnessFile(t *testing.T) {
	path, witness, key := witnessedLog(t, 12)
	cps, err := ReadWitness(witness)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, c := range cps {
		seqs = append(seqs, c.Seq)
	}
	if fmt.Sprint(seqs) != "[0 5 10 12]" {
		t.Errorf("witnessed checkpoints over records %v, want [0 5 10 12]", seqs)
	}
	if fi, err := os.Stat(witness); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("witness file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	rep, err := Verify(path, VerifyOptions{Key: key.Public(), Witness: cps})
	if err != nil || rep.Witnessed != 12 || rep.Records != 12 {
		t.Fatalf("untouched log against its witness: %+v, %v", rep, err)
	}
	// A write cut short by a crash is ignored; a line that is not a
	// checkpoint is not.
	f, _ := os.OpenFile(witness, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"n":5,"seq":1`)
	f.Close()
	if cps2, err := ReadWitness(witness); err != nil || len(cps2) != len(cps) {
		t.Errorf("cut-short last line: %d checkpoints, %v", len(cps2), err)
	}
	os.WriteFile(witness, []byte("hello\n"), 0o600)
	if _, err := ReadWitness(witness); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("garbage witness: %v", err)
	}
	// Witness needs the key.
	if _, err := Verify(path, VerifyOptions{Witness: cps}); err == nil {
		t.Error("Verify with a witness and no key succeeded")
	}
}

// TestWitnessTornLine: a witness file whose last line a crash cut short
// takes further checkpoints after the kiosk restarts; the torn line is cut
// off, not appended to, so the file still reads and the log verifies
// against it.
func TestWitnessTornLine(t *testing.T) {
	path, witness, key := witnessedLog(t, 7)
	before, err := ReadWitness(witness)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(witness)
	last := bytes.LastIndexByte(data[:len(data)-1], '\n') + 1
	torn := data[:last+(len(data)-last)/2] // the last checkpoint written half
	if err := os.WriteFile(witness, torn, 0o600); err != nil {
		t.Fatal(err)
	}
	l := openWitnessed(t, path, witness, key)
	d := verifier.Decision{Accepted: true, Credential: &verifier.Credential{Type: verifier.Ticket, Name: "Late", Iss: "acme", CTI: []byte("cti-late")}}
	if _, err := l.Record(context.Background(), Scan{Decision: d, Venue: "arena", Gate: "1", KioskID: "k1"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	cps, err := ReadWitness(witness)
	if err != nil {
		t.Fatalf("witness file after a torn line and more checkpoints: %v", err)
	}
	if len(cps) != len(before) || cps[len(cps)-1].Seq != 8 {
		t.Errorf("%d checkpoints, the last over record %d; want %d, the last over record 8 (the torn one gone, the close's added)", len(cps), cps[len(cps)-1].Seq, len(before))
	}
	if rep, err := Verify(path, VerifyOptions{Key: key.Public(), Witness: cps}); err != nil || rep.Records != 8 {
		t.Errorf("log against its repaired witness: %+v, %v", rep, err)
	}
	// A file of nothing but a torn line is emptied before the append.
	if err := os.WriteFile(witness, []byte(`{"n":1,"se`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (&FileWitness{path: witness}).Witness(cps[len(cps)-1]); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadWitness(witness); err != nil || len(got) != 1 {
		t.Errorf("torn-only file after one checkpoint: %d checkpoints, %v", len(got), err)
	}
}

// TestWitnessOfAnotherLog: a witness file already holding another log's
// checkpoints is refused when a log opens with it, before anything is
// appended; it used to take both logs' checkpoints, and the intact first
// log then failed against it as altered.
func TestWitnessOfAnotherLog(t *testing.T) {
	path, witness, key := witnessedLog(t, 3)
	before, _ := os.ReadFile(witness)
	w, err := NewFileWitness(witness)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(filepath.Dir(path), "other.vplog")
	l, err := Open(other, Options{Signer: key, Witness: w})
	if err == nil {
		l.Close()
		t.Fatal("a new log opened with another log's witness file")
	}
	if !strings.Contains(err.Error(), "does not belong to this log: its last checkpoint (2, over record 3") {
		t.Errorf("error %q does not say the witness is another log's", err)
	}
	if after, _ := os.ReadFile(witness); !bytes.Equal(after, before) {
		t.Error("the refused open changed the witness file")
	}
	// Its own log still opens with it and still verifies against it.
	l, err = Open(path, Options{Signer: key, Witness: w})
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	cps, err := ReadWitness(witness)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(path, VerifyOptions{Key: key.Public(), Witness: cps}); err != nil {
		t.Error(err)
	}
}

// TestTruncation is issue 14's reproduction: with the no-delete triggers
// dropped, the last records and the checkpoints over them deleted (or the
// log emptied, or rewritten with its checkpoints dropped), VerifyChain with
// the key said ok. The log alone now fails when no signed checkpoint is
// left or its unsigned tail is longer than a kiosk leaves; against the
// witness it fails whenever it is shorter or different, naming the first
// bad record.
func TestTruncation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, path string)
		// What the log alone and the log against its witness say.
		aloneSeq       int64
		alone          string
		witnessSeq     int64
		againstWitness string
	}{
		{"delete the tail and its checkpoints", func(t *testing.T, path string) {
			db := rawDB(t, path)
			exec(t, db, "DELETE FROM records WHERE seq > 10")
			exec(t, db, "DELETE FROM checkpoints WHERE head_seq > 10")
		}, -1, "", 11, "records 11 to 12 are missing"},
		{"delete the tail and every checkpoint", func(t *testing.T, path string) {
			db := rawDB(t, path)
			exec(t, db, "DELETE FROM records WHERE seq > 8")
			exec(t, db, "DELETE FROM checkpoints")
		}, 0, "no signed checkpoint", 9, "records 9 to 12 are missing"},
		{"empty the log", func(t *testing.T, path string) {
			db := rawDB(t, path)
			exec(t, db, "DELETE FROM records")
			exec(t, db, "DELETE FROM checkpoints")
		}, 0, "0 records and no signed checkpoint", 1, "records 1 to 12 are missing"},
		{"edit, rehash and drop the checkpoints", func(t *testing.T, path string) {
			db := rawDB(t, path)
			rewriteChain(t, db, 7, 12)
			exec(t, db, "DELETE FROM checkpoints WHERE head_seq >= 7")
		}, 6, "7 records after the last checkpoint (record 5), more than the 5", 6, "records 6 to 10 were altered"},
		{"drop the checkpoints of a long tail", func(t *testing.T, path string) {
			// More records after the last checkpoint than a kiosk
			// signing every 5 leaves.
			db := rawDB(t, path)
			exec(t, db, "DELETE FROM checkpoints WHERE head_seq > 0")
		}, 1, "12 records after the last checkpoint (record 0), more than the 5", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, witness, key := witnessedLog(t, 12)
			tc.tamper(t, path)
			_, err := Verify(path, VerifyOptions{Key: key.Public(), CheckpointEvery: 5})
			if tc.aloneSeq < 0 {
				// What the file alone cannot show: a careful truncation
				// down to a checkpoint.
				if err != nil {
					t.Errorf("alone: %v", err)
				}
			} else {
				wantChainError(t, err, tc.aloneSeq, tc.alone)
			}
			cps, err := ReadWitness(witness)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Verify(path, VerifyOptions{Key: key.Public(), CheckpointEvery: 5, Witness: cps})
			if tc.againstWitness != "" {
				wantChainError(t, err, tc.witnessSeq, tc.againstWitness)
			} else if err == nil {
				t.Error("against the witness: ok")
			}
			// Without the key the file is only checked for consistency:
			// nothing is said about its tail.
			if tc.aloneSeq >= 0 && tc.witnessSeq >= 0 {
				if _, err := VerifyChain(path, nil); err != nil {
					t.Logf("without the key: %v", err)
				}
			}
		})
	}
}

// TestTailSpan: unsigned records spanning more than two checkpoint
// intervals fail: a kiosk signs them sooner.
func TestTailSpan(t *testing.T) {
	key, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kiosk.vplog")
	now := time.Date(2026, 6, 13, 14, 0, 0, 0, time.UTC)
	l, err := Open(path, Options{Signer: key, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		d := verifier.Decision{Accepted: true, Credential: &verifier.Credential{Type: verifier.Ticket, Name: "X", Iss: "acme", CTI: []byte{byte(i)}}}
		if _, err := l.Record(context.Background(), Scan{Decision: d, Time: now.Add(time.Duration(i) * 10 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	if _, err := VerifyChain(path, key.Public()); err != nil {
		t.Fatalf("signed at Close: %v", err)
	}
	exec(t, rawDB(t, path), "DELETE FROM checkpoints WHERE head_seq > 0")
	_, err = VerifyChain(path, key.Public())
	wantChainError(t, err, 1, "span 20m0s, more than a kiosk signing every 1m0s leaves unsigned")
}
