package printing

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/venuepass/venuepass/explain"
	"github.com/venuepass/venuepass/verifier"
)

// Refused are the reasons a credential whose signature verified is still
// not printed: the gate would reject a printed copy, or the issuer may not
// issue it.
var Refused = map[verifier.Reason]bool{
	verifier.ReasonRevoked:              true,
	verifier.ReasonSuspended:            true,
	verifier.ReasonPresentationRequired: true,
	verifier.ReasonIssuerNotAllowed:     true,
	verifier.ReasonTypeNotAccepted:      true,
}

// VerifyOptions configure VerifyItems.
type VerifyOptions struct {
	// TrustName names the trust list in messages.
	TrustName string
	// FromManifest is set when the items come from a manifest, whose cti
	// must then match the credential's.
	FromManifest bool
	// Labels say where each item came from ("staff.txt line 3"), for
	// items without a name; may be nil.
	Labels []string
}

// VerifyItems verifies each item's QR text with v and replaces its
// Credential by the verified one, so that what is printed beside a code is
// what the code says. Texts that are not venuepass credentials (VP1:), do
// not verify, or are refused (see Refused) stop the run: the error names
// the first and counts the others, and nothing should be printed.
// Credentials that verify but that gates reject for now (expired, a status
// list the trust list lacks) are kept with a warning; not yet valid ones
// print without comment, as cards are printed ahead of time.
func VerifyItems(items []Item, v *verifier.Verifier, o VerifyOptions) ([]Warning, error) {
	ds := make([]verifier.Decision, len(items))
	parallel(len(items), func(i int) {
		if text := items[i].Text; strings.HasPrefix(text, "VP1:") {
			ds[i] = v.Verify(text)
		}
	})
	var first error
	var warns []Warning
	failed := 0
	fail := func(i int, format string, args ...any) {
		failed++
		if first == nil {
			what := Describe(items, i, o.Labels)
			if c := ds[i].Credential; c != nil && what == fmt.Sprintf("item %d", i+1) && c.Name != "" {
				what = fmt.Sprintf("item %d (%s)", i+1, c.Name) // the name the code signs
			}
			first = fmt.Errorf("cannot print %s: %s", what, fmt.Sprintf(format, args...))
		}
	}
	en := explain.English
	for i, d := range ds {
		it := &items[i]
		switch {
		case strings.HasPrefix(it.Text, "VPP1:"):
			fail(i, "a wallet presentation is a rotating code for the phone's screen; print the credential (VP1:) instead")
			continue
		case strings.HasPrefix(it.Text, "HC1:"):
			fail(i, "an EU DCC; only venuepass credentials (VP1:) are printed")
			continue
		case !strings.HasPrefix(it.Text, "VP1:"):
			fail(i, "not a venuepass credential (VP1:...)")
			continue
		case d.Credential == nil:
			fail(i, "%s; only credentials that verify against %s are printed", en.StaffReason(d), o.TrustName)
			continue
		case !d.Accepted && d.Reason == verifier.ReasonPresentationRequired:
			// The gate's words ("ask for the rotating code") would puzzle
			// whoever prints.
			fail(i, "it is bound to the holder's phone (issued with --holder-key), so a printed copy never opens a gate; the holder shows the rotating code from the wallet instead")
			continue
		case !d.Accepted && Refused[d.Reason]:
			fail(i, "%s", en.StaffReason(d))
			continue
		}
		if o.FromManifest && len(it.Credential.CTI) > 0 && string(it.Credential.CTI) != string(d.Credential.CTI) {
			fail(i, "the manifest gives cti %x, but the credential's is %x; the manifest and its files disagree", it.Credential.CTI, d.Credential.CTI)
			continue
		}
		it.Credential = *d.Credential
		if !d.Accepted && d.Reason != verifier.ReasonNotYetValid {
			why := "; the gates reject it"
			if d.Reason == verifier.ReasonStatusUnknown {
				why = "; kiosks reject it until they load a trust list that has its status list (sign and distribute one)"
			}
			warns = append(warns, Warning{Item: i, Name: it.Credential.Name, Message: en.StaffReason(d) + why})
		}
	}
	if first != nil {
		if failed > 1 {
			return warns, fmt.Errorf("%v (and %d more refused); nothing was printed", first, failed-1)
		}
		return warns, fmt.Errorf("%v; nothing was printed", first)
	}
	return warns, nil
}

// Describe names item i for messages: its number, and its holder or,
// without a name, its label.
func Describe(items []Item, i int, labels []string) string {
	what := items[i].Credential.Name
	if what == "" && i < len(labels) {
		what = labels[i]
	}
	if what == "" {
		return fmt.Sprintf("item %d", i+1)
	}
	return fmt.Sprintf("item %d (%s)", i+1, what)
}

var photoExts = []string{".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"}

// FindPhotos sets the Photo of each item printed as a badge (layout, or
// each item's own with Auto) to DIR/SUB.jpg, .jpeg or .png by its
// credential's sub, and returns a warning for each badge left without one.
// An item that has a Photo already (a batch's photo column) keeps it.
func FindPhotos(items []Item, dir string, layout Layout) []Warning {
	var warns []Warning
	for i := range items {
		it := &items[i]
		l := layout
		if l == Auto {
			l = LayoutFor(it.Credential.Type)
		}
		if l != Badge || it.Photo != "" {
			continue
		}
		sub := it.Credential.Sub
		// A sub is the issuer's, signed, but it names a file here: keep it
		// to a plain name inside the folder.
		if sub == "" || sub != filepath.Base(sub) || !filepath.IsLocal(sub) || strings.HasPrefix(sub, ".") {
			warns = append(warns, Warning{Item: i, Name: it.Credential.Name,
				Message: "no photo: the credential has no sub (holder id) to name a photo by"})
			continue
		}
		for _, ext := range photoExts {
			p := filepath.Join(dir, sub+ext)
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
				it.Photo = p
				break
			}
		}
		if it.Photo == "" {
			warns = append(warns, Warning{Item: i, Name: it.Credential.Name,
				Message: fmt.Sprintf("no photo %s.jpg or .png in %s; printed without one", sub, dir)})
		}
	}
	return warns
}

// parallel runs f(0) to f(n-1) on all cores and waits for them.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
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
