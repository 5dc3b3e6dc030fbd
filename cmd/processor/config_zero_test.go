package main

import (
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/middleware"
)

// A variable whose zero would silently become its default refuses 0 and
// negative values: unset it for the default.
func TestConfig_zero_is_refused_where_it_would_become_the_default(t *testing.T) {
	t.Parallel()
	ints := []string{"SQS_MAX_RECEIVE_COUNT", "SQS_MAX_RECEIVERS", "SQS_MAX_IN_FLIGHT", "STORE_WRITERS", "STORE_MAX_BATCH"}
	durations := []string{
		"SQS_MESSAGE_RETENTION", "SQS_DLQ_RETENTION", "SQS_VISIBILITY_TIMEOUT", "SQS_MAX_PROCESSING_TIME",
		"SQS_WAIT_TIME", "SQS_ACK_FLUSH_DELAY", "RETRY_INITIAL_INTERVAL", "RETRY_MAX_INTERVAL",
		"STORE_COMMIT_TIMEOUT", "STORE_LOCK_TIMEOUT", "STORE_NO_PROGRESS_AFTER", "CLOSE_TIMEOUT",
		"STARTUP_TIMEOUT", "STARTUP_STEP_TIMEOUT",
	}
	cases := map[string][]string{}
	for _, name := range ints {
		cases[name] = []string{"0", "-1"}
	}
	for _, name := range durations {
		cases[name] = []string{"0", "0s", "-5s"}
	}
	for name, values := range cases {
		for _, value := range values {
			t.Run(name+"="+value, func(t *testing.T) {
				t.Parallel()
				_, err := config(t.Context(), envconfig.NewFromMap(map[string]string{name: value}), discardLogger())
				require.ErrorContains(t, err, name+"=")
				require.ErrorContains(t, err, "must be positive")
			})
		}
	}
}

// RETRY_MAX_RETRIES=0 means no retries; unset means the default.
func TestConfig_RETRY_MAX_RETRIES_zero_means_no_retries(t *testing.T) {
	t.Parallel()
	cfg, err := config(t.Context(), envconfig.NewFromMap(map[string]string{"RETRY_MAX_RETRIES": "0"}), discardLogger())
	require.NoError(t, err)
	require.Zero(t, cfg.Retry.MaxRetries)
	require.Zero(t, cfg.Retry.WithDefaults().MaxRetries)

	cfg, err = config(t.Context(), envconfig.NewFromMap(map[string]string{}), discardLogger())
	require.NoError(t, err)
	require.Equal(t, middleware.DefaultMaxRetries, cfg.Retry.MaxRetries)
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
