package checkin

import (
	"bytes"
	"context"
	"crypto"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"time"
)

// Checkpoint is a signed checkpoint of a log's chain head: what a Witness
// keeps outside the log file. Sig is the COSE_Sign1 by the kiosk key over
// the checkpoint (number, record, head, time and reason), so a witness
// needs no trust of its own: Verify checks every witnessed checkpoint with
// the kiosk's public key.
type Checkpoint struct {
	// N numbers the checkpoints of one log from 1.
	N int64
	// Seq is the last record the checkpoint covers (0: the empty log).
	Seq int64
	// Head is the hash of record Seq (32 zero bytes for the empty log).
	Head   []byte
	Time   time.Time
	Reason string
	Sig    []byte
}

// A Witness keeps every checkpoint a Log signs somewhere the log file is
// not (another disk, a USB stick, a hub), so that deleting records from the
// end of the log, or rewriting the log and its checkpoints, shows against
// the witness (VerifyOptions.Witness). Witness is called by the writer
// after the checkpoint is committed to the log; its error is reported by
// Log.Err, and does not keep the gate closed.
type Witness interface {
	Witness(Checkpoint) error
}

// FileWitness appends checkpoints to a file, one JSON object per line:
// n, seq, head (hex), time (RFC 3339), reason and sig (base64). Each line is
// fsynced before Witness returns. One witness file belongs to one log file.
type FileWitness struct {
	mu   sync.Mutex
	path string
}

// NewFileWitness returns a Witness appending to the file at path, which is
// created (mode 0600) if missing; it fails now if the file cannot be
// written.
func NewFileWitness(path string) (*FileWitness, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("witness file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("witness file: %w", err)
	}
	return &FileWitness{path: path}, nil
}

// Path returns the witness file's name.
func (w *FileWitness) Path() string { return w.path }

type witnessLine struct {
	N      int64  `json:"n"`
	Seq    int64  `json:"seq"`
	Head   string `json:"head"`
	Time   string `json:"time"`
	Reason string `json:"reason"`
	Sig    string `json:"sig"`
}

// Line is the checkpoint as one line of a witness file (without the line
// end): a JSON object of n, seq, head (hex), time (RFC 3339), reason and sig
// (base64). ParseWitness reads such lines back.
func (c Checkpoint) Line() []byte {
	line, _ := json.Marshal(witnessLine{N: c.N, Seq: c.Seq, Head: hex.EncodeToString(c.Head),
		Time: c.Time.UTC().Format(time.RFC3339Nano), Reason: c.Reason, Sig: base64.StdEncoding.EncodeToString(c.Sig)})
	return line
}

// Verify checks the checkpoint's signature with the kiosk's public key.
func (c Checkpoint) Verify(pub crypto.PublicKey) error {
	return verifyCheckpoint(pub, c.Sig, checkpointPayload(c.N, c.Seq, c.Head, c.Time, c.Reason))
}

// ParseWitness reads checkpoints in the form of a witness file (lines of
// Checkpoint.Line, each ended by a line end); name names the source in
// errors.
func ParseWitness(name string, data []byte) ([]Checkpoint, error) {
	return parseWitness(name, data)
}

// Witness appends c to the file and fsyncs it. A last line without its
// line end (a write that a crash or a pulled stick cut short, which
// ReadWitness ignores) is cut off first: appended to, it would make the new
// line unreadable and the whole file refused.
func (w *FileWitness) Witness(c Checkpoint) error {
	line := c.Line()
	w.mu.Lock()
	defer w.mu.Unlock()
	f, err := os.OpenFile(w.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("witness file: %w", err)
	}
	end, err := lineEnd(f)
	if err == nil {
		_, err = f.WriteAt(append(line, '\n'), end)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("witness file %s: %w", w.path, err)
	}
	return nil
}

// lineEnd returns where the next line of f goes: the end of the file, or,
// when its last line has no line end, the start of that line, to which the
// file is truncated.
func lineEnd(f *os.File) (int64, error) {
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil || size == 0 {
		return size, err
	}
	buf := make([]byte, 4096)
	for end := size; end > 0; {
		start := max(0, end-int64(len(buf)))
		b := buf[:end-start]
		if _, err := f.ReadAt(b, start); err != nil {
			return 0, err
		}
		if end == size && b[len(b)-1] == '\n' {
			return size, nil
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			return start + int64(i) + 1, f.Truncate(start + int64(i) + 1)
		}
		end = start
	}
	return 0, f.Truncate(0)
}

// ReadWitness reads the checkpoints of a witness file written by
// FileWitness. A last line without its line end (a write the crash of a
// kiosk cut short) is ignored; any other line that is not a checkpoint is an
// error naming it.
func ReadWitness(path string) ([]Checkpoint, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseWitness(path, data)
}

func parseWitness(path string, data []byte) ([]Checkpoint, error) {
	var cps []Checkpoint
	for n := 1; ; n++ {
		line, rest, ok := bytes.Cut(data, []byte{'\n'})
		if !ok {
			return cps, nil // an unterminated last line is a cut-short write
		}
		data = rest
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		bad := func(what string) error {
			return fmt.Errorf("witness file %s, line %d: %s", path, n, what)
		}
		var wl witnessLine
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&wl); err != nil {
			return nil, bad("not a checkpoint: " + err.Error())
		}
		c := Checkpoint{N: wl.N, Seq: wl.Seq, Reason: wl.Reason}
		var err error
		if c.Head, err = hex.DecodeString(wl.Head); err != nil || len(c.Head) != 32 {
			return nil, bad("head is not 32 bytes of hex")
		}
		if c.Time, err = time.Parse(time.RFC3339Nano, wl.Time); err != nil {
			return nil, bad("time: " + err.Error())
		}
		if c.Sig, err = base64.StdEncoding.DecodeString(wl.Sig); err != nil || len(c.Sig) == 0 {
			return nil, bad("sig is not base64")
		}
		if c.N < 1 || c.Seq < 0 {
			return nil, bad(fmt.Sprintf("checkpoint %d over record %d", c.N, c.Seq))
		}
		cps = append(cps, c)
	}
}

// checkWitness refuses a witness file whose last checkpoint is not one of
// this log's: appended to, it would hold two logs' checkpoints, and every
// later check of this log against it would report the intact log as
// tampered with. A new or empty witness file is fine.
func (l *Log) checkWitness(ctx context.Context, w *FileWitness) error {
	cps, err := ReadWitness(w.path)
	if err != nil || len(cps) == 0 {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	c := cps[len(cps)-1]
	var seq int64
	var head, sig []byte
	err = l.conn.QueryRowContext(ctx, "SELECT head_seq, head, sig FROM checkpoints WHERE n = ?", c.N).Scan(&seq, &head, &sig)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err == nil && seq == c.Seq && bytes.Equal(head, c.Head) && bytes.Equal(sig, c.Sig) {
		return nil
	}
	return fmt.Errorf("witness file %s does not belong to this log: its last checkpoint (%d, over record %d, signed %s) is not in it. "+
		"Give each log file a witness file of its own; if this is the log's own, records were deleted or changed: check with 'venuepass log verify --witness'",
		w.path, c.N, c.Seq, c.Time.UTC().Format(time.RFC3339))
}
