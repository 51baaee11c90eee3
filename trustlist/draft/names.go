package draft

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultPath is the draft a tool uses when none is named: trust.json in
// the current folder.
const DefaultPath = "trust.json"

// maxCertFile caps a certificate file IsCertFile reads; a PEM bundle of a
// few hundred document signers fits.
const maxCertFile = 16 << 20

// certExts are the names of certificate files.
var certExts = map[string]bool{".pem": true, ".der": true, ".crt": true, ".cer": true}

// NamesDraft reports whether a command-line argument names a draft: a
// .json name, or an existing regular file. When certificate files may
// follow (as for adding document signers), a certificate (IsCertFile)
// never names a draft, and another file does only when it parses as one
// (HasFormat); otherwise any existing file does, so that a wrong one is
// reported as not being a draft rather than taken for something else.
func NamesDraft(arg string, filesFollow bool) bool {
	if strings.EqualFold(filepath.Ext(arg), ".json") {
		return true
	}
	fi, err := os.Stat(arg)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	if !filesFollow {
		return true
	}
	if IsCertFile(arg) {
		return false
	}
	data, err := ReadFile(arg)
	return err == nil && HasFormat(data)
}

// IsCertFile reports whether path names a certificate: by its extension
// (.pem, .der, .crt, .cer), or by parsing as one, DER or PEM
// (IsCertificate).
func IsCertFile(path string) bool {
	if certExts[strings.ToLower(filepath.Ext(path))] {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCertFile+1))
	return err == nil && len(data) <= maxCertFile && IsCertificate(data)
}

// ReadDSCs reads the EU DCC document signer certificates of one file, DER
// or PEM (a bundle may hold several), as draft entries (NewDSC). where
// names each for messages: file, or "file certificate N" in a bundle.
func ReadDSCs(data []byte, file string) (entries []Issuer, where []string, err error) {
	ders, err := CertBlocks(data)
	if err != nil {
		return nil, nil, fmt.Errorf("certificate %s: %v", file, err)
	}
	for i, der := range ders {
		w := file
		if len(ders) > 1 {
			w = fmt.Sprintf("%s certificate %d", file, i+1)
		}
		e, err := NewDSC(der)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", w, err)
		}
		entries, where = append(entries, e), append(where, w)
	}
	return entries, where, nil
}

// ReadDSCFiles reads the document signers of files in order (ReadDSCs),
// each read by readFile, with the ExpiredWarnings of each as of now. On
// an error, the warnings of the files before it come with it.
func ReadDSCFiles(files []string, readFile func(path string) ([]byte, error), now time.Time) (entries []Issuer, warnings []string, err error) {
	for _, file := range files {
		data, err := readFile(file)
		if err != nil {
			return nil, warnings, err
		}
		es, wheres, err := ReadDSCs(data, file)
		if err != nil {
			return nil, warnings, err
		}
		warnings = append(warnings, ExpiredWarnings(es, wheres, now)...)
		entries = append(entries, es...)
	}
	return entries, warnings, nil
}

// ErrNoDraft is Pick's error when no draft is named and DefaultPath does
// not exist in the current folder.
var ErrNoDraft = errors.New("no trust list draft " + DefaultPath + " here; run 'venuepass trust init' or pass --draft FILE")

// NamedTwiceError is Pick's error for a draft named by --draft and a
// different .json first argument.
type NamedTwiceError struct{ Flagged, Arg string }

func (e *NamedTwiceError) Error() string {
	return fmt.Sprintf("name the trust list draft either with --draft FILE or as the first argument, not both (--draft %s, argument %s)", e.Flagged, e.Arg)
}

// Pick returns the draft a command-line tool works on and its other
// arguments: flagged (the --draft option) when set, which the first
// argument may repeat; else the first argument when it names a draft
// (NamesDraft, with filesFollow); else DefaultPath in the current folder,
// which must exist (ErrNoDraft).
func Pick(flagged string, args []string, filesFollow bool) (string, []string, error) {
	if flagged != "" {
		if len(args) > 0 && args[0] == flagged {
			return flagged, args[1:], nil
		}
		if len(args) > 0 && strings.EqualFold(filepath.Ext(args[0]), ".json") {
			return "", nil, &NamedTwiceError{Flagged: flagged, Arg: args[0]}
		}
		return flagged, args, nil
	}
	if len(args) > 0 && NamesDraft(args[0], filesFollow) {
		return args[0], args[1:], nil
	}
	if _, err := os.Stat(DefaultPath); errors.Is(err, fs.ErrNotExist) {
		return "", nil, ErrNoDraft
	}
	return DefaultPath, args, nil
}

// PickNew returns the draft a tool is to create: flagged (the --draft
// option), or the one argument, which may repeat it, or DefaultPath. More
// arguments, or two names, are a *UsageError.
func PickNew(flagged string, args []string) (string, error) {
	switch {
	case len(args) > 1:
		return "", usagef("unexpected argument %q; name one new draft file", args[1])
	case flagged != "" && len(args) == 1 && args[0] != flagged:
		return "", usagef("name the new draft either with --draft FILE or as the argument, not both")
	case flagged != "":
		return flagged, nil
	case len(args) == 1:
		return args[0], nil
	}
	return DefaultPath, nil
}

// PickOnly returns the draft of a command that takes the draft alone: its
// one argument, whatever it names, or else as Pick finds it. An argument
// left over is a *UsageError, hint saying where what follows it belongs.
func PickOnly(flagged string, args []string, hint string) (string, error) {
	if flagged == "" && len(args) == 1 {
		return args[0], nil
	}
	path, rest, err := Pick(flagged, args, false)
	if err != nil {
		return "", err
	}
	if len(rest) > 0 {
		return "", usagef("unexpected argument %q; %s", rest[0], hint)
	}
	return path, nil
}

// SignedOut is the signed list a tool writes the draft at path into: out
// when named, else path with the extension .vptl (trust.json signs into
// trust.vptl). An out that would overwrite the draft is a *UsageError.
func SignedOut(path, out string) (string, error) {
	if out == "" {
		out = strings.TrimSuffix(path, filepath.Ext(path)) + ".vptl"
	}
	if out == path {
		return "", usagef("-o %s would overwrite the draft; choose a .vptl name", out)
	}
	return out, nil
}
