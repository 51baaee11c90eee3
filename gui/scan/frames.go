package scan

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/venuepass/venuepass/qr"
)

// A FrameSource yields camera frames: a V4L2 camera, or image files in
// tests and the demo.
type FrameSource interface {
	// Next blocks until the next frame. The frame belongs to the caller.
	// It returns io.EOF when the source has no more frames.
	Next(ctx context.Context) (image.Image, error)
	Close() error
}

// FileFrames is a FrameSource that plays images, as a camera would. The
// zero rate plays them as fast as they are asked for.
type FileFrames struct {
	images []image.Image
	// FPS is the frame rate; 0 means unthrottled.
	FPS float64
	// Loop plays the images again and again.
	Loop bool

	i    int
	next time.Time
}

// NewFileFrames reads the PNG, JPEG or GIF files at paths.
func NewFileFrames(paths []string, fps float64, loop bool) (*FileFrames, error) {
	f := &FileFrames{FPS: fps, Loop: loop}
	for _, p := range paths {
		img, err := ReadImage(p)
		if err != nil {
			return nil, err
		}
		f.images = append(f.images, img)
	}
	if len(f.images) == 0 {
		return nil, errors.New("no images to play")
	}
	return f, nil
}

// NewImageFrames plays images already in memory.
func NewImageFrames(images []image.Image, fps float64, loop bool) *FileFrames {
	return &FileFrames{images: images, FPS: fps, Loop: loop}
}

// Next returns the next image.
func (f *FileFrames) Next(ctx context.Context) (image.Image, error) {
	if f.i >= len(f.images) {
		if !f.Loop || len(f.images) == 0 {
			return nil, io.EOF
		}
		f.i = 0
	}
	if f.FPS > 0 {
		if err := pace(ctx, &f.next, f.FPS); err != nil {
			return nil, err
		}
	} else if err := ctx.Err(); err != nil {
		return nil, err
	}
	img := f.images[f.i]
	f.i++
	return img, nil
}

// Close does nothing.
func (f *FileFrames) Close() error { return nil }

// pace waits until *next, the time the next frame is due (now, the first
// time), or until ctx ends, and then sets *next one frame later at fps.
func pace(ctx context.Context, next *time.Time, fps float64) error {
	now := time.Now()
	if next.IsZero() {
		*next = now
	}
	if wait := next.Sub(now); wait > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	*next = next.Add(time.Duration(float64(time.Second) / fps))
	return nil
}

// MaxImageFile caps the size of an image file read for decoding.
const MaxImageFile = qr.MaxFileSize

// ReadImage reads a PNG, JPEG or GIF file, refusing files and images over
// the qr package's limits before decoding them.
func ReadImage(path string) (image.Image, error) {
	f, err := OpenCapped(path, MaxImageFile, func(size int64) error {
		return fmt.Errorf("%s is %d bytes, more than an image may be (%d)", path, size, MaxImageFile)
	})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("%s is not a PNG, JPEG or GIF image: %w", path, err)
	}
	if cfg.Width > qr.MaxSide || cfg.Height > qr.MaxSide || cfg.Width*cfg.Height > qr.MaxPixels {
		return nil, fmt.Errorf("%s is %dx%d pixels, too large to scan", path, cfg.Width, cfg.Height)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(io.LimitReader(f, MaxImageFile))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// OpenCapped opens the file at path for reading unless it is larger than
// limit bytes; then it returns the error tooLarge makes of its size.
func OpenCapped(path string, limit int64, tooLarge func(size int64) error) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if fi.Size() > limit {
		f.Close()
		return nil, tooLarge(fi.Size())
	}
	return f, nil
}

// Pipeline decodes QR codes from a FrameSource continuously: one goroutine
// captures frames, another decodes the newest one, dropping frames that
// arrive while it is busy, so that a slow decode never makes the preview
// or the scans lag behind the camera.
type Pipeline struct {
	Source FrameSource
	// OnFrame, if set, receives every captured frame for a live preview,
	// at most PreviewFPS times a second, on the capture goroutine.
	OnFrame    func(image.Image)
	PreviewFPS float64
	// OnScan receives each text decoded, on the decode goroutine. The
	// same text is passed on again only after it has been out of view for
	// Repeat.
	OnScan func(text string)
	Repeat time.Duration

	// decoded, if set, is called after each frame is decoded (tests).
	afterDecode func()

	mu      sync.Mutex
	decoded int
	start   time.Time
	fps     float64
}

// DefaultRepeat is how long a code must leave the camera's view before the
// same code counts as a new scan.
const DefaultRepeat = 3 * time.Second

