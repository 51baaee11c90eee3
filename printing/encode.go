package printing

import (
	"runtime"

	"github.com/venuepass/venuepass/qr"
)

// encoded is the QR code of one item.
type encoded struct {
	code *qr.Code
	err  error
}

// encodeAhead encodes the texts of items on all cores, a bounded window
// ahead of the caller, who takes the codes in order with next. QR encoding
// (mask selection) costs more than laying out a page, and a PDF is laid out
// on one goroutine. stop must be called when done.
func encodeAhead(items []Item, level qr.Level) (next func() (*qr.Code, error), stop func()) {
	workers := runtime.GOMAXPROCS(0)
	queue := make(chan chan encoded, 4*workers)
	quit := make(chan struct{})
	go func() {
		defer close(queue)
		sem := make(chan struct{}, workers)
		for i := range items {
			ch := make(chan encoded, 1)
			select {
			case queue <- ch:
			case <-quit:
				return
			}
			sem <- struct{}{}
			go func(text string) {
				c, err := qr.Encode(text, level)
				ch <- encoded{c, err}
				<-sem
			}(items[i].Text)
		}
	}()
	next = func() (*qr.Code, error) {
		r := <-<-queue
		return r.code, r.err
	}
	return next, func() { close(quit) }
}
