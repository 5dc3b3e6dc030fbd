package sqsqueue_test

import (
	"context"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

func TestSubscriber_Close_waits_for_in_flight_messages_and_deletes_their_acks(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(5)
	sub := f.subscriber(sqsqueue.SubscriberConfig{MaxReceivers: 1, MaxInFlight: 5})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)
	held := make([]*message.Message, 0, 5)
	for range 5 {
		held = append(held, next(t, ch, 5*time.Second))
	}

	closed := make(chan error, 1)
	go func() { closed <- sub.Close() }()
	_, open := <-ch
	require.False(t, open, "the channel closes at once")
	select {
	case <-closed:
		require.FailNow(t, "Close returned with messages in flight")
	case <-time.After(300 * time.Millisecond):
	}
	for _, msg := range held {
		require.NoError(t, msg.Context().Err(), "messages keep their context while draining")
		msg.Ack()
	}
	require.NoError(t, <-closed)
	require.Zero(t, f.queueDepth(f.queues.URL), "acks before Close returned are deleted")
	_, err = sub.Subscribe(t.Context(), f.name)
	require.ErrorIs(t, err, sqsqueue.ErrClosed)
}

func TestSubscriber_Close_timeout_leaves_unsettled_messages_to_SQS(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(1)
	sub := f.subscriber(sqsqueue.SubscriberConfig{MaxReceivers: 1, CloseTimeout: 200 * time.Millisecond})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)
	msg := next(t, ch, 5*time.Second)

	require.NoError(t, sub.Close(), "at-least-once delivery, not a failure of Close")
	require.Equal(t, int64(1), sub.Stats().Abandoned)
	require.ErrorIs(t, msg.Context().Err(), context.Canceled)
	require.Equal(t, 1, f.queueDepth(f.queues.URL), "not deleted")
}

func TestSubscriber_cancelled_context_stops_receiving_but_acks_still_delete(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(2)
	sub := f.subscriber(sqsqueue.SubscriberConfig{MaxReceivers: 1, MaxInFlight: 2})
	ctx, cancel := context.WithCancel(t.Context())
	ch, err := sub.Subscribe(ctx, f.name)
	require.NoError(t, err)
	first, second := next(t, ch, 5*time.Second), next(t, ch, time.Second)

	cancel()
	_, open := <-ch
	require.False(t, open)
	first.Ack()
	second.Nack()
	require.Eventually(t, func() bool { return f.queueDepth(f.queues.URL) == 1 }, 3*time.Second, 20*time.Millisecond,
		"the acked message is deleted, the nacked one stays")
	require.Equal(t, int64(1), sub.Stats().Nacked)
	require.NoError(t, sub.Close())
}

func TestSubscriber_under_a_watermill_router_drains_on_close(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	const n = 30
	f.publish(n)
	sub := f.subscriber(sqsqueue.SubscriberConfig{})
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 5 * time.Second}, watermill.NopLogger{})
	require.NoError(t, err)
	handled := make(chan string, n)
	router.AddConsumerHandler("store", f.name, sub, func(msg *message.Message) error {
		time.Sleep(50 * time.Millisecond) // a slow store: some are in flight at close
		handled <- msg.UUID
		return nil
	})
	go func() { _ = router.Run(context.WithoutCancel(t.Context())) }()
	<-router.Running()

	for range n / 2 {
		<-handled
	}
	require.NoError(t, router.Close())
	require.NoError(t, sub.Close())
	left := f.queueDepth(f.queues.URL)
	require.Equal(t, n-len(handled)-n/2, left, "every handled message is deleted, the rest stay")
}
