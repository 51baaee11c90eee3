package draft_test

import (
	"crypto"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/trustlist/draft"
)

func TestNewReissue(t *testing.T) {
	r, err := draft.NewReissue("https://s/1", "trust.json", "00112233445566778899aabbccddeeff", "", false)
	if err != nil || r.URI != "https://s/1" || r.ReplacesCTI != "00112233445566778899aabbccddeeff" || r.ReplacesIdx != nil {
		t.Fatalf("%+v %v", r, err)
	}
	r, err = draft.NewReissue("https://s/1", "trust.json", "", "7", false)
	if err != nil || r.ReplacesIdx == nil || *r.ReplacesIdx != 7 {
		t.Fatalf("%+v %v", r, err)
	}
	if r, err := draft.NewReissue("", "", "", "", true); err != nil || r != (draft.Reissue{}) {
		t.Errorf("nothing asked: %+v %v", r, err)
	}
	for _, c := range []struct {
		uri, draftPath, cti, idx string
		batch                    bool
		want                     string
	}{
		{"", "t.json", "zz", "", false, `--replaces: "zz" is not a credential id; a cti is 8 to 16 bytes in hex (see the manifest of`},
		{"u", "t.json", "", "-1", false, `--replaces-idx "-1" is not a status index`},
		{"u", "t.json", "", "3", true, "--replaces and --replaces-idx re-issue one credential"},
		{"", "t.json", "", "3", false, "--replaces-idx names an index of a status list"},
		{"u", "", "", "", true, "status lists and revocations live in the trust list draft"},
		{"", "t.json", "", "", false, "--draft is used with --status-uri or --replaces"},
	} {
		if _, err := draft.NewReissue(c.uri, c.draftPath, c.cti, c.idx, c.batch); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%+v: want %q, got %v", c, c.want, err)
		}
	}
}

func TestReissueReport(t *testing.T) {
	idx := uint64(4)
	r := draft.Reissue{URI: "https://s/1", ReplacesIdx: &idx}
	creds := []*credential.Credential{{CTI: []byte{1, 2}, Status: &credential.StatusRef{URI: "https://s/1", Idx: 9}}, {CTI: []byte{3}}}
	got := r.Report("t.json", creds)
	want := []string{
		`credential 0102 has index 9 in status list "https://s/1"`,
		`revoked index 4 of status list "https://s/1" in t.json, the replaced credential`,
		"sign t.json again ('venuepass trust sign') and distribute the list before handing out the credential(s)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("report %q", got)
	}
	notes := draft.ReissueResult{Grew: true, Size: 2048, AlreadyRevoked: true}.Notes(draft.Reissue{URI: "u", ReplacesCTI: "ab"}, "t.json")
	if want := []string{`status list "u" grew to 2048 entries`, "ab is already revoked in t.json"}; !reflect.DeepEqual(notes, want) {
		t.Errorf("notes %q", notes)
	}
	if notes := (draft.ReissueResult{}).Notes(r, "t.json"); len(notes) != 0 {
		t.Errorf("nothing to note: %q", notes)
	}
}

func TestParseTerms(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	nb, na, err := draft.ParseIssuerTerms([]string{"employee", "ticket"}, "2026-01-01", "1y", now)
	if err != nil || nb.IsZero() || !na.After(now) {
		t.Fatalf("%v %v %v", nb, na, err)
	}
	for _, c := range []struct {
		types    []string
		nb, na   string
		wantFrom string
	}{
		{[]string{"pilot"}, "", "", "--types: "},
		{nil, "whenever", "", "--not-before: "},
		{nil, "", "whenever", "--not-after: "},
		{nil, "2027-01-01", "2026-01-01", "--not-after 2026-01-01T00:00:00Z is not after --not-before 2027-01-01T00:00:00Z"},
	} {
		if _, _, err := draft.ParseIssuerTerms(c.types, c.nb, c.na, now); err == nil || !strings.HasPrefix(err.Error(), c.wantFrom) {
			t.Errorf("%+v: got %v", c, err)
		}
	}
	next, exp, err := draft.ParseSignTimes("7d", "30d", now)
	if err != nil || next != now.Add(7*24*time.Hour) || exp != now.Add(30*24*time.Hour) {
		t.Fatalf("%v %v %v", next, exp, err)
	}
	if _, _, err := draft.ParseSignTimes("x", "30d", now); err == nil || !strings.HasPrefix(err.Error(), "--next-update: ") {
		t.Errorf("next update: %v", err)
	}
	if _, _, err := draft.ParseSignTimes("7d", "2026-01-01", now); err == nil || err.Error() != "--expires 2026-01-01T00:00:00Z is not after the signing time 2026-06-01T09:00:00Z" {
		t.Errorf("expires: %v", err)
	}
}

