package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/eventmesh/processor/internal/exitcode"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/producer"
)

// options are the settings of a run. Each flag's default comes from its
// environment variable, so flags win over the environment.
type options struct {
	queue        string
	rate         float64
	count        int
	duration     time.Duration
	invalid      float64
	invalidKinds string
	duplicates   float64
	legacyShare  float64
	legacy       bool
	seed         uint64
	epoch        time.Time
	concurrency  int
	bodySize     int
	jsonReport   bool
	schemaDir    string
	dryRun       bool
}

// parseOptions reads the flags in args over the environment of env and
// validates them all; every error but flag.ErrHelp is a *exitcode.UsageError.
func parseOptions(args []string, env *envconfig.Reader, usage io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("producers", flag.ContinueOnError)
	fs.SetOutput(usage)
	fs.Usage = keyUsage(fs, usage)
	fs.StringVar(&o.queue, "queue", env.QueueName(), "SQS queue to publish to (env SQS_QUEUE_NAME)")
	fs.Float64Var(&o.rate, "rate", env.Float("PRODUCERS_RATE", 100), "messages per second, 0 for as fast as possible (env PRODUCERS_RATE)")
	fs.IntVar(&o.count, "count", env.Int("PRODUCERS_COUNT", 1000), "messages to send, 0 for no limit (env PRODUCERS_COUNT)")
	fs.DurationVar(&o.duration, "duration", env.Duration("PRODUCERS_DURATION", 0), "stop after this long, 0 for no limit (env PRODUCERS_DURATION)")
	fs.Float64Var(&o.invalid, "invalid", env.Float("PRODUCERS_INVALID", 0.1), "share of invalid messages, split evenly over the invalid kinds (env PRODUCERS_INVALID)")
	fs.StringVar(&o.invalidKinds, "invalid-kinds", env.String("PRODUCERS_INVALID_KINDS", ""), "share of each invalid kind, replacing -invalid: kind=share,... (env PRODUCERS_INVALID_KINDS)")
	fs.Float64Var(&o.duplicates, "duplicates", env.Float("PRODUCERS_DUPLICATES", 0.02), "share of exact duplicates of earlier events (env PRODUCERS_DUPLICATES)")
	fs.Float64Var(&o.legacyShare, "legacy-share", env.Float("PRODUCERS_LEGACY_SHARE", 0.1), "share of valid events in the original system's format (env PRODUCERS_LEGACY_SHARE)")
	fs.BoolVar(&o.legacy, "legacy", env.Bool("PRODUCERS_LEGACY", false), "the original system's workload only: its format, plain-text bad messages as the invalid share, no duplicates (env PRODUCERS_LEGACY)")
	fs.Uint64Var(&o.seed, "seed", uint64(env.Int("PRODUCERS_SEED", 0)), "seed of the workload, 0 for a random one (env PRODUCERS_SEED)")
	fs.Func("epoch", "time of the first event (RFC 3339), default now; with -seed it reproduces the bodies, so a replay is absorbed as duplicates (env PRODUCERS_EPOCH)", o.setEpoch)
	fs.IntVar(&o.concurrency, "concurrency", env.Int("PRODUCERS_CONCURRENCY", 8), "messages sent at once (env PRODUCERS_CONCURRENCY)")
	fs.IntVar(&o.bodySize, "body-size", env.Int("PRODUCERS_BODY_SIZE", 0), "pad valid events to about this many bytes, 0 for natural sizes (env PRODUCERS_BODY_SIZE)")
	fs.BoolVar(&o.jsonReport, "json", env.Bool("PRODUCERS_JSON", false), "print the report as JSON (env PRODUCERS_JSON)")
	fs.BoolVar(&o.dryRun, "dry-run", env.Bool("PRODUCERS_DRY_RUN", false), "publish to an in-memory Watermill channel instead of SQS, to see the report of a workload (env PRODUCERS_DRY_RUN)")
	fs.StringVar(&o.schemaDir, "schema-dir", env.String("SCHEMA_DIR", ""), "registry directory replacing the embedded schemas, as the processor's (env SCHEMA_DIR)")
	if v := env.String("PRODUCERS_EPOCH", ""); v != "" {
		if err := o.setEpoch(v); err != nil {
			return options{}, exitcode.NewUsage(fmt.Errorf("environment variable PRODUCERS_EPOCH: %w", err))
		}
	}
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return options{}, err
	} else if err != nil {
		return options{}, exitcode.NewUsage(err)
	}
	if fs.NArg() > 0 {
		return options{}, exitcode.NewUsage(fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	if err := errors.Join(env.Err(), o.validate()); err != nil {
		return options{}, exitcode.NewUsage(err)
	}
	return o, nil
}

func (o *options) setEpoch(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	o.epoch = t
	return err
}

// mix is the workload composition the options ask for.
func (o options) mix() (producer.Mix, error) {
	if o.legacy {
		m := producer.LegacyMix(o.invalid)
		m.Epoch = o.epoch
		return m, nil
	}
	m := producer.Mix{
		Invalid:    producer.SpreadInvalid(o.invalid, producer.InvalidKinds...),
		Duplicates: o.duplicates, Legacy: o.legacyShare, BodySize: o.bodySize, Epoch: o.epoch,
	}
	if o.invalidKinds == "" {
		return m, nil
	}
	kinds, err := parseKinds(o.invalidKinds)
	m.Invalid = kinds
	return m, err
}

// parseKinds parses "kind=share,kind=share".
func parseKinds(s string) (map[producer.Kind]float64, error) {
	shares := map[producer.Kind]float64{}
	for item := range strings.SplitSeq(s, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return nil, fmt.Errorf("-invalid-kinds: %q is not kind=share", item)
		}
		kind, err := producer.ParseKind(name)
		if err != nil {
			return nil, fmt.Errorf("-invalid-kinds: %w", err)
		}
		if shares[kind], err = strconv.ParseFloat(value, 64); err != nil {
			return nil, fmt.Errorf("-invalid-kinds: share of %s: %w", kind, err)
		}
	}
	return shares, nil
}
