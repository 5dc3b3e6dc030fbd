package faults_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testbed"
	"github.com/eventmesh/processor/test/harness"
)

// The tenants of the lock test, both of the shipped registry: an operator
// locks the victim's table; the other's throughput is measured.
const (
	lockOther  = "acme-shop"
	lockVictim = "nordlys-bank"
)

// TestTenantLock_a_locked_tenant_table_does_not_slow_the_other_tenants holds
// an operator's LOCK … IN SHARE MODE (what a plain CREATE INDEX takes) on
// tenant B's table in an open transaction while events of tenants A and B
// keep arriving. Before tenant isolation A stored nothing for as long as the
// lock was held. Now B is set aside (event_processor_store_tenant_stalled)
// and every event of A is stored while the lock is still held, at a rate
// compared with A's rate without the lock; once the lock is released every
// event of B is stored too: nothing poisoned, nothing doubled, the
// dead-letter queue empty.
func TestTenantLock_a_locked_tenant_table_does_not_slow_the_other_tenants(t *testing.T) {
	t.Parallel()
	// Events of A and of B in each measured phase: B carries a tenth of A's
	// volume. A stalled tenant's message is not retried in the process (it
	// would hold an in-flight slot through the backoff: A fell to 46-49% of
	// its rate before) but Nacked at once with a delay that doubles per
	// receive (middleware.Retry).
	const nA, nB = 5000, 500
	// The shipped retry and nack settings, not the harness's quick ones.
	b := setup(t, 50, map[string]string{"SQS_NACK_DELAY": "5s", "RETRY_MAX_RETRIES": "4", "RETRY_MAX_INTERVAL": "2s"})
	sent, _ := b.storeTenants(t, 61, map[string]int{lockOther: 300, lockVictim: 30}, lockVictim) // warm-up
	phase, normal := b.storeTenants(t, 62, map[string]int{lockOther: nA, lockVictim: nB}, lockVictim)
	sent = append(sent, phase...)

	lock := b.lockTable(t, lockVictim)
	victimBefore := b.count(t, lockVictim)
	lockedAt := time.Now()
	sent = append(sent, <-b.send(t, harness.TenantWorkload(t, 63, map[string]int{lockVictim: 10}))...)
	b.awaitTenantMetric(t, "event_processor_store_tenant_stalled", lockVictim, 1, 2*time.Minute)
	detected := time.Since(lockedAt)
	// The hard guarantee: every event of A stored while B's table is locked.
	phase, locked := b.storeTenants(t, 64, map[string]int{lockOther: nA, lockVictim: nB})
	sent = append(sent, phase...)
	require.Equal(t, victimBefore, b.count(t, lockVictim), "nothing of B stored while its table is locked")
	require.NoError(t, lock.Rollback(context.Background()))
	released := time.Now()

	b.requireExact(t, sent, 2*time.Minute)
	b.awaitTenantMetric(t, "event_processor_store_tenant_stalled", lockVictim, 0, time.Minute)
	t.Logf("tenant %s: %.0f events/s without the lock, %.0f events/s with %s's table locked (%.0f%%); "+
		"%s set aside %s after the lock; all of it stored %s after the release; stalls %v, nacked %v",
		lockOther, normal, locked, lockVictim, 100*locked/normal, lockVictim, detected.Round(time.Millisecond),
		time.Since(released).Round(time.Millisecond), b.tenantMetric(t, "event_processor_store_tenant_stalls_total", lockVictim),
		b.metric(t, "event_processor_sqs_messages_nacked_total"))
	require.Zero(t, b.tenantMetric(t, "event_processor_store_tenant_stalls_total", lockOther), "A never set aside")
	require.Positive(t, b.tenantMetric(t, "event_processor_store_tenant_stalls_total", lockVictim))
	// A timed bound a loaded 2-core CI machine still meets; the "within 20%"
	// of issue 10 is the measured figure, reported in docs/reliability.md.
	require.GreaterOrEqual(t, locked, 0.5*normal, "A's rate with B's table locked at least half its normal rate")
}

