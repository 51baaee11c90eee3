package hub

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Run serves a hub with cfg until ctx is done or the process gets SIGTERM
// or an interrupt (Ctrl-C), then closes it cleanly: what a hub program
// does. ready, if set, is called with the hub's URL once it serves.
func Run(ctx context.Context, cfg Config, ready func(url string)) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	s, err := Start(ctx, cfg)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(s.URL())
	}
	<-ctx.Done()
	s.Close()
	return nil
}
