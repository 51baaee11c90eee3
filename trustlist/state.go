package trustlist

import (
	"crypto"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Guard is the seq rollback guard of FORMAT.md section 4: where the last
// accepted seq per anchor is kept. Make one with StateFile; NoGuard says
// deliberately that a load is not guarded. The zero Guard is neither, and
// Load refuses it, so a forgotten guard cannot pass for no guard.
type Guard struct {
	path string
	none bool
}

// StateFile is a guard keeping its state in the JSON file at path (made on
// first use). An empty path makes Load fail.
func StateFile(path string) Guard { return Guard{path: path} }

// NoGuard loads without the rollback guard: for tools that look at a list
// without accepting it (inspect, sign, tests), never for a verifier.
var NoGuard = Guard{none: true}

// ErrNoGuard is Load given the zero Guard or StateFile("").
var ErrNoGuard = errors.New("trustlist: no rollback guard given (StateFile(path), or NoGuard to load unguarded)")

// RollbackError is ErrRollback (errors.Is) with what was compared: Seq of
// the list refused, Last the seq accepted before for its anchor. SameSeq
// is a list with the accepted seq and other content.
type RollbackError struct {
	Seq, Last uint64
	SameSeq   bool
}

func (e *RollbackError) Error() string { return ErrRollback.Error() + ": " + e.Detail() }
func (e *RollbackError) Unwrap() error { return ErrRollback }

// Detail says what was compared, without ErrRollback's words.
func (e *RollbackError) Detail() string {
	if e.SameSeq {
		return fmt.Sprintf("seq %d was already accepted with different content", e.Seq)
	}
	return fmt.Sprintf("seq %d is lower than %d", e.Seq, e.Last)
}

// Load parses data as Parse does, then applies the rollback guard: a list
// with a lower seq than the one recorded for its anchor, or the same seq
// with different content, is refused with a *RollbackError (ErrRollback).
// An accepted list with a higher seq is recorded.
func Load(data []byte, anchors []crypto.PublicKey, guard Guard) (*List, error) {
	if !guard.none && guard.path == "" {
		return nil, ErrNoGuard
	}
	l, err := Parse(data, anchors)
	if err != nil {
		return nil, err
	}
	if guard.none {
		return l, nil
	}
	statePath := guard.path
	st, err := readState(statePath)
	if err != nil {
		return nil, err
	}
	key := hex.EncodeToString(l.AnchorKid)
	digest := hex.EncodeToString(l.Digest[:])
	if last, ok := st.Anchors[key]; ok {
		switch {
		case l.Seq < last.Seq:
			return nil, &RollbackError{Seq: l.Seq, Last: last.Seq}
		case l.Seq == last.Seq && last.SHA256 != "" && last.SHA256 != digest:
			return nil, &RollbackError{Seq: l.Seq, Last: last.Seq, SameSeq: true}
		case l.Seq == last.Seq:
			return l, nil
		}
	}
	st.Anchors[key] = stateEntry{Seq: l.Seq, SHA256: digest}
	if err := writeState(statePath, st); err != nil {
		return nil, err
	}
	return l, nil
}

type stateEntry struct {
	Seq    uint64 `json:"seq"`
	SHA256 string `json:"sha256"`
}

type stateFile struct {
	Anchors map[string]stateEntry `json:"anchors"`
}

const maxStateSize = 1 << 20

func readState(path string) (*stateFile, error) {
	st := &stateFile{Anchors: map[string]stateEntry{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading trust list state: %w", err)
	}
	if len(data) > maxStateSize {
		return nil, fmt.Errorf("trust list state file %s is too large", path)
	}
	if err := json.Unmarshal(data, st); err != nil {
		// Never silently reset the guard: a corrupt state file could
		// otherwise be used to roll back.
		return nil, fmt.Errorf("trust list state file %s is corrupt (%v); restore it or remove it deliberately", path, err)
	}
	if st.Anchors == nil {
		st.Anchors = map[string]stateEntry{}
	}
	return st, nil
}

// writeState replaces the state file atomically: a crash leaves the old or
// the new one, never a torn file.
func writeState(path string, st *stateFile) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".vptl-state-*")
	if err != nil {
		return fmt.Errorf("writing trust list state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("writing trust list state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing trust list state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing trust list state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing trust list state: %w", err)
	}
	return nil
}
