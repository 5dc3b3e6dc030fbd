package handlers_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/handlers"
	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/middleware"
)

type saved struct {
	outcome  store.Outcome
	delivery store.Delivery
}

func TestStore_saves_the_validated_event_once_and_reports_the_outcome(t *testing.T) {
	t.Parallel()
	events, err := store.NewEventStore(testenv.Postgres(t), groupcommit.Config{Writers: 1})
	require.NoError(t, err)
	t.Cleanup(events.Close)
	require.NoError(t, events.EnsureTenant(context.Background(), "acme-shop"))
	var got []saved
	h := handlers.Store(events, func(_ *envelope.Event, o store.Outcome, d store.Delivery) {
		got = append(got, saved{o, d})
	})

	ev := &envelope.Event{
		ID: "handler-test-" + strconv.FormatInt(time.Now().UnixNano(), 10), Tenant: "acme-shop", Producer: "crm",
		Type: "customer-registered", SchemaVersion: "v1", Format: envelope.FormatCloudEvents, Data: []byte(`{"a":1}`),
	}
	sentAt := time.Now().Add(-time.Second).Truncate(time.Millisecond)
	msg := message.NewMessage("m1", nil)
	msg.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-1")
	msg.Metadata.Set(sqsqueue.MetadataSentTimestamp, strconv.FormatInt(sentAt.UnixMilli(), 10))
	msg.Metadata.Set(middleware.CorrelationIDKey, "corr-1")

	require.NoError(t, h(msg, ev))
	require.NoError(t, h(msg, ev), "a redelivery is acknowledged")

	require.Len(t, got, 2)
	require.Equal(t, store.Stored, got[0].outcome)
	require.Equal(t, store.Duplicate, got[1].outcome)
	require.Equal(t, "corr-1", got[0].delivery.CorrelationID)
	require.Equal(t, "sqs-1", got[0].delivery.SQSMessageID)
	require.True(t, sentAt.Equal(got[0].delivery.SentAt))
}
