package checkin_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/venuepass/venuepass/checkin"
)

// Open's failures other than the file's own carry the path and the cause
// in an *OpenError, so that a caller words them without cutting the text.
func TestOpenError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-folder", "k.vplog")
	l, err := checkin.Open(path, checkin.Options{})
	if err == nil {
		l.Close()
		t.Fatal("opened a log in a folder that does not exist")
	}
	var oe *checkin.OpenError
	if !errors.As(err, &oe) || oe.Path != path || oe.Err == nil {
		t.Fatalf("%v (%T), want an *OpenError for %s", err, err, path)
	}
	if !strings.HasPrefix(err.Error(), "opening check-in log "+path+": ") || strings.Contains(oe.Err.Error(), "opening check-in log") {
		t.Errorf("text %q, cause %q", err, oe.Err)
	}
	t.Logf("cause: %v (not-exist: %v)", oe.Err, errors.Is(err, fs.ErrNotExist))
}
