// Command sender delivers every stored event to its tenant's subscribed
// webhook endpoints ("sender" or "sender run"), and operates deliveries and
// endpoints (every other command; "sender help"). docs/sender.md describes
// it.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/eventmesh/processor/cmd/sender/sendercli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "sender:", err)
	}
	os.Exit(sendercli.ExitCode(err))
}
