package sqsqueue_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

func TestSubscriber_extends_visibility_of_a_slow_message(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(1)
	// The visibility timeout exceeds the 1s wait: the emulator fills a
	// long poll until the wait ends, and would deliver a copy in the same answer.
	sub := f.subscriber(sqsqueue.SubscriberConfig{MaxReceivers: 1, VisibilityTimeout: 2 * time.Second})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)

	msg := next(t, ch, 5*time.Second)
	// Held over two visibility timeouts: another consumer must not get it.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		require.Empty(t, f.rawReceive(f.queues.URL, 1, 1), "message became visible while held")
	}
	msg.Ack()
	f.requireEmpty(f.queues.URL, 3*time.Second)
	stats := sub.Stats()
	require.GreaterOrEqual(t, stats.Extended, int64(2))
	require.Zero(t, stats.Duplicates)
}

func TestSubscriber_stops_extending_after_MaxProcessingTime(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(1)
	sub := f.subscriber(sqsqueue.SubscriberConfig{
		MaxReceivers: 1, VisibilityTimeout: 2 * time.Second, MaxProcessingTime: 3 * time.Second,
	})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)

	msg := next(t, ch, 5*time.Second)
	defer msg.Ack()
	receivedAt := time.Now()
	again := next(t, ch, 8*time.Second)
	require.Equal(t, msg.UUID, again.UUID, "an expired message is delivered again")
	require.GreaterOrEqual(t, time.Since(receivedAt), 1500*time.Millisecond, "extended at first")
	require.NotEqual(t, "1", again.Metadata.Get(sqsqueue.MetadataReceiveCount))
	again.Ack()
	f.requireEmpty(f.queues.URL, 3*time.Second)
}
