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

// Load parses data as Parse does, then applies the seq rollback guard of
// FORMAT.md section 4: the last accepted seq per anchor is kept in the JSON
// file at statePath. A list with a lower seq than the one recorded, or the
// same seq with different content, is refused with ErrRollback. An accepted
// list with a higher seq is recorded. An empty statePath skips the guard.
func Load(data []byte, anchors []crypto.PublicKey, statePath string) (*List, error) {
	l, err := Parse(data, anchors)
	if err != nil {
		return nil, err
	}
	if statePath == "" {
		return l, nil
	}
	st, err := readState(statePath)
	if err != nil {
		return nil, err
	}
	key := hex.EncodeToString(l.AnchorKid)
	digest := hex.EncodeToString(l.Digest[:])
	if last, ok := st.Anchors[key]; ok {
		switch {
		case l.Seq < last.Seq:
			return nil, fmt.Errorf("%w: seq %d is lower than %d", ErrRollback, l.Seq, last.Seq)
		case l.Seq == last.Seq && last.SHA256 != "" && last.SHA256 != digest:
			return nil, fmt.Errorf("%w: seq %d was already accepted with different content", ErrRollback, l.Seq)
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
