package issuer

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/venuepass/venuepass/credential"
	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/qr"
)

// SaveOptions say what SaveBatch writes beside each QR text.
type SaveOptions struct {
	// PNG and SVG also write the code as an image.
	PNG, SVG bool
	// QR are the options of the images.
	QR qr.RenderOptions
	// Progress, when set, is called once per credential written, from
	// several goroutines.
	Progress func()
	// Events, when set, are the event times of the credentials (Events),
	// listed in the manifest's event_date and doors columns for printing.
	Events []Event
}

// ManifestName is the file SaveBatch lists the credentials in.
const ManifestName = "manifest.csv"

// SaveBatch writes issued credentials into dir (made if needed): for each,
// NNNN-SUB.txt holding its QR text, and .png and/or .svg images with
// opts; then dir/manifest.csv with a header row and holder, cti (hex) and
// file (the image, or the .txt without one), plus uri and idx when the
// credentials are on a status list, and event_date and doors (RFC 3339)
// with opts.Events. printing.ReadManifest reads it back.
// Existing files are never overwritten: a manifest already there stops it
// before anything is written.
func SaveBatch(dir string, creds []*credential.Credential, texts []string, opts SaveOptions) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot make folder %s: %v", dir, err)
	}
	manifest := filepath.Join(dir, ManifestName)
	if _, err := os.Lstat(manifest); err == nil {
		return fmt.Errorf("%s already exists; issue into a new folder with --out", manifest)
	}
	files := make([]string, len(creds))
	errs := make([]error, len(creds))
	parallel(len(creds), func(i int) {
		stem := FileStem(i, len(creds), creds[i])
		files[i], errs[i] = SaveCode(filepath.Join(dir, stem), texts[i], opts)
		if opts.Progress != nil {
			opts.Progress()
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	withStatus := len(creds) > 0 && creds[0].Status != nil
	header := []string{"holder", "cti", "file"}
	if withStatus {
		header = append(header, "uri", "idx")
	}
	withEvents := len(opts.Events) == len(creds) && len(creds) > 0
	if withEvents {
		header = append(header, "event_date", "doors")
	}
	w.Write(header)
	for i, cr := range creds {
		rec := []string{cr.Name, hex.EncodeToString(cr.CTI), files[i]}
		if withStatus {
			rec = append(rec, cr.Status.URI, strconv.FormatUint(cr.Status.Idx, 10))
		}
		if withEvents {
			rec = append(rec, eventTime(opts.Events[i].Start), eventTime(opts.Events[i].Doors))
		}
		w.Write(rec)
	}
	w.Flush()
	return writeNew(manifest, buf.Bytes())
}

// FileStem names the files of credential i (0-based) of n: its number,
// zero-padded, and its sub (or name) in file-safe ASCII.
func FileStem(i, n int, cr *credential.Credential) string {
	width := max(4, len(strconv.Itoa(n)))
	stem := fmt.Sprintf("%0*d", width, i+1)
	label := cr.Sub
	if label == "" {
		label = cr.Name
	}
	var b strings.Builder
	dash := false
	for _, r := range label {
		ok := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_')
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	if s := strings.Trim(b.String(), "-."); s != "" {
		stem += "-" + s
	}
	return stem
}

// SaveCode writes the files of one credential, base.txt and the images
// opts asks for, and returns the name of the main one (the last image, or
// the .txt), relative to its folder.
func SaveCode(base, text string, opts SaveOptions) (string, error) {
	main := base + ".txt"
	if err := writeNew(main, []byte(text+"\n")); err != nil {
		return "", err
	}
	if opts.SVG {
		var buf bytes.Buffer
		if err := qr.SVG(&buf, text, opts.QR); err != nil {
			return "", err
		}
		main = base + ".svg"
		if err := writeNew(main, buf.Bytes()); err != nil {
			return "", err
		}
	}
	if opts.PNG {
		// qr.PNG's best compression costs about 30 times the CPU for files
		// 10% smaller, which dominates issuing a large batch.
		fast := opts.QR
		fast.FastPNG = true
		var buf bytes.Buffer
		if err := qr.PNG(&buf, text, fast); err != nil {
			return "", err
		}
		main = base + ".png"
		if err := writeNew(main, buf.Bytes()); err != nil {
			return "", err
		}
	}
	return filepath.Base(main), nil
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte) error {
	err := fileutil.WriteNew(path, data, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; venuepass does not overwrite it, choose another name or remove it", path)
	}
	return err
}

// eventTime formats t with its offset, or "" for the zero time.
func eventTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
