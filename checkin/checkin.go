// Package checkin turns verifier decisions into gate decisions and keeps
// them: a durable, append-only, tamper-evident log of every decision a kiosk
// makes, with anti-passback on top of the verifier.
//
// # The log
//
// One SQLite file per kiosk (modernc.org/sqlite, no cgo), in WAL mode:
// Record returns only after the decision is on disk (the writer syncs the
// WAL after each commit, see syncWAL).
// Records are never updated or deleted; triggers refuse it. Each record
// carries a UUIDv7, so the logs of many kiosks merge without conflicts, and
// the SHA-256 of the previous record, so that editing, inserting, reordering
// or deleting a record breaks the chain. When it makes the log, every
// CheckpointEvery records or CheckpointInterval, and on Close, the kiosk
// signs a checkpoint of the chain head with its own key, and hands it to a
// Witness that keeps it outside the file (a FileWitness on another disk, or
// a hub). Verify checks the chain and the checkpoints, requires a signed
// checkpoint and a short unsigned tail, checks the log against the
// witnessed checkpoints, and names the first bad record. What the file
// alone cannot show: records deleted from its end together with the
// checkpoints over them; the witness shows it up to its last checkpoint.
// Whoever holds the kiosk key can forge everything.
//
// # Anti-passback
//
// Rules per venue and gate choose a Mode: Hard, Soft, Timed or SingleEntry,
// and a Scope: presence per venue (the default: every gate of the venue
// sees an entry at any other) or per zone (entering zone B leaves zone A),
// with directions (an exit scan allows re-entry). The state is derived from the log, rebuilt when the log
// is opened, and kept in memory. Record applies it to an accepted decision,
// which becomes a rejection with the reason already_checked_in, or an
// acceptance with the warning soft_passback, and names the earlier entry
// ("Already checked in at 14:02, gate 3"). Annul, and a gate outcome that
// says the gate did not open, make anti-passback forget the entry.
//
// # Concurrency
//
// A Log is safe for concurrent use. One writer goroutine takes Record,
// Annul, RecordGate and Seen calls and commits them in batches (group
// commit); each caller returns after the batch holding its record is
// committed. Several processes may open the same file (the kiosk and the
// CLI): every batch rereads the chain head inside its write transaction and
// catches up with records others appended, reading those only.
package checkin

