package faults_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/test/harness"
)

// outage is the length of the Postgres outage of the outage test; OUTAGE_TEST_DURATION
// (a Go duration) overrides it.
func outage(t *testing.T) time.Duration {
	if v := os.Getenv("OUTAGE_TEST_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		require.NoError(t, err, "OUTAGE_TEST_DURATION")
		return d
	}
	return 3 * time.Minute
}

// TestOutage_postgres_down_for_minutes_under_load_stores_everything_once cuts
// Postgres for three minutes (a managed failover takes one or two) while
// events keep arriving, with SQS_MAX_RECEIVE_COUNT 3: a processor that
// Nacked on every failed attempt moved such a backlog to the dead-letter
// queue within a minute. The store gate pauses receiving and holds the
// messages in flight instead, so every event ends stored exactly once (every
// invalid one poisoned once), none is nacked, and the dead-letter queue
// stays empty.
func TestOutage_postgres_down_for_minutes_under_load_stores_everything_once(t *testing.T) {
	t.Parallel()
	down := outage(t)
	b := setup(t, 3, map[string]string{
		// The default cap on a message's time in flight, longer than the
		// outage: held messages keep their visibility extended throughout.
		"SQS_MAX_PROCESSING_TIME": "5m",
	})
	const before = 20 * time.Second
	rate := 12.0
	n := int(rate * (before + down + 10*time.Second).Seconds())
	sentCh := b.sendAsync(t, 41, n, harness.MixedWorkload, rate)
	time.Sleep(before)
	storedBefore, _, err := harness.Counts(context.Background(), b.pool, b.tenants)
	require.NoError(t, err)

	b.pg.Cut()
	began := time.Now()
	awaitMetric(t, b, "event_processor_store_available", 0, 2*time.Minute)
	readyz := b.readyz(t)
	require.Contains(t, readyz, "receiving paused", "/readyz says why")
	time.Sleep(down - time.Since(began))
	b.pg.Restore()
	t.Logf("postgres cut for %s; %d stored before the cut; /readyz during the outage: %s", time.Since(began).Round(time.Second), storedBefore, readyz)

	sent := <-sentCh
	outcome := b.requireExact(t, sent, 5*time.Minute)
	received := b.metric(t, "event_processor_sqs_messages_received_total")
	maxSeen := 0
	for _, r := range outcome.Poison {
		seen, _ := strconv.Atoi(r.SeenCount)
		maxSeen = max(maxSeen, seen)
	}
	t.Logf("outage test: outage %s, sent %d (%d events, %d invalid), stored %d, poisoned %d, DLQ 0; "+
		"received %v (redeliveries %v), nacked %v, visibility extensions %v, highest receive count of a poison record %d",
		down, len(sent), outcome.StoredTotal(), len(outcome.Poison), outcome.StoredTotal(), len(outcome.Poison),
		received, received-float64(len(sent)), b.metric(t, "event_processor_sqs_messages_nacked_total"),
		b.metric(t, "event_processor_sqs_visibility_extensions_total"), maxSeen)
	require.Zero(t, b.metric(t, "event_processor_sqs_messages_nacked_total"), "held while Postgres was down, never nacked")
	require.Equal(t, float64(1), b.metric(t, "event_processor_store_available"))
}

// awaitMetric waits until the processor's metric has value want.
func awaitMetric(t *testing.T, b *bundle, name string, want float64, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for b.metric(t, name) != want {
		require.True(t, time.Now().Before(deadline), "%s did not reach %v within %s\n%s", name, want, timeout, b.proc.LogTail(20))
		time.Sleep(200 * time.Millisecond)
	}
}

// readyz is the processor's /readyz body.
func (b *bundle) readyz(t *testing.T) string {
	t.Helper()
	_, body, err := harness.Get(b.proc.Addr(), "/readyz")
	require.NoError(t, err)
	return strings.TrimSpace(body)
}
