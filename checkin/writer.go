package checkin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/venuepass/venuepass/checkin/gate"
	"github.com/venuepass/venuepass/verifier"
)

type opKind int

const (
	opScan opKind = iota
	opAnnul
	opGate
	opReplay
	opCheckpoint
)

// op is one call handed to the writer goroutine.
type op struct {
	kind opKind
	scan Scan
	// annul
	kiosk   string
	within  time.Duration
	by, why string
	// gate
	ref     string
	gateErr error
	// replay
	cti  []byte
	t    int64
	now  time.Time
	seen bool

	result Result
	err    error
	done   chan struct{}
}

// entryColumns are the records columns in the order scanEntry reads them.
const entryColumns = `seq, id, kind, at_ns, venue, gate, zone, direction, kiosk, cti, iss, sub, type, name,
	accepted, reason, warnings, override, ref, detail, authorised_by, prev, hash`

// columnsOf returns entryColumns for a log file of schema version v: a log
// of version 1, opened read-only (so not migrated), has no authorised_by
// column, read as "".
func columnsOf(v int) string {
	if v < 2 {
		return strings.Replace(entryColumns, "authorised_by", "'' AS authorised_by", 1)
	}
	return entryColumns
}

// insertRecord stores a record; its arguments are Entry.row's.
const insertRecord = `INSERT INTO records (` + entryColumns + `)
	VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`

// row returns e's columns in the order of entryColumns, for insertRecord
// (cti NULL when e has none).
func (e *Entry) row() []any {
	var cti any
	if e.CTI != nil {
		cti = e.CTI
	}
	return []any{e.Seq, e.ID, string(e.Kind), e.Time.UnixNano(), e.Venue, e.Gate, e.Zone,
		string(e.Direction), e.KioskID, cti, e.Iss, e.Sub, int64(e.Type), e.Name, e.Accepted, string(e.Reason),
		joinWarnings(e.Warnings), e.Override, e.Ref, e.Detail, e.By, e.Prev, e.Hash}
}

type rowScanner interface{ Scan(dest ...any) error }

func scanEntry(r rowScanner) (*Entry, error) {
	var e Entry
	var at int64
	var kind, dir, reason, warnings string
	var typ int64
	if err := r.Scan(&e.Seq, &e.ID, &kind, &at, &e.Venue, &e.Gate, &e.Zone, &dir, &e.KioskID, &e.CTI,
		&e.Iss, &e.Sub, &typ, &e.Name, &e.Accepted, &reason, &warnings, &e.Override, &e.Ref, &e.Detail,
		&e.By, &e.Prev, &e.Hash); err != nil {
		return nil, err
	}
	e.Kind, e.Direction, e.Reason = Kind(kind), Direction(dir), verifier.Reason(reason)
	e.Type = verifier.Type(uint64(typ))
	e.Time = time.Unix(0, at).UTC()
	e.Warnings = splitWarnings(warnings)
	if len(e.CTI) == 0 {
		e.CTI = nil
	}
	return &e, nil
}

// statements are prepared once on the writer's connection: the decision
// path runs each for every batch, and preparing is a large part of a
// small transaction's work.
type statements struct {
	record, checkpoint, presentation *sql.Stmt
	begin, commit                    *sql.Stmt
	// heads reads the last record's and checkpoint's numbers; dataVersion
	// changes when another connection commits (PRAGMA data_version).
	heads, dataVersion *sql.Stmt
}

func prepare(ctx context.Context, c *sql.Conn) (*statements, error) {
	var s statements
	var err error
	if s.record, err = c.PrepareContext(ctx, insertRecord); err != nil {
		return nil, err
	}
	if s.checkpoint, err = c.PrepareContext(ctx, `INSERT INTO checkpoints (n, head_seq, head, at_ns, reason, pub, sig)
		VALUES (?,?,?,?,?,?,?)`); err != nil {
		return nil, err
	}
	if s.presentation, err = c.PrepareContext(ctx, `INSERT OR IGNORE INTO presentations (cti, t, at_ns) VALUES (?,?,?)`); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		st  **sql.Stmt
		sql string
	}{
		{&s.begin, "BEGIN IMMEDIATE"},
		{&s.commit, "COMMIT"},
		{&s.heads, `SELECT (SELECT max(seq) FROM records), (SELECT max(n) FROM checkpoints)`},
		{&s.dataVersion, "PRAGMA data_version"},
	} {
		if *p.st, err = c.PrepareContext(ctx, p.sql); err != nil {
			s.close()
			return nil, err
		}
	}
	return &s, nil
}

