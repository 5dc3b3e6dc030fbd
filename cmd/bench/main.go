// Command bench measures the event processor against the fastest
// hand-written SQS-to-Postgres pipeline on the same machine, in one run:
// drain throughput, SQS requests, CPU, memory, latency under an open-loop
// load, with added SQS latency and with two instances. See
// docs/benchmarks.md; `make bench` runs it.
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
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
