package issuer

import (
	"crypto"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBuildCredentials(t *testing.T) {
	dir := t.TempDir()
	holder, err := GenerateKey(EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	hk := filepath.Join(dir, "holder.key")
	if err := WriteKeyPair(hk, holder); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	seoul, _ := LoadZone("Asia/Seoul")
	rows := []Row{
		{Where: "line 2", Fields: map[string]string{"iss": "arena", "type": "ticket", "name": "Kim", "expires": "2026-06-30", "holder_key": hk + ".pub"}},
		{Where: "line 3", Fields: map[string]string{"iss": "arena", "type": "ticket", "name": "Lee", "expires": "30d", "holder_key": hk + ".pub"}},
	}
	loads := 0
	load := func(p string) (crypto.PublicKey, error) { loads++; return LoadPublicKey(p) }
	creds, bad, err := BuildCredentials(rows, now, seoul, load)
	if err != nil {
		t.Fatalf("%v at %v", err, bad)
	}
	if loads != 1 {
		t.Errorf("the holder key was loaded %d times, want once", loads)
	}
	if want := time.Date(2026, 6, 30, 23, 59, 59, 0, seoul); !creds[0].Expires.Equal(want) {
		t.Errorf("expires %v, want the end of 30 June in Seoul %v", creds[0].Expires, want)
	}
	if !creds[1].Expires.Equal(now.Add(30 * 24 * time.Hour)) {
		t.Errorf("30d: %v", creds[1].Expires)
	}
	if creds[0].Name != "Kim" || creds[1].Name != "Lee" {
		t.Errorf("names %q %q", creds[0].Name, creds[1].Name)
	}

	rows[1].Fields["expires"] = "someday"
	if _, bad, err := BuildCredentials(rows, now, seoul, load); err == nil || bad != &rows[1] || !strings.Contains(err.Error(), "someday") {
		t.Errorf("a bad expiry: row %v, %v", bad, err)
	}
}
