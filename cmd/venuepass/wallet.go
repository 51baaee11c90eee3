package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/qr"
	"github.com/venuepass/venuepass/termtext"
	"github.com/venuepass/venuepass/verifier"
	"github.com/venuepass/venuepass/wallet"
)

// walletOpt is the --wallet option naming dir in a hint; none for the
// default, the current folder.
func walletOpt(dir string) string {
	if filepath.Clean(dir) == "." {
		return ""
	}
	return " --wallet " + dir
}

func runWalletKeygen(c *command, args []string) error {
	fl := newFlags(c)
	dir := fl.String("wallet", ".", "")
	alg := fl.String("alg", issuer.EdDSA, "")
	out := fl.String("o", "", "")
	fl.StringVar(out, "out", "", "")
	if err := parseNone(c, fl, args, "choose the folder with --wallet or the file with -o"); err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(*dir, wallet.KeyFile)
	}
	k, err := issuer.CreateKeyPair(*out, *alg, true)
	if err != nil {
		return keyPairError(c, *out, err, "a wallet keeps its key, choose another --wallet folder or -o name")
	}
	notef("wrote %s holder key %s and public key %s.pub (kid %x); give the .pub to the issuer for 'venuepass issue --holder-key'", k.Alg(), *out, *out, k.KeyID())
	return nil
}

// walletKey loads the holder key of a wallet and says what to do without
// one.
func walletKey(dir, keyPath string) (*issuer.Key, string, error) {
	if keyPath == "" {
		keyPath = filepath.Join(dir, wallet.KeyFile)
	}
	k, err := issuer.LoadPrivateKey(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("holder key %s does not exist; make one with 'venuepass wallet keygen%s' or name it with --key", keyPath, walletOpt(dir))
	}
	if err != nil {
		return nil, "", &fileutil.ReadError{What: "holder key", Path: keyPath, Err: err}
	}
	return k, keyPath, nil
}

// readCredentialArg reads QR text given as text, a file, or - for stdin.
func readCredentialArg(arg string) ([]byte, error) {
	switch {
	case arg == "-":
		b, err := io.ReadAll(io.LimitReader(os.Stdin, maxLine+1))
		if err != nil {
			return nil, fmt.Errorf("reading stdin: %v", err)
		}
		return b, nil
	case strings.HasPrefix(arg, wallet.PrefixCredential) || strings.HasPrefix(arg, wallet.PrefixPresentation):
		return []byte(arg), nil
	}
	return fileutil.ReadFile(arg, maxLine, "credential file")
}

func runWalletAdd(c *command, args []string) error {
	fl := newFlags(c)
	dir := fl.String("wallet", ".", "")
	keyPath := fl.String("key", "", "")
	replace := fl.Bool("replace", false, "")
	arg, err := parseOne(c, fl, args, "name one credential: its QR text, a file holding it, or - for stdin")
	if err != nil {
		return err
	}
	data, err := readCredentialArg(arg)
	if err != nil {
		return err
	}
	text, card, err := wallet.CheckAdd(data)
	switch {
	case errors.Is(err, wallet.ErrNotCredential):
		return errors.New("this is not a venuepass credential (VP1:...); pass the QR text the issuer gave, or the file holding it")
	case err != nil:
		return err
	}
	key, kp, err := walletKey(*dir, *keyPath)
	if err != nil {
		return err
	}
	// Store checks that the credential carries this key in cnf.
	dst := filepath.Join(*dir, wallet.CredentialFile)
	var be *wallet.BindError
	switch err := wallet.Store(*dir, key, text, *replace); {
	case errors.As(err, &be):
		return fmt.Errorf("cannot add it to the wallet: %v (holder key %s)", err, kp)
	case errors.Is(err, wallet.ErrOccupied):
		return fmt.Errorf("%s already holds a credential; pass --replace to swap it for this one", dst)
	case err != nil:
		return fmt.Errorf("writing %s: %v", dst, err)
	}
	// The claims are shown unverified, as what was stored.
	summary := ""
	if card != nil {
		summary = fmt.Sprintf(": %s, %s of %s, expires %s", card.Name, verifier.Type(card.Type), card.Iss, utc(card.Expires))
		if !time.Now().Before(card.Expires) {
			notef("warning: the credential expired on %s", utc(card.Expires))
		}
	}
	notef("added the credential to %s%s; show it with 'venuepass wallet show%s'", dst, summary, walletOpt(*dir))
	return nil
}

