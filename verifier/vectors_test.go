package verifier_test

import (
	"crypto"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/verifier"
)

// vectorsDir holds the vectors written by testdata/vectors/gen.go.
var vectorsDir = filepath.Join("..", "testdata", "vectors")

func TestGeneratedVectors(t *testing.T) {
	anchors := []crypto.PublicKey{readPublicKey(t, filepath.Join(vectorsDir, "anchor.pub.pem"))}
	for _, c := range readCases(t, filepath.Join(vectorsDir, "cases.tsv")) {
		t.Run(c.Name, func(t *testing.T) { runVectorCase(t, vectorsDir, anchors, c, verifier.Config{}) })
	}
}

// TestGeneratedVectorCoverage keeps the vector set from shrinking silently:
// at least 30 rejected vectors, an accepted one per type and algorithm, and
// every reason the core verifier owns.
func TestGeneratedVectorCoverage(t *testing.T) {
	cases := readCases(t, filepath.Join(vectorsDir, "cases.tsv"))
	seen := map[string]int{}
	names := map[string]bool{}
	rejected, accepted := 0, 0
	for _, c := range cases {
		names[c.Name] = true
		for _, w := range strings.Split(c.Want, ",") {
			seen[w]++
		}
		switch {
		case strings.HasPrefix(c.Want, "load:"):
			if c.Want != "load:ok" {
				rejected++
			}
		case c.Want == "accept" || c.Want == "accept_warn":
			accepted++
		default:
			rejected++
		}
	}
	if rejected < 30 {
		t.Errorf("%d rejected vectors, want at least 30", rejected)
	}
	required := []string{
		"accept", "accept_warn",
		"trust_list_expired", "too_large", "malformed", "unknown_issuer", "bad_signature",
		"issuer_not_allowed", "not_yet_valid", "expired", "revoked", "suspended",
		"status_unknown", "type_not_accepted", "wrong_event", "wrong_zone",
		"presentation_required", "presentation_expired", "wrong_venue", "replay",
		"load:bad_signature", "load:rollback", "load:unknown_anchor", "load:malformed",
	}
	var missing []string
	for _, r := range required {
		if seen[r] == 0 {
			missing = append(missing, r)
		}
	}
	for _, typ := range []string{"employee", "membership", "ticket", "certificate"} {
		for _, alg := range []string{"es256", "eddsa", "es384", "ps256"} {
			if n := "accept_" + typ + "_" + alg; !names[n] {
				missing = append(missing, n)
			}
		}
	}
	// The specific structural and signature cases of the issue.
	for _, n := range []string{
		"accept_ticket_zlib", "accept_stale_list",
		"reject_tampered_payload", "reject_tampered_protected_header", "reject_signature_of_other_key",
		"reject_alg_missing", "reject_alg_differs_from_entry", "reject_kid_unprotected_only",
		"reject_unknown_crit", "reject_wrong_tag", "reject_untagged", "reject_trailing_bytes",
		"reject_duplicate_claim", "reject_indefinite_claims_map", "reject_nesting_17", "reject_array_1025",
		"reject_zlib_bomb", "reject_text_over_4096", "reject_base45_bad_char",
		"reject_base45_triplet_overflow", "reject_base45_dangling_char", "reject_wrong_prefix",
		"reject_body_first_byte", "reject_cose_3_elements", "reject_cose_5_elements",
		"reject_detached_payload", "reject_claims_not_a_map", "reject_missing_iss", "reject_missing_exp",
		"reject_missing_iat", "reject_missing_cti", "reject_missing_vp", "reject_cti_too_short",
		"reject_iss_mismatch", "reject_iat_outside_key_window", "reject_type_not_allowed_for_issuer",
		"reject_status_revoked", "reject_status_suspended", "reject_status_index_out_of_range",
		"reject_status_unknown_list", "reject_trust_list_expired",
		"load_bad_signature", "load_rollback_lower_seq", "load_unpinned_anchor",
		"accept_presentation_eddsa", "reject_presentation_too_old", "reject_presentation_future",
		"reject_presentation_replay", "reject_presentation_outer_other_key",
		"reject_presentation_inner_tampered", "reject_presentation_inner_without_cnf",
		"reject_bound_credential_bare", "reject_presentation_wrong_venue",
	} {
		if !names[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("the vector set lacks: %s", strings.Join(missing, ", "))
	}
	t.Logf("%d vectors: %d accepted, %d rejected", len(cases), accepted, rejected)
}
