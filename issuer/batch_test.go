package issuer_test

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/printing"
	"github.com/venuepass/venuepass/verifier"
)

var batchNow = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

func parseTime(s string, _ bool) (time.Time, error) { return time.Parse(time.DateOnly, s) }

func noHolder(string) (crypto.PublicKey, error) { return nil, errors.New("no holder keys here") }

func TestParseBatchCSVAndJSON(t *testing.T) {
	csvRows, err := issuer.ParseBatch("staff.csv", []byte("\ufeffHolder,Type,Zones,valid-from\nKim Min-jun,employee,HQ; LAB ,\nLee,ticket,,2026-07-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	jsonRows, err := issuer.ParseBatch("staff.json", []byte(`[{"name":"Kim Min-jun","type":"employee","zones":["HQ","LAB"]},{"holder":"Lee","type":"ticket","nbf":"2026-07-01","number":7}]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range [][]issuer.Row{csvRows, jsonRows} {
		if len(rows) != 2 || rows[0].Fields["name"] != "Kim Min-jun" || strings.Join(rows[0].Zones, "|") != "HQ|LAB" || !rows[0].HasZones ||
			rows[1].HasZones || rows[1].Fields["valid_from"] != "2026-07-01" {
			t.Fatalf("rows %+v", rows)
		}
	}
	if jsonRows[1].Fields["number"] != "7" || csvRows[1].Where != "staff.csv line 3" || jsonRows[1].Where != "staff.json entry 2" {
		t.Fatalf("number %q, where %q %q", jsonRows[1].Fields["number"], csvRows[1].Where, jsonRows[1].Where)
	}
	for name, data := range map[string]string{
		"a.csv":  "name,colour\nKim,red\n",
		"b.json": `[{"name":"Kim","colour":"red"}]`,
		"c.json": `[{"name":["Kim"]}]`,
		"d.xlsx": "",
		"e.csv":  "",
	} {
		if _, err := issuer.ParseBatch(name, []byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestRowCredential(t *testing.T) {
	rows, err := issuer.ParseBatch("b.csv", []byte("name,zones,expires\nKim,,2027-01-01\nLee,GATE-A,\n"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i].Fill(map[string]string{"iss": "acme", "type": "employee", "expires": "2026-12-31", "name": "X"}, []string{"HQ"})
	}
	cr, err := rows[0].Credential(batchNow, parseTime, noHolder)
	if err != nil {
		t.Fatal(err)
	}
	if cr.Name != "Kim" || cr.Type != verifier.Employee || cr.Iss != "acme" || strings.Join(cr.Zones, ",") != "HQ" ||
		!cr.Expires.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) || !cr.IssuedAt.Equal(batchNow) {
		t.Fatalf("row 1: %+v", cr)
	}
	cr, err = rows[1].Credential(batchNow, parseTime, noHolder)
	if err != nil || strings.Join(cr.Zones, ",") != "GATE-A" || cr.Expires.Month() != 12 {
		t.Fatalf("row 2: %+v %v", cr, err)
	}
	for _, tc := range []struct {
		fields map[string]string
		want   string
	}{
		{map[string]string{"name": "K", "type": "employee", "expires": "2027-01-01"}, "no issuer id"},
		{map[string]string{"iss": "a", "name": "K", "type": "spaceship", "expires": "2027-01-01"}, "spaceship"},
		{map[string]string{"iss": "a", "name": "K", "type": "employee", "expires": "2026-01-01"}, "is not after the issue time"},
		{map[string]string{"iss": "a", "name": "K", "type": "employee", "expires": "2027-01-01", "valid_from": "2027-02-01"}, "is not after valid-from"},
		{map[string]string{"iss": "a", "name": "K", "type": "employee", "expires": "2027-01-01", "holder_key": "k.pub"}, "no holder keys here"},
	} {
		r := issuer.Row{Where: "x", Fields: tc.fields}
		if _, err := r.Credential(batchNow, parseTime, noHolder); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.fields, err, tc.want)
		}
	}
}

// Signed in parallel, saved as files and a manifest that printing reads
// back, never over existing files.
func TestIssueAllSaveBatch(t *testing.T) {
	k, err := issuer.GenerateKey(issuer.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	var creds []*verifier.Credential
	for _, n := range []string{"Kim Min-jun", "이서연", "Lee"} {
		creds = append(creds, &verifier.Credential{Iss: "acme", Type: verifier.Employee, Name: n, IssuedAt: batchNow, Expires: batchNow.Add(time.Hour)})
	}
	creds[2].Sub = "E/../7"
	texts, err := k.IssueAll(creds)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := issuer.SaveBatch(dir, creds, texts, issuer.SaveOptions{PNG: true}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"0001-Kim-Min-jun.txt", "0001-Kim-Min-jun.png", "0002.txt", "0003-E-..-7.txt", "manifest.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	items, err := printing.ReadManifest(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || items[1].Text != texts[1] || items[1].Credential.Name != "이서연" || string(items[0].Credential.CTI) != string(creds[0].CTI) {
		t.Fatalf("manifest read back: %+v", items)
	}
	if err := issuer.SaveBatch(dir, creds, texts, issuer.SaveOptions{}); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second save: %v", err)
	}
	bad := []*verifier.Credential{creds[0], {Iss: "acme", Name: "No type", Expires: batchNow.Add(time.Hour)}}
	var ie *issuer.ItemError
	if _, err := k.IssueAll(bad); !errors.As(err, &ie) || ie.Index != 1 {
		t.Fatalf("IssueAll with a bad item: %v", err)
	}
}

// birth_year and photo columns: the photo path is relative to the batch
// file, the credential carries the digest of the file as stored, and both
// survive signing and verification.
func TestBirthYearAndPhoto(t *testing.T) {
	dir := t.TempDir()
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0}, []byte("a JPEG, as far as the digest goes")...)
	if err := os.MkdirAll(filepath.Join(dir, "photos"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"photos/kim.jpg": jpeg, "notes.txt": []byte("not a photo")} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	batch := filepath.Join(dir, "staff.csv")
	rows, err := issuer.ParseBatch(batch, []byte("name,birth_year,photo\n김민준,1990,photos/kim.jpg\nLee,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	defaults := map[string]string{"iss": "acme", "type": "employee", "expires": "2027-01-01"}
	for i := range rows {
		rows[i].Fill(defaults, nil)
	}
	if got := rows[0].Fields["photo"]; got != filepath.Join(dir, "photos", "kim.jpg") {
		t.Fatalf("photo path %q", got)
	}
	kim, err := rows[0].Credential(batchNow, parseTime, noHolder)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(jpeg)
	if kim.BirthYear != 1990 || !bytes.Equal(kim.PhotoDigest, want[:16]) {
		t.Fatalf("birth year %d, photo %x, want %x", kim.BirthYear, kim.PhotoDigest, want[:16])
	}
	lee, err := rows[1].Credential(batchNow, parseTime, noHolder)
	if err != nil || lee.BirthYear != 0 || lee.PhotoDigest != nil {
		t.Fatalf("row without them: %+v %v", lee, err)
	}

	for _, tc := range []struct {
		field, value, want string
	}{
		{"birth_year", "90", `birth year "90" is not a year`},
		{"birth_year", "nineteen", "is not a year"},
		{"birth_year", "2030", "birth year 2030 is not between 1876 and 2026"},
		{"birth_year", "1800", "is not between"},
		{"photo", filepath.Join(dir, "missing.jpg"), "photo: open"},
		{"photo", filepath.Join(dir, "notes.txt"), "is not a JPEG or PNG image"},
	} {
		r := issuer.Row{Where: "x", Fields: map[string]string{"iss": "a", "name": "K", "type": "employee", "expires": "2027-01-01", tc.field: tc.value}}
		if _, err := r.Credential(batchNow, parseTime, noHolder); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %q: %v, want %q", tc.field, tc.value, err, tc.want)
		}
	}
	// A JSON batch gives a birth year as a number; the photo path is
	// relative to the file there too.
	rows, err = issuer.ParseBatch(filepath.Join(dir, "b.json"), []byte(`[{"name":"Kim","birth_year":1990,"photo":"photos/kim.jpg"}]`))
	if err != nil || rows[0].Fields["birth_year"] != "1990" || rows[0].Fields["photo"] != filepath.Join(dir, "photos", "kim.jpg") {
		t.Fatalf("json: %+v %v", rows, err)
	}
}
