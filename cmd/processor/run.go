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
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/middleware"
)

// DefaultDatabaseURL is the local Postgres of a development machine.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

func run(ctx context.Context) error {
	env := envconfig.New()
	tuneGC(env)
	logger := newLogger(env)
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
	stopReload := reloadOnSIGHUP(ctx, svc, logger)
	defer stopReload()
	return svc.Run(ctx) // logs "processor started" once the router runs
}

func config(ctx context.Context, env *envconfig.Reader, logger *slog.Logger) (processor.Config, error) {
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return processor.Config{}, err
	}
	cfg := processor.Config{
		DatabaseURL:         env.String("DATABASE_URL", DefaultDatabaseURL),
		AWS:                 awsCfg,
		QueueName:           env.String("SQS_QUEUE_NAME", ""),
		DeadLetterQueueName: env.String("SQS_DLQ_NAME", ""),
		MaxReceiveCount:     env.Int("SQS_MAX_RECEIVE_COUNT", 0),
		MessageRetention:    env.PositiveDuration("SQS_MESSAGE_RETENTION"),
		DeadLetterRetention: env.PositiveDuration("SQS_DLQ_RETENTION"),
		OnQueueMismatch:     sqsqueue.MismatchPolicy(env.String("SQS_QUEUE_MISMATCH", string(sqsqueue.DefaultOnMismatch))),
		VisibilityTimeout:   env.Duration("SQS_VISIBILITY_TIMEOUT", 0),
		MaxProcessingTime:   env.Duration("SQS_MAX_PROCESSING_TIME", 0),
		MaxReceivers:        env.Int("SQS_MAX_RECEIVERS", 0),
		MaxInFlight:         env.Int("SQS_MAX_IN_FLIGHT", 0),
		WaitTime:            env.Duration("SQS_WAIT_TIME", 0),
		NackVisibilityDelay: env.Duration("SQS_NACK_DELAY", processor.DefaultNackVisibilityDelay),
		AckFlushDelay:       env.Duration("SQS_ACK_FLUSH_DELAY", 0),
		Retry: middleware.Retry{
			MaxRetries:      env.Int("RETRY_MAX_RETRIES", 0),
			InitialInterval: env.Duration("RETRY_INITIAL_INTERVAL", 0),
			MaxInterval:     env.Duration("RETRY_MAX_INTERVAL", 0),
		},
		Store: groupcommit.Config{
			Writers:       env.Int("STORE_WRITERS", 0),
			MaxBatch:      env.Int("STORE_MAX_BATCH", 0),
			CommitTimeout: env.Duration("STORE_COMMIT_TIMEOUT", 0),
		},
		SchemaDir:          env.String("SCHEMA_DIR", ""),
		HTTPAddr:           env.String("HTTP_ADDR", ":8080"),
		Profiler:           env.Bool("PPROF", false),
		CloseTimeout:       env.Duration("CLOSE_TIMEOUT", 0),
		StartupTimeout:     env.Duration("STARTUP_TIMEOUT", 0),
		StartupStepTimeout: env.Duration("STARTUP_STEP_TIMEOUT", 0),
		Logger:             logger,
	}
	return cfg, env.Err()
}

func newLogger(env *envconfig.Reader) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(env.String("LOG_LEVEL", "info"))); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}
