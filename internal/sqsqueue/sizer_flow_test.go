package sqsqueue_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

// With a slow SQS, the in-flight limit grows past where it starts (Little's
// law: the slower each receive, the more slots must wait on receives for
// the same rate), within MaxInFlight.
func TestSubscriber_in_flight_limit_grows_with_SQS_latency(t *testing.T) {
	t.Parallel()
	f := setup(t, sqsqueue.QueueSpec{})
	fill(t, f.client, f.queues.URL, 4000)
	sub := f.subscriber(sqsqueue.SubscriberConfig{
		MaxInFlight: 2048,
		OptFns:      []func(*sqs.Options){withLatency(500 * time.Millisecond)},
	})
	msgs, err := sub.Subscribe(t.Context(), f.name)
	require.NoError(t, err)
	grown := func() bool { return sub.Stats().InFlightLimitPeak > sqsqueue.DefaultMinInFlight }
	for received := 0; received < 4000 && !grown(); received++ {
		next(t, msgs, time.Minute).Ack()
	}
	stats := sub.Stats()
	require.Greater(t, stats.InFlightLimitPeak, int64(sqsqueue.DefaultMinInFlight), "the limit never grew: %+v", stats)
	require.LessOrEqual(t, stats.InFlightLimitPeak, int64(2048))
}
