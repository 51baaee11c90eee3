package testenv_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/internal/testenv"
)

// The helper is checked in a child process, so that the failure it must
// produce under CI=1 does not fail this test.
func TestMissing(t *testing.T) {
	if os.Getenv("VP_TESTENV_CHILD") != "" {
		testenv.LookPath(t, "vp-no-such-program-ever", "nothing provides it")
		t.Log("REACHED: LookPath returned for a missing program")
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ci, wantFail bool
		want         string
	}{
		{ci: false, wantFail: false, want: "--- SKIP: TestMissing"},
		{ci: true, wantFail: true, want: "--- FAIL: TestMissing"},
	} {
		cmd := exec.Command(exe, "-test.run=^TestMissing$", "-test.v")
		env := []string{"VP_TESTENV_CHILD=1"}
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "CI=") {
				env = append(env, kv)
			}
		}
		if tc.ci {
			env = append(env, "CI=1")
		}
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if (err != nil) != tc.wantFail || !strings.Contains(string(out), tc.want) || strings.Contains(string(out), "REACHED") {
			t.Errorf("CI=%v: err %v, want failure %v and %q:\n%s", tc.ci, err, tc.wantFail, tc.want, out)
		}
		if tc.ci && !strings.Contains(string(out), "vp-no-such-program-ever not found (nothing provides it)") {
			t.Errorf("CI=1: the failure does not say what is missing:\n%s", out)
		}
	}
	if p := testenv.LookPath(t, "go", "install Go"); p == "" {
		t.Error("LookPath found no path for go")
	}
}
