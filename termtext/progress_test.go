package termtext_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/venuepass/venuepass/termtext"
)

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	p := termtext.NewProgress(&buf, 4, "printing", true)
	for range 4 {
		p.Add()
	}
	p.Done()
	want := "\rprinting [#######.......................] 1/4" +
		"\rprinting [###############...............] 2/4" +
		"\rprinting [######################........] 3/4" +
		"\rprinting [##############################] 4/4\n"
	if buf.String() != want {
		t.Errorf("got %q\nwant %q", buf.String(), want)
	}

	// Redrawn only when the percentage moves (0% to 100%: 101 times); safe
	// from several goroutines.
	buf.Reset()
	p = termtext.NewProgress(&buf, 1000, "x", true)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 250 {
				p.Add()
			}
		}()
	}
	wg.Wait()
	if n := strings.Count(buf.String(), "\r"); n != 101 || !strings.HasSuffix(buf.String(), "1000/1000") {
		t.Errorf("%d redraws, ends %q", n, buf.String()[max(0, buf.Len()-20):])
	}

	buf.Reset()
	p = termtext.NewProgress(&buf, 10, "off", false)
	p.Add()
	p.Done()
	if buf.Len() != 0 {
		t.Errorf("an off bar drew %q", buf.String())
	}
}
