package checkin

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/verifier"
)

// Kind is the kind of a log record.
type Kind string

// Record kinds.
const (
	// KindDecision is a verifier decision, after anti-passback.
	KindDecision Kind = "decision"
	// KindAnnul withdraws the accepted decision named by Ref: the
	// turnstile did not turn.
	KindAnnul Kind = "annul"
	// KindGate is the outcome of the gate action for the decision named by
	// Ref; Accepted is false when the gate did not open.
	KindGate Kind = "gate"
)

// Direction is the way a gate is passed.
type Direction string

// Directions. The zero value means In.
const (
	In  Direction = "in"
	Out Direction = "out"
)

// ParseDirection accepts "in" (or "") and "out".
func ParseDirection(s string) (Direction, error) {
	switch s {
	case "", "in":
		return In, nil
	case "out":
		return Out, nil
	}
	return "", fmt.Errorf("unknown direction %q (want in or out)", s)
}

// Warnings added by the check-in log to an accepted decision.
const (
	// WarnSoftPassback: the holder was already inside (soft anti-passback);
	// accepted and logged.
	WarnSoftPassback = explain.WarnSoftPassback
	// WarnPassbackOverride: staff let the holder through despite
	// anti-passback (Scan.Override).
	WarnPassbackOverride = explain.WarnPassbackOverride
)

// Entry is one record of the log, as stored. Records are never changed or
// deleted; an annulment or a gate outcome is a record of its own that names
// the decision in Ref.
type Entry struct {
	// Seq numbers the records of one log file from 1, in chain order.
	Seq int64
	// ID is globally unique (a UUIDv7), so the logs of many kiosks merge
	// without conflicts.
	ID        string
	Kind      Kind
	Time      time.Time
	Venue     string
	Gate      string
	Zone      string
	Direction Direction
	KioskID   string

	// The credential, when the decision authenticated one.
	CTI  []byte
	Iss  string
	Sub  string
	Type verifier.Type
	Name string

	Accepted bool
	// Reason is empty when Accepted.
	Reason   verifier.Reason
	Warnings []string
	// Override is set when anti-passback would have refused the holder and
	// the decision accepted anyway (soft mode or a staff override).
	Override bool
	// Ref is the ID of the decision an annul or gate record is about.
	Ref string
	// Detail is the rejection detail, an anti-passback message, why the
	// gate did not open or why a decision was annulled or overridden.
	Detail string
	// By names who authorised an annulment or a staff override: the staff
	// role that unlocked it (the kiosk's PIN), a staff badge, or the
	// operator of the CLI. It is "" on other records, and on records
	// written before logs carried it (schema version 1).
	By string

	// Prev is the hash of the previous record (32 zero bytes for the first)
	// and Hash the SHA-256 over this record's canonical encoding, Prev
	// included.
	Prev []byte
	Hash []byte
}

// canonical returns the encoding the hash chain is computed over: a domain
// string, then every field in a fixed order, integers as 8-byte big endian,
// strings and bytes prefixed with their length as a uvarint. It is
// unambiguous, so two different records never encode alike.
//
// A record with an authoriser (By) is encoded under the domain
// "venuepass-log-v2", with By after Detail; one without is encoded exactly
// as logs before By were, under "venuepass-log-v1", so their hashes still
// verify. The domains differ, so the two encodings never collide.
func (e *Entry) canonical() []byte {
	b := make([]byte, 0, 256)
	if e.By != "" {
		b = append(b, "venuepass-log-v2\x00"...)
	} else {
		b = append(b, "venuepass-log-v1\x00"...)
	}
	u64 := func(v uint64) { b = binary.BigEndian.AppendUint64(b, v) }
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	bs := func(p []byte) { b = binary.AppendUvarint(b, uint64(len(p))); b = append(b, p...) }
	flag := func(v bool) {
		if v {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	u64(uint64(e.Seq))
	str(e.ID)
	str(string(e.Kind))
	u64(uint64(e.Time.UnixNano()))
	str(e.Venue)
	str(e.Gate)
	str(e.Zone)
	str(string(e.Direction))
	str(e.KioskID)
	bs(e.CTI)
	str(e.Iss)
	str(e.Sub)
	u64(uint64(e.Type))
	str(e.Name)
	flag(e.Accepted)
	str(string(e.Reason))
	b = binary.AppendUvarint(b, uint64(len(e.Warnings)))
	for _, w := range e.Warnings {
		str(w)
	}
	flag(e.Override)
	str(e.Ref)
	str(e.Detail)
	if e.By != "" {
		str(e.By)
	}
	bs(e.Prev)
	return b
}

func (e *Entry) computeHash() []byte {
	h := sha256.Sum256(e.canonical())
	return h[:]
}

// clean makes every text field storable as SQLite TEXT and readable back
// byte for byte (valid UTF-8, no NUL), so the hash computed before the insert
// matches the one VerifyChain computes from the stored row. Warnings are
// stored comma-separated, so commas in them become underscores.
func (e *Entry) clean() {
	for _, p := range []*string{&e.Venue, &e.Gate, &e.Zone, &e.KioskID, &e.Iss, &e.Sub, &e.Name, &e.Ref, &e.Detail, &e.By} {
		*p = cleanText(*p)
	}
	for i, w := range e.Warnings {
		e.Warnings[i] = strings.ReplaceAll(cleanText(w), ",", "_")
		if e.Warnings[i] == "" {
			e.Warnings[i] = "_"
		}
	}
	if len(e.CTI) == 0 {
		e.CTI = nil
	}
	e.Time = time.Unix(0, e.Time.UnixNano()).UTC()
}

func cleanText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

func joinWarnings(w []string) string { return strings.Join(w, ",") }

func splitWarnings(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// newID returns a UUIDv7 (RFC 9562, section 5.7): 48 bits of Unix
// milliseconds, then 74 random bits. Records of many kiosks sort roughly by
// time and never collide.
func newID(t time.Time) string {
	var u [16]byte
	ms := uint64(t.UnixMilli())
	u[0], u[1], u[2], u[3], u[4], u[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	if _, err := rand.Read(u[6:]); err != nil {
		panic(err) // crypto/rand.Read does not fail (Go 1.24 and later)
	}
	u[6] = 0x70 | u[6]&0x0f // version 7
	u[8] = 0x80 | u[8]&0x3f // variant 10
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:], u[10:])
	return string(s[:])
}

// credKey identifies a credential for anti-passback: its issuer and cti
// (FORMAT.md section 2: cti is the anti-passback key).
type credKey struct {
	venue, iss, cti string
}

func (e *Entry) key() credKey { return credKey{e.Venue, e.Iss, string(e.CTI)} }
