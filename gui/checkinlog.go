package gui

import (
	"context"
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/venuepass/venuepass/checkin"
	"github.com/venuepass/venuepass/hub"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/verifier"
)

// Files of the kiosk's check-in log in the configuration folder.
const (
	kioskKeyFile = "kiosk-key.pem" // signs the log's checkpoints, 0600
	kioskPubFile = "kiosk-key.pub" // its public half, for audits (venuepass log verify)
)

// checkinLog is the kiosk's Log over the durable check-in log of package
// checkin (one SQLite file per kiosk): every decision is fsynced before the
// verdict shows, anti-passback survives restarts, and checkpoints are
// signed with the kiosk key on Close. It also is the verifier's
// ReplayGuard, so a live wallet code accepted once stays refused after a
// restart. It is safe for concurrent use.
type checkinLog struct {
	path    string
	kioskID string
	signer  crypto.Signer
	now     func() time.Time

	// mu guards log and pb; it is held for reading by every call on the
	// log, and for writing while the log is reopened with new rules.
	mu  sync.RWMutex
	log *checkin.Log
	pb  passbackRule

	witness *checkin.FileWitness

	// hub and link: the venue hub the log claims at (gui/hub.go);
	// venue is its last answer of the venue's counts, ok once there is
	// one (guarded by cmu).
	hub   HubOptions
	link  *hub.GateLink
	venue struct {
		c  dayCounts
		ok bool
	}

	cmu    sync.Mutex // guards day and counts
	day    string
	counts dayCounts
}

// checkinOptions configure openCheckinLog.
type checkinOptions struct {
	// Path is the log file, created if needed.
	Path string
	// KioskID names this kiosk in the records; Annul withdraws its last
	// entry.
	KioskID string
	// Signer signs checkpoints; nil means none.
	Signer crypto.Signer
	// Witness is the file every signed checkpoint is appended to; ""
	// means none.
	Witness string
	// passbackRule is the anti-passback rule.
	Passback passbackRule
	// Now is the clock of annulments, gate outcomes and checkpoints; nil
	// means time.Now.
	Now func() time.Time
	// Hub joins the log to a venue hub (URL ""; none).
	Hub HubOptions
}

var _ verifier.ReplayGuard = (*checkinLog)(nil)

// openCheckinLog opens (or creates) the check-in log at o.Path. A log
// whose hash chain is broken is not opened.
func openCheckinLog(o checkinOptions) (*checkinLog, error) {
	if o.Path == "" {
		return nil, errors.New("no check-in log file")
	}
	if err := os.MkdirAll(filepath.Dir(o.Path), 0o700); err != nil {
		return nil, err
	}
	// The log holds holders' names: readable by the kiosk user only
	// (SQLite gives its -wal and -shm files the same mode).
	if f, err := os.OpenFile(o.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	}
	l := &checkinLog{path: o.Path, kioskID: o.KioskID, signer: o.Signer, now: o.Now, pb: o.Passback, hub: o.Hub}
	if o.Witness != "" {
		w, err := checkin.NewFileWitness(o.Witness)
		if err != nil {
			return nil, err
		}
		l.witness = w
	}
	if l.now == nil {
		l.now = time.Now
	}
	var err error
	if l.log, err = l.open(o.Passback); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *checkinLog) open(p passbackRule) (*checkin.Log, error) {
	rules, err := passbackRules(p)
	if err != nil {
		return nil, err
	}
	opts := checkin.Options{Rules: rules, Signer: l.signer, Now: l.now}
	if l.witness != nil {
		opts.Witness = l.witness
	}
	if err := l.joinHub(&opts); err != nil {
		return nil, err
	}
	cl, err := checkin.Open(l.path, opts)
	if err == nil {
		err = l.startHub(cl, rules)
	}
	if err != nil {
		l.leaveHub()
		if cl != nil {
			cl.Close()
		}
		return nil, err
	}
	return cl, nil
}

// passbackRules maps the kiosk's rule to the check-in log's: one rule for
// every venue and gate of this kiosk's log, and one per credential type
// with a mode of its own.
func passbackRules(p passbackRule) ([]checkin.Rule, error) {
	var rules []checkin.Rule
	r, err := ruleOf(p.Mode, p.Window)
	if err != nil {
		return nil, err
	}
	if r.Mode != checkin.Off {
		rules = append(rules, r)
	}
	for _, t := range slices.Sorted(maps.Keys(p.ByType)) {
		r, err := ruleOf(p.ByType[t], p.Window)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t, err)
		}
		r.Types = []verifier.Type{t}
		rules = append(rules, r)
	}
	return rules, nil
}

// ruleOf is the check-in log's rule for a mode.
func ruleOf(mode string, window time.Duration) (checkin.Rule, error) {
	r := checkin.Rule{Window: max(window, 0)}
	switch mode {
	case passbackOff, "":
		r.Mode = checkin.Off
	case passbackHard:
		r.Mode = checkin.Hard
	case passbackSoft:
		r.Mode = checkin.Soft
	case passbackTimed:
		r.Mode = checkin.Timed
	case passbackSingle:
		// Once ever: for tickets. Badges and cards come and go.
		r.Mode, r.Window, r.Types = checkin.SingleEntry, 0, []verifier.Type{verifier.Ticket}
	default:
		return r, fmt.Errorf("unknown anti-passback mode %q", mode)
	}
	return r, nil
}

