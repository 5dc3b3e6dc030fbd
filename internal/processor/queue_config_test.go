package processor_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/processor"
)

// Queue settings out of range are refused before Postgres or SQS is reached.
func TestNew_refuses_bad_queue_settings_before_connecting(t *testing.T) {
	t.Parallel()
	_, err := processor.New(t.Context(), processor.Config{
		DatabaseURL:      "postgres://nobody@127.0.0.1:1/none", // never reached
		AWS:              aws.Config{Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")},
		MessageRetention: time.Second, DeadLetterRetention: 15 * 24 * time.Hour, OnQueueMismatch: "overwrite",
	})
	require.ErrorContains(t, err, "MessageRetention must be in [1m0s, 336h0m0s], got 1s")
	require.ErrorContains(t, err, "DeadLetterRetention must be in [1m0s, 336h0m0s], got 360h0m0s")
	require.ErrorContains(t, err, `OnMismatch is "overwrite", must be "keep" or "refuse"`)
}
