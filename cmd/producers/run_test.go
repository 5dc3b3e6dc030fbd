package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/eventmesh/processor/internal/exitcode"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envconfig"
)

// runCancelled runs the command with a context already cancelled: building
// the workload would then fail with context.Canceled at once, so a usage
// error shows that the flags were refused before any work. It fails the test
// if run takes more than a few seconds, as it did before flags were checked
// first (215 s and 17 GB for -body-size 100000000).
func runCancelled(t *testing.T, args ...string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, args) }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("producers %q did not fail fast", args)
		return nil
	}
}

func TestRun_body_size_100000000_dry_run_fails_fast_with_a_range_error(t *testing.T) {
	t.Parallel()
	err := runCancelled(t, "-body-size", "100000000", "-dry-run")
	require.ErrorContains(t, err, "-body-size must be in [0, 262144] bytes, got 100000000")
	require.NotErrorIs(t, err, context.Canceled, "nothing was generated")
	require.Equal(t, exitcode.Usage, exitcode.Of(err))
}

func TestRun_refuses_each_bad_flag_before_any_work(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"-rate", "NaN"}, "-rate must be 0 or in [0.001, 1000000] messages per second, got NaN"},
		{[]string{"-rate", "Inf"}, "-rate must be 0 or in [0.001, 1000000] messages per second, got +Inf"},
		{[]string{"-rate", "-Inf"}, "-rate must be 0 or in [0.001, 1000000] messages per second, got -Inf"},
		{[]string{"-rate", "1e400"}, `invalid value "1e400" for flag -rate: value out of range`},
		{[]string{"-rate", "-1"}, "-rate must be 0 or in"},
		{[]string{"-rate", "1e-300"}, "-rate must be 0 or in"},
		{[]string{"-rate", "fast"}, `invalid value "fast" for flag -rate`},
		{[]string{"-count", "-1"}, "-count must be >= 0 (0 for no limit), got -1"},
		{[]string{"-count", "1e3"}, `invalid value "1e3" for flag -count`},
		{[]string{"-duration", "-1s"}, "-duration must be >= 0 (0 for no limit), got -1s"},
		{[]string{"-duration", "10"}, `invalid value "10" for flag -duration`},
		{[]string{"-invalid", "NaN"}, "-invalid must be in [0, 1], got NaN"},
		{[]string{"-invalid", "1.5"}, "-invalid must be in [0, 1], got 1.5"},
		{[]string{"-duplicates", "-0.1"}, "-duplicates must be in [0, 1], got -0.1"},
		{[]string{"-legacy-share", "Inf"}, "-legacy-share must be in [0, 1], got +Inf"},
		{[]string{"-invalid", "0.7", "-duplicates", "0.5"}, "-invalid (or -invalid-kinds) and -duplicates must add up to at most 1, got 1.2"},
		{[]string{"-invalid-kinds", "plain_text=NaN"}, "-invalid-kinds: share of plain_text must be in [0, 1], got NaN"},
		{[]string{"-invalid-kinds", "valid=0.1"}, `-invalid-kinds: unknown invalid kind "valid"`},
		{[]string{"-concurrency", "0"}, "-concurrency must be in [1, 1024], got 0"},
		{[]string{"-concurrency", "5000"}, "-concurrency must be in [1, 1024], got 5000"},
		{[]string{"-body-size", "-1"}, "-body-size must be in [0, 262144] bytes, got -1"},
		{[]string{"-queue", ""}, "-queue must not be empty"},
		{[]string{"-seed", "-1"}, `invalid value "-1" for flag -seed`},
		{[]string{"-epoch", "yesterday"}, `invalid value "yesterday" for flag -epoch`},
		{[]string{"-no-such-flag"}, "flag provided but not defined: -no-such-flag"},
		{[]string{"extra"}, `unexpected arguments ["extra"]`},
	} {
		t.Run(tc.err, func(t *testing.T) {
			t.Parallel()
			err := runCancelled(t, append([]string{"-dry-run"}, tc.args...)...)
			require.ErrorContains(t, err, tc.err)
			require.Equal(t, exitcode.Usage, exitcode.Of(err), err)
		})
	}
}

func TestParseOptions_reports_every_bad_flag_at_once(t *testing.T) {
	t.Parallel()
	_, err := parseOptions([]string{"-rate", "NaN", "-count", "-1", "-duration", "-5m", "-body-size", "100000000", "-concurrency", "0"},
		envconfig.NewFromMap(nil), io.Discard)
	for _, flag := range []string{"-rate ", "-count ", "-duration ", "-body-size ", "-concurrency "} {
		require.ErrorContains(t, err, flag)
	}
}

func TestParseOptions_checks_values_from_the_environment_too(t *testing.T) {
	t.Parallel()
	_, err := parseOptions(nil, envconfig.NewFromMap(map[string]string{"PRODUCERS_RATE": "NaN", "PRODUCERS_BODY_SIZE": "100000000"}), io.Discard)
	require.ErrorContains(t, err, "-rate must be 0 or in")
	require.ErrorContains(t, err, "-body-size must be in")
	require.ErrorContains(t, err, "environment variables")
	require.Equal(t, exitcode.Usage, exitcode.Of(err))
}

func TestParseOptions_accepts_the_limits(t *testing.T) {
	t.Parallel()
	_, err := parseOptions([]string{"-rate", "0", "-count", "0", "-duration", "0", "-invalid", "1", "-duplicates", "0",
		"-concurrency", "1024", "-body-size", "262144"}, envconfig.NewFromMap(nil), io.Discard)
	require.NoError(t, err)
	_, err = parseOptions([]string{"-rate", "1000000", "-invalid", "0", "-duplicates", "1", "-body-size", "0"}, envconfig.NewFromMap(nil), io.Discard)
	require.NoError(t, err)
}

func TestRun_stops_building_the_workload_when_cancelled(t *testing.T) {
	t.Parallel()
	// Flags are valid; the largest bodies make the catalog slow to build.
	err := runCancelled(t, "-dry-run", "-body-size", "262144")
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, exitcode.Interrupted, exitcode.Of(err))
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	require.Equal(t, exitcode.OK, exitcode.Of(nil))
	require.Equal(t, exitcode.OK, exitcode.Of(flag.ErrHelp))
	require.Equal(t, exitcode.Usage, exitcode.Of(exitcode.NewUsage(errors.New("bad"))))
	require.Equal(t, exitcode.Interrupted, exitcode.Of(context.Canceled))
	require.Equal(t, exitcode.Failure, exitcode.Of(errors.New("SQS refused 3 messages")))
}
