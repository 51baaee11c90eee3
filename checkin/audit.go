package checkin

import (
	"bytes"
	"cmp"
	"context"
	"crypto"
	"crypto/x509"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/venuepass/venuepass/internal/wire"
)

// checkpointContentType is the COSE content type of a signed checkpoint.
const checkpointContentType = "application/vp-log-checkpoint"

// checkpointPayload is what a checkpoint signs: the chain head (the hash
// of record headSeq, which commits to every record before it), when, and
// why.
func checkpointPayload(n, headSeq int64, head []byte, at time.Time, reason string) []byte {
	b := []byte("venuepass-checkpoint-v1\x00")
	b = binary.BigEndian.AppendUint64(b, uint64(n))
	b = binary.BigEndian.AppendUint64(b, uint64(headSeq))
	b = binary.AppendUvarint(b, uint64(len(head)))
	b = append(b, head...)
	b = binary.BigEndian.AppendUint64(b, uint64(at.UnixNano()))
	b = binary.AppendUvarint(b, uint64(len(reason)))
	return append(b, reason...)
}

// signCheckpoint signs the payload as a COSE_Sign1 with the kiosk key,
// whose algorithm follows from the key (ES256, ES384, EdDSA or PS256).
func signCheckpoint(s crypto.Signer, payload []byte) (sig, pub []byte, err error) {
	alg, err := wire.AlgForKey(s.Public())
	if err != nil {
		return nil, nil, fmt.Errorf("kiosk key: %w", err)
	}
	kid, err := wire.KeyID(s.Public())
	if err != nil {
		return nil, nil, fmt.Errorf("kiosk key: %w", err)
	}
	pub, err = x509.MarshalPKIXPublicKey(s.Public())
	if err != nil {
		return nil, nil, fmt.Errorf("kiosk key: %w", err)
	}
	sig, err = wire.Sign(s, alg, kid, checkpointContentType, payload)
	return sig, pub, err
}

// verifyCheckpoint checks that sig is a COSE_Sign1 by pub over payload. The
// algorithm is pub's, never the message's.
func verifyCheckpoint(pub crypto.PublicKey, sig, payload []byte) error {
	alg, err := wire.AlgForKey(pub)
	if err != nil {
		return err
	}
	kid, err := wire.KeyID(pub)
	if err != nil {
		return err
	}
	msg, err := wire.ParseSign1(sig)
	if err != nil {
		return fmt.Errorf("signature is not a valid COSE_Sign1: %v", err)
	}
	if msg.Alg != alg || !bytes.Equal(msg.Kid, kid) {
		return fmt.Errorf("signed by another key (kid %x, not kid %x of the key given)", msg.Kid, kid)
	}
	if !bytes.Equal(msg.Payload, payload) {
		return errors.New("signed content differs from the checkpoint")
	}
	v, err := wire.NewVerifier(alg, pub)
	if err != nil {
		return err
	}
	if v.Verify(wire.ToBeSigned(msg.Protected, msg.Payload), msg.Signature) != nil {
		return errors.New("signature does not verify")
	}
	return nil
}

// ChainReport describes a log whose chain verified.
type ChainReport struct {
	// Records is the number of records; Head is the hash of the last.
	Records int64
	Head    []byte
	// Checkpoints is the number of signed checkpoints; LastCheckpoint the
	// sequence number of the last record a checkpoint covers.
	Checkpoints    int64
	LastCheckpoint int64
	// LastCheckpointTime is when the last checkpoint was signed.
	LastCheckpointTime time.Time
	// Unsigned counts the records after the last checkpoint: they are
	// protected by the hash chain only (a kiosk that crashed signs them at
	// its next checkpoint). Deleting records from the end of the log is
	// detectable only up to the last checkpoint.
	Unsigned int64
	// SignaturesChecked is false when VerifyChain was given no public key.
	SignaturesChecked bool
	// Witnessed is the last record a witnessed checkpoint confirmed (0:
	// none, or no witness given).
	Witnessed int64
}

// VerifyOptions configure Verify.
type VerifyOptions struct {
	// Key is the kiosk's public key, which checks the checkpoints'
	// signatures. Nil: the signatures are not checked (SignaturesChecked is
	// false) and the log's tail is not judged.
	Key crypto.PublicKey
	// CheckpointEvery and CheckpointInterval are those the kiosk wrote the
	// log with (0: the defaults). With Key, records after the last
	// checkpoint are a *ChainError when there are more of them than
	// CheckpointEvery, or when they span more than two CheckpointIntervals:
	// a kiosk signs them sooner, so records after them were deleted (or the
	// kiosk died before it could sign them).
	CheckpointEvery    int
	CheckpointInterval time.Duration
	// Witness are the checkpoints a Witness kept (ReadWitness). Each must
	// carry a valid signature by Key (which Witness needs), and the log must
	// hold the record it covers with the head it names: a log shorter than,
	// or diverging from, a witnessed checkpoint is a *ChainError naming the
	// first bad record.
	Witness []Checkpoint
}

