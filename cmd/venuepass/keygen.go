package main

import (
	"crypto"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/venuepass/venuepass/issuer"
)

var keygenCmd = &command{
	name:  "keygen",
	usage: help("keygen"),
}

var pubkeyCmd = &command{
	name:  "pubkey",
	usage: help("pubkey"),
}

func init() {
	keygenCmd.run = runKeygen
	pubkeyCmd.run = runPubkey
}

func runKeygen(args []string) error {
	fl := newFlags(keygenCmd)
	alg := fl.String("alg", issuer.DefaultAlg, "")
	out := fl.String("o", "", "")
	fl.StringVar(out, "out", "", "")
	if err := parseNone(keygenCmd, fl, args, "name the key file with -o"); err != nil {
		return err
	}
	if *out != "" {
		// Check both names before making anything, so a failure leaves no
		// half-made pair behind.
		for _, p := range []string{*out, *out + ".pub"} {
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("%s already exists; keygen never overwrites a key, choose another name", p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	k, err := issuer.GenerateKey(*alg)
	if err != nil {
		return usageFor(keygenCmd, "%v", err)
	}
	pub, err := publicPEM(k.Public())
	if err != nil {
		return err
	}
	if *out == "" {
		priv, err := k.MarshalPrivateKey()
		if err != nil {
			return err
		}
		os.Stdout.Write(priv)
		os.Stdout.Write(pub)
		return nil
	}
	if err := issuer.WritePrivateKey(*out, k); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; keygen never overwrites a key, choose another name", *out)
		}
		return fmt.Errorf("writing %s: %v", *out, err)
	}
	if err := writeFileNew(*out+".pub", pub, 0o644); err != nil {
		return err
	}
	notef("wrote %s private key %s and public key %s.pub (kid %x)", k.Alg(), *out, *out, k.KeyID())
	return nil
}

// publicPEM is the SPKI PEM of pub after a comment line with its algorithm
// and kid; PEM readers skip the comment.
func publicPEM(pub crypto.PublicKey) ([]byte, error) {
	der, err := issuer.MarshalPublicKey(pub)
	if err != nil {
		return nil, err
	}
	kid, err := issuer.KeyID(pub)
	if err != nil {
		return nil, err
	}
	alg, err := issuer.AlgOf(pub)
	if err != nil {
		return nil, err
	}
	return append([]byte(fmt.Sprintf("# venuepass %s public key, kid %x\n", alg, kid)), der...), nil
}

func runPubkey(args []string) error {
	fl := newFlags(pubkeyCmd)
	kidOnly := fl.Bool("kid", false, "")
	keyFile, err := parseOne(pubkeyCmd, fl, args, "name one key file")
	if err != nil {
		return err
	}
	pub, err := loadPublicKey(keyFile, "key file")
	if err != nil {
		return err
	}
	if *kidOnly {
		kid, err := issuer.KeyID(pub)
		if err != nil {
			return err
		}
		fmt.Printf("%x\n", kid)
		return nil
	}
	out, err := publicPEM(pub)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}