func (s *statements) close() {
	if s == nil {
		return
	}
	for _, st := range []*sql.Stmt{s.record, s.checkpoint, s.presentation, s.begin, s.commit, s.heads, s.dataVersion} {
		if st != nil {
			st.Close()
		}
	}
}

func (l *Log) setErr(err error) {
	l.mu.Lock()
	l.lastError = err
	l.mu.Unlock()
}

// writer is the single goroutine that writes: it takes whatever calls are
// waiting (up to MaxBatch) and commits them in one transaction, so that
// concurrent callers share one fsync (group commit).
func (l *Log) writer() {
	defer close(l.done)
	tick := time.NewTicker(l.opts.CheckpointInterval)
	defer tick.Stop()
	batch := make([]*op, 0, l.opts.MaxBatch)
	for {
		select {
		case o, ok := <-l.ops:
			if !ok {
				l.closeErr = l.runBatch(nil, "close")
				return
			}
			batch = append(batch[:0], o)
			// Take what is waiting. The callers of the previous batch are
			// being woken now and come back with their next call within
			// microseconds: yield while that brings in more calls, so they
			// share this fsync instead of waiting for the next (batches
			// would otherwise alternate between a few calls and many).
			more := true
			for tries, before := 0, 0; more && len(batch) < l.opts.MaxBatch; {
				select {
				case o, ok := <-l.ops:
					if !ok {
						more = false
						break
					}
					batch = append(batch, o)
					continue
				default:
				}
				if tries >= 8 || (tries > 0 && len(batch) == before) {
					break
				}
				tries++
				before = len(batch)
				runtime.Gosched()
			}
			l.runBatch(batch, "")
			clear(batch)
		case <-tick.C:
			if l.opts.Signer != nil && l.headSeq > l.ckptSeq && l.opts.Now().Sub(l.ckptAt) >= l.opts.CheckpointInterval/2 {
				l.runBatch(nil, "interval")
			}
		}
	}
}

// runBatch carries out the calls in one write transaction and, when
// ckptReason is set or enough records were added, signs a checkpoint in it.
// If anything fails the transaction is rolled back, the in-memory state
// reloaded from the file and every caller gets the error.
func (l *Log) runBatch(batch []*op, ckptReason string) error {
	ctx := context.Background()
	if l.journal != nil {
		l.releaseOwed(ctx, false)
	}
	err := l.runTx(ctx, batch, ckptReason)
	if l.journal != nil {
		if jerr := l.journal.settle(err == nil); jerr != nil && err == nil {
			l.setErr(jerr)
		}
	}
	if err != nil {
		if rerr := l.reload(ctx); rerr != nil {
			err = errors.Join(err, rerr)
		}
		for _, o := range batch {
			o.err = err
		}
		if len(batch) == 0 {
			l.setErr(err)
		}
	}
	for _, o := range batch {
		close(o.done)
	}
	return err
}

