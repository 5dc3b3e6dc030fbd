package harness

import (
	"context"
	"maps"

	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/testenv"
)

// Env is the processor's environment for a test: Postgres at dbURL, the
// emulator's queue q, short timeouts so redeliveries come quickly, and extra
// on top.
func Env(dbURL string, q *Queue, extra map[string]string) map[string]string {
	env := map[string]string{
		"DATABASE_URL":            dbURL,
		"AWS_ENDPOINT_URL_SQS":    testenv.SQSEndpoint(),
		"SQS_QUEUE_NAME":          q.Name,
		"SQS_DLQ_NAME":            q.Name + "-dlq",
		"SQS_MAX_RECEIVE_COUNT":   "50",
		"SQS_VISIBILITY_TIMEOUT":  "5s",
		"SQS_MAX_PROCESSING_TIME": "60s",
		"SQS_WAIT_TIME":           "1s",
		"SQS_NACK_DELAY":          "1s",
		"RETRY_MAX_RETRIES":       "3",
		"RETRY_INITIAL_INTERVAL":  "100ms",
		"RETRY_MAX_INTERVAL":      "1s",
		"STORE_COMMIT_TIMEOUT":    "3s",
		"CLOSE_TIMEOUT":           "10s",
		"LOG_LEVEL":               "info",
	}
	maps.Copy(env, extra)
	return env
}

// Counts returns the number of stored rows in tenants' tables and of poison
// records; cheaper than ReadOutcome for polling.
func Counts(ctx context.Context, pool *pgxpool.Pool, tenants []string) (stored, poisoned int, err error) {
	o, err := ReadOutcome(ctx, pool, tenants)
	return o.StoredTotal(), len(o.Poison), err
}

// AwaitOutcome polls until the database holds as many rows and records as e
// expects and the queue is empty, or timeout passes; it returns the outcome
// then, and whether everything arrived.
func AwaitOutcome(t testing.TB, pool *pgxpool.Pool, q *Queue, e Expectation, tenants []string, timeout time.Duration) (Outcome, bool) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(timeout)
	for {
		o, err := ReadOutcome(ctx, pool, tenants)
		if err != nil {
			t.Logf("read outcome: %v", err)
		}
		depth, qerr := q.Depth(ctx, q.URL)
		done := err == nil && qerr == nil && depth == 0 &&
			o.StoredTotal() >= len(e.Stored) && len(o.Poison) >= e.Poisoned()
		if done || time.Now().After(deadline) {
			return o, done
		}
		time.Sleep(time.Second)
	}
}

// Itoa is strconv.Itoa, for environments.
func Itoa(n int) string { return strconv.Itoa(n) }