import (
	"context"
	"crypto"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/venuepass/venuepass/verifier"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Defaults for the zero Options.
const (
	DefaultCheckpointEvery    = 100
	DefaultCheckpointInterval = time.Minute
	DefaultAnnulWindow        = 2 * time.Minute
	DefaultMaxBatch           = 512
)

// Options configure a Log. The zero value is usable: no anti-passback, no
// checkpoints (no Signer), the defaults above, local time and the system
// clock.
type Options struct {
	// Rules configure anti-passback per venue and gate, and per credential
	// type (a rule naming Types beats one for all types at the same place).
	Rules []Rule
	// Signer is the kiosk's key (an *issuer.Key, or any crypto.Signer with
	// an ES256, ES384, EdDSA or PS256 key) that signs checkpoints. Nil means
	// no checkpoints: the chain alone is then the evidence.
	Signer crypto.Signer
	// CheckpointEvery and CheckpointInterval: a checkpoint is signed after
	// this many records, or this long after the last one if records were
	// added since, and on Close.
	CheckpointEvery    int
	CheckpointInterval time.Duration
	// AnnulWindow is how old a decision Annul may withdraw when called with
	// within 0.
	AnnulWindow time.Duration
	// Location is the time zone of messages and of Today; nil means
	// time.Local.
	Location *time.Location
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Witness, if set, is given every checkpoint this Log signs, after
	// it is committed (a *FileWitness, or a hub).
	Witness Witness
	// ReadOnly opens an existing log for queries only.
	ReadOnly bool
	// MaxBatch caps how many calls one transaction commits.
	MaxBatch int
	// Claimer, when set, shares anti-passback with the other gates of the
	// venue (package hub): accepted decisions are claimed in the shared
	// state before they are final. Offline is what to do when it does not
	// answer: OfflineLocal ("" too) or OfflineRefuse.
	Claimer Claimer
	Offline string
}

// Scan is one decision to record.
type Scan struct {
	// Decision is the verifier's answer.
	Decision verifier.Decision
	Venue    string
	Gate     string
	// Zone is the zone the gate leads into (In) or out of (Out); "" is the
	// venue as a whole.
	Zone      string
	Direction Direction
	KioskID   string
	// Time is when the code was scanned; zero means now.
	Time time.Time
	// Override lets the holder through despite anti-passback (staff
	// decision); the record says so.
	Override bool
	// Note, with Override, is staff's note for the record: the override's
	// reason. It is appended to the accepted record's Detail.
	Note string
	// By, with Override, names who authorised it (Entry.By).
	By string
}

// Result is the final verdict on a scan, as recorded.
type Result struct {
	// Decision is the verifier's decision after anti-passback: possibly
	// turned into a rejection (already_checked_in, Err wrapping
	// verifier.ReasonAlreadyCheckedIn) or carrying a warning.
	Decision verifier.Decision
	// Entry is the record written.
	Entry Entry
	// Prior is the earlier entry anti-passback held against this scan,
	// and Message names it for staff ("Already checked in at 14:02, gate
	// 3"); both are empty when anti-passback did not intervene.
	Prior   *Prior
	Message string
}

// Log is an open check-in log. Create it with Open.
type Log struct {
	db   *sql.DB
	opts Options
	path string

	// Writer state: touched only by the writer goroutine (and Open
	// before it starts).
	conn    *sql.Conn
	stmts   *statements
	cols    string // the records columns to select (columnsOf)
	idx     *index
	headSeq int64
	head    []byte
	ckptN   int64 // number of the last checkpoint
	ckptSeq int64 // record it covered
	ckptAt  time.Time
	signed  *Checkpoint   // signed in the running transaction, to witness
	journal *claimJournal // with a Claimer: claims not committed yet
	// dataVersion is PRAGMA data_version when the writer last caught up
	// with the file (dataVersionSet: once it has).
	// wal is the log's WAL file, opened at the first commit, which the
	// writer syncs after each commit (syncWAL); walSyncs counts the syncs.
	wal            *os.File
	walSyncs       int64
	dataVersion    int64
	dataVersionSet bool
	lastError      error // guarded by mu
	closeErr       error

	mu     sync.RWMutex // guards closed and sends on ops
	closed bool
	ops    chan *op
	done   chan struct{}
}

// Open opens the log file at path, creating it if needed, brings its schema
// up to date, checks the whole hash chain (a log whose records were tampered
// with is not opened: the error wraps ErrChainBroken) and rebuilds the
// anti-passback state from it. With Options.ReadOnly it opens an existing
// log for queries, after the same chain check.
//
// A missing or empty (0-byte) file becomes a new log. Any other file is
// checked before it is opened for writing, and left untouched when it is
// not a check-in log: the error is a *FileError wrapping ErrNotLog (not a
// SQLite database), ErrForeign (another application's SQLite database) or
// ErrCorrupt (a truncated or damaged file, per PRAGMA integrity_check).
func Open(path string, opts Options) (*Log, error) {
	if opts.CheckpointEvery <= 0 {
		opts.CheckpointEvery = DefaultCheckpointEvery
	}
	if opts.CheckpointInterval <= 0 {
		opts.CheckpointInterval = DefaultCheckpointInterval
	}
	if opts.AnnulWindow <= 0 {
		opts.AnnulWindow = DefaultAnnulWindow
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = DefaultMaxBatch
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, err
		}
	}
	// Before anything may write to it: a file that is not empty must be
	// an intact check-in log. Another application's database, a file that
	// is not SQLite at all or a damaged log are never opened for writing.
	err := checkFile(context.Background(), path)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			return nil, err
		}
		return nil, &OpenError{Path: path, Err: err}
	}
	var db *sql.DB
	if opts.ReadOnly {
		db, err = openReadOnly(path)
	} else {
		db, err = openWriter(path)
	}
	if err != nil {
		return nil, &OpenError{Path: path, Err: err}
	}
	l := &Log{db: db, opts: opts, path: path, idx: newIndex(), head: make([]byte, 32), cols: entryColumns}
	if err := l.open(); err != nil {
		// Release the connection first: a WAL-mode file is checkpointed
		// and its -wal and -shm removed only when its last connection
		// closes.
		l.stmts.close()
		if l.conn != nil {
			l.conn.Close()
		}
		db.Close()
		return nil, &OpenError{Path: path, Err: err}
	}
	return l, nil
}

