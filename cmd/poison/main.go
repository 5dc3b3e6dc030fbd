// Command poison inspects the processor's poison queue and replays or
// discards its records. Run "poison help" for the commands, flags,
// environment and exit codes; docs/poison-tool.md has a worked example.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/eventmesh/processor/cmd/poison/poisoncli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "poison:", err)
	}
	os.Exit(poisoncli.ExitCode(err))
}
