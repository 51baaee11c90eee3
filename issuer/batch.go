package issuer

import (
	"bytes"
	"crypto"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/fileutil"
)

// This file reads batches of credentials to issue, from CSV (a header row
// naming the fields) or JSON (an array of objects), and signs them on all
// cores: what 'venuepass issue --batch' and an issuer's backend share.

// BatchFields are the names a batch may use for the credential fields,
// with aliases, after NormalizeField.
var BatchFields = map[string]string{
	"name": "name", "holder": "name", "org": "org", "type": "type",
	"zones": "zones", "zone": "zones", "tier": "tier", "event": "event",
	"seat": "seat", "title": "title", "number": "number", "sub": "sub",
	"iss": "iss", "valid_from": "valid_from", "nbf": "valid_from",
	"expires": "expires", "exp": "expires", "holder_key": "holder_key",
	"birth_year": "birth_year", "photo": "photo",
	"event_date": "event_date", "doors": "doors",
}

// FieldNames are the batch fields, in the order they are documented.
var FieldNames = []string{"name", "org", "type", "zones", "tier", "event", "seat", "title", "number", "sub", "iss", "valid_from", "expires", "holder_key", "birth_year", "photo", "event_date", "doors"}

// NormalizeField folds a column name: lower case, a byte order mark and
// spaces trimmed, '-' and ' ' as '_'.
func NormalizeField(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	return strings.NewReplacer("-", "_", " ", "_").Replace(s)
}

// Row is one credential to issue, as text fields keyed by the names of
// FieldNames (zones apart).
type Row struct {
	// Where names the row in messages: "tickets.csv line 4".
	Where  string
	Fields map[string]string
	Zones  []string
	// HasZones is set when the row names zones of its own.
	HasZones bool
}

// Fill gives the row the fields it leaves empty from defaults, and zones
// unless it names zones of its own.
func (r *Row) Fill(defaults map[string]string, zones []string) {
	for f, v := range defaults {
		if r.Fields[f] == "" {
			r.Fields[f] = v
		}
	}
	if !r.HasZones {
		r.Zones = zones
	}
}

// TimeParser reads the expires (endOfDay set) and valid_from fields of a
// row.
type TimeParser func(s string, endOfDay bool) (time.Time, error)

// Credential builds the credential of a row issued at now; holderKey loads
// the public key a holder_key field names. The fields iss, name, type and
// expires are required. birth_year is a year such as 1990; photo names the
// holder's photo file (JPEG or PNG), whose digest (credential.PhotoDigest
// of the file as stored) the credential carries: relative to the batch
// file's folder in a batch (ParseBatch resolves it), to the working folder
// otherwise.
func (r *Row) Credential(now time.Time, parseTime TimeParser, holderKey func(path string) (crypto.PublicKey, error)) (*credential.Credential, error) {
	f := r.Fields
	if f["iss"] == "" {
		return nil, errors.New("no issuer id; pass --iss (the iss of the issuer's trust list entry)")
	}
	if f["name"] == "" {
		return nil, errors.New("no holder name; pass --name or give a name column")
	}
	if f["type"] == "" {
		return nil, errors.New("no credential type; pass --type employee, membership, ticket or certificate")
	}
	typ, err := credential.ParseType(f["type"])
	if err != nil {
		return nil, err
	}
	if f["expires"] == "" {
		return nil, errors.New("no expiry; pass --expires, e.g. --expires 365d or --expires 2027-01-01")
	}
	exp, err := parseTime(f["expires"], true)
	if err != nil {
		return nil, fmt.Errorf("expires: %v", err)
	}
	cr := &credential.Credential{
		Type: typ, Name: f["name"], Org: f["org"], Zones: r.Zones, Tier: f["tier"],
		Event: f["event"], Seat: f["seat"], Title: f["title"], Number: f["number"],
		Iss: f["iss"], Sub: f["sub"], IssuedAt: now, Expires: exp,
	}
	if v := f["valid_from"]; v != "" {
		if cr.NotBefore, err = parseTime(v, false); err != nil {
			return nil, fmt.Errorf("valid-from: %v", err)
		}
		if !cr.Expires.After(cr.NotBefore) {
			return nil, fmt.Errorf("expires %s is not after valid-from %s", rfc3339(cr.Expires), rfc3339(cr.NotBefore))
		}
	}
	if !cr.Expires.After(now) {
		return nil, fmt.Errorf("expires %s is not after the issue time %s", rfc3339(cr.Expires), rfc3339(now))
	}
	if p := f["holder_key"]; p != "" {
		if cr.HolderKey, err = holderKey(p); err != nil {
			return nil, err
		}
	}
	if v := f["birth_year"]; v != "" {
		if cr.BirthYear, err = ParseBirthYear(v, now); err != nil {
			return nil, err
		}
	}
	if p := f["photo"]; p != "" {
		if cr.PhotoDigest, err = PhotoFileDigest(p); err != nil {
			return nil, err
		}
	}
	return cr, nil
}

// ParseBirthYear reads a holder's year of birth (body key 10): four
// digits, not after the year of now nor more than 150 years before it.
func ParseBirthYear(s string, now time.Time) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || len(strings.TrimSpace(s)) != 4 {
		return 0, fmt.Errorf("birth year %q is not a year; give four digits, e.g. 1990", s)
	}
	if y > now.Year() || y < now.Year()-150 {
		return 0, fmt.Errorf("birth year %d is not between %d and %d", y, now.Year()-150, now.Year())
	}
	return y, nil
}

