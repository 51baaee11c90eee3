package demo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/verifier"
)

func TestBuildCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tour")
	replaced, err := Prepare(dir)
	if err != nil || replaced {
		t.Fatalf("Prepare on a new folder: replaced %v, %v", replaced, err)
	}
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	cases, err := Build(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	results, err := Check(dir, now, cases)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 7 {
		t.Fatalf("%d results, want 7", len(results))
	}
	want := map[string]verifier.Reason{"employee": "", "membership": "", "ticket": "", "certificate": "",
		"expired": verifier.ReasonExpired, "revoked": verifier.ReasonRevoked, "tampered": verifier.ReasonBadSignature}
	for _, r := range results {
		if !r.AsExpected() {
			t.Errorf("%s: accepted %v reason %q, want %q", r.File, r.Decision.Accepted, r.Decision.Reason, r.Expect)
		}
		if w, ok := want[r.File]; !ok || w != r.Decision.Reason {
			t.Errorf("%s: reason %q, want %q", r.File, r.Decision.Reason, w)
		}
	}
	for _, f := range []string{"anchor.key", "acme.key.pub", "arena.key", Anchor, TrustList, Draft, "tampered.png", Marker} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "anchor.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("anchor.key: %v, mode %v", err, fi.Mode())
	}

	// Run again: the folder the demo made is replaced.
	if replaced, err := Prepare(dir); err != nil || !replaced {
		t.Fatalf("Prepare on the demo's folder: replaced %v, %v", replaced, err)
	}
	if _, err := os.Stat(filepath.Join(dir, TrustList)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the earlier demo's trust list is still there: %v", err)
	}
}

func TestPrepareKeepsOtherFolders(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Prepare(dir); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("Prepare on a folder of notes: %v, want ErrNotEmpty", err)
	}
	if data, err := os.ReadFile(notes); err != nil || string(data) != "mine" {
		t.Fatalf("notes after Prepare: %q, %v", data, err)
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		t.Error("Prepare marked a folder it does not own")
	}
}

func TestCheckReportsAnUnreadablePNG(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tour")
	if _, err := Prepare(dir); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	cases, err := Build(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ticket.png"), []byte("not a png"), 0o644); err != nil {
		t.Fatal(err)
	}
	results, err := Check(dir, now, cases)
	var se *ScanError
	if !errors.As(err, &se) || filepath.Base(se.PNG) != "ticket.png" {
		t.Fatalf("Check with a broken ticket.png: %v", err)
	}
	if len(results) != 2 {
		t.Errorf("%d results before the broken PNG, want 2", len(results))
	}
}

func TestWriteTable(t *testing.T) {
	results := []Result{
		{Case: &Case{File: "ticket"}, PNG: "/tour/ticket.png",
			Decision: verifier.Decision{Accepted: true, Credential: &verifier.Credential{Name: "김민준", Type: verifier.Ticket}}},
		{Case: &Case{File: "expired", Expect: verifier.ReasonExpired}, PNG: "/tour/expired.png",
			Decision: verifier.Decision{Reason: verifier.ReasonExpired}},
		{Case: &Case{File: "revoked", Expect: verifier.ReasonRevoked}, PNG: "/tour/revoked.png",
			Decision: verifier.Decision{Accepted: true}},
	}
	var b strings.Builder
	mismatches, err := WriteTable(&b, results)
	if err != nil || mismatches != 1 {
		t.Fatalf("WriteTable: %d mismatches, %v; want 1", mismatches, err)
	}
	want := "FILE         EXPECTED         VERDICT  REASON   HOLDER\n" +
		"ticket.png   accept           ACCEPT   -        김민준 (ticket)\n" +
		"expired.png  reject: expired  REJECT   expired  -\n" +
		"revoked.png  reject: revoked  ACCEPT   -        -  <- UNEXPECTED\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}
