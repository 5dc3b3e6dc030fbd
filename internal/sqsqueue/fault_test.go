package sqsqueue_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// proxied points f's subscribers at a fault proxy in front of the emulator,
// without SDK retries, so the subscriber's own retries are what is tested.
func (f *fixture) proxied() *testenv.FaultProxy {
	f.t.Helper()
	proxy := testenv.NewFaultProxy(f.t, strings.TrimPrefix(testenv.SQSEndpoint(), "http://"))
	f.subCfg.BaseEndpoint = aws.String("http://" + proxy.Addr())
	f.subCfg.RetryMaxAttempts = 1
	return proxy
}

func TestSubscriber_backs_off_receive_errors_and_recovers(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	proxy := f.proxied()
	sub := f.subscriber(sqsqueue.SubscriberConfig{MaxReceivers: 1, ReceiveErrorBackoff: 50 * time.Millisecond})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)

	proxy.Cut()
	// The emulator goes on filling a long poll whose connection was cut; let
	// it end before publishing, or it takes the messages for VisibilityTimeout.
	time.Sleep(1200 * time.Millisecond)
	f.publish(3)
	stats := sub.Stats()
	require.Positive(t, stats.ReceiveErrors)
	require.LessOrEqual(t, stats.ReceiveErrors, int64(6), "50ms doubling: at most ~5 attempts in 1.2s")

	proxy.Restore()
	for range 3 {
		next(t, ch, 5*time.Second).Ack()
	}
	f.requireEmpty(f.queues.URL, 3*time.Second)
}

func TestSubscriber_retries_failed_deletes(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	proxy := f.proxied()
	f.publish(5)
	sub := f.subscriber(sqsqueue.SubscriberConfig{MaxReceivers: 1, MaxInFlight: 5, BatchRetryBackoff: 200 * time.Millisecond})
	ch, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)
	held := make([]*message.Message, 0, 5)
	for range 5 {
		held = append(held, next(t, ch, 5*time.Second))
	}

	proxy.Cut()
	for _, msg := range held {
		msg.Ack()
	}
	time.Sleep(100 * time.Millisecond) // the first DeleteMessageBatch fails
	proxy.Restore()
	require.Eventually(t, func() bool { return sub.Stats().Deleted == 5 }, 5*time.Second, 20*time.Millisecond)
	require.Zero(t, f.queueDepth(f.queues.URL))
	stats := sub.Stats()
	require.Greater(t, stats.DeleteBatchCalls, int64(1), "retried")
	require.Zero(t, stats.Failed)
}
