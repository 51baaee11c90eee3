package main

import (
	"bufio"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
)

// TestVerifyStopsOnSignal: a gate reading its scanner on stdin, stopped by
// SIGTERM (a service manager) or SIGINT (Ctrl-C), closes its check-in log
// as at the end of input: the last record is under a signed checkpoint in
// the witness, the exit status is verify's own, not death by the signal.
func TestVerifyStopsOnSignal(t *testing.T) {
	dir := t.TempDir()
	codes := venueSetup(t, dir, 2)
	vp(t, dir, "keygen", "-o", "kiosk.key")
	for i, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		name := sig.String()
		log, witness := "gate-"+name+".db", "gate-"+name+".wit"
		cmd := exec.Command("venuepass", "verify", "--trust", "trust.vptl", "--anchor", "anchor.key.pub",
			"--log", log, "--venue", "STADIUM", "--gate", "1", "--kiosk-key", "kiosk.key", "--witness", witness,
			"--checkpoint-every", "100", "-")
		cmd.Dir = dir
		stderr := &syncBuffer{}
		cmd.Stderr = stderr
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		out := bufio.NewReader(pipe)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		io.WriteString(in, codes[i]+"\n")
		line, err := out.ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "ACCEPT") {
			t.Fatalf("%s: verdict %q, %v\n%s", name, line, err, stderr.String())
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err = <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%s: verify did not stop within 20 s\n%s", name, stderr.String())
		}
		in.Close()
		if err != nil {
			t.Fatalf("%s: verify ended with %v, want status 0 (one code, accepted)\n%s", name, err, stderr.String())
		}
		if !strings.Contains(stderr.String(), "check-in log is closed") {
			t.Errorf("%s: stderr does not say the log was closed:\n%s", name, stderr.String())
		}
		cps, err := checkin.ReadWitness(filepath.Join(dir, witness))
		if err != nil {
			t.Fatal(err)
		}
		if len(cps) == 0 || cps[len(cps)-1].Seq != 1 {
			t.Fatalf("%s: witnessed checkpoints %+v, want the last over record 1 (signed at the stop)", name, cps)
		}
		vp(t, dir, "log", "verify", "--key", "kiosk.key.pub", "--witness", witness, "--log", log)
	}
}
