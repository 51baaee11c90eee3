package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/venuepass/venuepass/issuer"
)

func runKeygen(c *command, args []string) error {
	fl := newFlags(c)
	alg := fl.String("alg", issuer.DefaultAlg, "")
	out := fl.String("o", "", "")
	fl.StringVar(out, "out", "", "")
	if err := parseNone(c, fl, args, "name the key file with -o"); err != nil {
		return err
	}
	// Both names are checked before the key is made: a failure leaves no
	// half-made pair behind.
	if *out != "" {
		k, err := issuer.CreateKeyPair(*out, *alg, false)
		if err != nil {
			return keyPairError(c, *out, err, "keygen never overwrites a key, choose another name")
		}
		notef("wrote %s private key %s and public key %s.pub (kid %x)", k.Alg(), *out, *out, k.KeyID())
		return nil
	}
	k, err := issuer.GenerateKey(*alg)
	if err != nil {
		return usageFor(c, "%v", err)
	}
	pair, err := issuer.KeyPairPEM(k)
	if err != nil {
		return err
	}
	os.Stdout.Write(pair)
	return nil
}

// keyPairError words a failure of issuer.CreateKeyPair at path
// (issuer.KeyPairError): an unknown algorithm is a usage error; hint says
// what to do when a file exists.
func keyPairError(c *command, path string, err error, hint string) error {
	if errors.Is(err, issuer.ErrUnknownAlg) {
		return usageFor(c, "%v", err)
	}
	return issuer.KeyPairError(path, err, hint)
}

func runPubkey(c *command, args []string) error {
	fl := newFlags(c)
	kidOnly := fl.Bool("kid", false, "")
	keyFile, err := parseOne(c, fl, args, "name one key file")
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
	out, err := issuer.PublicKeyFile(pub)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}
