package issuer

import (
	"crypto"
	"time"

	"github.com/venuepass/venuepass/credential"
)

// BuildCredentials makes the credentials of rows (filled with their
// defaults, Row.Fill) issued at now: validity times in them are read by
// ParseValidity in loc, and each holder key file is loaded once with
// loadKey however many rows name it. On error it returns the row that
// failed.
func BuildCredentials(rows []Row, now time.Time, loc *time.Location, loadKey func(path string) (crypto.PublicKey, error)) ([]*credential.Credential, *Row, error) {
	holders := map[string]crypto.PublicKey{}
	holderKey := func(p string) (crypto.PublicKey, error) {
		k, ok := holders[p]
		if !ok {
			var err error
			if k, err = loadKey(p); err != nil {
				return nil, err
			}
			holders[p] = k
		}
		return k, nil
	}
	parseTime := func(s string, endOfDay bool) (time.Time, error) { return ParseValidity(s, now, loc, endOfDay) }
	creds := make([]*credential.Credential, len(rows))
	for i := range rows {
		cr, err := rows[i].Credential(now, parseTime, holderKey)
		if err != nil {
			return nil, &rows[i], err
		}
		creds[i] = cr
	}
	return creds, nil, nil
}
