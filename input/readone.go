package input

import (
	"fmt"
	"io"
	"strings"

	"github.com/venuepass/venuepass/verifier"
)

// ReadOne reads the one QR text r holds (standard input piped in, named
// name in errors): at most verifier.MaxLine bytes, with its line endings
// trimmed. More is refused without being kept: a QR code holds one text.
func ReadOne(r io.Reader, name string) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, verifier.MaxLine+1))
	if err != nil {
		return "", fmt.Errorf("reading %s: %v", name, err)
	}
	if len(data) > verifier.MaxLine {
		return "", fmt.Errorf("%s holds more than %d bytes; a QR code holds one text", name, verifier.MaxLine)
	}
	return strings.Trim(string(data), "\r\n"), nil
}
