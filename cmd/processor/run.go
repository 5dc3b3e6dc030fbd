package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/signals"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/middleware"
)

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

func config(ctx context.Context, env *envconfig.Reader, logger *slog.Logger) (processor.Config, error) {
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return processor.Config{}, err
	}
	cfg := processor.Config{
		DatabaseURL:         env.DatabaseURL(),
		AWS:                 awsCfg,
		QueueName:           env.String("SQS_QUEUE_NAME", ""),
		DeadLetterQueueName: env.String("SQS_DLQ_NAME", ""),
		MaxReceiveCount:     env.PositiveInt("SQS_MAX_RECEIVE_COUNT"),
		MessageRetention:    env.PositiveDuration("SQS_MESSAGE_RETENTION"),
		DeadLetterRetention: env.PositiveDuration("SQS_DLQ_RETENTION"),
		OnQueueMismatch:     sqsqueue.MismatchPolicy(env.String("SQS_QUEUE_MISMATCH", string(sqsqueue.DefaultOnMismatch))),
		VisibilityTimeout:   env.PositiveDuration("SQS_VISIBILITY_TIMEOUT"),
		MaxProcessingTime:   env.PositiveDuration("SQS_MAX_PROCESSING_TIME"),
		MaxReceivers:        env.PositiveInt("SQS_MAX_RECEIVERS"),
		MaxInFlight:         env.PositiveInt("SQS_MAX_IN_FLIGHT"),
		WaitTime:            env.PositiveDuration("SQS_WAIT_TIME"),
		NackVisibilityDelay: env.Duration("SQS_NACK_DELAY", processor.DefaultNackVisibilityDelay),
		AckFlushDelay:       env.PositiveDuration("SQS_ACK_FLUSH_DELAY"),
		Retry: middleware.Retry{
			MaxRetries:      env.Int("RETRY_MAX_RETRIES", middleware.DefaultMaxRetries),
			InitialInterval: env.PositiveDuration("RETRY_INITIAL_INTERVAL"),
			MaxInterval:     env.PositiveDuration("RETRY_MAX_INTERVAL"),
		},
		Store: groupcommit.Config{
			Writers:         env.PositiveInt("STORE_WRITERS"),
			MaxBatch:        env.PositiveInt("STORE_MAX_BATCH"),
			CommitTimeout:   env.PositiveDuration("STORE_COMMIT_TIMEOUT"),
			LockTimeout:     env.PositiveDuration("STORE_LOCK_TIMEOUT"),
			NoProgressAfter: env.PositiveDuration("STORE_NO_PROGRESS_AFTER"),
		},
		SchemaDir:          env.SchemaDir(),
		HTTPAddr:           env.String("HTTP_ADDR", ":8080"),
		Profiler:           env.Bool("PPROF", false),
		CloseTimeout:       env.PositiveDuration("CLOSE_TIMEOUT"),
		StartupTimeout:     env.PositiveDuration("STARTUP_TIMEOUT"),
		StartupStepTimeout: env.PositiveDuration("STARTUP_STEP_TIMEOUT"),
		Logger:             logger,
	}
	return cfg, env.Err()
}
