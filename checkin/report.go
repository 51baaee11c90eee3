package checkin

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/verifier"
)

// This file words the queries of aggregate.go for people (text) and
// programs (JSON), as the CLI's log commands print them.

// Text sums up the stats for people, one row per count, then the
// decisions by type and the rejections by reason in words; nlogs > 1 says
// how many logs were summed, times are in loc. Fields are as recorded: a
// terminal should have control characters replaced.
func (s *Stats) Text(nlogs int, loc *time.Location) string {
	var b strings.Builder
	span := "from " + timeIn(s.From, loc)
	if s.To.IsZero() {
		span += " on"
	} else {
		span += " to " + timeIn(s.To, loc)
	}
	if nlogs > 1 {
		span += fmt.Sprintf(", %d logs", nlogs)
	}
	fmt.Fprintf(&b, "Check-ins %s\n", span)
	row := func(name string, n int, note string) {
		fmt.Fprintf(&b, "    %-24s %5d", name, n)
		if note != "" {
			b.WriteString("  " + note)
		}
		b.WriteString("\n")
	}
	row("decisions", s.Decisions, "")
	row("accepted", s.Accepted, "")
	row("rejected", s.Rejected, "")
	row("entries", s.Entries, "accepted, not annulled, gate opened")
	row("exits", s.Exits, "")
	row("inside", s.Inside, "last scan in the range is an entry")
	row("annulled", s.Annulled, "")
	row("gate failures", s.GateFailures, "")
	row("soft anti-passback", s.SoftPassback, "")
	row("anti-passback overrides", s.Overrides, "soft ones included")
	if len(s.ByType) > 0 {
		b.WriteString("By type:\n")
		for _, k := range slices.Sorted(maps.Keys(s.ByType)) {
			row(k, s.ByType[k], "")
		}
	}
	if len(s.ByReason) > 0 {
		b.WriteString("Rejected by reason:\n")
		for _, k := range slices.Sorted(maps.Keys(s.ByReason)) {
			note := explain.English.StaffWords(verifier.Reason(k))
			if note == k { // no words for it
				note = ""
			}
			row(k, s.ByReason[k], note)
		}
	}
	return b.String()
}

func timeIn(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(loc).Format(time.RFC3339)
}

// StatsJSON is Stats as one JSON object, with the logs summed.
type StatsJSON struct {
	From         *string        `json:"from"`
	To           *string        `json:"to"`
	Logs         []string       `json:"logs"`
	Decisions    int            `json:"decisions"`
	Accepted     int            `json:"accepted"`
	Rejected     int            `json:"rejected"`
	Entries      int            `json:"entries"`
	Exits        int            `json:"exits"`
	Inside       int            `json:"inside"`
	Annulled     int            `json:"annulled"`
	GateFailures int            `json:"gate_failures"`
	SoftPassback int            `json:"soft_passback"`
	Overrides    int            `json:"overrides"`
	ByType       map[string]int `json:"by_type"`
	ByReason     map[string]int `json:"by_reason"`
}

// JSON returns the stats for encoding/json; from and to are RFC 3339 in
// UTC, null when open.
func (s *Stats) JSON(logs []string) StatsJSON {
	return StatsJSON{
		From: optUTC(s.From), To: optUTC(s.To), Logs: logs, Decisions: s.Decisions, Accepted: s.Accepted,
		Rejected: s.Rejected, Entries: s.Entries, Exits: s.Exits, Inside: s.Inside,
		Annulled: s.Annulled, GateFailures: s.GateFailures, SoftPassback: s.SoftPassback,
		Overrides: s.Overrides, ByType: s.ByType, ByReason: s.ByReason,
	}
}

func optUTC(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := utcText(t)
	return &s
}

// ChainJSON is the outcome of VerifyChain on one log as one JSON object:
// log and ok, then for an intact chain its counts and head (and
// checkpoints_checked false when the signatures were not checked), for a
// broken one the first bad record or checkpoint and the problem.
type ChainJSON struct {
	Log                string  `json:"log"`
	OK                 bool    `json:"ok"`
	Records            *int64  `json:"records,omitempty"`
	Checkpoints        *int64  `json:"checkpoints,omitempty"`
	LastCheckpoint     *int64  `json:"last_checkpoint,omitempty"`
	LastCheckpointTime *string `json:"last_checkpoint_time,omitempty"`
	Unsigned           *int64  `json:"unsigned,omitempty"`
	Head               string  `json:"head,omitempty"`
	CheckpointsChecked *bool   `json:"checkpoints_checked,omitempty"`
	Seq                *int64  `json:"seq,omitempty"`
	ID                 *string `json:"id,omitempty"`
	Checkpoint         *int64  `json:"checkpoint,omitempty"`
	Problem            string  `json:"problem,omitempty"`
}

// JSON returns the report of the intact log named log.
func (r *ChainReport) JSON(log string) ChainJSON {
	j := ChainJSON{Log: log, OK: true, Records: &r.Records, Checkpoints: &r.Checkpoints,
		LastCheckpoint: &r.LastCheckpoint, Unsigned: &r.Unsigned, Head: hex.EncodeToString(r.Head)}
	if r.Checkpoints > 0 {
		t := utcText(r.LastCheckpointTime)
		j.LastCheckpointTime = &t
	}
	if !r.SignaturesChecked {
		j.CheckpointsChecked = new(bool)
	}
	return j
}

// JSON returns the error of the broken log named log.
func (e *ChainError) JSON(log string) ChainJSON {
	return ChainJSON{Log: log, Seq: &e.Seq, ID: &e.ID, Checkpoint: &e.Checkpoint, Problem: e.Problem}
}

// ExportCSVAll writes the records in [from, to) of the logs in turn as one
// CSV: the header row once, then each log's records in log order (see
// ExportCSV).
func ExportCSVAll(ctx context.Context, w io.Writer, logs []*Log, from, to time.Time) error {
	for i, l := range logs {
		lw := w
		if i > 0 {
			lw = &skipLine{w: w}
		}
		if err := l.ExportCSV(ctx, lw, from, to); err != nil {
			return fmt.Errorf("exporting check-in log %s: %v", l.Path(), err)
		}
	}
	return nil
}

// skipLine drops everything up to and including the first line end: the
// header row of every log but the first.
type skipLine struct {
	w    io.Writer
	done bool
}

func (s *skipLine) Write(p []byte) (int, error) {
	n := len(p)
	if !s.done {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			return n, nil
		}
		s.done = true
		p = p[i+1:]
	}
	if _, err := s.w.Write(p); err != nil {
		return 0, err
	}
	return n, nil
}
