// Command receiver is the demo webhook endpoint: it verifies Standard
// Webhooks signatures, drops duplicates by webhook-id and counts events
// (GET /stats). Environment:
//
//	RECEIVER_ADDR        listen address (default :8090)
//	DEMO_WEBHOOK_SECRET  whsec_ secret(s), comma-separated while rotating (required)
//	RECEIVER_FAIL_RATE   share of new deliveries answered 503 with Retry-After: 1 (default 0)
//	RECEIVER_DELAY       delay before each answer (default 0)
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/receiver"
	"github.com/eventmesh/processor/internal/webhook"
)

func main() { exitcode.Main("receiver", run) }

func run(ctx context.Context, _ []string) error {
	env := envconfig.New()
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	var secrets []webhook.Secret
	for _, s := range strings.Split(env.String("DEMO_WEBHOOK_SECRET", ""), ",") {
		secret, err := webhook.ParseSecret(s)
		if err != nil {
			return fmt.Errorf("DEMO_WEBHOOK_SECRET: %w", err)
		}
		secrets = append(secrets, secret)
	}
	rc, err := receiver.New(receiver.Config{Secrets: secrets, Logger: logger,
		FailRate: env.Float("RECEIVER_FAIL_RATE", 0), Delay: env.Duration("RECEIVER_DELAY", 0)})
	if err != nil {
		return err
	}
	if err := env.Err(); err != nil {
		return err
	}
	addr := env.String("RECEIVER_ADDR", ":8090")
	srv := &http.Server{Addr: addr, Handler: rc, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	logger.Info("receiver listening", "addr", addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s := rc.Stats()
	logger.Info("receiver stopped", "received", s.Received, "duplicates", s.Duplicates, "invalid", s.Invalid)
	return nil
}