// VerifyChain is Verify with only the kiosk's public key (nil: signatures
// not checked).
func VerifyChain(path string, pub crypto.PublicKey) (*ChainReport, error) {
	return Verify(path, VerifyOptions{Key: pub})
}

// Verify checks the log file at path: every record's hash, the link of
// every record to the one before, gapless sequence numbers, and every
// checkpoint's signature with the kiosk's public key and its head. It
// detects an edited, inserted, reordered or deleted record and returns a
// *ChainError (wrapping ErrChainBroken) naming the first bad one. With a key
// it also requires a signed checkpoint and a short unsigned tail, and checks
// the log against the witnessed checkpoints (see VerifyOptions). A file that
// is not an intact check-in log gets a *FileError, as from Open.
//
// What the file alone cannot show: that records after its last checkpoint
// and the checkpoints over them were not deleted together. The witness
// shows it, up to the last checkpoint it holds.
//
// Verify opens the file read-only; it may run while a kiosk writes.
func Verify(path string, o VerifyOptions) (*ChainReport, error) {
	if len(o.Witness) > 0 && o.Key == nil {
		return nil, errors.New("checking a log against its witness needs the kiosk's public key")
	}
	if o.CheckpointEvery <= 0 {
		o.CheckpointEvery = DefaultCheckpointEvery
	}
	if o.CheckpointInterval <= 0 {
		o.CheckpointInterval = DefaultCheckpointInterval
	}
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	if err := checkFile(context.Background(), path); err != nil {
		return nil, err
	}
	db, err := openReadOnly(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ctx := context.Background()
	// One read transaction, so a kiosk appending meanwhile does not make
	// records and checkpoints disagree.
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var ver int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&ver); err != nil {
		return nil, &NotLogError{Path: path, Err: err}
	}
	if ver == 0 {
		return nil, &NotLogError{Path: path}
	}
	if ver > len(migrations) {
		return nil, fmt.Errorf("%w: schema version %d", ErrNewerSchema, ver)
	}
	rep := &ChainReport{SignaturesChecked: o.Key != nil}
	if err := verifyRecords(ctx, tx, ver, rep); err != nil {
		return nil, err
	}
	if err := verifyCheckpoints(ctx, tx, o.Key, rep); err != nil {
		return nil, err
	}
	if err := verifyWitness(ctx, tx, o.Key, o.Witness, rep); err != nil {
		return nil, err
	}
	if o.Key != nil {
		if err := verifyTail(ctx, tx, o, rep); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// verifyTail requires a signed checkpoint and no more unsigned records than
// the kiosk leaves.
func verifyTail(ctx context.Context, tx *sql.Tx, o VerifyOptions, rep *ChainReport) error {
	if rep.Checkpoints == 0 {
		return &ChainError{Problem: fmt.Sprintf("the log has %s and no signed checkpoint: a kiosk with a key signs one when it creates the log, so the log was emptied, rewritten, or written without --kiosk-key", plural(rep.Records, "record", "records"))}
	}
	if rep.Unsigned == 0 {
		return nil
	}
	first := rep.LastCheckpoint + 1
	if rep.Unsigned > int64(o.CheckpointEvery) {
		return &ChainError{Seq: first, Problem: fmt.Sprintf("%s after the last checkpoint (record %d), more than the %d a kiosk leaves unsigned: records and checkpoints after them were deleted, or the records were added without the kiosk key",
			plural(rep.Unsigned, "record", "records"), rep.LastCheckpoint, o.CheckpointEvery)}
	}
	var lo, hi int64
	if err := tx.QueryRowContext(ctx, `SELECT min(at_ns), max(at_ns) FROM records WHERE seq >= ?`, first).Scan(&lo, &hi); err != nil {
		return err
	}
	if span := time.Duration(hi - lo); span > 2*o.CheckpointInterval {
		return &ChainError{Seq: first, Problem: fmt.Sprintf("%s after the last checkpoint (record %d) span %s, more than a kiosk signing every %s leaves unsigned: checkpoints after them were deleted, or the records were added without the kiosk key",
			plural(rep.Unsigned, "record", "records"), rep.LastCheckpoint, span.Round(time.Second), o.CheckpointInterval)}
	}
	return nil
}

// verifyWitness checks the log against the witnessed checkpoints: each is
// signed by pub, and the log holds its record with its head.
func verifyWitness(ctx context.Context, tx *sql.Tx, pub crypto.PublicKey, cps []Checkpoint, rep *ChainReport) error {
	if len(cps) == 0 {
		return nil
	}
	cps = slices.Clone(cps)
	slices.SortStableFunc(cps, func(a, b Checkpoint) int { return cmp.Compare(a.Seq, b.Seq) })
	good := int64(0) // the last record a witnessed checkpoint confirmed
	var last *Checkpoint
	for _, c := range cps {
		if err := verifyCheckpoint(pub, c.Sig, checkpointPayload(c.N, c.Seq, c.Head, c.Time, c.Reason)); err != nil {
			return fmt.Errorf("witnessed checkpoint %d over record %d: %v; is it the witness of this log and this kiosk key?", c.N, c.Seq, err)
		}
	}
	for i := range cps {
		c := &cps[i]
		if c.Seq > rep.Records {
			last = &cps[len(cps)-1]
			break
		}
		head := make([]byte, 32)
		if c.Seq > 0 {
			if err := tx.QueryRowContext(ctx, `SELECT hash FROM records WHERE seq = ?`, c.Seq).Scan(&head); err != nil {
				return err
			}
		}
		if !bytes.Equal(head, c.Head) {
			first := good + 1
			return &ChainError{Seq: first, Problem: fmt.Sprintf("the log differs from witnessed checkpoint %d over record %d (signed %s): records %d to %d were altered or replaced, and the chain recomputed",
				c.N, c.Seq, c.Time.UTC().Format(time.RFC3339), first, c.Seq)}
		}
		good = c.Seq
	}
	if last != nil {
		first := rep.Records + 1
		what := fmt.Sprintf("records %d to %d are", first, last.Seq)
		if first == last.Seq {
			what = fmt.Sprintf("record %d is", first)
		}
		return &ChainError{Seq: first, Problem: fmt.Sprintf("the log ends at record %d, but the witness holds checkpoint %d over record %d (signed %s): %s missing (deleted)",
			rep.Records, last.N, last.Seq, last.Time.UTC().Format(time.RFC3339), what)}
	}
	rep.Witnessed = good
	return nil
}

func verifyRecords(ctx context.Context, tx *sql.Tx, ver int, rep *ChainReport) error {
	rows, err := tx.QueryContext(ctx, "SELECT "+columnsOf(ver)+" FROM records ORDER BY seq")
	if err != nil {
		return err
	}
	defer rows.Close()
	prev := make([]byte, 32)
	var want int64 = 1
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		switch {
		case e.Seq > want:
			if want == e.Seq-1 {
				return &ChainError{Seq: want, Problem: "record is missing (deleted)"}
			}
			return &ChainError{Seq: want, Problem: fmt.Sprintf("records %d to %d are missing (deleted)", want, e.Seq-1)}
		case e.Seq < want:
			return &ChainError{Seq: e.Seq, ID: e.ID, Problem: "sequence number out of order"}
		}
		if err := checkLink(e, prev); err != nil {
			return err
		}
		prev = e.Hash
		rep.Records = e.Seq
		want++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rep.Head = prev
	return nil
}

func verifyCheckpoints(ctx context.Context, tx *sql.Tx, pub crypto.PublicKey, rep *ChainReport) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.n, c.head_seq, c.head, c.at_ns, c.reason, c.sig, r.hash, r.id
		FROM checkpoints c LEFT JOIN records r ON r.seq = c.head_seq ORDER BY c.n`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var wantN, lastSeq int64 = 1, 0
	for rows.Next() {
		var n, headSeq, at int64
		var head, sig, hash []byte
		var reason string
		var id sql.NullString
		if err := rows.Scan(&n, &headSeq, &head, &at, &reason, &sig, &hash, &id); err != nil {
			return err
		}
		bad := func(problem string) error {
			return &ChainError{Seq: headSeq, ID: id.String, Checkpoint: n, Problem: problem}
		}
		if n != wantN {
			return bad(fmt.Sprintf("checkpoint %d is missing", wantN))
		}
		if headSeq < lastSeq {
			return bad("checkpoints out of order")
		}
		if pub != nil {
			if err := verifyCheckpoint(pub, sig, checkpointPayload(n, headSeq, head, time.Unix(0, at), reason)); err != nil {
				return bad(err.Error())
			}
		}
		if headSeq == 0 {
			// The first checkpoint of a log, over no records.
			hash = make([]byte, 32)
		} else if !id.Valid {
			return bad(fmt.Sprintf("the log ends at record %d: records after it were deleted", rep.Records))
		}
		if !bytes.Equal(head, hash) {
			return bad("the signed chain head does not match the record: records up to it were altered and their hashes recomputed")
		}
		rep.Checkpoints = n
		rep.LastCheckpoint = headSeq
		rep.LastCheckpointTime = time.Unix(0, at).UTC()
		lastSeq = headSeq
		wantN++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rep.Unsigned = rep.Records - rep.LastCheckpoint
	return nil
}

// checkLink checks that e follows the record whose hash is prev and that
// its contents match its hash.
func checkLink(e *Entry, prev []byte) error {
	if !bytes.Equal(e.Prev, prev) {
		return &ChainError{Seq: e.Seq, ID: e.ID, Problem: fmt.Sprintf("not linked to record %d: a record was inserted, deleted or reordered here, or record %d was altered", e.Seq-1, e.Seq-1)}
	}
	if !bytes.Equal(e.computeHash(), e.Hash) {
		return &ChainError{Seq: e.Seq, ID: e.ID, Problem: "contents do not match the record's hash: the record was altered"}
	}
	return nil
}
