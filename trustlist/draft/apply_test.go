package draft_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/trustlist"
	"github.com/venuepass/venuepass/trustlist/draft"
)

func TestStatusHelpers(t *testing.T) {
	d := draft.New()
	const uri = "https://issuer.example/status/1"
	_, err := d.SetStatuses(uri, nil)
	var ne *draft.NoStatusListError
	if !errors.As(err, &ne) || ne.URI != uri || len(ne.Have) != 0 || !strings.Contains(err.Error(), "it has none") {
		t.Fatalf("no list: %v", err)
	}
	if err := d.AddStatusList(uri, 2, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AllocateStatus("https://other", nil); !errors.As(err, &ne) || len(ne.Have) != 1 || ne.Have[0] != uri {
		t.Fatalf("another list: %v", err)
	}
	creds := []*credential.Credential{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	grew, err := d.AllocateStatus(uri, creds)
	if err != nil || !grew {
		t.Fatalf("three credentials in a list of two: grew %v, %v", grew, err)
	}
	for i, cr := range creds {
		if cr.Status == nil || cr.Status.URI != uri || cr.Status.Idx != uint64(i) {
			t.Errorf("credential %d: %+v", i, cr.Status)
		}
	}
	if grew, _ := d.AllocateStatus(uri, creds[:1]); !grew {
		t.Error("a fourth index in a list of three did not grow it")
	}
	counts, err := d.SetStatuses(uri, []draft.StatusChange{{Idx: 0, Status: trustlist.StatusRevoked}, {Idx: 2, Status: trustlist.StatusSuspended}, {Idx: 1, Status: trustlist.StatusRevoked}})
	if err != nil || counts[trustlist.StatusRevoked] != 2 || counts[trustlist.StatusSuspended] != 1 {
		t.Fatalf("counts %v, %v", counts, err)
	}
	if st := d.StatusList(uri).Status(2); st != trustlist.StatusSuspended {
		t.Errorf("index 2 is %d, want suspended", st)
	}
	_, err = d.SetStatuses(uri, []draft.StatusChange{{Idx: 99, Status: trustlist.StatusRevoked, Where: "leavers.csv line 2"}})
	if err == nil || !strings.HasPrefix(err.Error(), "leavers.csv line 2: ") {
		t.Errorf("an index outside the list: %v", err)
	}
}

// TestApplyReissue: a re-issue allocates the new credential's index and
// revokes the replaced one, by index or by cti, in the same draft.
func TestApplyReissue(t *testing.T) {
	d := draft.New()
	const uri = "https://issuer.example/status/1"
	var ne *draft.NoStatusListError
	if _, err := d.ApplyReissue(draft.Reissue{URI: uri}, nil); !errors.As(err, &ne) {
		t.Fatalf("no list: %v", err)
	}
	if err := d.AddStatusList(uri, 1, 2); err != nil {
		t.Fatal(err)
	}
	old := []*credential.Credential{{Name: "lost"}}
	if res, err := d.ApplyReissue(draft.Reissue{URI: uri}, old); err != nil || res.Grew || res.Size != 2 || old[0].Status.Idx != 0 {
		t.Fatalf("first issue: %+v, %v, %+v", res, err, old[0].Status)
	}
	idx := old[0].Status.Idx
	repl := []*credential.Credential{{Name: "replacement"}, {Name: "another"}}
	res, err := d.ApplyReissue(draft.Reissue{URI: uri, ReplacesIdx: &idx, ReplacesCTI: "0a0b"}, repl)
	if err != nil || !res.Grew || res.Size < 3 || res.AlreadyRevoked {
		t.Fatalf("re-issue: %+v, %v", res, err)
	}
	if repl[0].Status.Idx != 1 || repl[1].Status.Idx != 2 {
		t.Errorf("replacement indexes %d, %d, want 1, 2", repl[0].Status.Idx, repl[1].Status.Idx)
	}
	if s := d.StatusList(uri).Status(idx); s != trustlist.StatusRevoked {
		t.Errorf("replaced index %d has status %d, want revoked", idx, s)
	}
	if res, _ := d.ApplyReissue(draft.Reissue{ReplacesCTI: "0a0b"}, nil); !res.AlreadyRevoked {
		t.Error("the cti revoked twice is not reported as already revoked")
	}
	bad := uint64(1000)
	var ie *draft.ReplacesIdxError
	if _, err := d.ApplyReissue(draft.Reissue{URI: uri, ReplacesIdx: &bad}, nil); !errors.As(err, &ie) {
		t.Fatalf("index outside the list: %v", err)
	}
}