func runWalletShow(c *command, args []string) error {
	fl := newFlags(c)
	dir := fl.String("wallet", ".", "")
	keyPath := fl.String("key", "", "")
	venue := fl.String("venue", "", "")
	once := fl.Bool("once", false, "")
	pngOut := fl.String("png", "", "")
	fl.StringVar(pngOut, "o", "", "")
	fl.StringVar(pngOut, "out", "", "")
	levelName := fl.String("level", "M", "")
	noColor := fl.Bool("no-color", false, "")
	var now nowFlag
	fl.Var(&now, "now", "")
	pos, err := parse(c, fl, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 1 && strings.EqualFold(filepath.Ext(pos[0]), ".png") && *pngOut == "":
		*pngOut = pos[0]
	case len(pos) > 0:
		return usageFor(c, "unexpected argument %q; choose the wallet with --wallet, name a PNG to write with --png FILE", pos[0])
	}
	if *once && *pngOut != "" {
		return usageFor(c, "pass --once (text) or --png FILE (image), not both")
	}
	level, err := parseLevel(c, *levelName)
	if err != nil {
		return err
	}
	key, _, err := walletKey(*dir, *keyPath)
	if err != nil {
		return err
	}
	credPath := filepath.Join(*dir, wallet.CredentialFile)
	cred, err := wallet.Stored(*dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the wallet %s holds no credential (no %s); add one with 'venuepass wallet add%s CREDENTIAL'", *dir, credPath, walletOpt(*dir))
	case err != nil:
		return &fileutil.ReadError{What: "wallet credential", Path: credPath, Err: err}
	}
	present := func(t time.Time) (string, error) {
		text, err := wallet.Present(key, cred, t, *venue)
		if err != nil {
			return "", fmt.Errorf("%s: %v", credPath, err)
		}
		return text, nil
	}
	opts := qr.RenderOptions{Level: level, FastPNG: true}

	// One code, as text or as a PNG image.
	if *once || *pngOut != "" {
		text, err := present(now.now())
		if err != nil {
			return err
		}
		if *once {
			fmt.Println(text)
			return nil
		}
		var buf bytes.Buffer
		if err := qr.PNG(&buf, text, opts); err != nil {
			return renderError(err)
		}
		if err := fileutil.WriteAtomic(*pngOut, buf.Bytes(), 0o644); err != nil {
			return &fileutil.WriteError{Path: *pngOut, Err: err}
		}
		notef("wrote a presentation code made at %s to %s; it is accepted for 30 seconds", utc(now.now()), *pngOut)
		return nil
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tty := termtext.IsTerminal(os.Stdout)
	opts.NoColor = *noColor || !tty || os.Getenv("NO_COLOR") != ""
	w := bufio.NewWriter(os.Stdout)
	err = wallet.Rotate(ctx, wallet.DefaultRefresh, now.now().Sub(time.Now()), func(t time.Time) error {
		text, err := present(t)
		if err != nil {
			return err
		}
		if tty {
			// Home and clear, then the code and a caption.
			w.WriteString("\x1b[H\x1b[2J")
			if err := qr.Terminal(w, text, opts); err != nil {
				return renderError(err)
			}
			fmt.Fprintf(w, "made %s, next in %s; Ctrl-C to stop\n", t.UTC().Format(time.TimeOnly), wallet.DefaultRefresh)
		} else {
			fmt.Fprintln(w, text)
		}
		return w.Flush()
	})
	if err == nil && tty {
		fmt.Println()
	}
	return err
}
