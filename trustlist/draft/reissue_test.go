package draft_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/trustlist/draft"
)

func TestReissueApply(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "trust.json")
	const uri = "https://issuer.example/status/1"

	// Nothing asked of a draft: no file is touched.
	if n, err := (draft.Reissue{}).Apply([]*credential.Credential{{Name: "a"}}); n != nil || err != nil {
		t.Fatalf("no draft: %v, %v", n, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("no draft: %s was made", path)
	}

	re, err := draft.NewReissue(uri, path, "", "", true)
	if err != nil || re.Draft != path {
		t.Fatalf("NewReissue: %+v, %v", re, err)
	}
	// A missing draft file is worded for people.
	_, err = re.Apply(nil)
	var fe *fileutil.ReadError
	if !errors.As(err, &fe) || fe.Path != path || !strings.Contains(err.Error(), "trust list draft "+path+" does not exist") {
		t.Fatalf("missing draft: %v", err)
	}

	if err := draft.Create(path); err != nil {
		t.Fatal(err)
	}
	// A missing status list says how to create it.
	_, err = re.Apply(nil)
	want := path + ` has no status list "` + uri + `" (it has none); create it with 'venuepass trust status new ` + path + ` --uri ` + uri + `'`
	if err == nil || err.Error() != want {
		t.Fatalf("missing list: %v\nwant %s", err, want)
	}

	if err := draft.Edit(path, func(d *draft.Draft) error { return d.AddStatusList(uri, 2, 1) }); err != nil {
		t.Fatal(err)
	}
	creds := []*credential.Credential{{Name: "a"}, {Name: "b"}}
	n, err := re.Apply(creds)
	if err != nil {
		t.Fatal(err)
	}
	if len(n) != 1 || !strings.HasPrefix(n[0], `status list "`+uri+`" grew to `) {
		t.Errorf("notes %q, want the list's growth", n)
	}
	if creds[0].Status == nil || creds[1].Status == nil || creds[0].Status.Idx == creds[1].Status.Idx {
		t.Fatalf("indexes not allocated: %+v, %+v", creds[0].Status, creds[1].Status)
	}
	// The allocation is in the file.
	d, err := draft.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.StatusList(uri).Status(creds[1].Status.Idx); got != trustlist.StatusValid {
		t.Errorf("allocated index has status %d", got)
	}
	if got := d.StatusList(uri).Allocate(); got <= creds[1].Status.Idx {
		t.Errorf("the file's next index %d is not past the allocated %d", got, creds[1].Status.Idx)
	}

	// A replaced index outside the list names the flag; the draft is not
	// written.
	re, err = draft.NewReissue(uri, path, "", "99999999", false)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if _, err := re.Apply([]*credential.Credential{{Name: "c"}}); err == nil || !strings.HasPrefix(err.Error(), "--replaces-idx: ") {
		t.Fatalf("bad index: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a failed reissue changed the draft")
	}

	// A cti revoked twice is noted.
	re, err = draft.NewReissue("", path, "0a0b0c0d0e0f0a0b", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := re.Apply(nil); err != nil {
		t.Fatal(err)
	}
	n, err = re.Apply(nil)
	if err != nil || len(n) != 1 || n[0] != "0a0b0c0d0e0f0a0b is already revoked in "+path {
		t.Errorf("revoked twice: %q, %v", n, err)
	}
}

func TestFileErrorAndMissingStatusList(t *testing.T) {
	other := errors.New("something else")
	if draft.FileError("trust.json", other) != other || draft.MissingStatusList("trust.json", other) != other {
		t.Error("other errors are not returned as they are")
	}
	if draft.FileError("trust.json", nil) != nil {
		t.Error("FileError(nil) is not nil")
	}
	// A path error of another file is not the draft's.
	_, err := os.ReadFile(filepath.Join(t.TempDir(), "other.json"))
	if draft.FileError("trust.json", err) != err {
		t.Error("another file's error was worded as the draft's")
	}
}
