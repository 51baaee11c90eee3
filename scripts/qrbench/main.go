// Command qrbench runs the venuepass QR decoder over the benchmark image
// sets and prints a per-set table of decode rates and times.
//
//	go run ./scripts/qrbench -dir testdata/qr/bench
//
// With -frames it prints one line per image instead, for
// scripts/qrbench/compare.py.
//
// Each set directory holds images and a manifest.tsv of "file<TAB>expected
// text" lines; an empty expected text means the frame holds no code, and
// counts as decoded when nothing is reported. With -plain the images are
// also decoded by plain gozxing (its image.Image path, no ladder) for
// comparison. Times are per frame, in process, excluding file decoding.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/venuepass/venuepass/qr"
)

func main() {
	dir := flag.String("dir", "testdata/qr/bench", "benchmark set directory")
	plain := flag.Bool("plain", false, "also run plain gozxing")
	reps := flag.Int("n", 3, "timing repetitions per image")
	verbose := flag.Bool("v", false, "list failing images")
	tsv := flag.Bool("tsv", false, "print tab-separated values (set, images, decoded, ms, plain decoded, plain ms)")
	frames := flag.Bool("frames", false, "print one tab-separated line per image: set, file, decoded (1 or 0), median wall ms, median thread CPU ms")
	flag.Parse()
	if *frames {
		perFrame(*dir, *reps)
		return
	}

	sets, err := os.ReadDir(*dir)
	if err != nil {
		log.Fatal(err)
	}
	if !*tsv {
		fmt.Printf("%-12s %6s %8s %9s", "set", "images", "decoded", "ms/frame")
		if *plain {
			fmt.Printf(" %8s %9s", "gozxing", "ms/frame")
		}
		fmt.Println()
	}
	var d qr.Decoder
	for _, s := range sets {
		if !s.IsDir() {
			continue
		}
		entries, err := readManifest(filepath.Join(*dir, s.Name(), "manifest.tsv"))
		if err != nil {
			log.Fatal(err)
		}
		var ok, okPlain int
		var t, tPlain time.Duration
		for _, e := range entries {
			img := load(filepath.Join(*dir, s.Name(), e.file))
			var got []string
			start := time.Now()
			for range *reps {
				got, _ = d.Decode(img)
			}
			t += time.Since(start) / time.Duration(*reps)
			if match(got, e.want) {
				ok++
			} else if *verbose {
				fmt.Printf("  FAIL %s/%s got %d texts\n", s.Name(), e.file, len(got))
			}
			if *plain {
				start := time.Now()
				var text string
				for range *reps {
					text = plainGozxing(img)
				}
				tPlain += time.Since(start) / time.Duration(*reps)
				if text == e.want {
					okPlain++
				}
			}
		}
		n := len(entries)
		if *tsv {
			fmt.Printf("%s\t%d\t%d\t%.1f\t%d\t%.1f\n", s.Name(), n, ok, ms(t, n), okPlain, ms(tPlain, n))
			continue
		}
		fmt.Printf("%-12s %6d %8d %9.1f", s.Name(), n, ok, ms(t, n))
		if *plain {
			fmt.Printf(" %8d %9.1f", okPlain, ms(tPlain, n))
		}
		fmt.Println()
	}
}

// perFrame decodes every image reps times, after one untimed warm-up
// decode, and prints the median wall-clock and thread CPU time of each,
// image loading excluded. The CPU time is what a busy shared machine
// distorts least.
func perFrame(dir string, reps int) {
	runtime.LockOSThread() // so that the thread CPU clock is the decoder's
	sets, err := os.ReadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	var d qr.Decoder
	for _, s := range sets {
		if !s.IsDir() {
			continue
		}
		entries, err := readManifest(filepath.Join(dir, s.Name(), "manifest.tsv"))
		if err != nil {
			log.Fatal(err)
		}
		for _, e := range entries {
			img := load(filepath.Join(dir, s.Name(), e.file))
			got, _ := d.Decode(img)
			wall, cpu := make([]float64, reps), make([]float64, reps)
			for i := range reps {
				c0, t0 := threadCPU(), time.Now()
				d.Decode(img)
				wall[i], cpu[i] = float64(time.Since(t0).Nanoseconds())/1e6, float64(threadCPU()-c0)/1e6
			}
			ok := 0
			if match(got, e.want) {
				ok = 1
			}
			fmt.Printf("%s\t%s\t%d\t%.3f\t%.3f\n", s.Name(), e.file, ok, median(wall), median(cpu))
		}
	}
}

func median(v []float64) float64 {
	slices.Sort(v)
	return v[len(v)/2]
}

func ms(t time.Duration, n int) float64 {
	return float64(t.Microseconds()) / 1000 / float64(max(n, 1))
}

// match reports whether the decoder output is right: the expected text, or
// nothing at all for an empty frame.
func match(got []string, want string) bool {
	if want == "" {
		return len(got) == 0
	}
	return slices.Contains(got, want)
}

func plainGozxing(img image.Image) string {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return ""
	}
	r, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return ""
	}
	return r.GetText()
}

type entry struct{ file, want string }

func readManifest(path string) ([]entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var es []entry
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		file, want, _ := strings.Cut(sc.Text(), "\t")
		if file != "" {
			es = append(es, entry{file, want})
		}
	}
	return es, sc.Err()
}

func load(path string) image.Image {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	return img
}
