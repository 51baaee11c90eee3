package draft

import (
	"errors"
	"fmt"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/trustlist"
)

// SignError words a failure of SignFile(r) for people; keyFile is the file
// r.Anchor was read from, named in the advice. An anchor other than the
// draft's asks for the old key or --new-anchor, a signed list that cannot
// be written is a *fileutil.WriteError (the draft keeps its seq), and a
// missing draft is worded by FileError; other errors are returned as they
// are.
func (r SignRequest) SignError(keyFile string, err error) error {
	var ae *AnchorChangedError
	var oe *OutputError
	switch {
	case errors.As(err, &ae):
		return fmt.Errorf("%s: %v; sign with the anchor key of kid %s, or pass --new-anchor to move to kid %s (every kiosk must then pin its public key, %s.pub)", r.Path, err, ae.Was, ae.Now, keyFile)
	case errors.As(err, &oe):
		return &fileutil.WriteError{Path: r.Out, Err: oe.Err}
	}
	return FileError(r.Path, err)
}

// Notes say for people what SignFile(r) signed: the list with its Summary
// and anchor kid, and, when the list moved to another anchor (NewAnchor),
// a warning that every kiosk must pin the new key, keyFile.pub.
func (res SignResult) Notes(r SignRequest, keyFile string) []string {
	kid := trustlist.KidText(r.Anchor.Public())
	notes := []string{fmt.Sprintf("signed %s: %s (anchor kid %s)", r.Out, res.Summary(), kid)}
	if res.OldKid != "" && res.OldKid != kid {
		notes = append(notes, fmt.Sprintf("warning: %s moved from anchor kid %s to kid %s: kiosks that pin only kid %s refuse %s; pin %s.pub on every kiosk",
			r.Path, res.OldKid, kid, res.OldKid, r.Out, keyFile))
	}
	return notes
}
