package checkin_test

import (
	"bufio"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

const (
	crashEnvLog = "VENUEPASS_CHECKIN_CRASH_LOG"
	crashEnvKey = "VENUEPASS_CHECKIN_CRASH_KEY"
	crashEnvRun = "VENUEPASS_CHECKIN_CRASH_RUN"
)

// crashChild records decisions from 16 goroutines as fast as it can and
// prints the cti of each one Record acknowledged, until it is killed.
func crashChild(t *testing.T) {
	key, err := issuer.LoadPrivateKey(os.Getenv(crashEnvKey))
	if err != nil {
		t.Fatal(err)
	}
	l, err := checkin.Open(os.Getenv(crashEnvLog), checkin.Options{Signer: key, CheckpointEvery: 100,
		Rules: []checkin.Rule{{Mode: checkin.Hard}}})
	if err != nil {
		t.Fatal(err)
	}
	run := os.Getenv(crashEnvRun)
	var out sync.Mutex
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				cti := fmt.Sprintf("r%sg%02di%05d", run, g, i)
				d := accepted(cti, verifier.Ticket, "Crash Test")
				r, err := l.Record(ctx, checkin.Scan{Decision: d, Venue: "arena", Gate: "1", KioskID: "k1"})
				if err != nil || !r.Decision.Accepted {
					fmt.Fprintf(os.Stderr, "record %s: %v %v\n", cti, err, r.Decision.Err)
					os.Exit(3)
				}
				out.Lock()
				// One write(2) per line, straight to the pipe.
				os.Stdout.WriteString(hex.EncodeToString(d.Credential.CTI) + "\n")
				out.Unlock()
			}
		}()
	}
	wg.Wait()
}

// TestCrashSafety kills a process that is recording decisions with SIGKILL
// in mid-burst, five times over the same log, and checks after each kill
// that every acknowledged decision is in the log, exactly once, that
// PRAGMA integrity_check says ok and that the chain verifies.
func TestCrashSafety(t *testing.T) {
	if os.Getenv(crashEnvLog) != "" {
		crashChild(t)
		return
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "kiosk.vplog")
	keyPath := filepath.Join(dir, "kiosk.key")
	key := kioskKey(t)
	if err := issuer.WritePrivateKey(keyPath, key); err != nil {
		t.Fatal(err)
	}
	acked := map[string]bool{}
	prevTotal, prevAcked := 0, 0
	for run := 1; run <= 5; run++ {
		target := 300 + rand.IntN(700)
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnvLog+"="+path, crashEnvKey+"="+keyPath, fmt.Sprintf("%s=%d", crashEnvRun, run))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		watchdog := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
		r := bufio.NewReader(stdout)
		n, killed := 0, false
		for {
			line, err := r.ReadString('\n')
			if err == io.EOF {
				break // a line cut short by the kill was never acknowledged
			}
			if err != nil {
				t.Fatal(err)
			}
			acked[strings.TrimSuffix(line, "\n")] = true
			if n++; n == target && !killed {
				cmd.Process.Signal(syscall.SIGKILL)
				killed = true
			}
		}
		err = cmd.Wait()
		watchdog.Stop()
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !killed || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("run %d: child ended with %v after %d acknowledgements (wanted %d):\n%s", run, err, n, target, stderr.String())
		}

		// Reopen as the kiosk would after the crash: Open checks the chain.
		l, err := checkin.Open(path, checkin.Options{})
		if err != nil {
			t.Fatalf("run %d: reopen after SIGKILL: %v", run, err)
		}
		count := map[string]int{}
		total := 0
		err = l.Entries(ctx, time.Time{}, time.Time{}, func(e *checkin.Entry) error {
			count[hex.EncodeToString(e.CTI)]++
			total++
			return nil
		})
		l.Close()
		if err != nil {
			t.Fatal(err)
		}
		for cti := range acked {
			if count[cti] != 1 {
				t.Errorf("run %d: acknowledged cti %s is in the log %d times", run, cti, count[cti])
			}
		}
		for cti, c := range count {
			if c != 1 {
				t.Errorf("run %d: cti %s recorded %d times", run, cti, c)
			}
		}
		// SQLite's own check of the file: b-trees, free list, indexes
		// matching their tables.
		if problems := integrityCheck(t, path); len(problems) != 1 || problems[0] != "ok" {
			t.Fatalf("run %d: PRAGMA integrity_check after SIGKILL and reopen: %q", run, problems)
		}
		rep, err := checkin.VerifyChain(path, key.Public())
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		t.Logf("run %d: SIGKILL after %d acknowledgements (%s); %d records committed, %d of them acknowledged, %d committed but not acknowledged; log: %d records, %d checkpoints, %d unsigned at the end",
			run, n, time.Since(start).Round(time.Millisecond), total-prevTotal, len(acked)-prevAcked, (total-prevTotal)-(len(acked)-prevAcked),
			rep.Records, rep.Checkpoints, rep.Unsigned)
		prevTotal, prevAcked = total, len(acked)
	}
}

// integrityCheck runs PRAGMA integrity_check on the file, read-only, and
// returns what it says ("ok" alone when all is well).
func integrityCheck(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