func (l *Log) runTx(ctx context.Context, batch []*op, ckptReason string) (err error) {
	// BEGIN IMMEDIATE takes the write lock now, so the head read below
	// stays the head until COMMIT even with other processes writing.
	if _, err := l.stmts.begin.ExecContext(ctx); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			l.signed = nil
			l.conn.ExecContext(ctx, "ROLLBACK")
		}
	}()
	if err := l.catchUp(ctx); err != nil {
		return err
	}
	for _, o := range batch {
		switch o.kind {
		case opScan:
			err = l.doScan(ctx, o)
		case opAnnul:
			err = l.doAnnul(ctx, o)
		case opGate:
			err = l.doGate(ctx, o)
		case opReplay:
			err = l.doReplay(ctx, o)
		case opCheckpoint:
			if ckptReason == "" {
				ckptReason = "requested"
			}
		}
		if err != nil {
			return err
		}
	}
	if ckptReason == "" && l.headSeq-l.ckptSeq >= int64(l.opts.CheckpointEvery) {
		ckptReason = "count"
	}
	if ckptReason != "" {
		if err := l.checkpoint(ctx, ckptReason); err != nil {
			return err
		}
	}
	if _, err = l.stmts.commit.ExecContext(ctx); err != nil {
		return err
	}
	// The commit is acknowledged only once it is on disk. (A failed sync
	// fails the batch: its records may be in the file, but no caller is
	// told they are safe.)
	if err = l.syncWAL(); err != nil {
		return err
	}
	l.witness()
	return nil
}

// syncWAL puts what was committed to the WAL on disk (datasync: the data
// and the size, not the modification time). The WAL file is opened at the
// first sync; SQLite keeps it while the writer's connection is open.
func (l *Log) syncWAL() error {
	if l.wal == nil {
		// Read-write: Windows flushes only a handle open for writing.
		f, err := os.OpenFile(l.path+"-wal", os.O_RDWR, 0)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // nothing written yet
		}
		if err != nil {
			return fmt.Errorf("opening the WAL to sync it: %w", err)
		}
		l.wal = f
	}
	if err := datasync(l.wal); err != nil {
		return fmt.Errorf("syncing the WAL: %w", err)
	}
	l.walSyncs++
	return nil
}

// witness hands the checkpoint just committed, if any, to the Witness. Only
// a committed checkpoint is witnessed: a witness never holds one the log
// does not.
func (l *Log) witness() {
	c := l.signed
	l.signed = nil
	if c == nil || l.opts.Witness == nil {
		return
	}
	if err := l.opts.Witness.Witness(*c); err != nil {
		l.setErr(fmt.Errorf("witnessing checkpoint %d: %w", c.N, err))
	}
}

// catchUp brings the state up to date with what other processes appended
// since this one last wrote: it reads, checks and applies the new records
// only, so that it costs what was appended, not the whole log. If the
// record this writer last knew is gone or changed, it reloads everything
// (which checks the whole chain).
func (l *Log) catchUp(ctx context.Context) (err error) {
	// Nobody else committed since this writer last looked: nothing to
	// read. (data_version ignores this connection's own commits.)
	var v int64
	if err := l.stmts.dataVersion.QueryRowContext(ctx).Scan(&v); err != nil {
		return err
	}
	if v == l.dataVersion && l.dataVersionSet {
		return nil
	}
	var seq, n sql.NullInt64
	if err := l.stmts.heads.QueryRowContext(ctx).Scan(&seq, &n); err != nil {
		return err
	}
	defer func() {
		if err == nil {
			l.dataVersion, l.dataVersionSet = v, true
		}
	}()
	if seq.Int64 == l.headSeq && n.Int64 == l.ckptN {
		return nil
	}
	if seq.Int64 < l.headSeq || n.Int64 < l.ckptN {
		return l.reload(ctx)
	}
	if l.headSeq > 0 {
		var h []byte
		err := l.conn.QueryRowContext(ctx, `SELECT hash FROM records WHERE seq = ?`, l.headSeq).Scan(&h)
		if err != nil || !bytes.Equal(h, l.head) {
			return l.reload(ctx)
		}
	}
	if seq.Int64 > l.headSeq {
		if err := l.applyNew(ctx); err != nil {
			return err
		}
	}
	if n.Int64 != l.ckptN {
		cn, cseq, cat, err := l.lastCheckpoint(ctx)
		if err != nil {
			return err
		}
		l.ckptN, l.ckptSeq, l.ckptAt = cn, cseq, cat
	}
	return nil
}

