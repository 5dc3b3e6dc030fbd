package main

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envconfig"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// The queue-ownership variables reach the configuration; unset, retention
// is left to the defaults and a differing queue is kept.
func TestConfig_queue_retention_and_mismatch_policy(t *testing.T) {
	t.Parallel()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg, err := config(t.Context(), envconfig.NewFromMap(map[string]string{}), logger)
	require.NoError(t, err)
	require.Zero(t, cfg.MessageRetention)
	require.Zero(t, cfg.DeadLetterRetention)
	require.Equal(t, sqsqueue.KeepExisting, cfg.OnQueueMismatch)

	cfg, err = config(t.Context(), envconfig.NewFromMap(map[string]string{
		"SQS_MESSAGE_RETENTION": "48h", "SQS_DLQ_RETENTION": "168h", "SQS_QUEUE_MISMATCH": "refuse",
	}), logger)
	require.NoError(t, err)
	require.Equal(t, 48*time.Hour, cfg.MessageRetention)
	require.Equal(t, 168*time.Hour, cfg.DeadLetterRetention)
	require.Equal(t, sqsqueue.RefuseMismatch, cfg.OnQueueMismatch)
}
