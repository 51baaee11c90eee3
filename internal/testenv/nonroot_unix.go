//go:build unix

package testenv

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// nobody is the uid and gid a test runs as when root would bypass what it
// checks (Debian's nobody and nogroup).
const nobody = 65534

// childEnv marks the run of a test as another user.
const childEnv = "VP_TESTENV_AS_NOBODY"

// AsNonRoot is for a test of file permissions, which root ignores. Run by
// another user it returns false and the test goes on in place. Run by root
// it runs the same test again in a copy of the test binary as user nobody,
// fails tb if that run fails or does not pass, and returns true: the caller
// returns at once, the child's verdict being the test's. Only top-level
// tests can be run this way.
//
//	if testenv.AsNonRoot(t) {
//		return
//	}
func AsNonRoot(t *testing.T) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		return false
	}
	if os.Getenv(childEnv) != "" {
		t.Fatal("still root after switching to nobody")
	}
	name := t.Name()
	if strings.Contains(name, "/") {
		t.Fatalf("AsNonRoot in subtest %s: only top-level tests can be re-run", name)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The go tool keeps test binaries in directories only root may enter:
	// nobody runs a copy in a directory of its own, with its own TMPDIR.
	dir, err := os.MkdirTemp("", "vp-nonroot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	tmp := filepath.Join(dir, "tmp")
	bin := filepath.Join(dir, filepath.Base(exe))
	if err := copyFile(exe, bin); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(os.Chmod(dir, 0o755), os.Chown(tmp, nobody, nobody)); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^"+regexp.QuoteMeta(name)+"$", "-test.v", "-test.count=1")
	cmd.Dir = wd
	cmd.Env = append(os.Environ(), childEnv+"=1", "TMPDIR="+tmp, "HOME="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	out, err := cmd.CombinedOutput()
	t.Logf("as user nobody (uid %d):\n%s", nobody, out)
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name+" ") {
		t.Fatalf("%s as user nobody: %v", name, err)
	}
	return true
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}