// Path returns the log file.
func (l *checkinLog) Path() string { return l.path }

// KioskID returns the kiosk's name in the records.
func (l *checkinLog) KioskID() string { return l.kioskID }

// current returns the open log; the caller holds l.mu for reading.
func (l *checkinLog) current() (*checkin.Log, error) {
	if l.log == nil {
		return nil, checkin.ErrClosed
	}
	return l.log, nil
}

// Record applies anti-passback by the check-in log, durably
// recorded before it returns.
func (l *checkinLog) Record(ctx context.Context, s logScan) (verdict, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	cl, err := l.current()
	if err != nil {
		return verdict{}, err
	}
	dir, err := checkin.ParseDirection(s.Direction)
	if err != nil {
		return verdict{}, err
	}
	kiosk := s.KioskID
	if kiosk == "" {
		kiosk = l.kioskID
	}
	r, err := cl.Record(ctx, checkin.Scan{Decision: s.Decision, Venue: s.Venue, Gate: s.Gate, Zone: s.Zone,
		Direction: dir, KioskID: kiosk, Time: s.Time, Override: s.Override, Note: s.Note, By: s.By})
	if err != nil {
		return verdict{}, err
	}
	v := verdict{Decision: r.Decision, Source: s.Source, Record: r.Entry.ID, JSON: r.VerdictJSON(), Detail: r.Message}
	if r.Prior != nil {
		v.Prior = &prior{Time: r.Prior.Time, Gate: r.Prior.Gate, Used: l.pb.Mode == passbackSingle}
	}
	v.Today = l.count(ctx, cl, r.Entry.Time, r.Decision.Accepted)
	if l.link != nil {
		l.link.Recorded(r.Entry)
		if c, ok := l.venueEstimate(r.Decision.Accepted); ok {
			v.Today = c
		}
	}
	return v, nil
}

// count adds a decision to the day's counts, recounting from the log when
// the day changed.
func (l *checkinLog) count(ctx context.Context, cl *checkin.Log, t time.Time, accepted bool) dayCounts {
	l.cmu.Lock()
	defer l.cmu.Unlock()
	day := t.Local().Format(time.DateOnly)
	if day != l.day {
		// The record just written is counted by the log.
		l.day, l.counts = day, l.fromLog(ctx, cl, t)
		return l.counts
	}
	l.counts.Exact = false
	if accepted {
		l.counts.Accepted++
	} else {
		l.counts.Rejected++
	}
	return l.counts
}

func (l *checkinLog) fromLog(ctx context.Context, cl *checkin.Log, t time.Time) dayCounts {
	st, err := checkin.SumStats(ctx, []*checkin.Log{cl}, cl.StartOfDay(t), time.Time{})
	if err != nil {
		return dayCounts{}
	}
	return countsOf(st)
}

// countsOf reads the kiosk's counts from checkin's statistics: entries that
// stand, inside now, refused.
func countsOf(st *checkin.Stats) dayCounts {
	return dayCounts{Accepted: st.Entries, Rejected: st.Rejected, Inside: st.Inside, Exact: true}
}

// Recount counts the day exactly (entries that stand, inside now,
// refused) with checkin.SumStats over the day of now,
// and makes it the log's running count. On a hub it asks for the venue's
// counts first, for as long as ctx lets it: the kiosk passes a context
// that ends when it stops, so that closing the log does not wait for the
// hub's answer.
func (l *checkinLog) Recount(ctx context.Context, now time.Time) (dayCounts, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	cl, err := l.current()
	if err != nil {
		return dayCounts{}, err
	}
	if c, ok := l.venueCounts(ctx, cl, l.hub.Venue, now); ok {
		return c, nil
	}
	st, err := checkin.SumStats(context.Background(), []*checkin.Log{cl}, cl.StartOfDay(now), time.Time{})
	if err != nil {
		return dayCounts{}, err
	}
	c := countsOf(st)
	l.cmu.Lock()
	l.day, l.counts = now.Local().Format(time.DateOnly), c
	l.cmu.Unlock()
	return c, nil
}

// Today returns the counts of the day of now, from the log.
func (l *checkinLog) Today(now time.Time) dayCounts {
	l.mu.RLock()
	defer l.mu.RUnlock()
	cl, err := l.current()
	if err != nil {
		return dayCounts{}
	}
	l.cmu.Lock()
	defer l.cmu.Unlock()
	day := now.Local().Format(time.DateOnly)
	if day != l.day {
		l.day, l.counts = day, l.fromLog(context.Background(), cl, now)
	}
	return l.counts
}

// Seen implements verifier.ReplayGuard durably through the log; it fails
// closed (reports seen) when the log is closed or cannot record the pair.
func (l *checkinLog) Seen(cti []byte, t int64, now time.Time) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	cl, err := l.current()
	if err != nil {
		return true
	}
	return cl.Seen(cti, t, now)
}