func (l *Log) open() error {
	ctx := context.Background()
	if l.opts.ReadOnly {
		var v int
		if err := l.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return err
		}
		if v > len(migrations) {
			return fmt.Errorf("%w: schema version %d", ErrNewerSchema, v)
		}
		if v < 1 {
			return fmt.Errorf("not a check-in log of schema version %d (it has %d); open it once read-write to upgrade it", len(migrations), v)
		}
		// An older log is read as it is: it is not migrated read-only.
		l.cols = columnsOf(v)
		// Queries on a tampered log would report what the tamperer
		// wrote: check the chain read-only too.
		conn, err := l.db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		l.conn = conn
		defer func() { l.conn = nil }()
		return l.reload(ctx)
	}
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return err
	}
	l.conn = conn
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, not wal", mode)
	}
	if err := migrate(ctx, conn); err != nil {
		return err
	}
	if err := l.syncWAL(); err != nil {
		return err
	}
	if l.stmts, err = prepare(ctx, conn); err != nil {
		return err
	}
	if err := l.reload(ctx); err != nil {
		return err
	}
	if l.opts.Claimer != nil {
		j, old, err := openJournal(claimJournalPath(l.path))
		if err != nil {
			return err
		}
		l.journal = j
		if err := l.recoverClaims(ctx, old); err != nil {
			return err
		}
	}
	if w, ok := l.opts.Witness.(*FileWitness); ok {
		if err := l.checkWitness(ctx, w); err != nil {
			return err
		}
	}
	// Seal what the file holds now: the first checkpoint of a new log
	// (over no records: the log was empty), or the records a kiosk that
	// crashed left unsigned.
	if l.opts.Signer != nil && (l.ckptN == 0 || l.headSeq > l.ckptSeq) {
		if err := l.runBatch(nil, "open"); err != nil {
			return err
		}
	}
	l.ops = make(chan *op, l.opts.MaxBatch)
	l.done = make(chan struct{})
	go l.writer()
	return nil
}

// Close signs a final checkpoint (when there is a Signer and records since
// the last one), stops the writer and closes the file. Calls made after
// Close return ErrClosed.
func (l *Log) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	l.closed = true
	if l.ops != nil {
		close(l.ops)
	}
	l.mu.Unlock()
	var err error
	if l.done != nil {
		<-l.done
		err = l.closeErr
		l.stmts.close()
		l.conn.Close()
	}
	if l.journal != nil {
		l.journal.close()
	}
	if l.wal != nil {
		l.wal.Close()
	}
	if cerr := l.db.Close(); err == nil {
		err = cerr
	}
	return err
}

// Path returns the file name the log was opened with.
func (l *Log) Path() string { return l.path }

// submit hands o to the writer and waits for its batch to commit. ctx
// bounds the wait for a place in the queue only: once the writer has the
// call, it is carried out and its outcome returned.
func (l *Log) submit(ctx context.Context, o *op) error {
	if l.opts.ReadOnly {
		return ErrReadOnly
	}
	o.done = make(chan struct{})
	l.mu.RLock()
	if l.closed {
		l.mu.RUnlock()
		return ErrClosed
	}
	select {
	case l.ops <- o:
	case <-ctx.Done():
		l.mu.RUnlock()
		return ctx.Err()
	}
	l.mu.RUnlock()
	<-o.done
	return o.err
}

