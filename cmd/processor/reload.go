package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/eventmesh/processor/internal/processor"
)

// reloadOnSIGHUP reloads the tenant registry on each SIGHUP until ctx ends.
// A registry that fails to load is logged and the one in use is kept.
func reloadOnSIGHUP(ctx context.Context, svc *processor.Service, logger *slog.Logger) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if err := svc.ReloadSchemas(ctx); err != nil {
					logger.Error("schema reload failed; keeping the registry in use", "error", err.Error())
				}
			}
		}
	}()
	return func() { signal.Stop(hup) }
}
