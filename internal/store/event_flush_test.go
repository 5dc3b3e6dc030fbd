package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
)

type saveResult struct {
	data    string
	outcome store.Outcome
	err     error
}

// saveAll saves every (id, data) pair at once and returns the results by id.
func saveAll(t *testing.T, s *store.EventStore, tenant string, copies map[string][]string) map[string][]saveResult {
	t.Helper()
	var mu sync.Mutex
	results := map[string][]saveResult{}
	var wg sync.WaitGroup
	for id, datas := range copies {
		for _, data := range datas {
			wg.Go(func() {
				outcome, err := s.Save(context.Background(), event(tenant, id, data), store.Delivery{})
				mu.Lock()
				defer mu.Unlock()
				results[id] = append(results[id], saveResult{data, outcome, err})
			})
		}
	}
	wg.Wait()
	return results
}

func TestEventStore_copies_and_conflicts_in_one_batch_settle_against_the_stored_row(t *testing.T) {
	t.Parallel()
	b := setup(t)
	copies := map[string][]string{}
	for i := range 10 {
		id := fmt.Sprintf("e%d", i)
		same, other := fmt.Sprintf(`{"n":%d}`, i), fmt.Sprintf(`{"n":%d,"other":true}`, i)
		copies[id] = []string{same, same, other, same}
	}
	for id, results := range saveAll(t, b.store, b.tenant, copies) {
		var stored []string
		for _, r := range results {
			if r.outcome == store.Stored {
				stored = append(stored, r.data)
			}
		}
		require.Len(t, stored, 1, id)
		for _, r := range results {
			switch {
			case r.outcome == store.Stored:
			case r.data == stored[0]:
				require.NoError(t, r.err, id)
				require.Equal(t, store.Duplicate, r.outcome, id)
			default:
				rejected, ok := rejection.As(r.err)
				require.True(t, ok, "%s: %v", id, r.err)
				require.Equal(t, rejection.ClassConflict, rejected.Class)
			}
		}
	}
	require.Equal(t, 10, b.count())
}

func TestEventStore_a_broken_tenant_table_fails_only_its_own_events(t *testing.T) {
	t.Parallel()
	pool := testenv.Postgres(t)
	s, err := store.NewEventStore(pool, groupcommit.Config{Writers: 1, MaxBatch: 500})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	healthy, broken := fmt.Sprintf("h%d", time.Now().UnixNano()), fmt.Sprintf("b%d", time.Now().UnixNano())
	for _, tenant := range []string{healthy, broken} {
		require.NoError(t, s.EnsureTenant(context.Background(), tenant))
		topic, _ := store.EventsTopic(tenant)
		table := store.NewTopicSchema().MessagesTable(topic)
		t.Cleanup(func() { _, _ = pool.Exec(context.WithoutCancel(t.Context()), "DROP TABLE IF EXISTS "+table) })
		if tenant == broken {
			_, err := pool.Exec(t.Context(), "DROP TABLE "+table)
			require.NoError(t, err)
		}
	}
	copies := map[string][]string{}
	for i := range 30 {
		copies[fmt.Sprintf("e%d", i)] = []string{fmt.Sprintf(`{"n":%d}`, i)}
	}
	var wg sync.WaitGroup
	var healthyResults, brokenResults map[string][]saveResult
	wg.Go(func() { healthyResults = saveAll(t, s, healthy, copies) })
	wg.Go(func() { brokenResults = saveAll(t, s, broken, copies) })
	wg.Wait()
	for id, results := range healthyResults {
		require.NoError(t, results[0].err, id)
		require.Equal(t, store.Stored, results[0].outcome, id)
	}
	for id, results := range brokenResults {
		require.Error(t, results[0].err, id)
		require.False(t, rejection.IsPermanent(results[0].err), "a broken table is transient: %v", results[0].err)
	}
}
