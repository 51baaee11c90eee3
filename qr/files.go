package qr

import "runtime"

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