// Run captures and decodes until ctx ends or the source runs out. It
// returns nil at the end of the source or of ctx.
func (p *Pipeline) Run(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	latest := make(chan image.Image, 1)
	capErr := make(chan error, 1)
	go func() {
		defer close(latest)
		capErr <- p.capture(ctx, latest)
	}()
	p.decodeLoop(latest)
	cancel()
	err := <-capErr
	if errors.Is(err, io.EOF) || parent.Err() != nil {
		return nil
	}
	return err
}

func (p *Pipeline) capture(ctx context.Context, latest chan image.Image) error {
	var lastPreview time.Time
	previewEvery := time.Duration(0)
	if p.PreviewFPS > 0 {
		previewEvery = time.Duration(float64(time.Second) / p.PreviewFPS)
	}
	for {
		img, err := p.Source.Next(ctx)
		if err != nil {
			return err
		}
		if p.OnFrame != nil {
			if now := time.Now(); now.Sub(lastPreview) >= previewEvery {
				lastPreview = now
				p.OnFrame(img)
			}
		}
		// Keep only the newest frame.
		select {
		case latest <- img:
		default:
			select {
			case <-latest:
			default:
			}
			select {
			case latest <- img:
			default:
			}
		}
	}
}

func (p *Pipeline) decodeLoop(latest chan image.Image) {
	var d qr.FrameDecoder // a still, empty scene is searched once, not every frame
	repeat := p.Repeat
	if repeat <= 0 {
		repeat = DefaultRepeat
	}
	lastSeen := map[string]time.Time{}
	p.mu.Lock()
	p.start, p.decoded = time.Now(), 0
	p.mu.Unlock()
	for img := range latest {
		texts, _ := d.Decode(img)
		now := time.Now()
		p.mu.Lock()
		p.decoded++
		if el := now.Sub(p.start); el >= time.Second {
			p.fps = float64(p.decoded) / el.Seconds()
			p.start, p.decoded = now, 0
		}
		p.mu.Unlock()
		if p.afterDecode != nil {
			p.afterDecode()
		}
		for _, t := range texts {
			prev, seen := lastSeen[t]
			lastSeen[t] = now
			if seen && now.Sub(prev) < repeat {
				continue
			}
			if p.OnScan != nil {
				p.OnScan(t)
			}
		}
		for t, at := range lastSeen {
			if now.Sub(at) >= repeat {
				delete(lastSeen, t)
			}
		}
	}
}

// FPS returns the frames decoded per second over the last second or so.
func (p *Pipeline) FPS() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fps
}

// DirFrames plays the images in a folder as a camera would see them, one
// after another. It looks at the folder again every second, so images
// copied in or removed later are picked up (a folder can stand in for a
// camera in demos and end-to-end tests). An empty folder gives blank
// frames.
type DirFrames struct {
	Dir string
	// FPS is the frame rate; 0 means 15.
	FPS float64

	cache  map[string]dirImage
	names  []string
	listed time.Time
	i      int
	next   time.Time
	blank  image.Image
}

type dirImage struct {
	mod time.Time
	img image.Image
}

// Next returns the next frame.
func (f *DirFrames) Next(ctx context.Context) (image.Image, error) {
	fps := f.FPS
	if fps <= 0 {
		fps = 15
	}
	if err := pace(ctx, &f.next, fps); err != nil {
		return nil, err
	}
	if time.Since(f.listed) >= time.Second {
		if err := f.list(); err != nil {
			return nil, err
		}
	}
	if len(f.names) == 0 {
		if f.blank == nil {
			f.blank = image.NewGray(image.Rect(0, 0, 640, 360))
		}
		return f.blank, nil
	}
	f.i = (f.i + 1) % len(f.names)
	return f.cache[f.names[f.i]].img, nil
}

func (f *DirFrames) list() error {
	f.listed = time.Now()
	entries, err := os.ReadDir(f.Dir)
	if err != nil {
		return err
	}
	if f.cache == nil {
		f.cache = map[string]dirImage{}
	}
	seen := map[string]bool{}
	f.names = f.names[:0]
	for _, e := range entries {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".png", ".jpg", ".jpeg", ".gif":
		default:
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		c, ok := f.cache[e.Name()]
		if !ok || !c.mod.Equal(info.ModTime()) {
			img, err := ReadImage(filepath.Join(f.Dir, e.Name()))
			if err != nil {
				continue // still being copied, or not an image
			}
			c = dirImage{mod: info.ModTime(), img: img}
			f.cache[e.Name()] = c
		}
		seen[e.Name()] = true
		f.names = append(f.names, e.Name())
	}
	for name := range f.cache {
		if !seen[name] {
			delete(f.cache, name)
		}
	}
	return nil
}

// Close does nothing.
func (f *DirFrames) Close() error { return nil }