// lastCheckpoint reads the number, record and time of the file's last
// checkpoint (none: 0, 0 and now).
func (l *Log) lastCheckpoint(ctx context.Context) (n, seq int64, at time.Time, err error) {
	var cn, cseq, cat sql.NullInt64
	err = l.conn.QueryRowContext(ctx, `SELECT n, head_seq, at_ns FROM checkpoints ORDER BY n DESC LIMIT 1`).Scan(&cn, &cseq, &cat)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, 0, time.Time{}, err
	}
	at = l.opts.Now()
	if cat.Valid {
		at = time.Unix(0, cat.Int64)
	}
	return cn.Int64, cseq.Int64, at, nil
}

// walkChain reads the records of rows, which must continue the chain after
// record seq whose hash is head, checks each and calls fn with it. It
// closes rows, and returns the sequence number and hash of the last record.
func walkChain(rows *sql.Rows, seq int64, head []byte, fn func(*Entry)) (int64, []byte, error) {
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return 0, nil, err
		}
		if e.Seq != seq+1 {
			return 0, nil, &ChainError{Seq: seq + 1, Problem: "record is missing (deleted)"}
		}
		if err := checkLink(e, head); err != nil {
			return 0, nil, err
		}
		fn(e)
		head, seq = e.Hash, e.Seq
	}
	return seq, head, rows.Err()
}

