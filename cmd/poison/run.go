package main

import (
	"context"
	"os"

	"github.com/eventmesh/processor/cmd/poison/poisoncli"
	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/poisonadmin"
)

func run(ctx context.Context, args []string) error {
	env := envconfig.New()
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return err
	}
	cfg := poisoncli.Config{
		DatabaseURL: env.DatabaseURL(),
		AWS:         awsCfg,
		QueueName:   env.String("SQS_QUEUE_NAME", poisonadmin.DefaultQueueName),
		SchemaDir:   env.SchemaDir(),
		Actor:       env.Actor("POISON_ACTOR"),
		Stdout:      os.Stdout,
		Stderr:      os.Stderr,
	}
	if err := env.Err(); err != nil {
		return err
	}
	return poisoncli.Run(ctx, cfg, args)
}
