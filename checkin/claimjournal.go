package checkin

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"
)

// A gate with a Claimer claims an entry at the hub inside its write
// transaction, before the record is committed to the log. A gate that dies
// between the two would leave the hub holding an entry no log has: the
// ticket would then be refused everywhere ("already used at gate G") though
// nobody went in. The claim journal (the file LOG.claims) prevents that:
// the record id and claim key are appended to it before each claim, and
// the file is emptied once it grows past 64 KB (lines of committed records
// are harmless: at open only lines whose record the log lacks count). Lines
// found when the log is opened without their record, or left by a
// transaction rolled back, name claims the gate did not record: the gate releases them at the hub (now, or as
// soon as the hub answers) and keeps them in the file until it has. The
// journal is written, not fsynced: it survives the gate process dying at
// any point; after a power cut a claim may remain, and staff override it.

// claimJournal is touched by the writer goroutine only (and Open before it
// starts).
type claimJournal struct {
	path    string
	f       *os.File
	pending []journalLine // appended in the running transaction
	owed    []journalLine // claims without a record: to release
	written int           // bytes in the file beyond the owed lines
	tried   time.Time     // the last attempt to release owed
}

type journalLine struct{ id, key string }

func claimJournalPath(log string) string { return log + ".claims" }

// openJournal opens the journal of the log, and returns the lines it holds
// from an earlier run.
func openJournal(path string) (*claimJournal, []journalLine, error) {
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return nil, nil, fmt.Errorf("claim journal: %w", err)
	}
	var old []journalLine
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		id, key, ok := strings.Cut(sc.Text(), " ")
		if ok && id != "" && key != "" {
			old = append(old, journalLine{id, key})
		}
		// A line cut short by a crash names a claim not made yet.
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("claim journal: %w", err)
	}
	return &claimJournal{path: path, f: f, written: len(data)}, old, nil
}

// add notes a claim about to be made.
func (j *claimJournal) add(id, key string) error {
	if _, err := j.f.WriteString(id + " " + key + "\n"); err != nil {
		return fmt.Errorf("claim journal: %w", err)
	}
	j.pending = append(j.pending, journalLine{id, key})
	j.written += len(id) + len(key) + 2
	return nil
}

// settle is called after the transaction ends: committed, its claims have
// their records; rolled back, they are owed releases (and the file is
// rewritten to hold those only, as it is once it passes 64 KB).
func (j *claimJournal) settle(committed bool) error {
	rolledBack := !committed && len(j.pending) > 0
	if rolledBack {
		j.owed = append(j.owed, j.pending...)
	}
	j.pending = j.pending[:0]
	if rolledBack || j.written > 64<<10 {
		return j.rewrite()
	}
	return nil
}

func (j *claimJournal) rewrite() error {
	if err := j.f.Truncate(0); err != nil {
		return fmt.Errorf("claim journal: %w", err)
	}
	var b strings.Builder
	for _, o := range j.owed {
		b.WriteString(o.id + " " + o.key + "\n")
	}
	if b.Len() > 0 {
		if _, err := j.f.WriteString(b.String()); err != nil {
			return fmt.Errorf("claim journal: %w", err)
		}
	}
	j.written = 0
	return nil
}

func (j *claimJournal) close() error { return j.f.Close() }

// recoverClaims finds the claims of the journal's earlier lines whose
// record is not in the log, and releases them.
func (l *Log) recoverClaims(ctx context.Context, old []journalLine) error {
	for _, o := range old {
		var n int
		if err := l.conn.QueryRowContext(ctx, "SELECT count(*) FROM records WHERE id = ?", o.id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			l.journal.owed = append(l.journal.owed, o)
		}
	}
	if err := l.journal.rewrite(); err != nil {
		return err
	}
	l.releaseOwed(ctx, true)
	return nil
}

// releaseOwed releases the claims without a record at the hub: each is
// taken out of the shared state if the state still holds it. What the hub
// does not answer stays owed and is tried again at the next write, at most
// every two seconds (now: at once).
func (l *Log) releaseOwed(ctx context.Context, now bool) {
	j := l.journal
	if j == nil || len(j.owed) == 0 || (!now && time.Since(j.tried) < 2*time.Second) {
		return
	}
	if o, ok := l.opts.Claimer.(interface{ Offline() bool }); ok && o.Offline() {
		return
	}
	j.tried = time.Now()
	left := j.owed[:0]
	for _, o := range j.owed {
		err := l.opts.Claimer.Claim(ctx, Claim{Key: o.key}, func(prior *SharedState) *SharedState {
			if !prior.Holds(o.id) {
				return nil
			}
			return prior.Release(o.id)
		})
		if err != nil {
			left = append(left, o)
		}
	}
	changed := len(left) != len(j.owed)
	j.owed = left
	if changed {
		if err := j.rewrite(); err != nil {
			l.setErr(err)
		}
	}
}
