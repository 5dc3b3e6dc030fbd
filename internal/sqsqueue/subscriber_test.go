package sqsqueue_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

func TestSubscriber_delivers_watermill_uuid_metadata_and_sqs_attributes(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	sent := f.publish(3)
	ch, err := f.subscriber(sqsqueue.SubscriberConfig{}).Subscribe(t.Context(), f.name)
	require.NoError(t, err)

	byUUID := map[string]*message.Message{}
	for range sent {
		msg := next(t, ch, 5*time.Second)
		byUUID[msg.UUID] = msg
		msg.Ack()
	}
	for _, want := range sent {
		got := byUUID[want.UUID]
		require.NotNil(t, got, "message %s not received", want.UUID)
		require.Equal(t, string(want.Payload), string(got.Payload))
		require.Equal(t, want.Metadata.Get("correlation_id"), got.Metadata.Get("correlation_id"))
		require.NotEmpty(t, got.Metadata.Get(sqsqueue.MetadataMessageID))
		require.Equal(t, "1", got.Metadata.Get(sqsqueue.MetadataReceiveCount))
		requireRecentMillis(t, got.Metadata.Get(sqsqueue.MetadataSentTimestamp))
		requireRecentMillis(t, got.Metadata.Get(sqsqueue.MetadataFirstReceiveTimestamp))
		require.NotContains(t, got.Metadata, "_watermill_message_uuid")
	}
	f.requireEmpty(f.queues.URL, 3*time.Second)
}

func requireRecentMillis(t *testing.T, v string) {
	t.Helper()
	ms, err := strconv.ParseInt(v, 10, 64)
	require.NoError(t, err, "timestamp %q", v)
	require.WithinDuration(t, time.Now(), time.UnixMilli(ms), time.Minute)
}

func TestSubscriber_acks_become_batched_deletes(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	const n = 50
	f.publish(n)
	sub := f.subscriber(sqsqueue.SubscriberConfig{MaxReceivers: 2})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)

	for range n {
		next(t, ch, 5*time.Second).Ack()
	}
	require.Eventually(t, func() bool { return sub.Stats().Deleted == n }, 3*time.Second, 10*time.Millisecond)
	require.Zero(t, f.queueDepth(f.queues.URL))
	require.Zero(t, f.counter.Count("DeleteMessage"))
	deletes := f.counter.Count("DeleteMessageBatch")
	require.Positive(t, deletes)
	require.Less(t, deletes, int64(n/2), "acks should share DeleteMessageBatch calls")
	t.Logf("%d messages deleted with %d DeleteMessageBatch calls", n, deletes)
}

func TestSubscriber_nacked_message_returns_after_delay_and_batch_is_not_abandoned(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(5)
	sub := f.subscriber(sqsqueue.SubscriberConfig{
		MaxReceivers: 1, MaxInFlight: 5, VisibilityTimeout: 20 * time.Second, NackVisibilityDelay: time.Second,
	})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)

	nacked := next(t, ch, 5*time.Second)
	nackedAt := time.Now()
	nacked.Nack()
	for range 4 {
		next(t, ch, time.Second).Ack() // the rest of the same batch, straight away
	}

	again := next(t, ch, 5*time.Second)
	require.Equal(t, nacked.UUID, again.UUID)
	require.GreaterOrEqual(t, time.Since(nackedAt), 900*time.Millisecond)
	count, err := strconv.Atoi(again.Metadata.Get(sqsqueue.MetadataReceiveCount))
	require.NoError(t, err)
	// Real SQS says 2; the emulator also counts the visibility change, so 3.
	require.GreaterOrEqual(t, count, 2)
	again.Ack()
	f.requireEmpty(f.queues.URL, 3*time.Second)
	require.Equal(t, int64(1), sub.Stats().Nacked)
}

func TestSubscriber_drops_a_second_copy_of_a_message_in_flight(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	f.publish(1)
	// A visibility shorter than the wait makes the emulator put the same
	// message twice in one answer.
	sub := f.subscriber(sqsqueue.SubscriberConfig{
		MaxReceivers: 1, WaitTime: 2 * time.Second, VisibilityTimeout: time.Second,
	})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)

	msg := next(t, ch, 5*time.Second)
	noMessage(t, ch, 3*time.Second)
	msg.Ack()
	f.requireEmpty(f.queues.URL, 3*time.Second)
	require.Positive(t, sub.Stats().Duplicates)
}
