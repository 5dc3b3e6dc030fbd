package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"math"
	"testing"
	"time"

	"github.com/eventmesh/processor/internal/exitcode"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/bench"
)

// runCancelled runs the command with a context already cancelled and a
// private work directory: a usage error shows that the flags were refused
// before any work (building, Postgres, the emulator, the workload).
func runCancelled(t *testing.T, args ...string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"-workdir", t.TempDir()}, args...)) }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("bench %q did not fail fast", args)
		return nil
	}
}

func TestRun_body_size_100000000_fails_fast_with_a_range_error(t *testing.T) {
	t.Parallel()
	err := runCancelled(t, "-body-size", "100000000")
	require.ErrorContains(t, err, "-body-size must be in [1, 262144] bytes, got 100000000")
	require.Equal(t, exitcode.Usage, exitcode.Of(err))
}

func TestRun_refuses_each_bad_flag_before_any_work(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"-rate", "NaN"}, "-rate must be > 0 and -rate × -latency-duration in [1, 1000000] events, got NaN/s × 20s"},
		{[]string{"-rate", "Inf"}, "got +Inf/s × 20s"},
		{[]string{"-rate", "1e400"}, `invalid value "1e400" for flag -rate: value out of range`},
		{[]string{"-rate", "-1"}, "-rate must be > 0"},
		{[]string{"-rate", "100000", "-latency-duration", "1h"}, "-rate × -latency-duration in [1, 1000000] events, got 100000/s × 1h0m0s"},
		{[]string{"-events", "-1"}, "-events must be in [10, 1000000], got -1"},
		{[]string{"-events", "2000000"}, "-events must be in [10, 1000000], got 2000000"},
		{[]string{"-body-size", "-1"}, "-body-size must be in [1, 262144] bytes, got -1"},
		{[]string{"-phases", "processor--20ms"}, `-phases: phase "processor--20ms": the delay must be whole milliseconds in (0, 10s]`},
		{[]string{"-phases", "baseline-20000us"}, `-phases: phase "baseline-20000us": the delay must be whole milliseconds`},
		{[]string{"-phases", "processor-11s"}, `-phases: phase "processor-11s": the delay must be whole milliseconds in (0, 10s]`},
		{[]string{"-phases", "scale-out-20ms"}, `-phases: unknown phase "scale-out-20ms"`},
		{[]string{"-latency-duration", "-1s"}, "-latency-duration must be in [1s, 1h0m0s], got -1s"},
		{[]string{"-rounds", "0"}, "-rounds must be in [1, 20], got 0"},
		{[]string{"-baseline-workers", "100000"}, "-baseline-workers must be in [1, 512], got 100000"},
		{[]string{"-profile-seconds", "-5"}, "-profile-seconds must be -1 (off) or in [1, 300], got -5"},
		{[]string{"-phases", "baseline,warp"}, `-phases: unknown phase "warp"`},
		{[]string{"-phases", ""}, "-phases must name at least one phase"},
		{[]string{"-phases", "processor,baseline,processor"}, `-phases: phase "processor" is named more than once`},
		{[]string{"-database", "postgres; DROP DATABASE x"}, `-database must match ^bench_[a-z0-9_]{1,38}$, got "postgres; DROP DATABASE x"`},
		{[]string{"-processor-env", "GOGC"}, `-processor-env: "GOGC" is not K=V`},
		{[]string{"-compare-env", "=1"}, `-compare-env: "=1" is not K=V`},
		{[]string{"-database-url", ""}, "-database-url must not be empty"},
		{[]string{"-no-such-flag"}, "flag provided but not defined: -no-such-flag"},
		{[]string{"extra"}, `unexpected arguments ["extra"]`},
	} {
		t.Run(tc.err, func(t *testing.T) {
			t.Parallel()
			err := runCancelled(t, tc.args...)
			require.ErrorContains(t, err, tc.err)
			require.Equal(t, exitcode.Usage, exitcode.Of(err), err)
		})
	}
}

func TestParseFlags_reports_every_bad_flag_at_once(t *testing.T) {
	t.Parallel()
	_, err := parseFlags([]string{"-rate", "NaN", "-events", "-1", "-phases", "processor-1us", "-body-size", "100000000", "-rounds", "99"}, io.Discard)
	for _, flag := range []string{"-rate ", "-events ", "-phases: ", "-body-size ", "-rounds "} {
		require.ErrorContains(t, err, flag)
	}
}

func TestParseFlags_defaults_and_limits_are_accepted_by_bench_Config(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		nil,
		{"-events", "10", "-body-size", "262144", "-rounds", "20", "-profile-seconds", "-1",
			"-rate", "1000000", "-latency-duration", "1s", "-phases", "processor,processor-b,processor-b-10s,baseline-1.5s", "-processor-env", "GOGC=200,A=",
			"-database", "bench_a_b"},
	} {
		cfg, err := parseFlags(args, io.Discard)
		require.NoError(t, err, args)
		cfg.PublishConcurrency, cfg.PhaseTimeout = bench.DefaultPublishConcurrency, bench.DefaultPhaseTimeout
		require.NoError(t, cfg.Validate(), args)
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	require.Equal(t, exitcode.OK, exitcode.Of(nil))
	require.Equal(t, exitcode.OK, exitcode.Of(flag.ErrHelp))
	require.Equal(t, exitcode.Usage, exitcode.Of(exitcode.NewUsage(errors.New("bad"))))
	require.Equal(t, exitcode.Interrupted, exitcode.Of(context.Canceled))
	require.Equal(t, exitcode.Failure, exitcode.Of(bench.ErrIncorrect))
}

func TestBenchConfig_Validate_refuses_what_the_flags_refuse(t *testing.T) {
	t.Parallel()
	valid, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	valid.PublishConcurrency, valid.PhaseTimeout = bench.DefaultPublishConcurrency, bench.DefaultPhaseTimeout
	for _, tc := range []struct {
		field string
		edit  func(*bench.Config)
	}{
		{"Events", func(c *bench.Config) { c.Events = -1 }},
		{"BodySize", func(c *bench.Config) { c.BodySize = 100_000_000 }},
		{"DatabaseName", func(c *bench.Config) { c.DatabaseName = "postgres" }},
		{"Phases", func(c *bench.Config) { c.Phases = []string{"processor-0ms"} }},
		{"Phases", func(c *bench.Config) { c.Phases = nil }},
		{"Phases", func(c *bench.Config) { c.Phases = []string{"baseline", "processor-b-20ms", "baseline"} }},
		{"LatencyDuration", func(c *bench.Config) { c.LatencyDuration = 2 * time.Hour }},
		{"Rate", func(c *bench.Config) { c.Rate = math.NaN() }},
		{"Rate", func(c *bench.Config) { c.Rate = math.Inf(1) }},
		{"ProfileSeconds", func(c *bench.Config) { c.ProfileSeconds = 10_000 }},
		{"PublishConcurrency", func(c *bench.Config) { c.PublishConcurrency = -1 }},
		{"PhaseTimeout", func(c *bench.Config) { c.PhaseTimeout = -time.Second }},
	} {
		cfg := valid
		tc.edit(&cfg)
		require.ErrorContains(t, cfg.Validate(), "bench: "+tc.field+" must", tc.field)
	}
}
