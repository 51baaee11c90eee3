package qr

import (
	"io"
	"os"
	"runtime"
	"unicode/utf8"

	_ "golang.org/x/image/webp" // WebP for DecodeFile
)

// FileResult is what DecodeFiles found in one file.
type FileResult struct {
	Texts []string
	Err   error
}

// DecodeFiles decodes the image files on all cores, as DecodeFile does,
// and returns one channel per path that yields its result: callers read
// the results in order while later files are still being decoded.
func DecodeFiles(paths []string) []<-chan FileResult {
	chans := make([]chan FileResult, len(paths))
	out := make([]<-chan FileResult, len(paths))
	for i := range chans {
		chans[i] = make(chan FileResult, 1)
		out[i] = chans[i]
	}
	next := make(chan int)
	go func() {
		for i := range paths {
			next <- i
		}
		close(next)
	}()
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		go func() {
			for i := range next {
				texts, err := DecodeFile(paths[i])
				chans[i] <- FileResult{texts, err}
			}
		}()
	}
	return out
}

// Kind is what the first bytes of a file say it holds.
type Kind int

const (
	// KindText is text (UTF-8, no NUL bytes, few control characters).
	KindText Kind = iota
	// KindImage is an image DecodeFile decodes: PNG, JPEG, GIF or WebP.
	KindImage
	// KindOtherImage is an image DecodeFile cannot decode (HEIC, AVIF,
	// BMP, TIFF).
	KindOtherImage
	// KindBinary is anything else: a PDF, an archive, random bytes.
	KindBinary
)

// Content is what Sniff found: a kind and a name for people ("PNG image",
// "PDF document", "binary data", "text").
type Content struct {
	Kind Kind
	Name string
}

// SniffLen is how many leading bytes Sniff looks at.
const SniffLen = 8 << 10

// magic names contents by their first bytes (at offset at).
var magic = []struct {
	at   int
	sig  string
	kind Kind
	name string
}{
	{0, "\x89PNG\r\n\x1a\n", KindImage, "PNG image"},
	{0, "\xff\xd8\xff", KindImage, "JPEG image"},
	{0, "GIF87a", KindImage, "GIF image"},
	{0, "GIF89a", KindImage, "GIF image"},
	{8, "WEBP", KindImage, "WebP image"}, // after "RIFF" and a length, checked below
	{4, "ftypheic", KindOtherImage, "HEIC image"},
	{4, "ftypheix", KindOtherImage, "HEIC image"},
	{4, "ftyphevc", KindOtherImage, "HEIC image"},
	{4, "ftypheim", KindOtherImage, "HEIC image"},
	{4, "ftypheis", KindOtherImage, "HEIC image"},
	{4, "ftypmif1", KindOtherImage, "HEIF image"},
	{4, "ftypmsf1", KindOtherImage, "HEIF image"},
	{4, "ftypavif", KindOtherImage, "AVIF image"},
	{0, "BM", KindOtherImage, "BMP image"},
	{0, "II*\x00", KindOtherImage, "TIFF image"},
	{0, "MM\x00*", KindOtherImage, "TIFF image"},
	{0, "%PDF-", KindBinary, "PDF document"},
	{0, "PK\x03\x04", KindBinary, "ZIP archive (or an office document)"},
	{0, "\x1f\x8b", KindBinary, "gzip file"},
	{0, "\x7fELF", KindBinary, "program (ELF)"},
	{0, "SQLite format 3\x00", KindBinary, "SQLite database"},
	{0, "\xfe\xff", KindBinary, "UTF-16 text (save it as UTF-8)"},
	{0, "\xff\xfe", KindBinary, "UTF-16 text (save it as UTF-8)"},
}

// Sniff says what head, the first bytes of a file (up to SniffLen of
// them), holds, by magic bytes whatever the file is called. Text is valid
// UTF-8 without NUL bytes in which at most one byte in 32 is a control
// character other than tab, line ends and form feed; atEOF says head is
// the whole file, so that a character cut at its end is not held against
// it.
func Sniff(head []byte, atEOF bool) Content {
	for _, m := range magic {
		if len(head) < m.at+len(m.sig) || string(head[m.at:m.at+len(m.sig)]) != m.sig {
			continue
		}
		if m.sig == "WEBP" && string(head[:4]) != "RIFF" {
			continue
		}
		if m.sig == "BM" && (len(head) < 14 || head[6]|head[7]|head[8]|head[9] != 0) {
			continue // "BM" starts text too; a bitmap's reserved bytes are zero
		}
		return Content{m.kind, m.name}
	}
	if len(head) > SniffLen {
		head, atEOF = head[:SniffLen], false
	}
	if !atEOF {
		// Leave out a character cut at the end of head.
		for i := len(head) - 1; i >= 0 && i >= len(head)-utf8.UTFMax; i-- {
			if utf8.RuneStart(head[i]) {
				if !utf8.FullRune(head[i:]) {
					head = head[:i]
				}
				break
			}
		}
	}
	if !utf8.Valid(head) {
		return Content{KindBinary, "binary data"}
	}
	controls := 0
	for _, b := range head {
		switch {
		case b == 0:
			return Content{KindBinary, "binary data"}
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' || b == 0x7f:
			controls++
		}
	}
	if controls*32 > len(head) {
		return Content{KindBinary, "binary data"}
	}
	return Content{KindText, "text"}
}

// SniffFile reads the first SniffLen bytes of a file and sniffs them.
func SniffFile(path string) (Content, error) {
	f, err := os.Open(path)
	if err != nil {
		return Content{}, err
	}
	defer f.Close()
	head := make([]byte, SniffLen)
	n, err := io.ReadFull(f, head)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return Sniff(head[:n], true), nil
	case err != nil:
		return Content{}, err
	}
	return Sniff(head, false), nil
}
