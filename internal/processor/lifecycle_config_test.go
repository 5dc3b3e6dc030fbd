package processor_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/processor"
)

// Start-up and shutdown budgets out of range are refused before Postgres or
// SQS is reached, each naming its field and limit.
func TestNew_refuses_bad_startup_and_shutdown_budgets(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		cfg  processor.Config
		want string
	}{
		"close timeout too short": {processor.Config{CloseTimeout: time.Second}, "CloseTimeout must be in [2s, 1h], got 1s"},
		"step longer than start-up": {processor.Config{StartupTimeout: 10 * time.Second, StartupStepTimeout: time.Minute},
			"StartupStepTimeout must be in [500ms, StartupTimeout 10s], got 1m0s"},
		"step too short":    {processor.Config{StartupStepTimeout: time.Millisecond}, "StartupStepTimeout must be in [500ms"},
		"start-up too long": {processor.Config{StartupTimeout: 48 * time.Hour}, "StartupTimeout must be in [1s, 24h], got 48h0m0s"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tc.cfg.DatabaseURL = "postgres://nobody@127.0.0.1:1/none" // never reached
			tc.cfg.AWS = aws.Config{Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")}
			_, err := processor.New(t.Context(), tc.cfg)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// A Postgres that refuses connections is a transient failure: the step is
// retried until StartupTimeout (the default step timeout shrinks to fit in
// it), then New fails with a *StartupError naming the step.
func TestNew_retries_an_unreachable_postgres_until_StartupTimeout_then_names_the_step(t *testing.T) {
	t.Parallel()
	_, err := processor.New(t.Context(), processor.Config{
		DatabaseURL: "postgres://nobody@127.0.0.1:1/none", StartupTimeout: 2 * time.Second, // refused
		AWS: aws.Config{Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")},
	})
	var startup *processor.StartupError
	require.ErrorAs(t, err, &startup)
	require.Equal(t, "connect to postgres", startup.Step)
	require.ErrorContains(t, err, "StartupTimeout 2s")
}
