package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"

	"github.com/eventmesh/processor/internal/exitcode"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/registry"
)

func run(ctx context.Context, args []string) error {
	env := envconfig.New()
	opts, err := parseOptions(args, env, os.Stderr)
	if err != nil {
		return err
	}
	logger := env.Logger(os.Stderr)
	if err := env.Err(); err != nil {
		return exitcode.NewUsage(err)
	}
	workload, err := newWorkload(ctx, opts)
	if err != nil {
		return err
	}
	pub, err := newPublisher(ctx, env, opts, logger)
	if err != nil {
		return err
	}
	logger.Info("producers started", "queue", opts.queue, "seed", workload.Seed(), "epoch", workload.Epoch(),
		"rate", opts.rate, "count", opts.count, "duration", opts.duration)
	report, err := producer.Publish(ctx, pub, workload.Messages(), producer.PublishConfig{
		Topic: opts.queue, Rate: opts.rate, Count: opts.count, Duration: opts.duration,
		Concurrency: opts.concurrency, Logger: logger,
	})
	if err != nil {
		return err
	}
	report.Seed, report.Epoch = workload.Seed(), workload.Epoch()
	return printReport(report, opts.jsonReport)
}

// newPublisher returns the SQS publisher, or for a dry run an in-memory
// Watermill channel without subscribers, which drops what it gets.
func newPublisher(ctx context.Context, env *envconfig.Reader, opts options, logger *slog.Logger) (message.Publisher, error) {
	wlogger := watermill.NewSlogLogger(logger)
	if opts.dryRun {
		return gochannel.NewGoChannel(gochannel.Config{}, wlogger), nil
	}
	awsCfg, err := env.AWS(ctx)
	if err != nil {
		return nil, err
	}
	return producer.NewSQSPublisher(awsCfg, wlogger)
}

// newWorkload builds the workload of opts over the registry the processor
// uses: the embedded one, or SCHEMA_DIR's. It stops when ctx is done.
func newWorkload(ctx context.Context, opts options) (*producer.Workload, error) {
	reg, err := registry.LoadDir(opts.schemaDir)
	if err != nil {
		return nil, err
	}
	mix, err := opts.mix()
	if err != nil {
		return nil, err
	}
	cat, err := producer.NewCatalogContext(ctx, reg, producer.FixtureSamples, opts.bodySize)
	if err != nil {
		return nil, err
	}
	return producer.NewWorkload(opts.seed, mix, cat)
}

// printReport writes the report to stdout; a run where SQS refused
// messages is an error, after the report.
func printReport(report producer.Report, asJSON bool) error {
	var err error
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(report)
	} else {
		err = report.WriteText(os.Stdout)
	}
	if err != nil {
		return fmt.Errorf("print report: %w", err)
	}
	if report.Failed > 0 {
		return fmt.Errorf("SQS refused %d messages", report.Failed)
	}
	return nil
}
