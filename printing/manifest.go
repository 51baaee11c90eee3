package printing

import (
	"bytes"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"github.com/venuepass/venuepass/fileutil"
	"github.com/venuepass/venuepass/issuer"
	"github.com/venuepass/venuepass/qr"
)

// Limits on what ReadManifest reads.
const (
	MaxManifestSize = 64 << 20 // bytes of manifest.csv
	MaxTextSize     = 8 << 10  // bytes of one QR text file
)

// ReadManifest reads the manifest.csv that `venuepass issue --out DIR` writes:
// a header row naming holder, cti and file, then one row per credential.
// file is relative to the manifest's folder: a .txt file holding the QR text
// or, when the issue wrote images, a PNG or SVG beside a .txt of the same
// name (read in its place); an image without one is decoded.
//
// Optional event_date and doors columns (as issue writes them from a batch's
// columns of those names; issuer.ParseEventTimes, in the local zone when
// they carry no offset) give a ticket's EventStart and DoorsOpen.
//
// A manifest names only the holder, so items get Credential.Name and CTI and
// nothing else of the credential. Callers that want the other fields on the card verify each
// text and copy the verified credential.
func ReadManifest(path string) ([]Item, error) {
	data, err := readCapped(path, MaxManifestSize, "manifest")
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("manifest %s: %v", path, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("manifest %s is empty; want a header row holder,cti,file", path)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	fileCol, ok := col["file"]
	if !ok {
		return nil, fmt.Errorf("manifest %s: no file column in the header row (want holder,cti,file)", path)
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	dir := filepath.Dir(path)
	items := make([]Item, 0, len(rows)-1)
	for n, row := range rows[1:] {
		line := n + 2
		if fileCol >= len(row) || strings.TrimSpace(row[fileCol]) == "" {
			return nil, fmt.Errorf("manifest %s line %d: no file", path, line)
		}
		name := strings.TrimSpace(row[fileCol])
		if !filepath.IsLocal(name) {
			return nil, fmt.Errorf("manifest %s line %d: file %q must be inside the manifest's folder", path, line, name)
		}
		text, err := readText(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("manifest %s line %d: %w", path, line, err)
		}
		it := Item{Text: text}
		it.Credential.Name = get(row, "holder")
		if c := get(row, "cti"); c != "" {
			if it.Credential.CTI, err = hex.DecodeString(c); err != nil {
				return nil, fmt.Errorf("manifest %s line %d: cti %q is not hex", path, line, c)
			}
		}
		if it.EventStart, it.DoorsOpen, err = issuer.ParseEventTimes(get(row, "event_date"), get(row, "doors"), nil, issuer.EventColumns); err != nil {
			return nil, fmt.Errorf("manifest %s line %d: %v", path, line, err)
		}
		items = append(items, it)
	}
	return items, nil
}

// readText returns the QR text of a file listed in a manifest.
func readText(path string) (string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	txt := path
	if ext != ".txt" {
		txt = strings.TrimSuffix(path, filepath.Ext(path)) + ".txt"
	}
	data, err := readCapped(txt, MaxTextSize, "QR text file")
	switch {
	case err == nil:
		text := strings.TrimSpace(string(data))
		if text == "" {
			return "", fmt.Errorf("%s is empty", txt)
		}
		return text, nil
	case ext == ".txt" || !errors.Is(err, os.ErrNotExist):
		return "", err
	}
	texts, err := qr.DecodeFile(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if len(texts) != 1 {
		return "", fmt.Errorf("%s holds %d QR codes, want 1", path, len(texts))
	}
	return texts[0], nil
}

// readCapped is fileutil.ReadCapped with the file named as what.
func readCapped(path string, limit int64, what string) ([]byte, error) {
	data, err := fileutil.ReadCapped(path, limit)
	if errors.Is(err, fileutil.ErrTooLarge) {
		return nil, fmt.Errorf("%s %s is larger than %d bytes", what, path, limit)
	}
	return data, err
}

// ParseColor parses a colour as "#RRGGBB" or "RRGGBB", for Options.Accent.
func ParseColor(s string) (color.Color, error) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 3 {
		return nil, fmt.Errorf("colour %q: want #RRGGBB, e.g. #1D3B6E", s)
	}
	return color.RGBA{b[0], b[1], b[2], 255}, nil
}
