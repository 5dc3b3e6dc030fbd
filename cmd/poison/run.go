package main

import (
	"context"
	"os"
	"os/user"

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
		Actor:       env.String("POISON_ACTOR", actor()),
		Stdout:      os.Stdout,
		Stderr:      os.Stderr,
	}
	if err := env.Err(); err != nil {
		return err
	}
	return poisoncli.Run(ctx, cfg, args)
}

// actor is user@host, as far as they are known.
func actor() string {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	if host, err := os.Hostname(); err == nil {
		return name + "@" + host
	}
	return name
}
