package draft

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/fileutil"
)

// Apply makes the reissue's one edit of its draft file (Edit,
// ApplyReissue) before creds are signed, and returns the notes of what it
// did beyond the expected (ReissueResult.Notes), also when writing the
// draft then fails; without Draft it does nothing. A missing draft file is
// worded by FileError, a missing status list by MissingStatusList, and a
// bad ReplacesIdx names --replaces-idx.
func (r Reissue) Apply(creds []*credential.Credential) (notes []string, err error) {
	if r.Draft == "" {
		return nil, nil
	}
	err = Edit(r.Draft, func(d *Draft) error {
		res, err := d.ApplyReissue(r, creds)
		var ie *ReplacesIdxError
		switch {
		case errors.As(err, &ie):
			return fmt.Errorf("--replaces-idx: %v", ie.Err)
		case err != nil:
			return MissingStatusList(r.Draft, err)
		}
		notes = res.Notes(r, r.Draft)
		return nil
	})
	return notes, FileError(r.Draft, err)
}

// FileError words for people a failure to find or read the draft file at
// path itself (a *fs.PathError of path, as Edit and Read return it) as a
// *fileutil.ReadError; other errors are returned as they are.
func FileError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path {
		return &fileutil.ReadError{What: "trust list draft", Path: path, Err: err}
	}
	return err
}

// MissingStatusList words a *NoStatusListError of the draft at path for
// people: the lists it has and the command that creates the missing one.
// Other errors are returned as they are.
func MissingStatusList(path string, err error) error {
	var ne *NoStatusListError
	if errors.As(err, &ne) {
		return fmt.Errorf("%s has %v; create it with 'venuepass trust status new %s --uri %s'", path, err, path, ne.URI)
	}
	return err
}
