package sendertest

import (
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventmesh/processor/internal/sender"
)

// Config is a sender of the world for tests: its database and registry
// directory, SubscriptionOptions, loopback 127.0.0.1 allowed (only it),
// retries 0, 200 and 400ms apart without jitter, polls every 10ms (topics
// 20ms), endpoint states re-read every 200ms, Logger, and a metrics
// registry of its own. Tests change what they need.
func (w *World) Config() sender.Config {
	return sender.Config{
		DatabaseURL: w.URL, SchemaDir: w.SchemaDir,
		Subscriptions:  SubscriptionOptions(),
		AllowAddresses: []string{"127.0.0.1"},
		Schedule:       []time.Duration{0, 200 * time.Millisecond, 400 * time.Millisecond},
		Jitter:         -1,
		RequestTimeout: 2 * time.Second, Lease: 10 * time.Second,
		PollInterval: 10 * time.Millisecond, TopicPollInterval: 20 * time.Millisecond,
		StateRefresh: 200 * time.Millisecond,
		CloseTimeout: 10 * time.Second,
		Logger:       Logger(),
		Registry:     prometheus.NewRegistry(),
	}
}

// Logger discards logs unless SENDER_TEST_LOG is set: then it writes them
// as text to stderr, from debug up.
func Logger() *slog.Logger {
	if os.Getenv("SENDER_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
