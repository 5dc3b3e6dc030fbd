package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
)

type testBundle struct {
	store  *store.EventStore
	tenant string
	count  func() int
}

func setup(t *testing.T) testBundle {
	t.Helper()
	pool := testenv.Postgres(t)
	s, err := store.NewEventStore(pool, groupcommit.Config{Writers: 2})
	require.NoError(t, err)
	t.Cleanup(s.Close)

	tenant := fmt.Sprintf("t%d", time.Now().UnixNano())
	ctx := context.Background()
	require.NoError(t, s.EnsureTenant(ctx, tenant))
	topic, err := store.EventsTopic(tenant)
	require.NoError(t, err)
	table := store.NewTopicSchema().MessagesTable(topic)
	t.Cleanup(func() {
		_, err := pool.Exec(context.WithoutCancel(ctx), "DROP TABLE "+table)
		require.NoError(t, err)
	})
	count := func() int {
		var n int
		require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n))
		return n
	}
	return testBundle{store: s, tenant: tenant, count: count}
}

func event(tenant, id, data string) *envelope.Event {
	return &envelope.Event{
		ID: id, Tenant: tenant, Producer: "p1", Type: "order.created", SchemaVersion: "v1",
		Format: envelope.FormatCloudEvents, Data: json.RawMessage(data),
	}
}

func TestEventStore_duplicate_event_is_stored_once(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()

	outcome, err := b.store.Save(ctx, event(b.tenant, "e1", `{"a":1}`), store.Delivery{})
	require.NoError(t, err)
	require.Equal(t, store.Stored, outcome)

	outcome, err = b.store.Save(ctx, event(b.tenant, "e1", `{ "a" : 1 }`), store.Delivery{})
	require.NoError(t, err)
	require.Equal(t, store.Duplicate, outcome)
	require.Equal(t, 1, b.count())
}

func TestEventStore_reused_id_with_other_payload_is_a_conflict(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()

	_, err := b.store.Save(ctx, event(b.tenant, "e1", `{"a":1}`), store.Delivery{})
	require.NoError(t, err)

	_, err = b.store.Save(ctx, event(b.tenant, "e1", `{"a":2}`), store.Delivery{})
	rejected, ok := rejection.As(err)
	require.True(t, ok, "want a rejection, got %v", err)
	require.Equal(t, rejection.ClassConflict, rejected.Class)
	require.Equal(t, "e1", rejected.EventID)
	require.Equal(t, 1, b.count())
}

func TestEventStore_concurrent_saves_of_one_event_store_it_once(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()

	const saves = 50
	outcomes := make(chan store.Outcome, saves)
	var wg sync.WaitGroup
	for i := range saves {
		wg.Go(func() {
			id := fmt.Sprintf("e%d", i%5)
			outcome, err := b.store.Save(ctx, event(b.tenant, id, `{"n":"`+id+`"}`), store.Delivery{})
			require.NoError(t, err)
			outcomes <- outcome
		})
	}
	wg.Wait()
	close(outcomes)

	stored := 0
	for o := range outcomes {
		if o == store.Stored {
			stored++
		}
	}
	require.Equal(t, 5, stored)
	require.Equal(t, 5, b.count())
}

func TestEventsTopic_rejects_unsafe_tenant_ids(t *testing.T) {
	t.Parallel()
	for _, tenant := range []string{"", "Client-1", `a"; DROP TABLE x; --`, "../etc", "a b", "é"} {
		_, err := store.EventsTopic(tenant)
		require.Error(t, err, tenant)
	}
	topic, err := store.EventsTopic("client-1")
	require.NoError(t, err)
	require.Equal(t, "events_client-1", topic)
}
