package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/signals"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// run reads the configuration from the environment, builds the processor
// and runs it until ctx ends; SIGHUP reloads the schemas.
func run(ctx context.Context) error {
	env := envconfig.New()
	tuneGC(env)
	logger := env.Logger(os.Stderr)
	cfg, err := config(ctx, env, logger)
	if err != nil {
		return err
	}
	svc, err := processor.New(ctx, cfg)
	var mismatch *sqsqueue.QueueMismatchError
	if errors.As(err, &mismatch) {
		return fmt.Errorf("%w\n(SQS_QUEUE_MISMATCH=refuse: change the queues or the configuration, or set SQS_QUEUE_MISMATCH=keep to run with the queues as they are)", err)
	}
	if err != nil {
		return err
	}
	// A registry that fails to load is logged and the one in use is kept.
	stopReload := signals.OnSIGHUP(ctx, logger, "schema reload failed; keeping the registry in use", svc.ReloadSchemas)
	defer stopReload()
	return svc.Run(ctx) // logs "processor started" once the router runs
}