// MaxPhotoSize is the largest photo file PhotoFileDigest reads.
const MaxPhotoSize = 16 << 20

// PhotoFileDigest reads the holder's photo at path, a JPEG or PNG file,
// and returns its digest as body key 11 carries it (credential.PhotoDigest
// of the file as stored: kiosks compare it with the file in their photo
// store byte for byte).
func PhotoFileDigest(path string) ([]byte, error) {
	data, err := fileutil.ReadCapped(path, MaxPhotoSize)
	if err != nil {
		return nil, fmt.Errorf("photo: %w", err)
	}
	if !bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}) && !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		return nil, fmt.Errorf("photo %s is not a JPEG or PNG image", path)
	}
	return credential.PhotoDigest(data), nil
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ParseBatch reads a batch file's rows: JSON for a .json name, CSV for
// .csv, .txt or no extension; name names it in messages.
func ParseBatch(name string, data []byte) ([]Row, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return parseBatchJSON(name, data)
	case ".csv", ".txt", "":
		return parseBatchCSV(name, data)
	}
	return nil, fmt.Errorf("batch file %s: name it .csv or .json so its format is clear", name)
}

// resolvePhoto makes a relative photo path of a row relative to the folder
// of the batch file.
func (r *Row) resolvePhoto(batch string) {
	if p := r.Fields["photo"]; p != "" && !filepath.IsAbs(p) {
		r.Fields["photo"] = filepath.Join(filepath.Dir(batch), p)
	}
}

func knownFields() string { return strings.Join(FieldNames, ", ") }

func parseBatchCSV(path string, data []byte) ([]Row, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("batch file %s is empty; its first row must name the fields (name,type,...)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("batch file %s: %v", path, err)
	}
	cols := make([]string, len(header))
	for i, h := range header {
		f, ok := BatchFields[NormalizeField(h)]
		if !ok {
			return nil, fmt.Errorf("batch file %s: unknown column %q in the header row (known: %s)", path, h, knownFields())
		}
		cols[i] = f
	}
	var rows []Row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("batch file %s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		rw := Row{Where: fmt.Sprintf("%s line %d", path, line), Fields: map[string]string{}}
		for i, v := range rec {
			v = strings.TrimSpace(v)
			if cols[i] == "zones" {
				if v != "" {
					rw.HasZones = true
					for _, z := range strings.Split(v, ";") {
						if z = strings.TrimSpace(z); z != "" {
							rw.Zones = append(rw.Zones, z)
						}
					}
				}
				continue
			}
			rw.Fields[cols[i]] = v
		}
		rw.resolvePhoto(path)
		rows = append(rows, rw)
	}
}

func parseBatchJSON(path string, data []byte) ([]Row, error) {
	var recs []map[string]any
	if err := json.Unmarshal(data, &recs); err != nil {
		return nil, fmt.Errorf("batch file %s: want a JSON array of objects: %v", path, err)
	}
	rows := make([]Row, 0, len(recs))
	for i, rec := range recs {
		rw := Row{Where: fmt.Sprintf("%s entry %d", path, i+1), Fields: map[string]string{}}
		for k, v := range rec {
			f, ok := BatchFields[NormalizeField(k)]
			if !ok {
				return nil, fmt.Errorf("%s: unknown field %q (known: %s)", rw.Where, k, knownFields())
			}
			switch v := v.(type) {
			case nil:
			case string:
				if f == "zones" {
					rw.HasZones = true
					rw.Zones = append(rw.Zones, v)
				} else {
					rw.Fields[f] = v
				}
			case float64:
				if f == "zones" {
					return nil, fmt.Errorf("%s: zones must be strings", rw.Where)
				}
				rw.Fields[f] = strconv.FormatFloat(v, 'f', -1, 64)
			case []any:
				if f != "zones" {
					return nil, fmt.Errorf("%s: field %q must be a string", rw.Where, k)
				}
				rw.HasZones = true
				for _, z := range v {
					s, ok := z.(string)
					if !ok {
						return nil, fmt.Errorf("%s: zones must be strings", rw.Where)
					}
					rw.Zones = append(rw.Zones, s)
				}
			default:
				return nil, fmt.Errorf("%s: field %q must be a string", rw.Where, k)
			}
		}
		rw.resolvePhoto(path)
		rows = append(rows, rw)
	}
	return rows, nil
}

// ItemError is the failure of one item of a batch: Index is its position.
type ItemError struct {
	Index int
	Err   error
}

func (e *ItemError) Error() string { return fmt.Sprintf("item %d: %v", e.Index+1, e.Err) }
func (e *ItemError) Unwrap() error { return e.Err }

// IssueAll signs the credentials on all cores and returns their QR texts.
// The error is the *ItemError of the first that failed.
func (k *Key) IssueAll(creds []*credential.Credential) ([]string, error) {
	texts := make([]string, len(creds))
	errs := make([]error, len(creds))
	parallel(len(creds), func(i int) {
		texts[i], errs[i] = k.Issue(creds[i])
	})
	for i, err := range errs {
		if err != nil {
			return nil, &ItemError{Index: i, Err: err}
		}
	}
	return texts, nil
}

// parallel runs f(0) to f(n-1) on all cores and waits for them.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
