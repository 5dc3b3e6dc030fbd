package faults_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/test/harness"
)

// TestSlow_commit_slower_than_visibility_timeout_is_not_redelivered slows
// every Postgres round trip so that one commit takes several times the 1s
// visibility timeout: the subscriber extends the visibility of messages in
// flight, so none is delivered a second time (no duplicate absorbed, no
// poison record seen twice) and every one is stored or poisoned once.
func TestSlow_commit_slower_than_visibility_timeout_is_not_redelivered(t *testing.T) {
	t.Parallel()
	b := setup(t, 50, map[string]string{
		"SQS_VISIBILITY_TIMEOUT": "1s", "STORE_COMMIT_TIMEOUT": "30s", "RETRY_MAX_RETRIES": "1",
		"SQS_MAX_PROCESSING_TIME": "3m",
	})
	// 200ms each way: a round trip takes 0.4s, and a transaction, with one
	// INSERT per tenant in its batch, several seconds. (At 500ms each way a
	// batch of six tenants no longer fits in a 20s commit timeout: found here.)
	b.pg.AddLatency(200)
	sent := <-b.sendAsync(t, 21, 150, harness.MixedWorkload, 0)
	outcome := b.requireExact(t, sent, 2*time.Minute)
	resent := 0
	for _, m := range sent {
		if m.Kind == producer.KindDuplicate {
			resent++
		}
	}
	require.Equal(t, float64(resent), b.metric(t, "event_processor_events_duplicate_total"),
		"duplicates absorbed: only the re-sent ones, no redelivery")
	for _, r := range outcome.Poison {
		require.Equal(t, "1", r.SeenCount, "poison record %s seen more than once", r.UUID)
	}
	require.Zero(t, b.metric(t, "event_processor_retries_total"), "no attempt failed")
}

// TestSlow_retries_outlasting_visibility_timeout_store_once cuts Postgres for
// longer than the visibility timeout while messages are being retried: the
// retries (about 4s of backoff against a 1s visibility timeout) keep going
// under extended visibility, and when Postgres is back each event is stored
// exactly once.
func TestSlow_retries_outlasting_visibility_timeout_store_once(t *testing.T) {
	t.Parallel()
	b := setup(t, 50, map[string]string{
		"SQS_VISIBILITY_TIMEOUT": "1s", "STORE_COMMIT_TIMEOUT": "1s", "RETRY_MAX_RETRIES": "6",
		"RETRY_INITIAL_INTERVAL": "200ms", "RETRY_MAX_INTERVAL": "1s", "SQS_MAX_PROCESSING_TIME": "1m",
	})
	b.pg.Cut()
	sent := <-b.sendAsync(t, 22, 200, harness.MixedWorkload, 0)
	time.Sleep(3 * time.Second)
	b.pg.Restore()
	b.requireExact(t, sent, 2*time.Minute)
	require.Positive(t, b.metric(t, "event_processor_retries_total"), "messages were retried")
}

// TestSlow_hung_postgres_is_bounded_by_the_commit_timeout makes Postgres hang
// (connections open, nothing answered) for 8s with a 1s commit timeout: the
// batches fail after the timeout instead of blocking, messages are retried and
// Nacked, /readyz reports the failing check, and everything is stored once
// Postgres answers again; nothing stays stuck in the queue.
func TestSlow_hung_postgres_is_bounded_by_the_commit_timeout(t *testing.T) {
	t.Parallel()
	b := setup(t, 50, map[string]string{"STORE_COMMIT_TIMEOUT": "1s", "RETRY_MAX_RETRIES": "2"})
	b.pg.Hang()
	sent := <-b.sendAsync(t, 23, 200, harness.MixedWorkload, 0)
	deadline := time.Now().Add(6 * time.Second)
	for b.metric(t, "event_processor_retries_total") == 0 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	require.Positive(t, b.metric(t, "event_processor_retries_total"), "hung commits time out and are retried")
	stored, _, err := harness.Counts(context.Background(), b.pool, b.tenants)
	require.NoError(t, err)
	require.Zero(t, stored, "nothing can be stored while Postgres hangs")
	time.Sleep(2 * time.Second)
	b.pg.RemoveToxics()
	b.requireExact(t, sent, 2*time.Minute)
}