func TestDescribeCountsAndExpired(t *testing.T) {
	got := draft.DescribeCounts(map[uint8]int{trustlist.StatusValid: 1, trustlist.StatusRevoked: 2})
	if got != "2 revoked, 1 valid" {
		t.Errorf("counts %q", got)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	es := []draft.Issuer{{NotAfter: "2026-05-01T00:00:00Z"}, {NotAfter: "2027-05-01T00:00:00Z"}, {}}
	warns := draft.ExpiredWarnings(es, []string{"a.pem", "b.pem", "c.pem"}, now)
	if want := []string{"warning: a.pem expired on 2026-05-01T00:00:00Z; codes it signed are rejected at any later time"}; !reflect.DeepEqual(warns, want) {
		t.Errorf("warnings %q", warns)
	}
}

func TestPick(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if _, _, err := draft.Pick("", []string{"a.pem"}, true); err != draft.ErrNoDraft {
		t.Errorf("no trust.json: %v", err)
	}
	var te *draft.NamedTwiceError
	if _, _, err := draft.Pick("t.json", []string{"u.json", "x"}, false); !errors.As(err, &te) || te.Arg != "u.json" {
		t.Errorf("named twice: %v", err)
	}
	for _, c := range []struct {
		flagged string
		args    []string
		path    string
		rest    []string
	}{
		{"t.json", []string{"t.json", "x"}, "t.json", []string{"x"}},
		{"t.json", []string{"x"}, "t.json", []string{"x"}},
		{"", []string{"other.json", "x"}, "other.json", []string{"x"}},
	} {
		path, rest, err := draft.Pick(c.flagged, c.args, false)
		if err != nil || path != c.path || !reflect.DeepEqual(rest, c.rest) {
			t.Errorf("%+v: %s %q %v", c, path, rest, err)
		}
	}
	if err := draft.Create(draft.DefaultPath); err != nil {
		t.Fatal(err)
	}
	if path, rest, err := draft.Pick("", []string{"abcdef0123456789"}, false); err != nil || path != draft.DefaultPath || len(rest) != 1 {
		t.Errorf("default draft: %s %q %v", path, rest, err)
	}
}

func TestSignFile(t *testing.T) {
	dir := t.TempDir()
	path, out := filepath.Join(dir, "trust.json"), filepath.Join(dir, "trust.vptl")
	if err := draft.Create(path); err != nil {
		t.Fatal(err)
	}
	acme, _ := issuer.GenerateKey(issuer.EdDSA)
	anchor, _ := issuer.GenerateKey(issuer.ES256)
	other, _ := issuer.GenerateKey(issuer.ES256)
	e, err := draft.NewIssuer(acme.Public(), "acme", "ACME", nil, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if err := draft.Edit(path, func(d *draft.Draft) error { return d.AddIssuer(e) }); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	r := draft.SignRequest{Path: path, Out: out, Anchor: anchor, IssuedAt: now, NextUpdate: now.Add(time.Hour), Expires: now.Add(2 * time.Hour)}
	res, err := draft.SignFile(r)
	if err != nil {
		t.Fatal(err)
	}
	if res.Contents.Seq != 1 || res.Summary() != "seq 1, 1 issuer(s), 0 revoked, next update 2026-06-01T10:00:00Z, expires 2026-06-01T11:00:00Z" {
		t.Errorf("summary %q", res.Summary())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if l, err := trustlist.Parse(data, []crypto.PublicKey{anchor.Public()}); err != nil || l.Seq != 1 {
		t.Fatalf("signed list: %v", err)
	}

	// A list that cannot be written leaves the draft's seq unspent.
	bad := r
	bad.Out = filepath.Join(dir, "missing", "trust.vptl")
	var oe *draft.OutputError
	if _, err := draft.SignFile(bad); !errors.As(err, &oe) || oe.Path != bad.Out {
		t.Fatalf("unwritable output: %v", err)
	}
	// Another anchor is refused unless the draft moves to it.
	moved := r
	moved.Anchor = other
	var ae *draft.AnchorChangedError
	if _, err := draft.SignFile(moved); !errors.As(err, &ae) {
		t.Fatalf("another anchor: %v", err)
	}
	moved.NewAnchor = true
	res, err = draft.SignFile(moved)
	if err != nil || res.Contents.Seq != 2 || res.OldKid != hex.EncodeToString(anchor.KeyID()) {
		t.Fatalf("moved: seq %v, old kid %q, %v", res.Contents, res.OldKid, err)
	}
}
