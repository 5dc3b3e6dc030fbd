package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/eventmesh/processor/internal/exitcode"

	"github.com/eventmesh/processor/internal/bench"
)

func run(ctx context.Context, args []string) error {
	cfg, err := parseFlags(args, os.Stderr)
	if err != nil {
		return err
	}
	fmt.Printf("command: bench %s\n", strings.Join(args, " "))
	_, err = bench.Run(ctx, cfg)
	return err
}

// parseFlags reads and validates the flags in args; every error but
// flag.ErrHelp is a *exitcode.UsageError, found before any work.
func parseFlags(args []string, usage io.Writer) (bench.Config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(usage)
	cfg := bench.Config{Out: os.Stdout, Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	var phases, env, compareEnv string
	var seed uint64
	fs.IntVar(&cfg.Events, "events", bench.DefaultEvents, "events published to the queue of each drain phase")
	fs.Uint64Var(&seed, "seed", bench.DefaultSeed, "seed of the workload")
	fs.IntVar(&cfg.BodySize, "body-size", bench.DefaultBodySize, "approximate size of valid event bodies, bytes")
	fs.StringVar(&cfg.DatabaseURL, "database-url", envOr("BENCH_DATABASE_URL", bench.DefaultDatabaseURL),
		"Postgres server where the bench database is created and dropped (env BENCH_DATABASE_URL)")
	fs.StringVar(&cfg.DatabaseName, "database", bench.DefaultDatabaseName, "bench database, dropped and recreated per phase (bench_…)")
	fs.BoolVar(&cfg.KeepDatabases, "keep-databases", false, "keep each phase's database (<database>_<phase>) for inspection")
	fs.StringVar(&cfg.SQSEndpoint, "sqs-endpoint", "", "SQS endpoint; empty starts a private emulator from tools/sqs-emulator")
	fs.StringVar(&cfg.ProcessorBin, "processor-bin", "", "built cmd/processor; empty builds it")
	fs.StringVar(&env, "processor-env", "", "extra processor environment, K=V,K=V (tuning experiments)")
	fs.StringVar(&cfg.CompareBin, "compare-bin", "", "another build for the processor-b phase (A/B in one run)")
	fs.StringVar(&compareEnv, "compare-env", "", "processor environment of the processor-b phase, K=V,K=V")
	fs.IntVar(&cfg.BaselineWorkers, "baseline-workers", bench.DefaultBaselineWorkers, "baseline concurrency")
	fs.Float64Var(&cfg.Rate, "rate", bench.DefaultRate, "open-loop events/s of the latency phase")
	fs.DurationVar(&cfg.LatencyDuration, "latency-duration", bench.DefaultLatencyDuration, "length of the latency phase's load")
	fs.StringVar(&phases, "phases", strings.Join(bench.DefaultPhases, ","), "phases to run, comma-separated: "+bench.PhaseNames)
	fs.IntVar(&cfg.Rounds, "rounds", bench.DefaultRounds, "rounds of the drain phases; the report takes each phase's median")
	fs.IntVar(&cfg.ProfileSeconds, "profile-seconds", bench.DefaultProfileSeconds, "CPU profile of the processor's drain; -1 disables")
	fs.StringVar(&cfg.WorkDir, "workdir", bench.DefaultWorkDir, "directory for logs, profiles and the built binary")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return cfg, err
	} else if err != nil {
		return cfg, exitcode.NewUsage(err)
	}
	if fs.NArg() > 0 {
		return cfg, exitcode.NewUsage(fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	cfg.Seed = seed
	if phases != "" {
		cfg.Phases = strings.Split(phases, ",")
	}
	var envErr, compareErr error
	cfg.ProcessorEnv, envErr = parseEnv("-processor-env", env)
	cfg.CompareEnv, compareErr = parseEnv("-compare-env", compareEnv)
	if err := errors.Join(envErr, compareErr, validateFlags(cfg)); err != nil {
		return cfg, exitcode.NewUsage(err)
	}
	return cfg, nil
}

// parseEnv reads K=V,K=V; "" is no variable.
func parseEnv(flagName, s string) (map[string]string, error) {
	env := map[string]string{}
	if s == "" {
		return env, nil
	}
	for kv := range strings.SplitSeq(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%s: %q is not K=V", flagName, kv)
		}
		env[k] = v
	}
	return env, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