// Record applies anti-passback to the scan's decision and durably records
// the result. It returns after the record is committed. An error means
// nothing was recorded: the gate must stay closed.
func (l *Log) Record(ctx context.Context, s Scan) (Result, error) {
	o := &op{kind: opScan, scan: s}
	err := l.submit(ctx, o)
	return o.result, err
}

// An Annulment asks Annul to withdraw a kiosk's last accepted decision.
type Annulment struct {
	// KioskID is the kiosk whose last accepted decision is withdrawn.
	KioskID string
	// Within is how old that decision may be; 0 means
	// Options.AnnulWindow.
	Within time.Duration
	// By names who authorised the annulment, and is required: the staff
	// role that unlocked it on a kiosk ("staff PIN"), a staff badge
	// ("staff badge acme/S-1"), or the operator of the CLI.
	By string
	// Reason says why; "" means the holder did not pass.
	Reason string
}

// DefaultAnnulReason is the reason of an Annulment that gives none.
const DefaultAnnulReason = "the holder did not pass"

// Annul withdraws the last accepted decision of a.KioskID if it is at most
// a.Within old: the turnstile did not turn. The annulment is a record of
// its own (returned), naming who authorised it (Entry.By) and why (in
// Detail); anti-passback forgets the entry. ErrNoAuthoriser,
// ErrNothingToAnnul and ErrAnnulTooLate say why not.
func (l *Log) Annul(ctx context.Context, a Annulment) (Entry, error) {
	if a.Within <= 0 {
		a.Within = l.opts.AnnulWindow
	}
	if strings.TrimSpace(a.By) == "" {
		return Entry{}, ErrNoAuthoriser
	}
	if strings.TrimSpace(a.Reason) == "" {
		a.Reason = DefaultAnnulReason
	}
	o := &op{kind: opAnnul, kiosk: a.KioskID, within: a.Within, by: a.By, why: a.Reason}
	err := l.submit(ctx, o)
	return o.result.Entry, err
}

// RecordGate records the outcome of the gate action for the decision with
// ID ref: gateErr nil means the gate opened. A failed action is recorded as
// not accepted, with the error as detail ("gate did not open: ..."), and
// anti-passback forgets the entry, as after Annul.
func (l *Log) RecordGate(ctx context.Context, ref string, gateErr error) (Entry, error) {
	o := &op{kind: opGate, ref: ref, gateErr: gateErr}
	err := l.submit(ctx, o)
	return o.result.Entry, err
}

// Checkpoint signs a checkpoint of the chain head now (if there is a Signer
// and records since the last checkpoint).
func (l *Log) Checkpoint(ctx context.Context) error {
	return l.submit(ctx, &op{kind: opCheckpoint})
}

var _ verifier.ReplayGuard = (*Log)(nil)

// Seen implements verifier.ReplayGuard durably: the pair (cti, t) is
// recorded in the log file before Seen reports it unseen, so a presentation
// accepted once stays refused after a restart, and across processes sharing
// the file. If the pair cannot be recorded Seen fails closed: it reports the
// pair as seen (the verifier answers replay) and the error is kept for Err.
func (l *Log) Seen(cti []byte, t int64, now time.Time) bool {
	o := &op{kind: opReplay, cti: cti, t: t, now: now}
	if err := l.submit(context.Background(), o); err != nil {
		if !errors.Is(err, ErrClosed) {
			l.setErr(err)
		}
		return true
	}
	return o.seen
}

// Err returns the last error the writer met that no caller was told about
// (a failed periodic checkpoint, a replay pair that could not be recorded).
func (l *Log) Err() error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.lastError
}