// SetPassback changes the anti-passback rule: the log is reopened with the
// new rule, its state rebuilt from the records.
func (l *checkinLog) SetPassback(p passbackRule) error {
	if _, err := passbackRules(p); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if p.equal(l.pb) && l.log != nil {
		return nil
	}
	if l.log != nil {
		l.leaveHub()
		if err := l.log.Close(); err != nil && !errors.Is(err, checkin.ErrClosed) {
			l.log = nil
			return fmt.Errorf("closing the check-in log: %w", err)
		}
		l.log = nil
	}
	cl, err := l.open(p)
	if err != nil {
		// Back to the rule that worked, so scans are still recorded.
		if old, oerr := l.open(l.pb); oerr == nil {
			l.log = old
		}
		return err
	}
	l.log, l.pb = cl, p
	return nil
}

// Recent returns the latest records, newest first.
func (l *checkinLog) Recent(n int) []logEntry {
	l.mu.RLock()
	defer l.mu.RUnlock()
	cl, err := l.current()
	if err != nil {
		return nil
	}
	es, err := checkin.Tail(context.Background(), []*checkin.Log{cl}, n)
	if err != nil {
		return nil
	}
	out := make([]logEntry, 0, len(es))
	for i := range es {
		out = append(out, logEntryOf(&es[i]))
	}
	return out
}

func logEntryOf(e *checkin.Entry) logEntry {
	le := logEntry{Time: e.Time, Gate: e.Gate, Accepted: e.Accepted, Reason: e.Reason,
		Warnings: slices.Clone(e.Warnings), Type: e.Type, Name: e.Name, Sub: e.Sub, CTI: e.CTI, Detail: e.Detail}
	if e.Kind != checkin.KindDecision {
		le.Kind = string(e.Kind)
	}
	return le
}

// ExportCSV writes the check-in log's own CSV (every
// record, with its ID and hash).
func (l *checkinLog) ExportCSV(ctx context.Context, w io.Writer) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	cl, err := l.current()
	if err != nil {
		return err
	}
	return cl.ExportCSV(ctx, w, time.Time{}, time.Time{})
}

// Annul withdraws this kiosk's last accepted entry
// (the turnstile did not turn), within the annul window; the record names
// who authorised it (by).
func (l *checkinLog) Annul(ctx context.Context, by string) (logEntry, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	cl, err := l.current()
	if err != nil {
		return logEntry{}, err
	}
	e, err := cl.Annul(ctx, checkin.Annulment{KioskID: l.kioskID, By: by})
	if err != nil {
		return logEntry{}, err
	}
	return logEntryOf(&e), nil
}

// AnnulWindow is how old an entry Annul may withdraw.
func (l *checkinLog) AnnulWindow() time.Duration { return checkin.DefaultAnnulWindow }

// RecordGate records the outcome of the gate action for the decision
// with ID record: gateErr nil means the gate opened; otherwise
// anti-passback forgets the entry.
func (l *checkinLog) RecordGate(ctx context.Context, record string, gateErr error) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	cl, err := l.current()
	if err != nil {
		return err
	}
	_, err = cl.RecordGate(ctx, record, gateErr)
	return err
}

// Err returns an error the log met that no call reported (a failed
// checkpoint, a replay pair not recorded).
func (l *checkinLog) Err() error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.log == nil {
		return nil
	}
	return l.log.Err()
}

// Close signs a last checkpoint and closes the file. Later calls fail
// (Seen reports every pair seen).
func (l *checkinLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.log == nil {
		return nil
	}
	l.leaveHub()
	err := l.log.Close()
	l.log = nil
	return err
}

// kioskKey loads the kiosk's checkpoint key from dir, or makes one (Ed25519)
// on first start, with its public half next to it for audits.
func kioskKey(dir string) (*issuer.Key, error) {
	path := filepath.Join(dir, kioskKeyFile)
	k, err := issuer.LoadPrivateKey(path)
	if err == nil {
		return k, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("kiosk key: %w", err)
	}
	if k, err = issuer.GenerateKey(issuer.EdDSA); err != nil {
		return nil, err
	}
	if err := issuer.WritePrivateKey(path, k); err != nil {
		return nil, fmt.Errorf("kiosk key: %w", err)
	}
	pub, err := issuer.MarshalPublicKey(k.Public())
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(filepath.Join(dir, kioskPubFile), pub, 0o644); err != nil {
		return nil, fmt.Errorf("kiosk public key: %w", err)
	}
	return k, nil
}

// newKioskID names a new kiosk: its host name and a random suffix, so
// that two kiosks on hosts of the same name still differ.
func newKioskID() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "kiosk"
	}
	var b [3]byte
	rand.Read(b[:])
	return fileSafe(h) + "-" + hex.EncodeToString(b[:])
}

// logPathOf is the check-in log file of the settings: LogFile, or one file
// per kiosk in the configuration folder.
func logPathOf(dir string, s Settings) string {
	if s.LogFile != "" {
		return s.LogFile
	}
	return filepath.Join(dir, "checkin-"+fileSafe(s.KioskID)+".vplog")
}