// applyNew reads the records after the head, checks that they continue the
// chain, and applies them to the anti-passback state.
func (l *Log) applyNew(ctx context.Context) error {
	rows, err := l.conn.QueryContext(ctx, "SELECT "+l.cols+" FROM records WHERE seq > ? ORDER BY seq", l.headSeq)
	if err != nil {
		return err
	}
	var news []*Entry
	seq, head, err := walkChain(rows, l.headSeq, l.head, func(e *Entry) { news = append(news, e) })
	if err != nil {
		return err
	}
	// Apply in log order; a credential whose entry was annulled, or whose
	// gate did not open, is rebuilt from its records afterwards, as reload
	// would have it.
	redo := map[credKey]bool{}
	for _, e := range news {
		if e.Kind == KindAnnul || (e.Kind == KindGate && !e.Accepted) {
			l.idx.forgotten[e.Ref] = true
			redo[e.key()] = true
			continue
		}
		l.idx.apply(e)
	}
	l.head, l.headSeq = head, seq
	for k := range redo {
		if err := l.recompute(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// reload rebuilds the chain head, checkpoint state and anti-passback index
// from the file, checking the chain on the way.
func (l *Log) reload(ctx context.Context) error {
	idx := newIndex()
	rows, err := l.conn.QueryContext(ctx, `SELECT ref FROM records WHERE kind = ? OR (kind = ? AND accepted = 0)`, KindAnnul, KindGate)
	if err != nil {
		return err
	}
	for rows.Next() {
		var ref string
		if err := rows.Scan(&ref); err != nil {
			rows.Close()
			return err
		}
		idx.forgotten[ref] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = l.conn.QueryContext(ctx, "SELECT "+l.cols+" FROM records ORDER BY seq")
	if err != nil {
		return err
	}
	seq, head, err := walkChain(rows, 0, make([]byte, 32), idx.apply)
	if err != nil {
		return err
	}
	n, cseq, cat, err := l.lastCheckpoint(ctx)
	if err != nil {
		return err
	}
	l.idx, l.head, l.headSeq = idx, head, seq
	l.ckptN, l.ckptSeq, l.ckptAt = n, cseq, cat
	return nil
}

// insert appends e to the chain.
func (l *Log) insert(ctx context.Context, e *Entry) error {
	e.clean()
	e.Seq = l.headSeq + 1
	if e.ID == "" {
		e.ID = newID(e.Time)
	}
	e.Prev = l.head
	e.Hash = e.computeHash()
	if _, err := l.stmts.record.ExecContext(ctx, e.row()...); err != nil {
		return err
	}
	l.head, l.headSeq = e.Hash, e.Seq
	return nil
}

func (l *Log) doScan(ctx context.Context, o *op) error {
	s := o.scan
	d := s.Decision
	d.Warnings = append([]string(nil), d.Warnings...)
	e := &Entry{
		Kind: KindDecision, Time: s.Time, Venue: s.Venue, Gate: s.Gate, Zone: s.Zone,
		Direction: s.Direction, KioskID: s.KioskID, Accepted: d.Accepted, Reason: d.Reason,
	}
	if e.Time.IsZero() {
		e.Time = l.opts.Now()
	}
	if e.Direction == "" {
		e.Direction = In
	}
	if e.Direction != In && e.Direction != Out {
		o.err = fmt.Errorf("direction %q is neither in nor out", e.Direction)
		return nil
	}
	if c := d.Credential; c != nil {
		e.CTI, e.Iss, e.Sub, e.Type, e.Name = c.CTI, c.Iss, c.Sub, c.Type, c.Name
	} else if c := d.DCC; c != nil {
		// An EU DCC has no cti: its certificate id (UVCI) is unique per
		// certificate, so its hash keys anti-passback, and the log shows
		// the holder and the id.
		uvci := c.Health.CertificateID()
		e.Iss, e.Sub, e.Name = c.Issuer, uvci, c.Health.Name.String()
		if uvci != "" {
			sum := sha256.Sum256([]byte("dcc:" + uvci))
			e.CTI = sum[:16]
		}
	}
	if !d.Accepted && d.Err != nil {
		e.Detail = d.Err.Error()
	}
	if l.opts.Claimer != nil {
		e.ID = newID(e.Time) // the shared state names it
	}
	// The index compares the cleaned fields it stores.
	probe := *e
	probe.clean()
	var res Result
	if r := ruleForType(l.opts.Rules, probe.Venue, probe.Gate, probe.Type); d.Accepted {
		p, refusal := l.passback(ctx, r, &probe, s.Override, &d)
		if refusal != "" {
			res.Message, e.Detail = refusal, refusal
			e.Accepted, e.Reason = false, d.Reason
		}
		if p != nil {
			msg, where := passbackText(r.Mode, p, e.Time, l.opts.Location)
			res.Prior, res.Message = p, msg
			e.Detail = res.Message
			switch {
			case r.Mode == Soft:
				d.Warnings = append(d.Warnings, WarnSoftPassback)
				e.Override = true
			case s.Override:
				d.Warnings = append(d.Warnings, WarnPassbackOverride)
				e.Override = true
			default:
				if r.Mode == SingleEntry {
					d.Refuse(verifier.Reject(verifier.ReasonAlreadyCheckedIn, "ticket already used %s", where))
				} else {
					d.Refuse(verifier.Reject(verifier.ReasonAlreadyCheckedIn, "last entry %s", where))
				}
				e.Accepted, e.Reason = false, d.Reason
			}
		}
	}
	if s.Override && e.Accepted {
		// A staff override is recorded as one, with its note.
		e.Override = true
		e.By = s.By
		if s.Note != "" {
			if e.Detail != "" {
				e.Detail += "; "
			}
			e.Detail += s.Note
		}
	}
	e.Warnings = append([]string(nil), d.Warnings...)
	if err := l.insert(ctx, e); err != nil {
		return err
	}
	l.idx.apply(e)
	res.Decision, res.Entry = d, *e
	o.result = res
	return nil
}

// lookup reads one record.
func (l *Log) lookup(ctx context.Context, where string, args ...any) (*Entry, error) {
	e, err := scanEntry(l.conn.QueryRowContext(ctx, "SELECT "+l.cols+" FROM records WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return e, err
}

func (l *Log) doAnnul(ctx context.Context, o *op) error {
	t, err := l.lookup(ctx, `kind = ? AND kiosk = ? AND accepted = 1 ORDER BY seq DESC LIMIT 1`, KindDecision, cleanText(o.kiosk))
	if err != nil {
		return err
	}
	if t == nil || l.idx.forgotten[t.ID] {
		o.err = fmt.Errorf("%w: kiosk %q has no accepted decision left to annul", ErrNothingToAnnul, o.kiosk)
		return nil
	}
	now := l.opts.Now()
	if age := now.Sub(t.Time); age > o.within {
		o.err = fmt.Errorf("%w: the last accepted decision of kiosk %q (%s, %s) is %s old; annulling is allowed within %s",
			ErrAnnulTooLate, o.kiosk, t.Name, t.Time.In(l.opts.Location).Format("15:04:05"), age.Round(time.Second), o.within)
		return nil
	}
	e := related(t, KindAnnul, now)
	e.Accepted = true
	e.Detail = "annulled: " + o.why
	e.By = o.by
	if err := l.insert(ctx, e); err != nil {
		return err
	}
	l.idx.forgotten[t.ID] = true
	if err := l.recompute(ctx, t.key()); err != nil {
		return err
	}
	l.releaseShared(ctx, t)
	o.result.Entry = *e
	return nil
}

func (l *Log) doGate(ctx context.Context, o *op) error {
	t, err := l.lookup(ctx, `id = ?`, o.ref)
	if err != nil {
		return err
	}
	if t == nil || t.Kind != KindDecision {
		o.err = fmt.Errorf("%w: %q is not a decision of this log", ErrUnknownRecord, o.ref)
		return nil
	}
	e := related(t, KindGate, l.opts.Now())
	e.Accepted = o.gateErr == nil
	if o.gateErr != nil {
		// A gate's *gate.Error says "gate did not open" itself; any
		// other error is the cause.
		if ge := (*gate.Error)(nil); errors.As(o.gateErr, &ge) {
			e.Detail = ge.Error()
		} else {
			e.Detail = (&gate.Error{Err: o.gateErr}).Error()
		}
	} else {
		e.Detail = "gate opened"
	}
	if err := l.insert(ctx, e); err != nil {
		return err
	}
	if !e.Accepted && l.idx.counts(t) {
		l.idx.forgotten[t.ID] = true
		if err := l.recompute(ctx, t.key()); err != nil {
			return err
		}
		l.releaseShared(ctx, t)
	}
	o.result.Entry = *e
	return nil
}

// related returns a record of kind about decision t.
func related(t *Entry, kind Kind, now time.Time) *Entry {
	return &Entry{
		Kind: kind, Time: now, Venue: t.Venue, Gate: t.Gate, Zone: t.Zone, Direction: t.Direction,
		KioskID: t.KioskID, CTI: t.CTI, Iss: t.Iss, Sub: t.Sub, Type: t.Type, Name: t.Name, Ref: t.ID,
	}
}

// recompute rebuilds the anti-passback state of one credential from its
// records, after one of them was forgotten.
func (l *Log) recompute(ctx context.Context, k credKey) error {
	l.idx.forget(k)
	if k.cti == "" {
		return nil
	}
	rows, err := l.conn.QueryContext(ctx, "SELECT "+l.cols+` FROM records
		WHERE cti = ? AND iss = ? AND venue = ? AND kind = ? AND accepted = 1 ORDER BY seq`,
		[]byte(k.cti), k.iss, k.venue, KindDecision)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		l.idx.apply(e)
	}
	return rows.Err()
}

func (l *Log) doReplay(ctx context.Context, o *op) error {
	res, err := l.stmts.presentation.ExecContext(ctx, o.cti, o.t, o.now.UnixNano())
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	o.seen = n == 0
	return nil
}

// checkpoint signs the chain head, if there is a key and anything new (or
// no checkpoint yet: the first one, over the empty log, proves that it was
// empty).
func (l *Log) checkpoint(ctx context.Context, reason string) error {
	if l.opts.Signer == nil || (l.headSeq == l.ckptSeq && l.ckptN > 0) {
		return nil
	}
	n, at := l.ckptN+1, l.opts.Now()
	sig, pub, err := signCheckpoint(l.opts.Signer, checkpointPayload(n, l.headSeq, l.head, at, reason))
	if err != nil {
		return err
	}
	if _, err := l.stmts.checkpoint.ExecContext(ctx, n, l.headSeq, l.head, at.UnixNano(), reason, pub, sig); err != nil {
		return err
	}
	l.ckptN, l.ckptSeq, l.ckptAt = n, l.headSeq, at
	l.signed = &Checkpoint{N: n, Seq: l.headSeq, Head: append([]byte(nil), l.head...), Time: at, Reason: reason, Sig: sig}
	return nil
}
