package scan

import (
	"bufio"
	"context"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/venuepass/venuepass/internal/testenv"
	"github.com/venuepass/venuepass/qr"
)

const small720p = "../../testdata/qr/bench/small720p"

// loadSmall720p reads the 1280x720 camera-like frames of the qr benchmark
// set and the texts they hold.
func loadSmall720p(tb testing.TB) ([]image.Image, map[string]bool) {
	tb.Helper()
	f, err := os.Open(filepath.Join(small720p, "manifest.tsv"))
	if err != nil {
		testenv.Missing(tb, "benchmark images missing (go run ./testdata/qr/gen.go): %v", err)
	}
	defer f.Close()
	var paths []string
	want := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		file, text, _ := strings.Cut(sc.Text(), "\t")
		paths = append(paths, filepath.Join(small720p, file))
		if text != "" {
			want[text] = true
		}
	}
	frames, err := NewFileFrames(paths, 0, false)
	if err != nil {
		tb.Fatal(err)
	}
	return frames.images, want
}

// lockstep hands out frames one at a time: the next only after the
// pipeline has decoded the previous, so none is dropped.
type lockstep struct {
	images []image.Image
	n, max int
	done   chan struct{}
}

func newLockstep(images []image.Image, max int) *lockstep {
	l := &lockstep{images: images, max: max, done: make(chan struct{}, 1)}
	l.done <- struct{}{}
	return l
}

func (l *lockstep) Next(ctx context.Context) (image.Image, error) {
	if l.n >= l.max {
		return nil, io.EOF
	}
	select {
	case <-l.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	img := l.images[l.n%len(l.images)]
	l.n++
	return img, nil
}

func (l *lockstep) Close() error { return nil }

func (l *lockstep) decoded() { l.done <- struct{}{} }

func TestPipelineDecodesFrames(t *testing.T) {
	images, want := loadSmall720p(t)
	src := newLockstep(images, 2*len(images))
	var mu sync.Mutex
	got := map[string]int{}
	previews := 0
	p := &Pipeline{
		Source:      src,
		OnScan:      func(s string) { mu.Lock(); got[s]++; mu.Unlock() },
		OnFrame:     func(image.Image) { previews++ },
		Repeat:      time.Hour,
		afterDecode: src.decoded,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := p.Run(ctx); err != nil {
		t.Fatal(err)
	}
	// The pipeline reads what the decoder reads (not every frame of this
	// hard set is readable), each code once: shown twice, but within
	// Repeat.
	var d qr.Decoder
	readable := 0
	for _, img := range images {
		texts, _ := d.Decode(img)
		for _, w := range texts {
			readable++
			if !want[w] {
				t.Errorf("decoder read %.24s..., not in the manifest", w)
			}
			if got[w] != 1 {
				t.Errorf("code %.24s... reported %d times, want once", w, got[w])
			}
		}
	}
	if readable < len(want)/2 || len(got) != readable {
		t.Errorf("pipeline reported %d codes, the decoder reads %d of %d", len(got), readable, len(want))
	}
	if previews != 2*len(images) {
		t.Errorf("%d previews, want %d", previews, 2*len(images))
	}
}

func TestPipelineStopsWithContext(t *testing.T) {
	img, err := qr.Image("VP1:ABC", qr.RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := &Pipeline{Source: NewImageFrames([]image.Image{img}, 30, true)}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	scans := 0
	p.OnScan = func(string) { scans++ }
	if err := p.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if scans != 1 {
		t.Errorf("a code in view for 300 ms reported %d times, want once", scans)
	}
}

func TestFileFramesRate(t *testing.T) {
	img, err := qr.Image("VP1:ABC", qr.RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := NewImageFrames([]image.Image{img}, 50, true)
	start := time.Now()
	for i := 0; i < 11; i++ {
		if _, err := f.Next(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if el := time.Since(start); el < 180*time.Millisecond {
		t.Errorf("11 frames at 50 fps took %v, want about 200 ms", el)
	}
	f = NewImageFrames([]image.Image{img}, 0, false)
	f.Next(context.Background())
	if _, err := f.Next(context.Background()); err != io.EOF {
		t.Errorf("past the last frame: %v, want io.EOF", err)
	}
}

// BenchmarkPipeline measures the decode throughput of the camera pipeline
// in frames/s on 1280x720 camera-like frames (testdata/qr/bench/small720p),
// beside the baseline of qr.Decode called on each frame in turn. The camera
// needs at least 10 frames/s.
func BenchmarkPipeline(b *testing.B) {
	images, want := loadSmall720p(b)
	b.Run("baseline", func(b *testing.B) {
		var d qr.Decoder
		for i := 0; b.Loop(); i++ {
			d.Decode(images[i%len(images)])
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
	})
	b.Run("pipeline", func(b *testing.B) {
		src := newLockstep(images, b.N)
		seen := map[string]bool{}
		p := &Pipeline{Source: src, Repeat: time.Nanosecond, afterDecode: src.decoded,
			OnScan: func(s string) { seen[s] = true }}
		if err := p.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
		if b.N >= len(images) {
			b.ReportMetric(float64(len(seen))/float64(len(want)), "codes-read")
		}
	})
}

func TestDirFrames(t *testing.T) {
	dir := t.TempDir()
	f := &DirFrames{Dir: dir, FPS: 1000}
	img, err := f.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if texts, _ := qr.Decode(img); len(texts) != 0 {
		t.Fatal("an empty folder gave a code")
	}
	out, err := os.Create(filepath.Join(dir, "code.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := qr.PNG(out, "VP1:ABC", qr.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	out.Close()
	f.listed = time.Time{} // look again now
	img, err = f.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if texts, _ := qr.Decode(img); len(texts) != 1 || texts[0] != "VP1:ABC" {
		t.Fatalf("after adding an image: %q", texts)
	}
}
