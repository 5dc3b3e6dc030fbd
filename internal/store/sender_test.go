package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
)

// A future sender consumes a tenant's topic with watermill-sql's own
// Subscriber: the rows the store writes must be valid watermill-sql messages.
func TestEventStore_rows_are_read_by_the_watermill_sql_subscriber(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	ids := []string{"e1", "e2", "e3"}
	for _, id := range ids {
		_, err := b.store.Save(ctx, event(b.tenant, id, `{"id":"`+id+`"}`), store.Delivery{CorrelationID: "corr-" + id})
		require.NoError(t, err)
	}

	sub, err := wsql.NewSubscriber(wsql.BeginnerFromPgx(testenv.Postgres(t)), wsql.SubscriberConfig{
		ConsumerGroup:    fmt.Sprintf("sender-%d", time.Now().UnixNano()),
		SchemaAdapter:    store.NewTopicSchema(),
		OffsetsAdapter:   wsql.DefaultPostgreSQLOffsetsAdapter{},
		InitializeSchema: true,
		PollInterval:     50 * time.Millisecond,
	}, watermill.NopLogger{})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, sub.Close()) })
	topic, err := store.EventsTopic(b.tenant)
	require.NoError(t, err)
	t.Cleanup(func() {
		offsets := wsql.DefaultPostgreSQLOffsetsAdapter{}.MessagesOffsetsTable(topic)
		_, err := testenv.Postgres(t).Exec(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+offsets)
		require.NoError(t, err)
	})
	msgs, err := sub.Subscribe(ctx, topic)
	require.NoError(t, err)

	for _, id := range ids {
		select {
		case msg := <-msgs:
			require.Equal(t, store.EventUUID(b.tenant, id), msg.UUID)
			require.JSONEq(t, `{"id":"`+id+`"}`, string(msg.Payload))
			require.Equal(t, b.tenant, msg.Metadata.Get(store.MetaTenant))
			require.Equal(t, id, msg.Metadata.Get(store.MetaEventID))
			require.Equal(t, "order.created", msg.Metadata.Get(store.MetaEventType))
			require.Equal(t, "corr-"+id, msg.Metadata.Get(store.MetaCorrelationID))
			msg.Ack()
		case <-time.After(10 * time.Second):
			t.Fatalf("event %s not delivered by the watermill-sql subscriber", id)
		}
	}
}
