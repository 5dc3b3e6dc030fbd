// Package logging adapts the processor's slog logger for Watermill.
package logging

import (
	"context"
	"log/slog"

	"github.com/ThreeDotsLabs/watermill"
)

// routerHandlerError is the message of the line Watermill's router logs for
// every handler error; middleware.LogFailures logs a richer line instead.
const routerHandlerError = "Handler returned error"

// WatermillLogger returns a Watermill logger writing to logger, without the
// router's per-failure line (so each failure is logged once), and skipping
// Trace and Debug calls below logger's level before their fields are
// converted (levelGate).
func WatermillLogger(logger *slog.Logger) watermill.LoggerAdapter {
	handler := dropRouterHandlerErrors{logger.Handler()}
	return levelGate{LoggerAdapter: watermill.NewSlogLogger(slog.New(handler)), handler: handler}
}

type dropRouterHandlerErrors struct {
	slog.Handler
}

func (d dropRouterHandlerErrors) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == routerHandlerError {
		return nil
	}
	return d.Handler.Handle(ctx, r)
}

func (d dropRouterHandlerErrors) WithAttrs(attrs []slog.Attr) slog.Handler {
	return dropRouterHandlerErrors{d.Handler.WithAttrs(attrs)}
}

func (d dropRouterHandlerErrors) WithGroup(name string) slog.Handler {
	return dropRouterHandlerErrors{d.Handler.WithGroup(name)}
}
