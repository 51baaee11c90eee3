package issuer

import (
	"crypto"
	"errors"
	"time"

	"github.com/venuepass/venuepass/credential"
)

// ErrPrintedHolderKey is a printed Batch's error for a row with a holder
// key: a holder-bound credential is accepted only inside the wallet's
// rotating code, so a printed copy would be refused at every gate.
var ErrPrintedHolderKey = errors.New("a holder-bound credential (holder_key) is accepted only inside the wallet's rotating code, never as a printed one; leave holder_key out to print it")

// Batch is a run of credentials to issue: what 'venuepass issue' and
// 'venuepass print --batch' share with an issuer's backend.
type Batch struct {
	// Rows are the credentials to issue (ParseBatch, or one Row of form
	// fields); each is filled with Defaults and Zones first (Row.Fill).
	Rows     []Row
	Defaults map[string]string
	Zones    []string
	// Now is the issue time; Loc the zone of validity times in the rows
	// (ParseValidity); LoadKey loads a holder key file (BuildCredentials).
	Now     time.Time
	Loc     *time.Location
	LoadKey func(path string) (crypto.PublicKey, error)
	// Printed refuses holder-bound rows (ErrPrintedHolderKey), row by
	// row, for a batch that is printed rather than handed to wallets.
	Printed bool
	// Prepare, when set, is called with the credentials once all are
	// built and before any is signed: to record their status indexes and
	// revocations in a trust list draft, so that a failure later wastes
	// indexes but never hands one out twice.
	Prepare func(creds []*credential.Credential) error
}

// RowError is a Batch's error for one of its rows: building its
// credential failed or, with Signing set, signing it did.
type RowError struct {
	Row     *Row
	Signing bool
	Err     error
}

func (e *RowError) Error() string { return e.Row.Where + ": " + e.Err.Error() }

func (e *RowError) Unwrap() error { return e.Err }

// Issued is what IssueBatch made, in the order of the rows.
type Issued struct {
	Creds []*credential.Credential
	// Texts are the credentials' QR texts.
	Texts []string
	// Events are the rows' event times (Events), printed on tickets and
	// saved in the manifest; nil when no row has one.
	Events []Event
}

// IssueBatch builds the credentials of b's rows and reads their event
// times, lets b.Prepare see the credentials, and signs them on all cores.
// An error about a row is a *RowError; Prepare's error is returned as it
// is.
func (k *Key) IssueBatch(b Batch) (*Issued, error) {
	var creds []*credential.Credential
	if b.Printed {
		creds = make([]*credential.Credential, len(b.Rows))
		for i := range b.Rows {
			rw := &b.Rows[i]
			rw.Fill(b.Defaults, b.Zones)
			if rw.Fields["holder_key"] != "" {
				return nil, &RowError{Row: rw, Err: ErrPrintedHolderKey}
			}
			cr, _, err := BuildCredentials(b.Rows[i:i+1], b.Now, b.Loc, b.LoadKey)
			if err != nil {
				return nil, &RowError{Row: rw, Err: err}
			}
			creds[i] = cr[0]
		}
	} else {
		for i := range b.Rows {
			b.Rows[i].Fill(b.Defaults, b.Zones)
		}
		var bad *Row
		var err error
		if creds, bad, err = BuildCredentials(b.Rows, b.Now, b.Loc, b.LoadKey); err != nil {
			return nil, &RowError{Row: bad, Err: err}
		}
	}
	// The event columns are checked before anything is prepared or signed.
	events, err := Events(b.Rows, b.Loc)
	if err != nil {
		return nil, err
	}
	if b.Prepare != nil {
		if err := b.Prepare(creds); err != nil {
			return nil, err
		}
	}
	texts, err := k.IssueAll(creds)
	var ie *ItemError
	if errors.As(err, &ie) {
		return nil, &RowError{Row: &b.Rows[ie.Index], Signing: true, Err: ie.Err}
	}
	if err != nil {
		return nil, err
	}
	return &Issued{Creds: creds, Texts: texts, Events: events}, nil
}