// storeTenants sends the events counts asks for, as fast as they go, and
// waits until those of lockOther and of the tenants also named are stored;
// it returns what was sent and the rate at which lockOther's events were
// stored, in events a second from the first send.
func (b *bundle) storeTenants(t *testing.T, seed uint64, counts map[string]int, also ...string) ([]harness.Sent, float64) {
	t.Helper()
	msgs := harness.TenantWorkload(t, seed, counts)
	want := map[string]int{}
	for tenant, n := range counts {
		want[tenant] = b.count(t, tenant) + n
	}
	began := time.Now()
	sentCh := b.send(t, msgs)
	b.awaitCount(t, lockOther, want[lockOther])
	rate := float64(counts[lockOther]) / time.Since(began).Seconds()
	for _, tenant := range also {
		b.awaitCount(t, tenant, want[tenant])
	}
	return <-sentCh, rate
}

// send sends msgs as fast as they go; the channel gets them once all are sent.
func (b *bundle) send(t *testing.T, msgs []producer.Message) <-chan []harness.Sent {
	var progress atomic.Int64
	return harness.SendAsync(t, b.q, msgs, 0, &progress)
}

// lockTable locks tenant's event table IN SHARE MODE in a transaction left
// open, as an operator's CREATE INDEX does; the test rolls it back (or its
// end does).
func (b *bundle) lockTable(t *testing.T, tenant string) pgx.Tx {
	t.Helper()
	tx, err := b.pool.Begin(context.Background())
	require.NoError(t, err)
	t.Cleanup(func() { _ = tx.Rollback(context.Background()) })
	_, err = tx.Exec(context.Background(), "LOCK TABLE "+eventTable(t, tenant)+" IN SHARE MODE")
	require.NoError(t, err)
	return tx
}

// count is the number of rows in tenant's event table.
func (b *bundle) count(t *testing.T, tenant string) int {
	t.Helper()
	var n int
	require.NoError(t, b.pool.QueryRow(context.Background(), "SELECT count(*) FROM "+eventTable(t, tenant)).Scan(&n))
	return n
}

// awaitCount waits until tenant's event table holds want rows, for at most
// two minutes, failing the test then or when the processor exits.
func (b *bundle) awaitCount(t *testing.T, tenant string, want int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for n := b.count(t, tenant); n < want; n = b.count(t, tenant) {
		exited, code := b.proc.Exited()
		require.False(t, exited, "processor exited with %d\n%s", code, b.proc.LogTail(20))
		require.True(t, time.Now().Before(deadline), "%s: %d of %d rows stored after 2m\n%s", tenant, n, want, b.proc.LogTail(20))
		time.Sleep(20 * time.Millisecond)
	}
}

func eventTable(t *testing.T, tenant string) string {
	t.Helper()
	topic, err := store.EventsTopic(tenant)
	require.NoError(t, err)
	return store.NewTopicSchema().MessagesTable(topic)
}

// tenantMetric is the sample of the metric name labelled tenant on
// /metrics, 0 when there is none.
func (b *bundle) tenantMetric(t *testing.T, name, tenant string) float64 {
	t.Helper()
	_, body, err := harness.Get(b.proc.Addr(), "/metrics")
	require.NoError(t, err)
	v, err := testbed.MetricSum([]byte(body), name+`{tenant="`+tenant+`"}`)
	require.NoError(t, err)
	return v
}

// awaitTenantMetric waits until tenantMetric(name, tenant) is want.
func (b *bundle) awaitTenantMetric(t *testing.T, name, tenant string, want float64, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for b.tenantMetric(t, name, tenant) != want {
		require.True(t, time.Now().Before(deadline), "%s{tenant=%q} did not reach %v within %s\n%s", name, tenant, want, timeout, b.proc.LogTail(20))
		time.Sleep(50 * time.Millisecond)
	}
}
