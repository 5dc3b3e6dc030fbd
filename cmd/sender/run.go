package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/eventmesh/processor/cmd/sender/sendercli"
	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/sender"
	"github.com/eventmesh/processor/internal/signals"
	"github.com/eventmesh/processor/internal/subscription"
)

func run(ctx context.Context, args []string) error {
	env := envconfig.New()
	subs := subscription.Options{Lookup: os.LookupEnv, AllowHTTP: env.Bool("SENDER_ALLOW_HTTP", false)}
	if len(args) > 0 && args[0] != "run" {
		cfg := sendercli.Config{
			DatabaseURL: env.DatabaseURL(), SchemaDir: env.SchemaDir(),
			Subscriptions: subs, Actor: env.Actor("SENDER_ACTOR"), Stdout: os.Stdout,
		}
		if err := env.Err(); err != nil {
			return err
		}
		return sendercli.Run(ctx, cfg, args)
	}
	cfg, err := config(env, subs)
	if err != nil {
		return err
	}
	svc, err := sender.New(ctx, cfg)
	if err != nil {
		return err
	}
	// A failed reload is logged and the registry and subscriptions in force stay.
	stopReload := signals.OnSIGHUP(ctx, cfg.Logger, "reload failed; keeping the subscriptions in force", svc.Reload)
	defer stopReload()
	cfg.Logger.Info("sender started", "consumer_group", cfg.ConsumerGroup, "http_addr", cfg.HTTPAddr)
	return svc.Run(ctx)
}

// config reads the sender's environment; every variable is optional and
// its default is sender.Config's (docs/sender.md lists them).
func config(env *envconfig.Reader, subs subscription.Options) (sender.Config, error) {
	schedule, err := durations(env, "SENDER_RETRY_SCHEDULE")
	cfg := sender.Config{
		DatabaseURL:       env.DatabaseURL(),
		SchemaDir:         env.SchemaDir(),
		Subscriptions:     subs,
		ConsumerGroup:     env.String("SENDER_CONSUMER_GROUP", ""),
		StartAt:           env.String("SENDER_START_AT", ""),
		AllowAddresses:    list(env.String("SENDER_ALLOW_ADDRESSES", "")),
		Concurrency:       env.Int("SENDER_CONCURRENCY", 0),
		ClaimBatch:        env.Int("SENDER_CLAIM_BATCH", 0),
		Lease:             env.Duration("SENDER_LEASE", 0),
		PollInterval:      env.Duration("SENDER_POLL_INTERVAL", 0),
		TopicPollInterval: env.Duration("SENDER_TOPIC_POLL_INTERVAL", 0),
		RequestTimeout:    env.Duration("SENDER_REQUEST_TIMEOUT", 0),
		Schedule:          schedule,
		Jitter:            env.Float("SENDER_RETRY_JITTER", 0),
		MaxRetryAfter:     env.Duration("SENDER_MAX_RETRY_AFTER", 0),
		DisableAfter:      env.Duration("SENDER_DISABLE_AFTER", 0),
		Retention:         env.Duration("SENDER_RETENTION", 0),
		HTTPAddr:          env.String("HTTP_ADDR", ":8081"),
		CloseTimeout:      env.Duration("CLOSE_TIMEOUT", 0),
		Logger:            env.Logger(os.Stderr),
	}
	return cfg, errors.Join(err, env.Err())
}

// durations reads a comma-separated list of durations ("0s,5s,5m").
func durations(env *envconfig.Reader, name string) ([]time.Duration, error) {
	var out []time.Duration
	for _, s := range list(env.String(name, "")) {
		d, err := time.ParseDuration(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, d)
	}
	return out, nil
}

func list(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
