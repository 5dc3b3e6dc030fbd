package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/middleware"
)

// Defaults of the binary's own (the garbage collector's are in gc.go): every
// other variable left unset gives the configuration a zero, which takes the
// default of the package it configures (processor.Config and the packages
// it names).
const (
	// defaultHTTPAddr is HTTP_ADDR's: the ops endpoints on port 8080.
	defaultHTTPAddr = ":8080"
	// defaultNackDelay is SQS_NACK_DELAY's: a transiently failed message
	// stays hidden this long before SQS redelivers it. The library's zero
	// means no delay, which SQS_NACK_DELAY=0 asks for.
	defaultNackDelay = 5 * time.Second
)

// config reads the processor's configuration from env; its error names
// every variable that does not parse.
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
		Subscriber:          subscriberConfig(env),
		Retry:               retryConfig(env),
		Store:               storeConfig(env),
		SchemaDir:           env.SchemaDir(),
		HTTPAddr:            env.String("HTTP_ADDR", defaultHTTPAddr),
		Profiler:            env.Bool("PPROF", false),
		CloseTimeout:        env.PositiveDuration("CLOSE_TIMEOUT"),
		StartupTimeout:      env.PositiveDuration("STARTUP_TIMEOUT"),
		StartupStepTimeout:  env.PositiveDuration("STARTUP_STEP_TIMEOUT"),
		Logger:              logger,
	}
	return cfg, env.Err()
}

func subscriberConfig(env *envconfig.Reader) sqsqueue.SubscriberConfig {
	return sqsqueue.SubscriberConfig{
		VisibilityTimeout:   env.PositiveDuration("SQS_VISIBILITY_TIMEOUT"),
		MaxProcessingTime:   env.PositiveDuration("SQS_MAX_PROCESSING_TIME"),
		MaxReceivers:        env.PositiveInt("SQS_MAX_RECEIVERS"),
		MaxInFlight:         env.PositiveInt("SQS_MAX_IN_FLIGHT"),
		WaitTime:            env.PositiveDuration("SQS_WAIT_TIME"),
		NackVisibilityDelay: env.Duration("SQS_NACK_DELAY", defaultNackDelay),
		AckFlushDelay:       env.PositiveDuration("SQS_ACK_FLUSH_DELAY"),
	}
}

// retryConfig reads the retries; RETRY_MAX_RETRIES=0 means none, so its
// default is given here.
func retryConfig(env *envconfig.Reader) middleware.Retry {
	return middleware.Retry{
		MaxRetries:      env.Int("RETRY_MAX_RETRIES", middleware.DefaultMaxRetries),
		InitialInterval: env.PositiveDuration("RETRY_INITIAL_INTERVAL"),
		MaxInterval:     env.PositiveDuration("RETRY_MAX_INTERVAL"),
	}
}

func storeConfig(env *envconfig.Reader) groupcommit.Config {
	return groupcommit.Config{
		Writers:         env.PositiveInt("STORE_WRITERS"),
		MaxBatch:        env.PositiveInt("STORE_MAX_BATCH"),
		CommitTimeout:   env.PositiveDuration("STORE_COMMIT_TIMEOUT"),
		LockTimeout:     env.PositiveDuration("STORE_LOCK_TIMEOUT"),
		NoProgressAfter: env.PositiveDuration("STORE_NO_PROGRESS_AFTER"),
	}
}
