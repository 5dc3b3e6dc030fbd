// Package signals runs the binaries' reactions to operating-system signals
// other than the shutdown ones (those end the context given to run).
package signals

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// OnSIGHUP calls reload on each SIGHUP the process receives, one call at a
// time, from a goroutine that ends with ctx. A reload that returns an error
// is logged at error level as failMsg with the key "error"; what reload
// swaps in is its own business (the processor and the sender keep what is
// in force when a reload fails). stop stops the delivery of SIGHUP (no
// reload after it); call it once.
func OnSIGHUP(ctx context.Context, logger *slog.Logger, failMsg string, reload func(context.Context) error) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if err := reload(ctx); err != nil {
					logger.Error(failMsg, "error", err.Error())
				}
			}
		}
	}()
	return func() { signal.Stop(hup) }
}
