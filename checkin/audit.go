package checkin

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
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
		return errors.New("signed by another key")
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
}

// VerifyChain checks the log file at path: every record's hash, the link of
// every record to the one before, gapless sequence numbers, and every
// checkpoint's signature with pub (the kiosk's public key) and its head. It
// detects an edited, inserted, reordered or deleted record and returns a
// *ChainError (wrapping ErrChainBroken) naming the first bad one. With pub
// nil the signatures are not checked (SignaturesChecked is false). A file
// that is not an intact check-in log gets a *FileError, as from Open.
//
// VerifyChain opens the file read-only; it may run while a kiosk writes.
func VerifyChain(path string, pub crypto.PublicKey) (*ChainReport, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	if err := checkFile(context.Background(), path); err != nil {
		return nil, err
	}
	d, err := dsn(path, true)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", d)
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
		return nil, fmt.Errorf("%s is not a check-in log: %w", path, err)
	}
	if ver == 0 {
		return nil, fmt.Errorf("%s is not a check-in log", path)
	}
	if ver > len(migrations) {
		return nil, fmt.Errorf("%w: schema version %d", ErrNewerSchema, ver)
	}
	rep := &ChainReport{SignaturesChecked: pub != nil}
	if err := verifyRecords(ctx, tx, rep); err != nil {
		return nil, err
	}
	if err := verifyCheckpoints(ctx, tx, pub, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

func verifyRecords(ctx context.Context, tx *sql.Tx, rep *ChainReport) error {
	rows, err := tx.QueryContext(ctx, "SELECT "+entryColumns+" FROM records ORDER BY seq")
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
		if !id.Valid {
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
