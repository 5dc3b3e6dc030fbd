package crash_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/test/harness"
)

// TestStartup_refuses_retries_that_cannot_fit_in_the_processing_time runs
// the binary with retries whose worst case (every attempt hitting the commit
// timeout, every backoff at its longest) exceeds SQS_MAX_PROCESSING_TIME: it
// must exit 1 at once, naming the limit, before touching any service.
func TestStartup_refuses_retries_that_cannot_fit_in_the_processing_time(t *testing.T) {
	t.Parallel()
	for name, env := range map[string]map[string]string{
		"many retries": {"RETRY_MAX_RETRIES": "20", "STORE_COMMIT_TIMEOUT": "10s", "SQS_MAX_PROCESSING_TIME": "1m"},
		"long commits": {"RETRY_MAX_RETRIES": "4", "STORE_COMMIT_TIMEOUT": "30s", "SQS_MAX_PROCESSING_TIME": "2m"},
		"long waits": {"RETRY_MAX_RETRIES": "10", "RETRY_MAX_INTERVAL": "1m", "STORE_COMMIT_TIMEOUT": "1s",
			"SQS_MAX_PROCESSING_TIME": "2m", "SQS_VISIBILITY_TIMEOUT": "30s"}, // 11s of attempts + ~128s of backoff
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:1/none?sslmode=disable" // never reached
			p := harness.Start(t, "refused", env)
			code, ok := p.Wait(10 * time.Second)
			require.True(t, ok, "the processor must refuse at once\n%s", p.LogTail(10))
			require.Equal(t, 1, code)
			require.Contains(t, p.Log(), "does not fit in MaxProcessingTime")
			require.Contains(t, p.Log(), "Retry.MaxRetries")
		})
	}
}

// TestStartup_two_instances_at_once_on_an_empty_database starts two
// processors at the same moment on a database without any table: both
// create the tables they need and become ready.
func TestStartup_two_instances_at_once_on_an_empty_database(t *testing.T) {
	t.Parallel()
	dbURL, _ := testenv.FreshDatabase(t)
	q := harness.NewQueue(t, 50, 5*time.Second)
	env := harness.Env(dbURL, q, nil)
	a := harness.Start(t, "first", env)
	b := harness.Start(t, "second", env)
	a.WaitReady(30 * time.Second)
	b.WaitReady(30 * time.Second)
}
