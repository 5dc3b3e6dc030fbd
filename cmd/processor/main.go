// Command processor runs the event processor: it reads events from SQS,
// validates them for their tenant and stores them in Postgres, or records
// them in the poison queue. Configuration comes from the environment; see
// README.md and .env-template.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "processor:", err)
		os.Exit(1)
	}
}
